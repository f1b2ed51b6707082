"""The live classroom against a stranger, in real browsers and two app servers on one database:
wrong passcodes count across tabs and servers, a rejoin link does not work in someone else's
browser (a reload in the learner's own still does), and a page address cannot inject a link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.storage import QuizStore
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import SERVED_APP, StreamlitServer, app_env, wait_for_app

PASSCODE = "hardening passcode for the class"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hardening")


@pytest.fixture(scope="module")
def servers(data_dir: Path) -> Iterator[tuple[str, str]]:
    """Two app servers (two processes, as two replicas) on one SQLite database."""
    env = app_env(data_dir, INSTRUCTOR_PASSCODE=PASSCODE)
    with StreamlitServer(SERVED_APP, env=env) as first:
        with StreamlitServer(SERVED_APP, env=env) as second:
            yield first.url, second.url


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Three separate browsers (own cookies, own Streamlit sessions)."""
    opened = [browser.new_context(viewport={"width": 1000, "height": 900}) for _ in range(3)]
    for context in opened:
        context.set_default_timeout(30_000)
    yield opened
    for context in opened:
        context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live_hardening-{name}.png"), full_page=True)


def _enter_passcode(page: Page, passcode: str) -> None:
    page.locator(".st-key-instructor-passcode input").fill(passcode)
    page.get_by_role("button", name="Unlock").click()
    page.wait_for_timeout(150)
    wait_for_app(page)


def _instructor(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(f"{url}/instructor")
    wait_for_app(page)
    return page


def test_wrong_passcodes_count_across_browsers_and_servers(
    servers: tuple[str, str], contexts: list[BrowserContext]
) -> None:
    first, second = servers
    one = _instructor(contexts[0], first)
    for _ in range(3):
        _enter_passcode(one, "wrong guess")
        expect(one.get_by_text("That passcode is not right")).to_be_visible()
    two = _instructor(contexts[1], second)  # another browser, on the other server
    for _ in range(2):
        _enter_passcode(two, "another wrong guess")
        expect(two.get_by_text("That passcode is not right")).to_be_visible()
    # A third browser, even with the right passcode, waits: 5 tries a minute per client, and
    # every client on this machine (no address known) counts in one bucket.
    three = _instructor(contexts[2], first)
    _enter_passcode(three, PASSCODE)
    expect(three.get_by_text(re.compile(r"Too many tries\. Wait \d+ s"))).to_be_visible()
    expect(three.locator(".st-key-instructor-create")).to_have_count(0)
    _shot(three, "passcode-limited")


def test_a_rejoin_link_answers_only_in_the_browser_that_joined(
    servers: tuple[str, str], data_dir: Path, contexts: list[BrowserContext]
) -> None:
    first, second = servers
    question = next(q for q in load_bank().questions if q.type == "single")
    store = QuizStore(f"sqlite:///{data_dir / 'app.db'}")
    try:
        classroom = LiveClassroom(store)
        session = classroom.go_to(classroom.create_session("e2e", "E2E", [question]), 0)
    finally:
        store.dispose()

    learner = contexts[0].new_page()
    learner.goto(f"{first}/join?code={session.code}")
    wait_for_app(learner)
    learner.locator(".st-key-join-nickname input").fill("Ada")
    learner.get_by_role("button", name="Join", exact=True).click()
    expect(learner.locator(".st-key-join-send button")).to_be_visible()
    expect(learner).to_have_url(re.compile(r"[?&]p="))
    link = learner.url

    stranger = contexts[1].new_page()
    stranger.goto(link.replace(first, second))  # the shared link, on the other server too
    wait_for_app(stranger)
    expect(stranger.get_by_text("belongs to the browser that joined")).to_be_visible()
    expect(stranger.locator(".st-key-join-send")).to_have_count(0)
    expect(stranger.get_by_text("You are Ada")).to_have_count(0)
    _shot(stranger, "stranger-with-the-link")

    learner.reload()
    wait_for_app(learner)
    expect(learner.get_by_text("You are Ada")).to_be_visible()
    option = next(o.text for o in question.options if o.correct)
    learner.locator(".st-key-join-live label").filter(has_text=option).click()
    learner.wait_for_timeout(150)
    learner.locator(".st-key-join-send button").click()
    expect(learner.get_by_text("Your answer is saved")).to_be_visible()
    _shot(learner, "learner-after-reload")


def test_a_page_address_cannot_inject_a_link_or_an_image(
    servers: tuple[str, str], browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    try:
        for payload in ("[click](https://evil.example/x)", "![t](https://evil.example/p.png)"):
            page.goto(f"{servers[0]}/lesson?step={payload}")
            wait_for_app(page)
            expect(page.get_by_text("is not a step number")).to_be_visible()
            live = page.locator(
                "a[href*='evil.example'], a[href^='javascript'], img[src*='evil.example']"
            )
            assert live.count() == 0, [
                e.evaluate("e => e.parentElement.outerHTML") for e in live.all()
            ]
        _shot(page, "lesson-notice")
    finally:
        context.close()
