"""`quiz_participants.browser_key_hash`: the SHA-256 of the secret kept by the browser that
joined, so a rejoin link works only in that browser. NULL for people who joined before.

Revision ID: participant_browser_key
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "participant_browser_key"
down_revision = "rate_limit_hits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable column."""
    op.add_column("quiz_participants", sa.Column("browser_key_hash", sa.String(64)))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("quiz_participants") as batch:
        batch.drop_column("browser_key_hash")
