"""The question log and the votes on answers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("surface", sa.String(32), nullable=False),
        sa.Column("channel_kind", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64)),
        sa.Column("channel_id", sa.String(64)),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("searched", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("passages", sa.JSON, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
    )
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    op.create_index("ix_questions_user_id", "questions", ["user_id"])
    op.create_table(
        "question_reports",
        sa.Column("question_id", sa.String(36), sa.ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
    )
    op.create_index("ix_question_reports_source", "question_reports", ["source_id"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question_id", sa.String(36)),
        sa.Column("user_id", sa.String(64)),
        sa.Column("vote", sa.String(4), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("passages", sa.JSON, nullable=False),
    )
    op.create_index("ix_feedback_voted_at", "feedback", ["voted_at"])
    op.create_index("ix_feedback_question_id", "feedback", ["question_id"])
    op.create_index("ix_feedback_user_id", "feedback", ["user_id"])


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported")
