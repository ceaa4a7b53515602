"""The report the bot's answer in a thread was about, kept with the thread's mark: a reply saved in a thread
where nobody clicked "Ask …" is still saved with its report, so an edition's question finds it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: marks written before this revision (and answers about no report) have none; both backends add
    # such a column in place, the rows kept.
    for name in ("source_id", "report_title", "report_url"):
        op.add_column("threads", sa.Column(name, sa.Text, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("downgrades are not supported")
