"""Stored quiz data: question sets, learners, attempts, answers, live sessions and live answers.

SQLAlchemy 2 tables on `deploycore.infra.db.Base` and a `QuizStore` whose writes are transactional
and
idempotent (unique constraints + INSERT ... ON CONFLICT DO NOTHING), on SQLite or PostgreSQL.
Questions are handled as ids and JSON payloads; grading happens before anything reaches here.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    event,
    func,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from deploycore.infra.db import Base, create_tables, make_engine, session_factory

NAME_MAX_CHARS = 40
QUESTION_ID_MAX_CHARS = 100
LOBBY_INDEX = -1  # a live session that has not shown its first question yet
DB_SLOTS = 10  # = the shared engine's PostgreSQL pool_size (deploycore.infra.db.make_engine)


def _now() -> datetime:
    return datetime.now(UTC)


def name_key(name: str) -> str:
    """The form a chosen name or nickname is compared in: trimmed, single-spaced, case-folded."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    """A chosen name as shown: trimmed and single-spaced."""
    return " ".join(name.split())


# --------------------------------------------------------------------------- tables


class QuestionSetRow(Base):
    """A named set of questions, stored as the JSON payloads it had when it was saved."""

    __tablename__ = "quiz_question_sets"
    id: Mapped[str] = mapped_column(String(QUESTION_ID_MAX_CHARS), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class LearnerRow(Base):
    """A learner known only by a chosen name (no account)."""

    __tablename__ = "quiz_learners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AttemptRow(Base):
    """One self-study attempt: which questions, in which mode, and its result once finished."""

    __tablename__ = "quiz_attempts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("quiz_learners.id"), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    selection: Mapped[str] = mapped_column(String(200))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
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
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


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
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


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
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


# --------------------------------------------------------------------------- records


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class StoredQuestionSet(_Record):
    """A question set as stored: its id, title and the question payloads."""

    id: str
    title: str
    questions: list[dict[str, Any]]


class Learner(_Record):
    """A learner by chosen name."""

    id: int
    display_name: str


class Attempt(_Record):
    """A self-study attempt; the result fields are None until it is finished."""

    id: str
    learner_id: int
    mode: str
    selection: str
    question_ids: list[str]
    seed: int
    started_at: UtcDatetime
    finished_at: UtcDatetime | None = None
    duration_s: float | None = Field(default=None, ge=0)
    score: float | None = None
    max_score: float | None = None
    certainty_score: float | None = None


class Answer(_Record):
    """A stored self-study answer."""

    attempt_id: str
    question_id: str
    response: Any
    is_correct: bool
    points: float
    confidence: str | None = None
    answered_at: UtcDatetime


class LiveSession(_Record):
    """The state of a live session: which question is showing, revealed or not."""

    id: int
    code: str
    question_set_id: str
    question_ids: list[str]
    current_index: int
    revealed: bool
    show_leaderboard: bool
    finished: bool
    created_at: UtcDatetime

    @property
    def current_question_id(self) -> str | None:
        """The id of the question on screen, or None in the lobby or after the end."""
        if self.finished or not 0 <= self.current_index < len(self.question_ids):
            return None
        return self.question_ids[self.current_index]


class Participant(_Record):
    """A participant of a live session."""

    id: int
    session_id: int
    nickname: str
    token: str
    joined_at: UtcDatetime


class LiveAnswer(_Record):
    """A stored live answer."""

    session_id: int
    participant_id: int
    question_id: str
    response: Any
    is_correct: bool
    points: float
    answered_at: UtcDatetime


class SubmitStatus(StrEnum):
    """What happened to a submitted answer."""

    STORED = "stored"  # stored now
    ALREADY_STORED = "already_stored"  # a previous submit was stored; this one changed nothing
    CLOSED = "closed"  # the question is not open for answers (not current, revealed or ended)


class LiveSubmitResult(_Record):
    """The outcome of a live submit and, unless closed, the answer that is stored."""

    status: SubmitStatus
    answer: LiveAnswer | None = None


# --------------------------------------------------------------------------- store

_WRITE_OPTION = "quiz_write_transaction"


def _serialise_sqlite_writes(engine: Engine) -> None:
    """Make SQLite write transactions start with BEGIN IMMEDIATE.

    A deferred transaction that reads and then writes can fail with "database is locked" when
    another writer commits in between; taking the write lock up front makes concurrent writers
    wait (busy timeout) instead. Read transactions keep a plain BEGIN so they never wait.
    """

    @event.listens_for(engine, "connect")
    def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class QuizStore:
    """Every read and write of quiz data. Safe to share between threads (one per process)."""

    def __init__(self, url: str | None = None) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            _serialise_sqlite_writes(self.engine)
        create_tables(self.engine)
        # At most DB_SLOTS statements in flight per process: a burst of 40 learners then queues
        # here for a pooled connection instead of opening (and later closing) overflow ones.
        # SQLite takes one writer at a time anyway; queueing writers here wakes them in turn
        # rather than leaving them to SQLite's sleeping busy handler.
        self._slots = threading.BoundedSemaphore(DB_SLOTS)
        self._writer = threading.Lock() if self.dialect == "sqlite" else nullcontext()
        self._reads = session_factory(self.engine)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._writes = session_factory(self._write_engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._slots, self._writer, self._writes.begin() as session:
            yield session

    @contextmanager
    def _write_connection(self) -> Iterator[Connection]:
        with self._slots, self._writer, self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._slots, self._reads() as session:
            yield session

    def _insert(self, table: type[Base]) -> Any:
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    # ----------------------------------------------------------------- question sets

    def save_question_set(
        self, set_id: str, title: str, questions: list[dict[str, Any]]
    ) -> StoredQuestionSet:
        """Store (or replace) a question set's payloads under `set_id`."""
        with self._write() as session:
            row = session.get(QuestionSetRow, set_id)
            if row is None:
                row = QuestionSetRow(id=set_id, title=title, questions=questions)
                session.add(row)
            elif row.questions != questions or row.title != title:
                row.title, row.questions, row.updated_at = title, questions, _now()
            session.flush()
            return StoredQuestionSet.model_validate(row)

    def question_set(self, set_id: str) -> StoredQuestionSet | None:
        """The stored set, or None."""
        with self._read() as session:
            row = session.get(QuestionSetRow, set_id)
            return None if row is None else StoredQuestionSet.model_validate(row)

    # ----------------------------------------------------------------- self-study

    def learner(self, name: str) -> Learner:
        """The learner with this chosen name (case and spacing ignored), created if new."""
        key, shown = name_key(name), clean_name(name)
        if not key or len(key) > NAME_MAX_CHARS:
            raise ValueError(f"A name needs 1 to {NAME_MAX_CHARS} characters.")
        with self._write() as session:
            session.execute(
                self._insert(LearnerRow)
                .values(name_key=key, display_name=shown, created_at=_now())
                .on_conflict_do_nothing(index_elements=["name_key"])
            )
            row = session.scalars(select(LearnerRow).where(LearnerRow.name_key == key)).one()
            return Learner.model_validate(row)

    def find_learner(self, name: str) -> Learner | None:
        """The learner with this name, or None when nobody used it yet."""
        with self._read() as session:
            row = session.scalars(
                select(LearnerRow).where(LearnerRow.name_key == name_key(name))
            ).one_or_none()
            return None if row is None else Learner.model_validate(row)

    def start_attempt(
        self, name: str, *, mode: str, selection: str, question_ids: list[str], seed: int
    ) -> Attempt:
        """Open a new attempt for the learner `name` over `question_ids` (in the order shown)."""
        learner = self.learner(name)
        with self._write() as session:
            row = AttemptRow(
                id=uuid.uuid4().hex,
                learner_id=learner.id,
                mode=mode,
                selection=selection[:200],
                question_ids=list(question_ids),
                seed=seed,
                started_at=_now(),
            )
            session.add(row)
            session.flush()
            return Attempt.model_validate(row)

    def record_answer(
        self,
        attempt_id: str,
        question_id: str,
        *,
        response: Any,
        is_correct: bool,
        points: float,
        confidence: str | None = None,
    ) -> tuple[Answer, bool]:
        """Store the answer unless this question already has one; returns (stored, new?)."""
        with self._write() as session:
            inserted = session.scalar(
                self._insert(AnswerRow)
                .values(
                    attempt_id=attempt_id,
                    question_id=question_id,
                    response=response,
                    is_correct=is_correct,
                    points=points,
                    confidence=confidence,
                    answered_at=_now(),
                )
                .on_conflict_do_nothing(index_elements=["attempt_id", "question_id"])
                .returning(AnswerRow.id)
            )
            row = session.scalars(
                select(AnswerRow).where(
                    AnswerRow.attempt_id == attempt_id, AnswerRow.question_id == question_id
                )
            ).one()
            return Answer.model_validate(row), inserted is not None

    def finish_attempt(
        self, attempt_id: str, *, score: float, max_score: float, certainty_score: float | None
    ) -> Attempt:
        """Record the result once; finishing an already finished attempt changes nothing."""
        with self._write() as session:
            row = session.get(AttemptRow, attempt_id)
            if row is None:
                raise KeyError(attempt_id)
            if row.finished_at is None:
                finished = _now()
                started = _as_utc(row.started_at)
                row.finished_at = finished
                row.duration_s = max(0.0, (finished - started).total_seconds())
                row.score, row.max_score = score, max_score
                row.certainty_score = certainty_score
            session.flush()
            return Attempt.model_validate(row)

    def attempt(self, attempt_id: str) -> Attempt | None:
        """One attempt, or None."""
        with self._read() as session:
            row = session.get(AttemptRow, attempt_id)
            return None if row is None else Attempt.model_validate(row)

    def answers(self, attempt_id: str) -> list[Answer]:
        """The answers stored for an attempt, oldest first."""
        with self._read() as session:
            rows = session.scalars(
                select(AnswerRow).where(AnswerRow.attempt_id == attempt_id).order_by(AnswerRow.id)
            )
            return [Answer.model_validate(row) for row in rows]

    def history(self, name: str) -> list[Attempt]:
        """The finished attempts of the learner `name`, oldest first (empty if unknown)."""
        with self._read() as session:
            rows = session.scalars(
                select(AttemptRow)
                .join(LearnerRow, LearnerRow.id == AttemptRow.learner_id)
                .where(LearnerRow.name_key == name_key(name), AttemptRow.finished_at.is_not(None))
                .order_by(AttemptRow.finished_at)
            )
            return [Attempt.model_validate(row) for row in rows]

    # ----------------------------------------------------------------- live sessions

    def create_live_session(
        self, code: str, question_set_id: str, question_ids: list[str]
    ) -> LiveSession:
        """Open a session in the lobby. Raises sqlalchemy.exc.IntegrityError if `code` is taken."""
        with self._write() as session:
            row = LiveSessionRow(
                code=code,
                question_set_id=question_set_id,
                question_ids=list(question_ids),
                current_index=LOBBY_INDEX,
                revealed=False,
                show_leaderboard=False,
                finished=False,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            return LiveSession.model_validate(row)

    def live_session(self, code: str) -> LiveSession | None:
        """The session with this join code, or None."""
        with self._read() as session:
            row = session.scalars(
                select(LiveSessionRow).where(LiveSessionRow.code == code)
            ).one_or_none()
            return None if row is None else LiveSession.model_validate(row)

    def live_session_by_id(self, session_id: int) -> LiveSession:
        """The session with this id (KeyError if none)."""
        with self._read() as session:
            row = session.get(LiveSessionRow, session_id)
            if row is None:
                raise KeyError(session_id)
            return LiveSession.model_validate(row)

    def update_live_session(
        self,
        session_id: int,
        *,
        current_index: int | None = None,
        revealed: bool | None = None,
        show_leaderboard: bool | None = None,
        finished: bool | None = None,
    ) -> LiveSession:
        """Change what the session shows; only the given fields change."""
        with self._write() as session:
            row = session.get(LiveSessionRow, session_id)
            if row is None:
                raise KeyError(session_id)
            if current_index is not None:
                row.current_index = current_index
            if revealed is not None:
                row.revealed = revealed
            if show_leaderboard is not None:
                row.show_leaderboard = show_leaderboard
            if finished is not None:
                row.finished = finished
            state = LiveSession.model_validate(row)
            open_id = None if state.revealed else state.current_question_id
            if row.open_question_id != open_id:
                row.open_question_id = open_id
            session.flush()
            return state

    def add_participant(self, session_id: int, nickname: str, token: str) -> Participant | None:
        """Add a participant; None when the nickname is already taken in this session."""
        with self._write() as session:
            inserted = session.scalar(
                self._insert(ParticipantRow)
                .values(
                    session_id=session_id,
                    nickname=clean_name(nickname),
                    nickname_key=name_key(nickname),
                    token=token,
                    joined_at=_now(),
                )
                .on_conflict_do_nothing(index_elements=["session_id", "nickname_key"])
                .returning(ParticipantRow.id)
            )
            if inserted is None:
                return None
            row = session.scalars(select(ParticipantRow).where(ParticipantRow.token == token)).one()
            return Participant.model_validate(row)

    def participant(self, token: str) -> Participant | None:
        """The participant holding this rejoin token, or None."""
        with self._read() as session:
            row = session.scalars(
                select(ParticipantRow).where(ParticipantRow.token == token)
            ).one_or_none()
            return None if row is None else Participant.model_validate(row)

    def participants(self, session_id: int) -> list[Participant]:
        """Everyone who joined the session, in joining order."""
        with self._read() as session:
            rows = session.scalars(
                select(ParticipantRow)
                .where(ParticipantRow.session_id == session_id)
                .order_by(ParticipantRow.id)
            )
            return [Participant.model_validate(row) for row in rows]

    def participant_count(self, session_id: int) -> int:
        """How many joined the session."""
        with self._read() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(ParticipantRow)
                    .where(ParticipantRow.session_id == session_id)
                )
                or 0
            )

    def record_live_answer(
        self,
        participant: Participant,
        question_id: str,
        *,
        response: Any,
        is_correct: bool,
        points: float,
    ) -> LiveSubmitResult:
        """Store a live answer once, if `question_id` is the open question of the session.

        One INSERT ... SELECT ... ON CONFLICT DO NOTHING both checks that the question is open
        (shown, not revealed, session not ended) and stores the answer, so the usual case is a
        single statement. A repeated submit (double click, retry after a timeout) returns the
        answer stored first.
        """
        answered_at = _now()
        open_session = (
            select(
                literal(participant.session_id, Integer),
                literal(participant.id, Integer),
                literal(question_id, String),
                literal(response, JSON),
                literal(is_correct, Boolean),
                literal(points, Float),
                literal(answered_at, DateTime(timezone=True)),
            )
            .select_from(LiveSessionRow)
            .where(
                LiveSessionRow.id == participant.session_id,
                LiveSessionRow.open_question_id == question_id,
                LiveSessionRow.finished.is_(False),
            )
        )
        statement = (
            self._insert(LiveAnswerRow)
            .from_select(
                [
                    "session_id",
                    "participant_id",
                    "question_id",
                    "response",
                    "is_correct",
                    "points",
                    "answered_at",
                ],
                open_session,
            )  # fmt: skip
            .on_conflict_do_nothing(index_elements=["participant_id", "question_id"])
            .returning(LiveAnswerRow.id)
        )
        with self._write_connection() as connection:
            inserted = connection.execute(statement).scalar_one_or_none()
        if inserted is not None:
            stored = LiveAnswer(
                session_id=participant.session_id,
                participant_id=participant.id,
                question_id=question_id,
                response=response,
                is_correct=is_correct,
                points=points,
                answered_at=answered_at,
            )
            return LiveSubmitResult(status=SubmitStatus.STORED, answer=stored)
        with self._read() as session:
            existing = self._stored_live_answer(session, participant.id, question_id)
        if existing is not None:
            return LiveSubmitResult(status=SubmitStatus.ALREADY_STORED, answer=existing)
        return LiveSubmitResult(status=SubmitStatus.CLOSED)

    @staticmethod
    def _stored_live_answer(
        session: Session, participant_id: int, question_id: str
    ) -> LiveAnswer | None:
        row = session.scalars(
            select(LiveAnswerRow).where(
                LiveAnswerRow.participant_id == participant_id,
                LiveAnswerRow.question_id == question_id,
            )
        ).one_or_none()
        return None if row is None else LiveAnswer.model_validate(row)

    def participant_answers(self, participant_id: int) -> dict[str, LiveAnswer]:
        """A participant's stored answers by question id (what a rejoin restores)."""
        with self._read() as session:
            rows = session.scalars(
                select(LiveAnswerRow).where(LiveAnswerRow.participant_id == participant_id)
            )
            return {row.question_id: LiveAnswer.model_validate(row) for row in rows}

    def live_answers(self, session_id: int, question_id: str | None = None) -> list[LiveAnswer]:
        """Every stored answer of the session (or of one question), oldest first."""
        query = select(LiveAnswerRow).where(LiveAnswerRow.session_id == session_id)
        if question_id is not None:
            query = query.where(LiveAnswerRow.question_id == question_id)
        with self._read() as session:
            rows = session.scalars(query.order_by(LiveAnswerRow.id))
            return [LiveAnswer.model_validate(row) for row in rows]
