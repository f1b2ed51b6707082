"""Baseline: the quiz tables as the app first created them (before `open_question_id`).

Revision ID: quiz_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "quiz_baseline"
down_revision: str | None = None
branch_labels = None
depends_on = None

NAME = 40  # NAME_MAX_CHARS
QUESTION_ID = 100  # QUESTION_ID_MAX_CHARS
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the seven quiz tables."""
    op.create_table(
        "quiz_question_sets",
        sa.Column("id", sa.String(QUESTION_ID), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "quiz_learners",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name_key", sa.String(NAME), nullable=False, unique=True),
        sa.Column("display_name", sa.String(NAME), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("learner_id", sa.Integer(), sa.ForeignKey("quiz_learners.id"), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("selection", sa.String(200), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("certainty_score", sa.Float(), nullable=True),
    )
    op.create_index("ix_quiz_attempts_learner_id", "quiz_attempts", ["learner_id"])
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("attempt_id", sa.String(32), sa.ForeignKey("quiz_attempts.id"), nullable=False),
        sa.Column("question_id", sa.String(QUESTION_ID), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("confidence", sa.String(10), nullable=True),
        sa.Column("answered_at", WHEN, nullable=False),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answer"),
    )
    op.create_index("ix_quiz_answers_attempt_id", "quiz_answers", ["attempt_id"])
    op.create_table(
        "quiz_live_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column(
            "question_set_id",
            sa.String(QUESTION_ID),
            sa.ForeignKey("quiz_question_sets.id"),
            nullable=False,
        ),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("current_index", sa.Integer(), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("show_leaderboard", sa.Boolean(), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "quiz_participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("quiz_live_sessions.id"), nullable=False
        ),
        sa.Column("nickname", sa.String(NAME), nullable=False),
        sa.Column("nickname_key", sa.String(NAME), nullable=False),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", WHEN, nullable=False),
        sa.UniqueConstraint("session_id", "nickname_key", name="uq_quiz_participant_nickname"),
    )
    op.create_index("ix_quiz_participants_session_id", "quiz_participants", ["session_id"])
    op.create_table(
        "quiz_live_answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("quiz_live_sessions.id"), nullable=False
        ),
        sa.Column(
            "participant_id", sa.Integer(), sa.ForeignKey("quiz_participants.id"), nullable=False
        ),
        sa.Column("question_id", sa.String(QUESTION_ID), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("answered_at", WHEN, nullable=False),
        sa.UniqueConstraint("participant_id", "question_id", name="uq_quiz_live_answer"),
    )
    op.create_index("ix_quiz_live_answers_session_id", "quiz_live_answers", ["session_id"])


def downgrade() -> None:
    """Drop the quiz tables."""
    for table in (
        "quiz_live_answers",
        "quiz_participants",
        "quiz_live_sessions",
        "quiz_answers",
        "quiz_attempts",
        "quiz_learners",
        "quiz_question_sets",
    ):
        op.drop_table(table)
