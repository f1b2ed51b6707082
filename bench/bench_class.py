"""A class of 200 on 1 and on 2 app replicas behind nginx (issue 12), at the protocol level.

For each replica count: a scratch PostgreSQL database, `deploy.cluster.start_cluster`, an
instructor in chromium (passcode, create the session, Next / Reveal / End through the page),
simulated learners (`bench/class_learner.py` on `bench/stsession`), each from its own loopback
address (127.0.0.2 …) so nginx's `hash $remote_addr consistent` spreads them, and 3 chromium
learners whose view of each question is checked against the driver's. With 2 replicas, the
replica that does not serve the instructor is SIGKILLed in the middle of a question; its
learners reconnect through nginx and go on. Afterwards the stored answers are counted.

    python bench/bench_class.py [--learners 200] [--replicas 1,2] [--questions 4] ...

Prints one JSON object {"runs": [...], ...}; targets: answers_lost = answers_duplicated = 0,
answer_ack_p95_ms < 500, question_visible_p95_ms < 1500.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import Browser, Page, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench.class_learner import (  # noqa: E402
    ENDED_TEXT,
    MISSED_TEXTS,
    RETRY_TEXTS,
    SAVED_TEXT,
    LearnerRecord,
    QuestionRecord,
    count_answers,
    question_caption,
    run_learner,
)
from deploy.cluster import cpu_seconds  # noqa: E402

PASSCODE = "bench passcode for a class of two hundred"
DEFAULT_ADMIN_URL = "postgresql+psycopg://deploytest:deploytest@127.0.0.1:5432/postgres"
TARGET_ACK_P95_MS = 500
TARGET_VISIBLE_P95_MS = 1500
PAGE_TIMEOUT_MS = 120_000  # a loaded 2-core machine with 200 sessions: be patient
# The instructor moves on once everyone has answered, or this long after the think time, as a
# person would; well under the learners' own waits, so one stuck learner cannot make the whole
# class give up waiting for the next question.
ANSWER_DEADLINE_S = 30.0
MAX_SOURCE_ADDRESSES = 253  # 127.0.0.2 … 127.0.0.254


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (None for no values), rounded to 0.1."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)


def browser_cpu_seconds() -> float:
    """CPU time of this process's chromium and Playwright driver descendants (from /proc)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text_ = stat.read_text(encoding="ascii", errors="replace")
            pid = int(stat.parent.name)
            names[pid] = text_[text_.index("(") + 1 : text_.rindex(")")]
            parents[pid] = int(text_[text_.rindex(")") + 2 :].split()[1])
    ours = {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in ours and pid not in ours:
                ours.add(pid)
                changed = True
    total = 0.0
    for pid in ours - {os.getpid()}:
        if names.get(pid, "").startswith(("chrom", "node", "playwright")):
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += cpu_seconds(pid)
    return total


def raise_open_file_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit (one socket per learner and more)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = 65_536 if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


# --------------------------------------------------------------------------- browsers


async def wait_for_app(page: Page) -> None:
    """Connected and no script run in progress (Streamlit's own readiness attributes)."""
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=PAGE_TIMEOUT_MS
    )
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=PAGE_TIMEOUT_MS
    )


# Notes when the next click reaches the page (Date.now(): the same clock as time.time()).
_NOTE_CLICK_JS = """() => {
  window.__benchClickMs = null;
  document.addEventListener("click", () => { window.__benchClickMs = Date.now(); },
                            {capture: true, once: true});
}"""


async def click(page: Page, selector: str, then_shown: str | None = None) -> float:
    """Click, then wait until `then_shown` is on the page (the instructor's panel reruns every
    1.5 s: on a busy machine it is never idle, so "no script running" is not awaited).
    Returns time.time() of the click as the page got it: Playwright's own checks before it
    clicks (visible, stable, enabled) take 0.1-0.5 s on a busy machine, and a person's click
    has none of them."""
    await page.evaluate(_NOTE_CLICK_JS)
    before = time.time()
    await page.locator(selector).first.click(timeout=PAGE_TIMEOUT_MS)
    clicked_ms = await page.evaluate("() => window.__benchClickMs")
    if then_shown is not None:
        await page.get_by_text(then_shown).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    return clicked_ms / 1000 if isinstance(clicked_ms, int | float) else before


async def open_session(page: Page, url: str) -> str:
    """Unlock the instructor page, create a session of all questions, return its code."""
    await page.goto(f"{url}instructor")
    await wait_for_app(page)
    await page.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    await page.get_by_role("button", name="Unlock").click()
    await wait_for_app(page)
    await click(page, ".st-key-instructor-create-session button", "Show the first question")
    code = page.locator(".st-key-instructor-join-code h1").first
    await code.wait_for(timeout=PAGE_TIMEOUT_MS)
    return (await code.inner_text()).strip()


@dataclass
class BrowserLearner:
    """A real chromium learner: what it saw, for the comparison with the driver's view."""

    nickname: str
    join_ms: float | None = None
    prompts: dict[int, str] = field(default_factory=dict)
    seen_s: dict[int, float] = field(default_factory=dict)
    acked: list[int] = field(default_factory=list)
    error: str = ""
    unsaved: list[str] = field(default_factory=list)  # what the page showed when a send failed
    missed: dict[int, str] = field(default_factory=dict)  # why a question was not answered
    sends: dict[int, int] = field(default_factory=dict)  # sends per question


async def browser_learner(
    browser: Browser, url: str, code: str, me: BrowserLearner, asked: int, set_size: int
) -> None:
    """Join in chromium and answer each question with its first option (or 1 / "batch")."""
    context = await browser.new_context(viewport={"width": 420, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = await context.new_page()
    try:
        await page.goto(f"{url}join?code={code}")
        # The page runs twice on a first visit (the app frame's rerun): fill the form only once
        # the code from the address is in it, or the second run empties the nickname.
        code_input = page.locator(".st-key-join-code input")
        await page.wait_for_function(
            "([el, code]) => el && el.value === code",
            arg=[await code_input.element_handle(), code],
            timeout=PAGE_TIMEOUT_MS,
        )
        await wait_for_app(page)
        await page.locator(".st-key-join-nickname input").fill(me.nickname)
        pressed = time.time()
        await page.get_by_role("button", name="Join", exact=True).click()
        live = page.locator(".st-key-join-live")
        await live.get_by_text("Waiting for the instructor").wait_for()
        me.join_ms = (time.time() - pressed) * 1000
        for number in range(1, asked + 1):
            await live.get_by_text(question_caption(number, set_size)).wait_for()
            me.seen_s[number] = time.time()
            me.prompts[number] = (await live.locator("h3").first.inner_text()).strip()
            saved = live.get_by_text(SAVED_TEXT)
            asked_again = live.get_by_text(re.compile("|".join(RETRY_TEXTS)))
            missed = live.get_by_text(re.compile("|".join(MISSED_TEXTS)))
            for _ in range(8):  # as a person would: send again if the page did not save it
                if await saved.count() or await missed.count():
                    break
                if await _browser_answer(page):
                    me.sends[number] = me.sends.get(number, 0) + 1
                    with contextlib.suppress(PlaywrightTimeout):
                        await saved.or_(asked_again).or_(missed).first.wait_for(timeout=20_000)
                if not await saved.count():
                    me.unsaved.append(f"question {number}: {(await live.inner_text())[-160:]!r}")
            if await saved.count():
                me.acked.append(number)
            elif await missed.count():
                me.missed[number] = (await missed.first.inner_text()).strip()[:120]
            else:
                me.missed[number] = f"not saved after {me.sends.get(number, 0)} sends"
        await live.get_by_text(ENDED_TEXT).wait_for()
    except Exception as error:  # noqa: BLE001 - report, do not stop the class
        me.error = f"{type(error).__name__}: {str(error)[:200]}"
    except asyncio.CancelledError:
        me.error = f"still waiting when the class ended (answered {me.acked})"
        raise
    finally:
        await context.close()


async def _browser_answer(page: Page) -> bool:
    """Choose an answer and press Send; False if the question's Send button is not shown."""
    live = page.locator(".st-key-join-live")
    send = live.locator(".st-key-join-send button")
    # The whole question first (the caption arrives before the options and the button), as a
    # person reads it before choosing: a click before the options are there chooses nothing.
    try:
        await send.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return False
    # An option, not the widget's own label (the first label in the radio block)
    radio = live.locator("[data-testid='stRadio'] [role='radiogroup'] label")
    checked = live.locator("[data-testid='stRadio'] input:checked")
    for _ in range(3):  # as a person sees their choice marked before sending
        if not await radio.count() or await checked.count():
            break
        with contextlib.suppress(PlaywrightTimeout):
            await radio.first.click(timeout=5_000)
            await checked.wait_for(state="attached", timeout=5_000)
    boxes = live.locator("[data-testid='stCheckbox'] input")
    if await boxes.count() and not await boxes.first.is_checked():
        await live.locator("[data-testid='stCheckbox'] label").first.click()
    typed = live.locator("[data-testid='stTextInput'] input")
    if await typed.count():
        await typed.first.fill("batch")
        await typed.first.press("Enter")
    number = live.locator("[data-testid='stNumberInput'] input")
    if await number.count():
        await number.first.fill("1")
        await number.first.press("Enter")
    await page.wait_for_timeout(1000)  # let the choice's rerun reach the server first
    try:
        await send.click(timeout=10_000)
    except PlaywrightTimeout:
        return False
    return True


# --------------------------------------------------------------------------- one run


@dataclass
class ClassPlan:
    learners: int  # the whole class, browsers included
    browsers: int
    questions: int
    think_max_s: float
    join_ramp_s: float
    kill: bool
    timeout_s: float
    seed: int
    answer_deadline_s: float = ANSWER_DEADLINE_S  # the instructor moves on after think + this


_NONE = QuestionRecord()


def question_ids(database_url: str, code: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            ids = connection.execute(
                text("SELECT question_ids FROM quiz_live_sessions WHERE code = :code"),
                {"code": code},
            ).scalar_one()
    finally:
        engine.dispose()
    return [str(i) for i in (json.loads(ids) if isinstance(ids, str) else ids)]


async def _until(check: Any, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.1)
    return False


async def run_class(cluster: Any, database_url: str, plan: ClassPlan) -> dict[str, Any]:
    """One class on a running cluster; returns its figures."""
    rng = random.Random(plan.seed)
    simulated = plan.learners - plan.browsers
    records = [
        LearnerRecord(f"Sim{n:03d}", f"127.0.0.{2 + n % MAX_SOURCE_ADDRESSES}")
        for n in range(simulated)
    ]
    people = [BrowserLearner(f"Browser{n}") for n in range(1, plan.browsers + 1)]
    replicas = len(cluster.replica_urls)
    killed: int | None = None
    kill_at_question = (plan.questions + 1) // 2 if plan.kill and replicas > 1 else None
    kill_s: float | None = None
    clicks: dict[int, float] = {}
    started = time.time()
    load_at_start = os.getloadavg()[0]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        instructor_context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        instructor_context.set_default_timeout(PAGE_TIMEOUT_MS)
        instructor = await instructor_context.new_page()
        code = await open_session(instructor, cluster.url)
        ids = question_ids(database_url, code)
        asked = min(plan.questions, len(ids))
        cpu_before = cluster.replica_cpu_seconds()
        driver_before, browsers_before = time.process_time(), browser_cpu_seconds()

        async def learner(index: int, record: LearnerRecord) -> None:
            await asyncio.sleep(plan.join_ramp_s * index / max(1, simulated))
            await run_learner(
                cluster.url, code, record.nickname, record.source_address, asked=asked,
                set_size=len(ids), think_max_s=plan.think_max_s,
                rng=random.Random(rng.random()), timeout_s=plan.timeout_s, record=record,
            )  # fmt: skip

        tasks = [asyncio.create_task(learner(i, r)) for i, r in enumerate(records)]
        tasks += [
            asyncio.create_task(browser_learner(browser, cluster.url, code, p, asked, len(ids)))
            for p in people
        ]

        def settled(number: int) -> bool:
            """Every learner has answered question `number`, missed it or given up."""
            for r in records:
                question = r.questions.get(number)
                if not (r.error or (question and (question.acked_s or question.missed))):
                    return False
            return all(p.error or number in p.acked for p in people)

        joined = False
        instructor_error = ""
        try:
            joined = await _until(
                lambda: (
                    all(r.error or r.join_ms for r in records)
                    and all(p.error or p.join_ms for p in people)
                ),
                plan.join_ramp_s + plan.timeout_s,
            )
            for number in range(1, asked + 1):
                caption = question_caption(number, len(ids))
                clicks[number] = await click(instructor, ".st-key-instructor-next button", caption)
                if number == kill_at_question:
                    await _until(
                        lambda n=number: sum(n in r.acked for r in records) >= simulated // 2,
                        plan.timeout_s,
                    )
                    serving = getattr(cluster, "replica_serving", lambda _a: None)("127.0.0.1")
                    killed = next((i for i in range(replicas) if i != serving), replicas - 1)
                    kill_s = time.time()
                    cluster.kill_replica(killed)
                deadline = plan.think_max_s + min(plan.answer_deadline_s, plan.timeout_s / 3)
                await _until(lambda n=number: settled(n), deadline)
                await click(instructor, ".st-key-instructor-reveal-answer button", "Right answer:")
                await asyncio.sleep(1.0)
            await click(instructor, ".st-key-instructor-finish button", "The session has ended")
        except Exception as error:  # noqa: BLE001 - report the run, do not lose its figures
            instructor_error = f"{type(error).__name__}: {str(error)[:300]}"
        await asyncio.wait(tasks, timeout=plan.timeout_s)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)  # let them say where they were
        cpu_after = cluster.replica_cpu_seconds()
        driver_after, browsers_after = time.process_time(), browser_cpu_seconds()
        await browser.close()
    duration_s = time.time() - started

    acknowledged = [(r.nickname, ids[n - 1]) for r in records for n in r.acked]
    acknowledged += [(p.nickname, ids[n - 1]) for p in people for n in p.acked]
    count = count_answers(database_url, code, acknowledged)
    acks = [
        (q.acked_s - q.sent_s) * 1000
        for r in records
        for q in r.questions.values()
        if q.acked_s and q.sent_s
    ]
    visible = [
        (q.seen_s - clicks[n]) * 1000
        for r in records
        for n, q in r.questions.items()
        if q.seen_s and n in clicks
    ]
    browser_visible = [(s - clicks[n]) * 1000 for p in people for n, s in p.seen_s.items()]
    driver_prompts = {
        n: sorted({r.questions[n].prompt for r in records if r.questions.get(n, _NONE).prompt})
        for n in range(1, asked + 1)
    }
    browser_prompts = {
        n: sorted({p.prompts[n] for p in people if n in p.prompts}) for n in range(1, asked + 1)
    }
    missed: dict[str, int] = {}
    for r in records:
        for q in r.questions.values():
            if q.missed:
                missed[q.missed] = missed.get(q.missed, 0) + 1
    for p in people:
        for why in p.missed.values():
            missed[f"browser: {why}"] = missed.get(f"browser: {why}", 0) + 1
    errors = [f"{p.nickname}: {p.error}" for p in people if p.error]
    errors += [f"{r.nickname}: {r.error}" for r in records if r.error]
    reconnected = [r for r in records if r.reconnects]
    after_kill = [
        min(t for t in r.reconnected_s if t >= kill_s)
        for r in records
        if kill_s is not None and any(t >= kill_s for t in r.reconnected_s)
    ]
    return {
        "learners": plan.learners,
        "simulated_learners": simulated,
        "browser_learners": plan.browsers,
        "replicas": replicas,
        "replica_killed": killed,
        "killed_during_question": kill_at_question if killed is not None else None,
        "learners_reconnected": len(reconnected),
        "learners_reconnected_after_kill": len(after_kill),
        "reconnected_learners_answered_every_question": all(
            len(r.acked) == asked for r in reconnected
        ),
        "reconnected_learners_answered_after_the_kill": all(
            n in r.acked
            for r in reconnected
            for n in range((kill_at_question or asked) + 1, asked + 1)
        ),
        "questions": asked,
        "all_joined": joined,
        "instructor_error": instructor_error,
        "answers_expected": count.expected,
        "answers_stored": count.stored,
        "answers_lost": count.lost,
        "answers_duplicated": count.duplicated,
        "answers_stored_unacknowledged": count.stored_unacknowledged,
        "answers_missed": missed,
        # sends the killed connection dropped (the learner answered again after reconnecting)
        "sends_dropped_by_the_connection": sum(
            q.dropped_sends for r in records for q in r.questions.values()
        ),
        "join_p50_ms": percentile([r.join_ms for r in records if r.join_ms], 0.5),
        "join_p95_ms": percentile([r.join_ms for r in records if r.join_ms], 0.95),
        "page_load_p95_ms": percentile(
            [r.page_loaded_s * 1000 for r in records if r.page_loaded_s], 0.95
        ),
        "answer_ack_p50_ms": percentile(acks, 0.5),
        "answer_ack_p95_ms": percentile(acks, 0.95),
        "question_visible_p50_ms": percentile(visible, 0.5),
        "question_visible_p95_ms": percentile(visible, 0.95),
        "browser_question_visible_p95_ms": percentile(browser_visible, 0.95),
        # per question: with a kill, the questions before it are served by every replica and
        # the ones after it by the survivors alone
        "question_visible_p95_ms_by_question": {
            n: percentile(
                [(q.seen_s - clicks[n]) * 1000 for q in _asked(records, n) if q.seen_s], 0.95
            )
            for n in sorted(clicks)
        },
        "question_visible_first_ms_by_question": {
            n: min(
                ((q.seen_s - clicks[n]) * 1000 for q in _asked(records, n) if q.seen_s),
                default=None,
            )
            for n in sorted(clicks)
        },
        "answer_ack_p95_ms_by_question": {
            n: percentile(
                [
                    (q.acked_s - q.sent_s) * 1000
                    for q in _asked(records, n)
                    if q.acked_s and q.sent_s
                ],
                0.95,
            )
            for n in sorted(clicks)
        },
        # in the question of the kill: the learners who reconnected against the others
        "answer_ack_p95_ms_kill_question": (
            {
                group: percentile(
                    [
                        (q.acked_s - q.sent_s) * 1000
                        for r in records
                        if bool(r.reconnects) == moved
                        for q in [r.questions.get(kill_at_question, _NONE)]
                        if q.acked_s and q.sent_s
                    ],
                    0.95,
                )
                for group, moved in (("reconnected", True), ("stayed", False))
            }
            if kill_at_question is not None and killed is not None
            else None
        ),
        "browsers_saw_the_same_questions": all(
            browser_prompts[n] == driver_prompts[n] and len(driver_prompts[n]) == 1
            for n in range(1, asked + 1)
        ),
        "prompts_driver_vs_browser": {
            n: {"driver": driver_prompts[n], "browser": browser_prompts[n]}
            for n in range(1, asked + 1)
            if browser_prompts[n] != driver_prompts[n]
        },
        "server_cpu_s": [round(a - b, 1) for a, b in zip(cpu_after, cpu_before, strict=True)],
        # the load generators share the machine's cores with the replicas: the protocol
        # driver (this process) and the chromium instances with Playwright's driver
        "driver_cpu_s": round(driver_after - driver_before, 1),
        "browsers_cpu_s": round(browsers_after - browsers_before, 1),
        "kill_to_reconnect_p95_ms": percentile(
            [(t - kill_s) * 1000 for t in after_kill if kill_s is not None], 0.95
        ),
        "learner_errors": len(errors),
        "learner_error_examples": errors[:5],
        # every learner and question with neither an acknowledgement nor a reason (should be
        # empty): what the learner's record says, to find where such an answer went
        "answers_unaccounted": [
            {
                "learner": r.nickname,
                "question": n,
                "recorded": n in r.questions,
                "seen": bool(r.questions.get(n, _NONE).seen_s),
                "sends": r.questions.get(n, _NONE).sends,
                "dropped_sends": r.questions.get(n, _NONE).dropped_sends,
                "reconnects": r.reconnects,
                "error": r.error[:120],
            }
            for r in records
            for n in range(1, asked + 1)
            if not (r.questions.get(n, _NONE).acked_s or r.questions.get(n, _NONE).missed)
        ][:20],
        "browser_sends_not_saved": [f"{p.nickname}: {u}" for p in people for u in p.unsaved][:5],
        # each chromium learner, question by question: when it saw the question (after the
        # instructor's click), how often it sent, and saved or why not
        "browser_learners_by_question": {
            p.nickname: {
                n: {
                    "seen_after_click_ms": (
                        round((p.seen_s[n] - clicks[n]) * 1000)
                        if n in p.seen_s and n in clicks
                        else None
                    ),
                    "sends": p.sends.get(n, 0),
                    "outcome": "saved" if n in p.acked else p.missed.get(n, "not reached"),
                }
                for n in range(1, asked + 1)
            }
            for p in people
        },
        "duration_s": round(duration_s, 1),
        "load_average_1m_at_start": round(load_at_start, 1),
        "load_average_1m_at_end": round(os.getloadavg()[0], 1),
    }


def _asked(records: list[LearnerRecord], number: int) -> list[QuestionRecord]:
    """The simulated learners' records of question `number`."""
    return [r.questions[number] for r in records if number in r.questions]


def run_on_replicas(replicas: int, admin_url: str, plan: ClassPlan) -> dict[str, Any]:
    """A fresh database and cluster for one run."""
    from deploy.cluster import start_cluster  # the replicas launcher (deploy/)
    from tests.scratch_db import scratch_postgres_database

    with (
        scratch_postgres_database(admin_url, "benchclass") as database_url,
        tempfile.TemporaryDirectory(prefix="bench-class-") as workdir,
        start_cluster(
            replicas, database_url, workdir=Path(workdir),
            env={"INSTRUCTOR_PASSCODE": PASSCODE},
        ) as cluster,
    ):  # fmt: skip
        return asyncio.run(run_class(cluster, database_url, plan))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200, help="class size, browsers included")
    parser.add_argument("--browsers", type=int, default=3, help="chromium learners among them")
    parser.add_argument("--replicas", default="1,2", help="replica counts to run, e.g. 1,2")
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--think-max-s", type=float, default=8.0, help="think time: 0 … this")
    parser.add_argument("--join-ramp-s", type=float, default=20.0, help="joins spread over")
    parser.add_argument("--timeout-s", type=float, default=120.0, help="longest single wait")
    parser.add_argument("--no-kill", action="store_true", help="no replica is killed")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    simulated = args.learners - args.browsers
    if simulated < 1:
        parser.error("--learners must exceed --browsers")
    plan = ClassPlan(
        learners=args.learners, browsers=args.browsers, questions=args.questions,
        think_max_s=args.think_max_s, join_ramp_s=args.join_ramp_s, kill=not args.no_kill,
        timeout_s=args.timeout_s, seed=args.seed,
    )  # fmt: skip
    open_files = raise_open_file_limit()
    admin_url = os.environ.get("TEST_DATABASE_URL", DEFAULT_ADMIN_URL)
    load_before = round(os.getloadavg()[0], 1)
    runs = []
    for replicas in (int(n) for n in args.replicas.split(",") if n.strip()):
        runs.append(run_on_replicas(replicas, admin_url, plan))
        print(json.dumps(runs[-1]), file=sys.stderr, flush=True)  # each run as it ends
    print(
        json.dumps(
            {
                "runs": runs,
                "cores": os.cpu_count(),
                "open_file_limit": open_files,
                "load_average_1m_at_start": load_before,
                "targets": {
                    "answers_lost": 0,
                    "answers_duplicated": 0,
                    "answer_ack_p95_ms": TARGET_ACK_P95_MS,
                    "question_visible_p95_ms": TARGET_VISIBLE_P95_MS,
                },
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
