"""State shared by replicas: the threads the bot answered in, and once-per-period claims.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("thread_ts", sa.String(32), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_threads_expires_at", "threads", ["expires_at"])
    op.create_table(
        "claims",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("period_key", sa.String(128), primary_key=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported")
