"""SQLAlchemy 2 tables of the quiz on `deploycore.infra.db.Base`: question sets, learners,
attempts, answers, live sessions, participants, live answers and rate-limit hits. Columns and
constraints only; reading and writing them is `store.py`'s job. A change here needs a revision in
`deploycore/infra/migrations/versions/` (a test compares the two).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from deploycore.infra.db import Base
from deploycore.quiz.storage.records import (
    LOBBY_INDEX,
    NAME_MAX_CHARS,
    QUESTION_ID_MAX_CHARS,
    utc_now,
)


class QuestionSetRow(Base):
    """A named set of questions, stored as the JSON payloads it had when it was saved."""

    __tablename__ = "quiz_question_sets"
    id: Mapped[str] = mapped_column(String(QUESTION_ID_MAX_CHARS), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LearnerRow(Base):
    """A learner known only by a chosen name (no account)."""

    __tablename__ = "quiz_learners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AttemptRow(Base):
    """One self-study attempt: which questions, in which mode, and its result once finished."""

    __tablename__ = "quiz_attempts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("quiz_learners.id"), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    selection: Mapped[str] = mapped_column(String(200))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    certainty_score: Mapped[float | None] = mapped_column(Float, nullable=True)


class AnswerRow(Base):
    """A learner's answer to one question of an attempt; at most one per question."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answer"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_MAX_CHARS))
    response: Mapped[Any] = mapped_column(JSON)
    is_correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[float] = mapped_column(Float)
    confidence: Mapped[str | None] = mapped_column(String(10), nullable=True)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LiveSessionRow(Base):
    """A live classroom session that learners join with a short code."""

    __tablename__ = "quiz_live_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    question_set_id: Mapped[str] = mapped_column(ForeignKey("quiz_question_sets.id"))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    current_index: Mapped[int] = mapped_column(Integer, default=LOBBY_INDEX)
    # The id at current_index, or NULL (lobby, ended): lets one INSERT ... SELECT check that
    # an answer is for the open question.
    open_question_id: Mapped[str | None] = mapped_column(
        String(QUESTION_ID_MAX_CHARS), nullable=True
    )
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    show_leaderboard: Mapped[bool] = mapped_column(Boolean, default=False)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ParticipantRow(Base):
    """Someone who joined a live session under a nickname; the token lets them rejoin."""

    __tablename__ = "quiz_participants"
    __table_args__ = (
        UniqueConstraint("session_id", "nickname_key", name="uq_quiz_participant_nickname"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_live_sessions.id"), index=True)
    nickname: Mapped[str] = mapped_column(String(NAME_MAX_CHARS))
    nickname_key: Mapped[str] = mapped_column(String(NAME_MAX_CHARS))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 (hex) of the secret the joining browser keeps: the rejoin link works only there.
    # NULL for people who joined before it existed (their first rejoin binds a browser).
    browser_key_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LiveAnswerRow(Base):
    """A participant's answer to one question of a live session; at most one per question."""

    __tablename__ = "quiz_live_answers"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id", name="uq_quiz_live_answer"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_live_sessions.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("quiz_participants.id"))
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_MAX_CHARS))
    response: Mapped[Any] = mapped_column(JSON)
    is_correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class RateLimitHitRow(Base):
    """One counted attempt (a join, a passcode try) in a rate-limit bucket, at a Unix time."""

    __tablename__ = "quiz_rate_limit_hits"
    __table_args__ = (Index("ix_quiz_rate_limit_hits_bucket_at", "bucket", "at_s"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bucket: Mapped[str] = mapped_column(String(80))
    at_s: Mapped[float] = mapped_column(Float, index=True)
