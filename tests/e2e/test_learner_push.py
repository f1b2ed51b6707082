"""The server pushes the instructor's next move to learners' screens (`components/quiz/push.py`):
learners' own timers only run every 10 s or more (`learner_safety_poll_s`), yet every learner
sees each new question within a few seconds, at the protocol level and in chromium."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bench.class_learner import LearnerRecord, question_caption, run_learners
from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom, learner_safety_poll_s
from deploycore.quiz.storage import QuizStore
from tests.e2e.helpers import SERVED_APP, StreamlitServer, app_env, wait_for_app

QUESTIONS = 3
LEARNERS = 3
# Well under the learners' own 10 s timer: only a push makes every sample this fast (by the
# timer alone each would have a 40 % chance, all nine 0.03 %).
PUSHED_WITHIN_S = 4.0


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LiveClassroom]]:
    data = tmp_path_factory.mktemp("push")
    with StreamlitServer(SERVED_APP, env=app_env(data)) as server:
        store = QuizStore(f"sqlite:///{Path(data) / 'app.db'}")
        try:
            yield server.url, LiveClassroom(store)
        finally:
            store.dispose()


def test_protocol_learners_see_each_question_within_seconds(
    app: tuple[str, LiveClassroom],
) -> None:
    assert learner_safety_poll_s(LEARNERS) >= 10.0
    url, classroom = app
    session = classroom.create_session("push", "Push", load_bank().questions[:QUESTIONS])
    records = [LearnerRecord(f"P{n}", "127.0.0.1") for n in range(LEARNERS)]
    shown: list[float] = []

    async def instructor() -> None:
        async def until(done: object, timeout_s: float = 60) -> None:
            deadline = time.monotonic() + timeout_s
            while not (callable(done) and done()):
                if any(r.error for r in records) or time.monotonic() > deadline:
                    raise AssertionError([r.error for r in records])
                await asyncio.sleep(0.05)

        await until(lambda: all(r.join_ms is not None for r in records))
        await asyncio.sleep(1.0)  # the learners' timers are running; now only a push is quick
        for number in range(1, QUESTIONS + 1):
            current = classroom.session(session.code) or session
            shown.append(time.time())
            classroom.next_question(current)
            await until(lambda n=number: all(n in r.acked for r in records))
        classroom.next_question(classroom.session(session.code) or session)

    async def scenario() -> None:
        await asyncio.gather(
            instructor(),
            run_learners(
                url,
                session.code,
                records,
                questions=QUESTIONS,
                think_max_s=0.3,
                seed=3,
                timeout_s=45,
            ),  # fmt: skip
        )

    asyncio.run(scenario())
    assert [r.error for r in records] == [""] * LEARNERS
    lags = [
        r.questions[n].seen_s - shown[n - 1]  # type: ignore[operator]
        for r in records
        for n in range(1, QUESTIONS + 1)
    ]
    assert max(lags) < PUSHED_WITHIN_S, lags


def test_a_browser_learner_sees_each_question_within_seconds(
    app: tuple[str, LiveClassroom], browser: Browser
) -> None:
    url, classroom = app
    session = classroom.create_session("push-b", "Push", load_bank().questions[:QUESTIONS])
    context = browser.new_context(viewport={"width": 420, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        page.goto(f"{url}/join?code={session.code}")
        wait_for_app(page)
        page.locator(".st-key-join-nickname input").fill("Pushed")
        page.get_by_role("button", name="Join", exact=True).click()
        live = page.locator(".st-key-join-live")
        expect(live.get_by_text("Waiting for the instructor")).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1000)
        for number in range(1, QUESTIONS + 1):
            current = classroom.session(session.code) or session
            classroom.next_question(current)
            expect(live.get_by_text(question_caption(number, QUESTIONS))).to_be_visible(
                timeout=PUSHED_WITHIN_S * 1000
            )
        classroom.next_question(classroom.session(session.code) or session)
        expect(live.get_by_text("The session has ended")).to_be_visible(
            timeout=PUSHED_WITHIN_S * 1000
        )
    finally:
        context.close()
