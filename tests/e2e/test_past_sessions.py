"""The instructor's past sessions in a browser: listed with date, code, learners and mean
score; one opens its results; a delete needs the passcode and removes only that session."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.storage import QuizStore
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import (
    SERVED_APP,
    StreamlitServer,
    app_env,
    click_and_wait,
    wait_for_app,
)

PASSCODE = "e2e passcode for past sessions"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with a passcode, and the database address it uses (to seed sessions)."""
    data_dir = tmp_path_factory.mktemp("pastsessions")
    env = app_env(data_dir, INSTRUCTOR_PASSCODE=PASSCODE)
    with StreamlitServer(SERVED_APP, env=env) as server:
        yield server.url, f"sqlite:///{data_dir / 'app.db'}"  # settings.database_url()


def _unlock(page: Page, url: str) -> None:
    page.goto(f"{url}/instructor")
    wait_for_app(page)
    page.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    page.get_by_role("button", name="Unlock").click()
    wait_for_app(page)


def test_list_open_and_delete_a_past_session(page: Page, served: tuple[str, str]) -> None:
    url, database = served
    _unlock(page, url)  # the first page load upgrades the database's schema
    expect(page.locator(".st-key-instructor-past")).to_contain_text("No sessions yet")
    store = QuizStore(database)
    try:
        classroom = LiveClassroom(store)
        questions = list(load_bank().questions[:2])
        kept = classroom.create_session("demo", "Demo", questions)
        doomed = classroom.create_session("demo", "Demo", questions)
        person = classroom.join(doomed.code, "Ann", "client-ann").participant
        assert person is not None
        classroom.finish(classroom.next_question(doomed))
    finally:
        store.dispose()

    page.reload()
    wait_for_app(page)
    # A reload may land on the passcode form (a new browser session): wait until the page shows
    # either it or the panel, then unlock if asked (a count right away could see neither yet).
    passcode = page.locator(".st-key-instructor-passcode input")
    passcode.or_(page.locator(".st-key-instructor-past")).first.wait_for()
    if passcode.count():
        _unlock(page, url)
    row = page.locator(f".st-key-instructor-past-{doomed.code}")
    expect(row).to_contain_text("1 learner")
    expect(row).to_contain_text("0.0 of 2 points (ended)")
    expect(row).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"))
    expect(page.locator(f".st-key-instructor-past-{kept.code}")).to_contain_text("no learners")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "past_sessions-01-list.png"), full_page=True)

    click_and_wait(page, f".st-key-past-open-{doomed.code} button")
    expect(page.get_by_role("heading", name="Final leaderboard")).to_be_visible()
    expect(page.get_by_role("button", name="Download responses (CSV)")).to_be_visible()
    click_and_wait(page, ".st-key-instructor-close button")
    # Back on the list (on a loaded machine the close's run can outlast a click's 20 s wait).
    delete = page.locator(f".st-key-past-delete-{doomed.code} button")
    expect(page.get_by_role("heading", name="Final leaderboard")).to_have_count(0, timeout=60_000)
    expect(delete).to_be_visible(timeout=60_000)

    click_and_wait(page, f".st-key-past-delete-{doomed.code} button")
    confirm = page.locator(".st-key-instructor-delete-confirm")
    expect(confirm).to_contain_text("for good")
    page.screenshot(path=str(SCREENSHOTS / "past_sessions-02-confirm.png"), full_page=True)
    confirm.locator("input[type='password']").fill(PASSCODE)
    page.wait_for_timeout(200)
    click_and_wait(page, ".st-key-instructor-delete-confirm-button button")
    expect(
        page.get_by_text(f"Session {doomed.code} and all its answers are deleted.")
    ).to_be_visible()
    expect(page.locator(f".st-key-instructor-past-{doomed.code}")).to_have_count(0)
    expect(page.locator(f".st-key-instructor-past-{kept.code}")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "past_sessions-03-deleted.png"), full_page=True)
