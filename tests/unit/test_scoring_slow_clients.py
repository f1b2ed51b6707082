"""Slow and idle clients cannot starve the scoring endpoint: they time out, and a new client's
`/health` is answered while many of them hold connections (a slowloris attack, scaled down)."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from deploycore.infra.repeated_logs import CollapseRepeats
from deploycore.scenarios.recommender.server import HOST, ScoringServer, start_server

READ_TIMEOUT_S = 1.0
MAX_CONNECTIONS = 40
SLOW_CLIENTS = 3 * MAX_CONNECTIONS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScoringServer]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEPLOY_DATA_DIR", str(tmp_path_factory.mktemp("slow-clients")))
        running = start_server(
            workers=1, read_timeout_s=READ_TIMEOUT_S, max_connections=MAX_CONNECTIONS
        )
    try:
        yield running
    finally:
        running.stop()


def _open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has ended this connection (a 408 or 503 reply, then EOF, or a reset)."""
    sock.settimeout(3.0)
    try:
        while chunk := sock.recv(4096):
            if not chunk.startswith((b"HTTP/1.1 408", b"HTTP/1.1 503")):
                return False
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_many_slow_clients_time_out_and_a_new_client_still_gets_health(
    server: ScoringServer,
) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    baseline = _open_files(server.pid)
    slow: list[socket.socket] = []
    idle: list[socket.socket] = []
    try:
        for number in range(SLOW_CLIENTS):
            sock = socket.create_connection((HOST, port), timeout=5)
            if number % 2:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # headers never finish
                slow.append(sock)
            else:
                idle.append(sock)  # connects and says nothing
        started = time.monotonic()
        reply = httpx.get(f"{server.url}/health", timeout=5)
        took = time.monotonic() - started
        assert reply.status_code == 200 and took < 2.0, f"/health took {took:.2f} s"
        assert _open_files(server.pid) <= baseline + MAX_CONNECTIONS + 8, "no connection cap"

        time.sleep(READ_TIMEOUT_S + 0.5)
        still_open = [s for s in slow + idle if not _closed_by_server(s)]
        assert not still_open, f"{len(still_open)} slow or idle connections were never closed"
    finally:
        for sock in slow + idle:
            sock.close()


def test_a_client_that_sends_its_request_in_time_is_answered(server: ScoringServer) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection((HOST, port), timeout=5) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        time.sleep(READ_TIMEOUT_S / 3)
        sock.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200"), reply[:80]


def test_a_repeated_error_is_logged_once_then_with_a_count() -> None:
    clock = [0.0]
    collapse = CollapseRepeats(window_s=10.0, clock=lambda: clock[0])
    logger = logging.getLogger("test.repeats")
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Keep()
    logger.addHandler(handler)
    logger.addFilter(collapse)
    logger.propagate = False
    try:
        for _ in range(1000):
            logger.error("socket.accept() out of system resource: %s", "Errno 24")
            clock[0] += 0.001
        logger.error("another problem")
        clock[0] += 11.0
        logger.error("socket.accept() out of system resource: %s", "Errno 24")
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(collapse)
    assert seen == [
        "socket.accept() out of system resource: Errno 24",
        "another problem",
        "socket.accept() out of system resource: Errno 24 (and 999 more like it in the last 10 s)",
    ]
