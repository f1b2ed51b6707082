"""`QuizStore`: every read and write of quiz data (and the rate-limit counts of the live quiz),
on SQLite or PostgreSQL. Writes are transactional and idempotent (unique constraints + INSERT ...
ON CONFLICT DO NOTHING). Questions arrive as ids and JSON payloads: grading happens before
anything reaches here.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    Integer,
    String,
    delete,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from deploycore.quiz.storage.records import (
    LOBBY_INDEX,
    NAME_MAX_CHARS,
    Answer,
    Attempt,
    Learner,
    LiveAnswer,
    LiveSession,
    LiveSubmitResult,
    Participant,
    SessionSummary,
    StoredQuestionSet,
    SubmitStatus,
    as_utc,
    clean_name,
    name_key,
    utc_now,
)
from deploycore.quiz.storage.tables import (
    AnswerRow,
    AttemptRow,
    LearnerRow,
    LiveAnswerRow,
    LiveSessionRow,
    ParticipantRow,
    QuestionSetRow,
    RateLimitHitRow,
)
from deploycore.quiz.storage.transactions import Transactions

_SWEEP_EVERY = 500  # rate-limit rows: every 500th insert deletes ...
_STALE_AFTER_S = 86_400.0  # ... every row older than a day (no limit has a longer window)


class QuizStore(Transactions):
    """Every read and write of quiz data. Safe to share between threads (one per process)."""

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
                row.title, row.questions, row.updated_at = title, questions, utc_now()
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
                .values(name_key=key, display_name=shown, created_at=utc_now())
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
                started_at=utc_now(),
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
                    answered_at=utc_now(),
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
                finished = utc_now()
                started = as_utc(row.started_at)
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
                created_at=utc_now(),
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

    def session_summaries(self, limit: int = 200) -> list[SessionSummary]:
        """The newest `limit` live sessions with their learner count and mean points."""
        with self._read() as session:
            totals = (
                select(
                    ParticipantRow.session_id.label("session_id"),
                    ParticipantRow.id.label("participant_id"),
                    func.coalesce(func.sum(LiveAnswerRow.points), 0.0).label("points"),
                )
                .join(
                    LiveAnswerRow, LiveAnswerRow.participant_id == ParticipantRow.id, isouter=True
                )
                .group_by(ParticipantRow.session_id, ParticipantRow.id)
                .subquery()
            )
            rows = session.execute(
                select(
                    LiveSessionRow,
                    func.count(totals.c.participant_id),
                    func.avg(totals.c.points),
                )
                .join(totals, totals.c.session_id == LiveSessionRow.id, isouter=True)
                .group_by(LiveSessionRow.id)
                .order_by(LiveSessionRow.created_at.desc(), LiveSessionRow.id.desc())
                .limit(limit)
            ).all()
            return [
                SessionSummary(
                    id=row.id,
                    code=row.code,
                    created_at=row.created_at,
                    finished=row.finished,
                    question_count=len(row.question_ids),
                    learner_count=int(count or 0),
                    mean_points=None if not count else float(mean),
                )
                for row, count, mean in rows
            ]

    def delete_live_session(self, session_id: int) -> bool:
        """Delete one live session with its participants and their answers (one transaction).
        Its stored question set stays: other sessions may use the same snapshot. False if the
        session was not there."""
        with self._write() as session:
            session.execute(delete(LiveAnswerRow).where(LiveAnswerRow.session_id == session_id))
            session.execute(delete(ParticipantRow).where(ParticipantRow.session_id == session_id))
            gone = session.execute(delete(LiveSessionRow).where(LiveSessionRow.id == session_id))
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    def add_participant(
        self, session_id: int, nickname: str, token: str, browser_key_hash: str | None = None
    ) -> Participant | None:
        """Add a participant; None when the nickname is already taken in this session."""
        with self._write() as session:
            inserted = session.scalar(
                self._insert(ParticipantRow)
                .values(
                    session_id=session_id,
                    nickname=clean_name(nickname),
                    nickname_key=name_key(nickname),
                    token=token,
                    browser_key_hash=browser_key_hash,
                    joined_at=utc_now(),
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

    def participant_in_browser(self, token: str, browser_key_hash: str) -> Participant | None:
        """The participant holding `token` if that browser joined as them, else None.

        Someone who joined before browser keys existed has none: the first browser to come back
        with their token is bound to them from then on.
        """
        with self._write() as session:
            session.execute(
                update(ParticipantRow)
                .where(ParticipantRow.token == token, ParticipantRow.browser_key_hash.is_(None))
                .values(browser_key_hash=browser_key_hash)
            )
            row = session.scalars(
                select(ParticipantRow).where(
                    ParticipantRow.token == token,
                    ParticipantRow.browser_key_hash == browser_key_hash,
                )
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
        answered_at = utc_now()
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

    # ----------------------------------------------------------------- rate limits

    def count_attempt(
        self, bucket: str, *, limit: int, window_s: float, now_s: float, record: bool = True
    ) -> float:
        """Seconds until an attempt in `bucket` is allowed: 0 means allowed now (and, when
        `record`, counted). Sliding window of `window_s` over Unix times; one transaction per
        call, serialised per bucket (PostgreSQL advisory lock; SQLite's single writer), so
        processes sharing the database never let more than `limit` through together."""
        since = now_s - window_s
        in_bucket = RateLimitHitRow.bucket == bucket
        with self._write() as session:
            if self.dialect == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:b))"), {"b": bucket})
            session.execute(delete(RateLimitHitRow).where(in_bucket, RateLimitHitRow.at_s <= since))
            count, oldest = session.execute(
                select(func.count(), func.min(RateLimitHitRow.at_s)).where(in_bucket)
            ).one()
            if count >= limit:
                return max(float(oldest) + window_s - now_s, 0.001)
            if record:
                row = RateLimitHitRow(bucket=bucket, at_s=now_s)
                session.add(row)
                session.flush()
                if row.id % _SWEEP_EVERY == 0:  # forget buckets nobody has used for a day
                    stale = RateLimitHitRow.at_s < now_s - _STALE_AFTER_S
                    session.execute(delete(RateLimitHitRow).where(stale))
            return 0.0
