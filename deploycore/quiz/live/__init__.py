"""The live classroom: join codes, join rate limits, the instructor passcode, the session flow
(lobby, current question, reveal, next, end), answer distribution and leaderboard.

The names other modules use are re-exported here; implementation lives in the sibling modules.
Pure Python over `QuizStore`: no Streamlit, no grading of its own (`deploycore.quiz.grading`).
"""

from __future__ import annotations

from deploycore.quiz.live.access import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JOIN_WINDOW_S,
    PASSCODE_ATTEMPTS_PER_CLIENT,
    PasscodeCheck,
    RateLimiter,
    check_instructor_passcode,
    check_passcode,
    instructor_passcode_configured,
    new_join_code,
    normalise_join_code,
)
from deploycore.quiz.live.classroom import LiveClassroom
from deploycore.quiz.live.lobby import join_qr_png, question_set_choices
from deploycore.quiz.live.results import Distribution, LeaderboardRow

__all__ = [
    "Distribution",
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "JOIN_WINDOW_S",
    "LeaderboardRow",
    "LiveClassroom",
    "PASSCODE_ATTEMPTS_PER_CLIENT",
    "PasscodeCheck",
    "RateLimiter",
    "check_instructor_passcode",
    "check_passcode",
    "instructor_passcode_configured",
    "join_qr_png",
    "new_join_code",
    "normalise_join_code",
    "question_set_choices",
]
