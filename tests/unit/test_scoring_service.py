"""The scoring endpoint over real HTTP on loopback: contract, bad input, server life cycle."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploycore.infra.settings import ROOT
from deploycore.scenarios.recommender.client import ScoringError, score
from deploycore.scenarios.recommender.contract import MAX_BODY_BYTES, MAX_K
from deploycore.scenarios.recommender.loadtest import LoadTestSettings, run_load, summarise
from deploycore.scenarios.recommender.server import (
    ScoringServer,
    ensure_running,
    free_port,
    is_healthy,
    recorded_server,
    start_server,
    stop_recorded,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScoringServer]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEPLOY_DATA_DIR", str(tmp_path_factory.mktemp("scoring")))
        running = start_server(workers=1)
    try:
        yield running
    finally:
        running.stop()


def _raw_request(url: str, request: bytes) -> bytes:
    """Send raw bytes on a socket and return the whole reply (for chunked bodies)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_score_returns_k_related_items_best_first(server: ScoringServer) -> None:
    reply = httpx.post(f"{server.url}/score", json={"item_id": "SH-001", "k": 4})
    assert reply.status_code == 200
    body = reply.json()
    assert body["item_id"] == "SH-001" and body["model_version"] == "v1"
    scores = [item["score"] for item in body["items"]]
    assert len(scores) == 4 and scores == sorted(scores, reverse=True)
    assert {"name", "category", "colour_hex", "price_usd"} <= set(body["items"][0])
    assert "SH-001" not in {item["item_id"] for item in body["items"]}


def test_k_defaults_to_five(server: ScoringServer) -> None:
    reply = httpx.post(f"{server.url}/score", json={"item_id": "TI-002"})
    assert len(reply.json()["items"]) == 5


def test_unknown_item_is_404_with_a_message(server: ScoringServer) -> None:
    reply = httpx.post(f"{server.url}/score", json={"item_id": "SH-999"})
    assert reply.status_code == 404
    assert "Unknown item 'SH-999'" in reply.json()["detail"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"{}",
        b'{"item_id": 12}',
        b'{"item_id": "shirt"}',
        b'{"item_id": "SH-001", "k": 0}',
        b'{"item_id": "SH-001", "k": ' + str(MAX_K + 1).encode() + b"}",
        b'{"item_id": "SH-001", "colour": "red"}',
        b'["SH-001"]',
    ],
)
def test_malformed_bodies_are_422(server: ScoringServer, content: bytes) -> None:
    reply = httpx.post(
        f"{server.url}/score", content=content, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"]


def test_oversized_body_is_413_by_content_length(server: ScoringServer) -> None:
    padding = "x" * (MAX_BODY_BYTES + 1)
    reply = httpx.post(f"{server.url}/score", json={"item_id": "SH-001", "pad": padding})
    assert reply.status_code == 413
    assert "too large" in reply.json()["detail"]


def test_oversized_chunked_body_is_413(server: ScoringServer) -> None:
    chunk = b"x" * 3000
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(2)) + b"0\r\n\r\n"
    head = (
        b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    assert _raw_request(server.url, head + body).startswith(b"HTTP/1.1 413")


def test_small_chunked_body_is_scored(server: ScoringServer) -> None:
    payload = b'{"item_id": "SH-002", "k": 2}'
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
    head = (
        b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    reply = _raw_request(server.url, head + body)
    assert reply.startswith(b"HTTP/1.1 200") and b'"SH-002"' in reply


def test_health_constant_and_openapi_docs(server: ScoringServer) -> None:
    health = httpx.get(f"{server.url}/health").json()
    assert health["status"] == "ok" and health["items"] == 305 and health["pid"] > 0
    assert httpx.get(f"{server.url}/constant").json() == {"message": "constant"}
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/score", "/health", "/constant"} <= set(spec["paths"])
    assert {"404", "413", "422"} <= set(spec["paths"]["/score"]["post"]["responses"])
    docs = httpx.get(f"{server.url}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_client_measures_the_round_trip_and_reports_refusals_in_words(
    server: ScoringServer,
) -> None:
    call = score(server.url, "SH-010", k=3)
    assert len(call.response.items) == 3 and 0 < call.round_trip_ms < 5000
    assert call.endpoint_url == f"{server.url}/score" and "SH-010" in call.curl
    with pytest.raises(ScoringError, match="404"):
        score(server.url, "SH-999")


def test_client_says_when_nothing_answers() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ScoringError, match="did not answer"):
        score(f"http://127.0.0.1:{port}", "SH-001", timeout_s=1)


def test_load_test_is_bounded_by_its_request_budget(server: ScoringServer) -> None:
    settings = LoadTestSettings(connections=4, duration_s=10, max_requests=300)
    result = run_load(f"{server.url}/score", "POST", '{"item_id": "SH-001"}', settings)
    assert result.requests == 300 and result.errors == 0
    assert result.p50_ms <= result.p95_ms <= result.p99_ms
    assert result.requests_per_second > 0 and result.service_time_ms > 0
    assert "requests/s" in summarise([result])


def test_load_test_counts_refused_requests_as_errors(server: ScoringServer) -> None:
    settings = LoadTestSettings(connections=2, duration_s=10, max_requests=20)
    result = run_load(f"{server.url}/score", "POST", '{"item_id": "SH-999"}', settings)
    assert result.errors == 20


def test_ensure_running_starts_once_then_reuses_the_recorded_server() -> None:
    first = ensure_running()
    try:
        again = ensure_running()
        assert again.url == first.url and again.pid == first.pid
        recorded = recorded_server()
        assert recorded is not None and recorded.url == first.url
    finally:
        assert stop_recorded()
    assert not is_healthy(first.url)
    assert recorded_server() is None


def test_a_server_healthy_moments_ago_is_reused_without_asking_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from deploycore.scenarios.recommender import server as server_module

    asked: list[str] = []

    def counting(url: str, timeout_s: float = 1.0) -> bool:
        asked.append(url)
        return is_healthy(url, timeout_s)

    monkeypatch.setattr(server_module, "is_healthy", counting)
    first = ensure_running()
    try:
        asked.clear()
        assert ensure_running().pid == first.pid
        assert asked == []  # answered /health moments ago and its process is there
        monkeypatch.setattr(server_module, "HEALTH_FRESH_S", 0.0)
        assert ensure_running().pid == first.pid
        assert asked == [first.url]  # no longer fresh: asked again
    finally:
        assert stop_recorded()
    monkeypatch.setattr(server_module, "HEALTH_FRESH_S", 60.0)
    replacement = ensure_running()  # the old process is gone: not reused, however fresh
    try:
        assert replacement.pid != first.pid and is_healthy(replacement.url)
    finally:
        assert stop_recorded()


def test_a_started_server_stops_when_the_process_that_started_it_ends(tmp_path: Path) -> None:
    script = (
        "from deploycore.scenarios.recommender.server import start_server\n"
        "server = start_server(workers=1)\n"
        "print(server.url, flush=True)\n"
    )
    env = {**os.environ, "DEPLOY_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=90, check=True,
    )  # fmt: skip
    url = done.stdout.strip()
    deadline = time.monotonic() + 10
    while is_healthy(url, timeout_s=0.5) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not is_healthy(url)


def test_two_worker_processes_answer_without_nagle_delays(tmp_path: Path) -> None:
    """With --workers, uvicorn's own listening socket left Nagle on: ~40 ms per request."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEPLOY_DATA_DIR", str(tmp_path))
        two = start_server(workers=2)
    try:
        settings = LoadTestSettings(connections=1, duration_s=10, max_requests=100)
        result = run_load(f"{two.url}/score", "POST", '{"item_id": "SH-001"}', settings)
    finally:
        two.stop()
    assert result.errors == 0
    assert result.p50_ms < 20


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_bodies = (
    st.fixed_dictionaries(
        {"item_id": st.text(max_size=12) | st.sampled_from(["SH-001", "FW-045", "ZZ-000"])},
        optional={"k": st.integers(min_value=-3, max_value=30) | _json_values},
    )
    | _json_values
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_bodies)
def test_any_json_body_gets_a_clear_answer_never_a_server_error(
    server: ScoringServer, body: object
) -> None:
    reply = httpx.post(f"{server.url}/score", json=body)
    assert reply.status_code in {200, 404, 422}, reply.text
    if reply.status_code == 200:
        assert len(reply.json()["items"]) == body.get("k", 5)  # type: ignore[union-attr]
    else:
        assert reply.json()["detail"]


def test_the_app_reuses_a_server_started_by_hand_and_forgets_it_when_it_stops() -> None:
    port = free_port()
    env = dict(os.environ)  # the same (per-test) data directory as this process
    command = [
        sys.executable,
        "-m",
        "deploycore.scenarios.recommender.server",
        "serve",
        "--port",
        str(port),
    ]
    by_hand = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not is_healthy(url, timeout_s=0.5) and time.monotonic() < deadline:
            time.sleep(0.2)
        reused = ensure_running()
        assert reused.url == url and reused.pid == by_hand.pid
    finally:
        by_hand.terminate()
        by_hand.wait(timeout=20)
        forgotten = recorded_server() is None
        stop_recorded()  # only acts if the assertion above failed and a second one started
    assert forgotten
