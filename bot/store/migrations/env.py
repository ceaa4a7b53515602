"""Alembic's entry point. The store always hands it an open connection (bot/store/migrate.py), inside the
transaction that holds the migration lock; offline SQL generation is not supported."""

from __future__ import annotations

from alembic import context

from bot.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.store.migrate (python -m bot.db upgrade), not the alembic CLI")
# render_as_batch: SQLite cannot ALTER most things, so later migrations' alter_column becomes copy-and-swap there.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
