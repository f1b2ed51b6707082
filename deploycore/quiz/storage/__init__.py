"""Stored quiz data: question sets, learners, attempts, answers, live sessions and live answers.

The names other modules use are re-exported here; tables, records and the store live in the
sibling modules. Grading and the live-session flow are not storage's job.
"""

from __future__ import annotations

from deploycore.quiz.storage.records import (
    LOBBY_INDEX,
    NAME_MAX_CHARS,
    Attempt,
    LiveAnswer,
    LiveSession,
    LiveSubmitResult,
    Participant,
    SessionSummary,
    SubmitStatus,
    clean_name,
)
from deploycore.quiz.storage.store import QuizStore
from deploycore.quiz.storage.tables import LiveAnswerRow

__all__ = [
    "Attempt",
    "LOBBY_INDEX",
    "LiveAnswer",
    "LiveAnswerRow",
    "LiveSession",
    "LiveSubmitResult",
    "NAME_MAX_CHARS",
    "Participant",
    "QuizStore",
    "SessionSummary",
    "SubmitStatus",
    "clean_name",
]
