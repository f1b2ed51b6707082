"""Rate limits a new tab cannot reset: counted in the database (two processes and a restart see
the same counts), per client address and per join code, successful joins included; the address
comes from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from deploycore.infra.client_address import client_address, parse_networks
from deploycore.infra.settings import trusted_proxies
from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import JoinLimits, Limit, LiveClassroom, RateLimiter
from deploycore.quiz.storage import QuizStore

LIMIT = Limit("two-processes", attempts=10)
QUESTION = next(q for q in load_bank().questions if q.type == "single")


# ------------------------------------------------------------------ client address

PROXIES = parse_networks(["127.0.0.1", "::1", "10.0.0.0/8"])


def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy() -> None:
    # Behind the same-host proxy (Streamlit reports a loopback peer as None).
    assert client_address(None, ["203.0.113.9"], PROXIES) == "203.0.113.9"
    # A client that writes the header itself, straight to the app, is not believed.
    assert client_address("198.51.100.7", ["203.0.113.9"], PROXIES) == "198.51.100.7"
    # A forged left-most hop is skipped: the proxy appends the real peer on the right.
    assert client_address("10.0.0.2", ["1.1.1.1, 203.0.113.9, 10.0.0.3"], PROXIES) == (
        "203.0.113.9"
    )
    # Unknown: a loopback peer with no proxy configured, or a proxy that names nobody.
    assert client_address(None, ["203.0.113.9"], ()) is None
    assert client_address(None, [], PROXIES) is None
    assert client_address(None, ["not-an-address"], PROXIES) is None


def test_trusted_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, ::1 10.0.0.0/8")
    assert trusted_proxies() == ("127.0.0.1", "::1", "10.0.0.0/8")
    with pytest.raises(ValueError, match="nonsense"):
        parse_networks(["nonsense"])


# ------------------------------------------------------------------ shared counts


def _hammer(url: str, start_at: float, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One app process: 10 attempts for the same client, all at about the same moment."""
    store = QuizStore(url)
    limiter = RateLimiter(store, LIMIT)
    while time.time() < start_at:
        time.sleep(0.001)
    results.put(sum(limiter.hit("ip:203.0.113.9") for _ in range(10)))
    store.dispose()


def test_two_processes_share_one_limit_and_a_restart_keeps_it(database_url: str) -> None:
    QuizStore(database_url).dispose()  # schema first, so both processes only count
    fork = multiprocessing.get_context("fork")  # two processes with nothing open yet
    results: multiprocessing.Queue = fork.Queue()  # type: ignore[type-arg]
    start_at = time.time() + 1.5
    workers = [
        fork.Process(target=_hammer, args=(database_url, start_at, results)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    allowed = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert sum(allowed) == LIMIT.attempts, allowed
    restarted = QuizStore(database_url)  # a new process after a restart
    try:
        assert RateLimiter(restarted, LIMIT).retry_after_s("ip:203.0.113.9") > 0
    finally:
        restarted.dispose()


# ------------------------------------------------------------------ joins


def test_one_client_cannot_use_up_a_sessions_joins(database_url: str) -> None:
    store = QuizStore(database_url)
    try:
        # The shipped limits scaled down 4x (80 -> 20 per client, 200 -> 50 per code).
        limits = JoinLimits(per_client=Limit("client", 20), per_code=Limit("code", 50))
        classroom = LiveClassroom(store, limits)
        session = classroom.create_session("demo", "Demo", [QUESTION])
        flood = [classroom.join(session.code, f"bot {n}", "ip:198.51.100.7") for n in range(50)]
        assert sum(j.participant is not None for j in flood) == 20
        assert "Too many joins from this network" in flood[-1].message
        learner = classroom.join(session.code, "Real learner", "ip:203.0.113.9")
        assert learner.participant is not None, learner.message
    finally:
        store.dispose()


def test_failed_joins_from_unknown_clients_share_one_bucket(database_url: str) -> None:
    store = QuizStore(database_url)
    try:
        classroom = LiveClassroom(store, JoinLimits(failures_per_client=Limit("miss", 5)))
        # Five tabs, five browser sessions: all "unknown" (no address), so one count.
        misses = [classroom.join("ZZZZZZ", f"tab {n}", "unknown") for n in range(6)]
        assert "Too many join attempts" in misses[-1].message
        assert sum("Too many" in m.message for m in misses) == 1
    finally:
        store.dispose()
