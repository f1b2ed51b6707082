"""`quiz_live_sessions.open_question_id`: the question open for answers, or NULL.

Lets one INSERT ... SELECT check that a live answer is for the open question. Filled in for
sessions that already exist, from their current question (none once revealed or finished).

Revision ID: live_open_question
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "live_open_question"
down_revision = "quiz_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column and set it for open sessions."""
    op.add_column("quiz_live_sessions", sa.Column("open_question_id", sa.String(100)))
    sessions = sa.table(
        "quiz_live_sessions",
        sa.column("id", sa.Integer()),
        sa.column("question_ids", sa.JSON()),
        sa.column("current_index", sa.Integer()),
        sa.column("revealed", sa.Boolean()),
        sa.column("finished", sa.Boolean()),
        sa.column("open_question_id", sa.String()),
    )
    connection = op.get_bind()
    showing = connection.execute(
        sa.select(sessions.c.id, sessions.c.question_ids, sessions.c.current_index).where(
            sessions.c.revealed.is_(False), sessions.c.finished.is_(False)
        )
    ).all()
    for session_id, question_ids, index in showing:
        ids = json.loads(question_ids) if isinstance(question_ids, str) else question_ids
        if 0 <= index < len(ids):
            connection.execute(
                sa.update(sessions)
                .where(sessions.c.id == session_id)
                .values(open_question_id=ids[index])
            )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("quiz_live_sessions") as batch:
        batch.drop_column("open_question_id")
