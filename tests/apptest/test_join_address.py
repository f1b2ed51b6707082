"""The instructor's join link: a loopback page address is replaced by the LAN address, with a
warning; PUBLIC_URL is used as it is, without one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

import components.quiz.instructor as instructor
from deploycore.infra.settings import database_url
from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.storage import QuizStore

OpenPage = Callable[..., AppTest]


def _instructor(open_page: OpenPage, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, str]:
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "correct horse")
    monkeypatch.setattr(instructor, "page_url", lambda: "http://localhost:8501/instructor")
    monkeypatch.setattr(instructor, "lan_ip", lambda: "192.168.1.20")
    store = QuizStore(database_url())
    try:
        session = LiveClassroom(store).create_session(
            "demo", "Demo", list(load_bank().questions[:2])
        )
    finally:
        store.dispose()
    at = open_page("pages/instructor.py", state={"instructor-unlocked": True})
    at.query_params["session"] = session.code
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at, session.code


def test_a_localhost_instructor_page_warns_and_links_to_the_lan_address(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    at, code = _instructor(open_page, monkeypatch)
    assert [c.value for c in at.code] == [f"http://192.168.1.20:8501/join?code={code}"]
    warning = at.warning[0].value
    assert "loopback" in warning and "192.168.1.20" in warning and "PUBLIC_URL" in warning


def test_public_url_is_used_without_a_warning(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://quiz.example.org/")
    at, code = _instructor(open_page, monkeypatch)
    assert [c.value for c in at.code] == [f"https://quiz.example.org/join?code={code}"]
    assert not at.warning
