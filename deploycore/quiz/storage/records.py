"""The quiz data as the rest of the app sees it: frozen pydantic records, submit outcomes, the
length limits and the name helpers shared with the tables. No database access here (`store.py`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

NAME_MAX_CHARS = 40
QUESTION_ID_MAX_CHARS = 100
LOBBY_INDEX = -1  # a live session that has not shown its first question yet


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (every stored time is UTC)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def name_key(name: str) -> str:
    """The form a chosen name or nickname is compared in: trimmed, single-spaced, case-folded."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    """A chosen name as shown: trimmed and single-spaced."""
    return " ".join(name.split())


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


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


class SessionSummary(_Record):
    """One past live session in the instructor's list: when, its code, how many, how well."""

    id: int
    code: str
    created_at: UtcDatetime
    finished: bool
    question_count: int
    learner_count: int
    # Mean of the learners' total points (0 for a learner who answered nothing); None if nobody.
    mean_points: float | None


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
