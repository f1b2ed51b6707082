"""The quiz packages split into modules keep one public surface each: importers use the package
(`deploycore.quiz.storage`), never the module a name happens to live in."""

from __future__ import annotations

import importlib

import pytest

PUBLIC_NAMES = {
    "deploycore.quiz.gift": "GiftError export_gift import_gift read_gift",
    "deploycore.quiz.live": """
        Distribution JOIN_CODE_ALPHABET JOIN_CODE_LENGTH JoinLimits LeaderboardRow Limit
        LiveClassroom PASSCODE_TRIES_PER_CLIENT PasscodeCheck RateLimiter Rejoin SessionProgress
        check_instructor_passcode
        check_passcode instructor_passcode_configured join_qr_png new_browser_key new_join_code
        learner_poll_s learner_safety_poll_s normalise_join_code question_set_choices
        valid_browser_key
    """,
    "deploycore.quiz.storage": """
        Attempt LOBBY_INDEX LiveAnswer LiveAnswerRow LiveSession LiveSubmitResult NAME_MAX_CHARS
        Participant QuizStore SessionSummary SubmitStatus clean_name
    """,
}


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_public_names_are_pinned_sorted_and_importable(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__ == sorted(PUBLIC_NAMES[package].split())
    for name in module.__all__:
        assert hasattr(module, name), name
