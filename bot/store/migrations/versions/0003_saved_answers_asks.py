"""Asking a report's author: saved answers, asks (one per author per thread, a daily limit), authors' opt-outs,
and the channels where every question gets an answer.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_answers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("writer_id", sa.String(64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.Text),
        sa.Column("report_title", sa.Text),
        sa.Column("report_url", sa.Text),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=False),
        sa.Column("thread_ts", sa.String(32)),
        sa.Column("permalink", sa.Text, nullable=False),
        sa.Column("saved_by", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("channel_id", "message_ts", name="uq_saved_answers_message"),
    )
    op.create_index("ix_saved_answers_saved_at", "saved_answers", ["saved_at"])
    op.create_index("ix_saved_answers_writer_id", "saved_answers", ["writer_id"])
    op.create_table(
        "asks",
        sa.Column("author_id", sa.String(64), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("thread_ts", sa.String(32), primary_key=True),
        sa.Column("asked_by", sa.String(64)),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text),
        sa.Column("source_id", sa.Text),
    )
    op.create_index("ix_asks_author_asked_at", "asks", ["author_id", "asked_at"])
    op.create_table(
        "ask_optouts",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "answer_channels",
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("set_by", sa.String(64)),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported")
