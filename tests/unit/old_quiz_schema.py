"""The quiz tables exactly as the app made them before `quiz_live_sessions.open_question_id`
(commit f7d282a, by `create_all`), frozen here so a test can build a database of that age."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

OLD = MetaData()
WHEN = DateTime(timezone=True)

question_sets = Table(
    "quiz_question_sets", OLD,
    Column("id", String(100), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("questions", JSON, nullable=False),
    Column("updated_at", WHEN, nullable=False),
)  # fmt: skip
learners = Table(
    "quiz_learners", OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name_key", String(40), unique=True, nullable=False),
    Column("display_name", String(40), nullable=False),
    Column("created_at", WHEN, nullable=False),
)  # fmt: skip
attempts = Table(
    "quiz_attempts", OLD,
    Column("id", String(32), primary_key=True),
    Column("learner_id", ForeignKey("quiz_learners.id"), index=True, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("selection", String(200), nullable=False),
    Column("question_ids", JSON, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("started_at", WHEN, nullable=False),
    Column("finished_at", WHEN),
    Column("duration_s", Float),
    Column("score", Float),
    Column("max_score", Float),
    Column("certainty_score", Float),
)  # fmt: skip
answers = Table(
    "quiz_answers", OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("attempt_id", ForeignKey("quiz_attempts.id"), index=True, nullable=False),
    Column("question_id", String(100), nullable=False),
    Column("response", JSON, nullable=False),
    Column("is_correct", Boolean, nullable=False),
    Column("points", Float, nullable=False),
    Column("confidence", String(10)),
    Column("answered_at", WHEN, nullable=False),
    UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answer"),
)  # fmt: skip
live_sessions = Table(
    "quiz_live_sessions", OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), unique=True, nullable=False),
    Column("question_set_id", ForeignKey("quiz_question_sets.id"), nullable=False),
    Column("question_ids", JSON, nullable=False),
    Column("current_index", Integer, nullable=False),
    Column("revealed", Boolean, nullable=False),
    Column("show_leaderboard", Boolean, nullable=False),
    Column("finished", Boolean, nullable=False),
    Column("created_at", WHEN, nullable=False),
)  # fmt: skip
participants = Table(
    "quiz_participants", OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", ForeignKey("quiz_live_sessions.id"), index=True, nullable=False),
    Column("nickname", String(40), nullable=False),
    Column("nickname_key", String(40), nullable=False),
    Column("token", String(64), unique=True, nullable=False),
    Column("joined_at", WHEN, nullable=False),
    UniqueConstraint("session_id", "nickname_key", name="uq_quiz_participant_nickname"),
)  # fmt: skip
live_answers = Table(
    "quiz_live_answers", OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", ForeignKey("quiz_live_sessions.id"), index=True, nullable=False),
    Column("participant_id", ForeignKey("quiz_participants.id"), nullable=False),
    Column("question_id", String(100), nullable=False),
    Column("response", JSON, nullable=False),
    Column("is_correct", Boolean, nullable=False),
    Column("points", Float, nullable=False),
    Column("answered_at", WHEN, nullable=False),
    UniqueConstraint("participant_id", "question_id", name="uq_quiz_live_answer"),
)  # fmt: skip
