"""Two app replicas behind nginx on one PostgreSQL database (`deploy.cluster`): what one replica
stores the other shows, rate limits count across processes, and a learner whose replica is
killed mid-question reconnects through nginx to the other with nothing lost or stored twice."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text

from deploy.cluster import (
    LISTEN_FILE,
    SITE_FILE,
    UPSTREAM_FILE,
    Cluster,
    nginx_command,
    nginx_executable,
    start_cluster,
    write_nginx_prefix,
)
from deploycore.quiz.bank import load_bank
from deploycore.quiz.grading import Response
from deploycore.quiz.live import PASSCODE_TRIES_PER_CLIENT, LiveClassroom, RateLimiter
from deploycore.quiz.models import Question
from deploycore.quiz.storage import QuizStore, SubmitStatus
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import EXPECT_TIMEOUT_MS, ROOT, click_and_wait, wait_for_app
from tests.scratch_db import postgres_admin_url, scratch_postgres_database

PASSCODE = "replicas passcode for the class"


def _nginx() -> str:
    """Debian's nginx; without it skip on a developer's machine, fail in CI (`make test`
    installs it with system-deps)."""
    try:
        return nginx_executable()
    except RuntimeError:
        pass
    if os.environ.get("CI"):
        pytest.fail("nginx is missing but CI is set: `make system-deps` installs it", pytrace=False)
    pytest.skip("nginx is not installed (`make system-deps` installs Debian's nginx)")


@pytest.fixture(scope="module", autouse=True)
def _patient_expect() -> Iterator[None]:
    """Two app servers, nginx and three browsers share two busy cores."""
    expect.set_options(timeout=45_000)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    _nginx()
    with scratch_postgres_database(postgres_admin_url(os.environ), prefix="replicas") as url:
        yield url


@pytest.fixture(scope="module")
def cluster(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    workdir = tmp_path_factory.mktemp("cluster")
    with start_cluster(
        2, database_url, workdir=workdir, env={"INSTRUCTOR_PASSCODE": PASSCODE}
    ) as running:
        yield running


@pytest.fixture(scope="module")
def classroom(database_url: str) -> Iterator[LiveClassroom]:
    """The instructor's side driven through the core, on the cluster's database."""
    store = QuizStore(database_url)
    yield LiveClassroom(store)
    store.dispose()


def _context(browser: Browser, width: int = 1200) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.set_default_timeout(60_000)
    return context


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"replicas-{name}.png"), full_page=True)


def _join(page: Page, url: str, code: str, nickname: str) -> None:
    page.goto(f"{url}join?code={code}")
    wait_for_app(page, 60_000)
    expect(page.locator(".st-key-join-code input")).to_have_value(code)
    page.locator(".st-key-join-nickname input").fill(nickname)
    page.get_by_role("button", name="Join", exact=True).click()
    wait_for_app(page, 60_000)
    expect(page.get_by_text("Waiting for the instructor")).to_be_visible()


def _answer(page: Page, question: Question, choice: str) -> None:
    expect(page.get_by_role("heading", name=question.prompt)).to_be_visible()
    option = page.locator(".st-key-join-live label").filter(has_text=choice)
    expect(option).to_be_visible()
    option.click()
    page.wait_for_timeout(150)
    click_and_wait(page, ".st-key-join-send button", 60_000)
    expect(page.get_by_text("Your answer is saved")).to_be_visible()


def _stored_answers(database_url: str, nickname: str) -> list[str]:
    """Every answer row of the learner called `nickname`, as question ids (duplicates kept)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.question_id FROM quiz_live_answers a JOIN quiz_participants p "
                    "ON p.id = a.participant_id WHERE p.nickname = :n ORDER BY a.id"
                ),
                {"n": nickname},
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


# Records every change of the app's connection and script-run state from now on.
_RECORD_STATES = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.__appStates = [];
    new MutationObserver(() => window.__appStates.push(
        app.getAttribute("data-test-connection-state") + "/" +
        app.getAttribute("data-test-script-state"))).observe(
        app, {attributes: true,
              attributeFilter: ["data-test-connection-state", "data-test-script-state"]});
}"""
# True once the connection dropped, came back, and a script run then finished.
_RECONNECTED_AND_RAN = """() => {
    const seen = window.__appStates || [];
    const lost = seen.findIndex(s => !s.startsWith("CONNECTED/"));
    if (lost < 0) return false;
    const back = seen.slice(lost);
    const running = back.indexOf("CONNECTED/running");
    return running >= 0 && back.slice(running).includes("CONNECTED/notRunning");
}"""


def _wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no sign of {what} within {timeout_s:.0f} s")
        time.sleep(0.2)


def _single_choice(count: int) -> list[Question]:
    return [q for q in load_bank().questions if q.type == "single"][:count]


def _right(question: Question) -> str:
    return next(o.text for o in question.options if o.correct)


# --------------------------------------------------------------------------- nginx configuration


def test_the_launcher_runs_nginx_on_the_deploy_site_file_unchanged(tmp_path: Path) -> None:
    conf = write_nginx_prefix(tmp_path, [8601, 8602], 8600)
    site = SITE_FILE.read_text(encoding="utf-8")
    assert (conf.parent / SITE_FILE.name).read_text(encoding="utf-8") == site
    directives = [line.split("#")[0].strip() for line in site.splitlines()]
    assert "hash $remote_addr consistent;" in directives
    assert not any(d.startswith("ip_hash") for d in directives)  # keys on a /24 only
    assert f"include {UPSTREAM_FILE};" in directives
    assert f"include {LISTEN_FILE};" in directives
    assert "proxy_next_upstream error timeout;" in directives
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert "proxy_set_header Upgrade $http_upgrade;" in directives
    assert (conf.parent / UPSTREAM_FILE).read_text().splitlines() == [
        "server 127.0.0.1:8601 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:8602 max_fails=1 fail_timeout=10s;",
    ]
    assert (conf.parent / LISTEN_FILE).read_text() == "listen 127.0.0.1:8600;\n"
    checked = subprocess.run(
        [*nginx_command(_nginx(), tmp_path), "-t"], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_nginx_keeps_each_client_address_on_one_replica_and_spreads_addresses(
    cluster: Cluster,
) -> None:
    """Sticky per address, spread over a /24: ip_hash would send 127.0.0.x all to one replica."""
    port = int(cluster.url.rstrip("/").rsplit(":", 1)[1])
    addresses = [f"127.0.0.{n}" for n in range(2, 62)]
    for _ in range(2):
        for address in addresses:
            connection = http.client.HTTPConnection("127.0.0.1", port, source_address=(address, 0))
            try:
                connection.request("GET", "/_stcore/health")
                assert connection.getresponse().read() == b"ok"
            finally:
                connection.close()
    assert cluster.access_log is not None
    log = cluster.access_log

    def served() -> dict[str, list[str]]:
        upstreams: dict[str, list[str]] = {}
        for line in log.read_text().splitlines():
            parts = line.split(maxsplit=4)  # address, status, method, path, replica
            if parts[0] in addresses:
                upstreams.setdefault(parts[0], []).append(parts[4])
        return upstreams

    # nginx logs a request just after answering it.
    _wait_for(lambda: sum(map(len, served().values())) == 2 * len(addresses), "the log", 10)
    by_address = served()
    assert all(len(set(replicas)) == 1 for replicas in by_address.values()), by_address
    first = cluster.replica_urls[0].rstrip("/").removeprefix("http://")
    on_first = sum(replicas[0] == first for replicas in by_address.values())
    assert 0.25 * len(addresses) <= on_first <= 0.75 * len(addresses), on_first


def test_several_replicas_refuse_sqlite(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Several replicas need PostgreSQL"):
        with start_cluster(2, f"sqlite:///{tmp_path / 'app.db'}", workdir=tmp_path):
            pass  # pragma: no cover
    assert not list(tmp_path.iterdir())  # refused before anything started


# --------------------------------------------------------------------------- shared state


def test_the_instructor_on_one_replica_sees_an_answer_sent_through_the_other(
    cluster: Cluster, browser: Browser, database_url: str
) -> None:
    replica_a, replica_b = cluster.replica_urls
    question = load_bank().questions[0]  # "All questions" starts with the bank's first
    teacher, learner_context = _context(browser), _context(browser, 420)
    try:
        instructor = teacher.new_page()
        instructor.goto(f"{replica_a}instructor")
        wait_for_app(instructor, 60_000)
        instructor.locator(".st-key-instructor-passcode input").fill(PASSCODE)
        instructor.get_by_role("button", name="Unlock").click()
        wait_for_app(instructor, 60_000)
        click_and_wait(instructor, ".st-key-instructor-create-session button", 60_000)
        code_block = instructor.locator(".st-key-instructor-join-code h1").first
        expect(code_block).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
        code = code_block.inner_text().strip()

        learner = learner_context.new_page()
        _join(learner, replica_b, code, "Bea")
        expect(instructor.get_by_text("1 joined.")).to_be_visible()
        click_and_wait(instructor, ".st-key-instructor-next button", 60_000)
        _answer(learner, question, _right(question))  # the question reached B from A's click
        panel = instructor.locator(".st-key-instructor-distribution")
        expect(panel.get_by_text("1 of 1 answered.")).to_be_visible()
        expect(panel.get_by_text(f"{_right(question)}: 1")).to_be_visible()
        _shot(instructor, "instructor-on-a-sees-b")
        assert _stored_answers(database_url, "Bea") == [question.id]
    finally:
        teacher.close()
        learner_context.close()


def test_passcode_tries_in_another_process_count_here(cluster: Cluster, database_url: str) -> None:
    """Another process (as another replica) uses up a client's instructor passcode tries; this
    one refuses that client and still lets another try: the counts are in the database."""
    client = "ip:203.0.113.7"
    script = (
        "import sys\n"
        "from deploycore.quiz.live import PASSCODE_TRIES_PER_CLIENT, RateLimiter\n"
        "from deploycore.quiz.storage import QuizStore\n"
        "limiter = RateLimiter(QuizStore(sys.argv[1]), PASSCODE_TRIES_PER_CLIENT)\n"
        "print(sum(limiter.hit(sys.argv[2]) for _ in range(PASSCODE_TRIES_PER_CLIENT.attempts)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, database_url, client],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == str(PASSCODE_TRIES_PER_CLIENT.attempts)
    store = QuizStore(database_url)
    try:
        limiter = RateLimiter(store, PASSCODE_TRIES_PER_CLIENT)
        assert not limiter.hit(client)
        assert limiter.retry_after_s(client) > 0
        assert limiter.hit("ip:203.0.113.8")
    finally:
        store.dispose()


# --------------------------------------------------------------------------- failover


def test_a_learner_whose_replica_is_killed_mid_question_carries_on_through_nginx(
    cluster: Cluster, browser: Browser, classroom: LiveClassroom, database_url: str
) -> None:
    first, second, third = _single_choice(3)
    session = classroom.create_session("replicas", "Failover", [first, second, third])
    context = _context(browser, 420)
    try:
        page = context.new_page()
        _join(page, cluster.url, session.code, "Kim")
        session = classroom.go_to(session, 0)
        _answer(page, first, _right(first))
        session = classroom.next_question(session)
        expect(page.get_by_role("heading", name=second.prompt)).to_be_visible()
        expect(page.get_by_text("Question 2 of 3")).to_be_visible()

        page.evaluate(_RECORD_STATES)
        serving = cluster.replica_serving("127.0.0.1")
        assert serving is not None, "nginx logged no request from the learner"
        cluster.kill_replica(serving)
        assert not cluster.replica_alive(serving)
        survivor = 1 - serving
        assert cluster.replica_alive(survivor)

        # Streamlit's frontend reconnects by itself (it pings /_stcore/health first, which nginx
        # sends to the live replica) and asks the new server session for a full run, which
        # rejoins from the page address and the browser's cookie. Until that run ends the page
        # shows what it had: wait for it, as a click during it is dropped (it names a fragment
        # the new session does not have yet). On a replica that has served nobody yet that
        # first run imports the app's pages: seconds on a busy machine.
        page.wait_for_function(_RECONNECTED_AND_RAN, timeout=90_000)
        assert cluster.replica_serving("127.0.0.1") == survivor
        expect(page.get_by_role("heading", name=second.prompt)).to_be_visible()
        expect(page.get_by_text("Question 2 of 3")).to_be_visible()
        expect(page.get_by_role("button", name="Send my answer")).to_be_visible()
        assert _stored_answers(database_url, "Kim") == [first.id]  # kept, not doubled
        _shot(page, "learner-after-failover")

        # Send as a learner would: again if no "saved" comes back, as Streamlit can still drop a
        # click made while the new session is catching up (README); never stored twice.
        option = page.locator(".st-key-join-live label").filter(has_text=_right(second))
        option.click()
        page.wait_for_timeout(150)
        saved = page.get_by_text("Your answer is saved")
        for attempt in range(3):
            click_and_wait(page, ".st-key-join-send button", 60_000)
            try:
                expect(saved).to_be_visible(timeout=15_000)
                break
            except AssertionError:
                print("send dropped after failover; states:", page.evaluate("window.__appStates"))
                assert attempt < 2, "three sends after the failover were all dropped"
        assert _stored_answers(database_url, "Kim") == [first.id, second.id]
        # A resent answer (a retry after the reconnect, even a different one) changes nothing.
        kim = next(p for p in classroom.store.participants(session.id) if p.nickname == "Kim")
        wrong = next(o.id for o in second.options if not o.correct)
        resent = Response(question_id=second.id, selected_option_ids=frozenset({wrong}))
        again = classroom.submit(kim, resent)
        assert again.status is SubmitStatus.ALREADY_STORED
        assert again.answer is not None and again.answer.is_correct  # the first answer stands
        assert _stored_answers(database_url, "Kim") == [first.id, second.id]
    finally:
        context.close()
