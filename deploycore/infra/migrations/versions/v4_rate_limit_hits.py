"""`quiz_rate_limit_hits`: one row per counted attempt (join, passcode) per bucket, so every
app process and a restart see the same limits.

Revision ID: rate_limit_hits
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "rate_limit_hits"
down_revision = "batch_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and its two indexes (per bucket in time; by time, for clean-up)."""
    op.create_table(
        "quiz_rate_limit_hits",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("bucket", sa.String(80), nullable=False),
        sa.Column("at_s", sa.Float(), nullable=False),
    )
    op.create_index("ix_quiz_rate_limit_hits_bucket_at", "quiz_rate_limit_hits", ["bucket", "at_s"])
    op.create_index("ix_quiz_rate_limit_hits_at_s", "quiz_rate_limit_hits", ["at_s"])


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("quiz_rate_limit_hits")
