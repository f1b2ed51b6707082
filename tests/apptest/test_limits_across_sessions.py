"""A new browser session (a new tab) does not reset the instructor passcode limit: every client
without a known address counts in one bucket, kept in the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

OpenPage = Callable[..., AppTest]


def _try(at: AppTest, passcode: str) -> str:
    at.text_input(key="instructor-passcode").input(passcode)
    at.button[0].click().run()
    return at.error[0].value if at.error else ""


def test_a_new_session_does_not_reset_the_passcode_limit(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "correct horse")
    first = open_page("pages/instructor.py")
    assert all("not right" in _try(first, "wrong horse") for _ in range(3))
    second = open_page("pages/instructor.py")  # another tab
    assert all("not right" in _try(second, "wrong horse") for _ in range(2))
    third = open_page("pages/instructor.py")
    assert "Too many tries" in _try(third, "correct horse")
    assert not third.selectbox  # still locked
