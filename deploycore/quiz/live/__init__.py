"""The live classroom: join codes, rate limits, browser keys, the instructor passcode, the flow
(lobby, current question, reveal, next, end), answer distribution and leaderboard.

The names other modules use are re-exported here; implementation lives in the sibling modules.
Pure Python over `QuizStore`: no Streamlit, no grading of its own (`deploycore.quiz.grading`).
"""

from __future__ import annotations

from deploycore.quiz.live.access import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    PASSCODE_TRIES_PER_CLIENT,
    JoinLimits,
    Limit,
    PasscodeCheck,
    RateLimiter,
    check_instructor_passcode,
    check_passcode,
    instructor_passcode_configured,
    new_browser_key,
    new_join_code,
    normalise_join_code,
    valid_browser_key,
)
from deploycore.quiz.live.classroom import LiveClassroom, learner_poll_s, learner_safety_poll_s
from deploycore.quiz.live.lobby import join_qr_png, question_set_choices
from deploycore.quiz.live.results import Distribution, LeaderboardRow, Rejoin, SessionProgress

__all__ = [
    "Distribution",
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "JoinLimits",
    "LeaderboardRow",
    "Limit",
    "LiveClassroom",
    "PASSCODE_TRIES_PER_CLIENT",
    "PasscodeCheck",
    "RateLimiter",
    "Rejoin",
    "SessionProgress",
    "check_instructor_passcode",
    "check_passcode",
    "instructor_passcode_configured",
    "join_qr_png",
    "learner_poll_s",
    "learner_safety_poll_s",
    "new_browser_key",
    "new_join_code",
    "normalise_join_code",
    "question_set_choices",
    "valid_browser_key",
]
