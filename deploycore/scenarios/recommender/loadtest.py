"""Bounded concurrent load test of an HTTP endpoint: throughput and p50/p95/p99 latency.

The load generator is a small asyncio client that keeps N HTTP/1.1 keep-alive connections busy
(one request in flight per connection) until a request budget or a time limit runs out. It is
written on raw asyncio streams rather than httpx because the generator shares the machine's
cores with the server: httpx spends several times more CPU per request and would measure itself.
`right_size` runs it against fresh servers with 1 and 2 worker processes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import numpy as np
from pydantic import BaseModel, Field

from deploycore.scenarios.recommender.contract import request_json
from deploycore.scenarios.recommender.server import start_server

LOAD_GENERATOR = "python asyncio keep-alive client (1 process, raw HTTP/1.1 on asyncio streams)"
DEFAULT_CONNECTIONS = 16
MAX_CONNECTIONS = 64
MAX_DURATION_S = 30.0
MAX_REQUESTS = 200_000
WARM_UP_REQUESTS = 200


class LoadTestSettings(BaseModel):
    """What one load test does; every bound is validated."""

    connections: int = Field(default=DEFAULT_CONNECTIONS, ge=1, le=MAX_CONNECTIONS)
    duration_s: float = Field(default=3.0, gt=0, le=MAX_DURATION_S)
    max_requests: int = Field(default=20_000, ge=1, le=MAX_REQUESTS)


class LoadTestResult(BaseModel):
    """Figures of one load test."""

    label: str
    workers: int = Field(ge=1)
    connections: int = Field(ge=1)
    requests: int = Field(ge=0)
    errors: int = Field(ge=0)
    duration_s: float = Field(ge=0)
    requests_per_second: float = Field(ge=0)
    p50_ms: float = Field(ge=0)
    p95_ms: float = Field(ge=0)
    p99_ms: float = Field(ge=0)
    mean_ms: float = Field(ge=0)

    @property
    def service_time_ms(self) -> float:
        """Busy time per request of one worker process: workers / throughput, in ms."""
        if self.requests_per_second == 0:
            return 0.0
        return 1000.0 * self.workers / self.requests_per_second


def http_request(url: str, method: str = "GET", body: str | None = None) -> bytes:
    """The bytes of one keep-alive HTTP/1.1 request to `url` (a JSON body if given)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: keep-alive"]
    payload = (body or "").encode()
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    raise ValueError("response without Content-Length")


class _Budget:
    def __init__(self, requests: int, deadline: float) -> None:
        self.left = requests
        self.deadline = deadline

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() >= self.deadline:
            return False
        self.left -= 1
        return True


async def _connection(
    host: str, port: int, request: bytes, budget: _Budget, latencies: list[float]
) -> int:
    """Send requests one after another on one connection; return the number of errors."""
    errors = 0
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while budget.take():
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(_content_length(head))
            latencies.append(time.perf_counter() - start)
            if head[9:12] != b"200":
                errors += 1
    finally:
        writer.close()
    return errors


async def _load(
    url: str, request: bytes, settings: LoadTestSettings
) -> tuple[list[float], int, float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[float] = []
    started = time.perf_counter()
    budget = _Budget(settings.max_requests, started + settings.duration_s)
    errors = await asyncio.gather(
        *(_connection(host, port, request, budget, latencies) for _ in range(settings.connections))
    )
    return latencies, sum(errors), time.perf_counter() - started


def run_load(
    url: str,
    method: str = "GET",
    body: str | None = None,
    settings: LoadTestSettings | None = None,
    label: str = "",
    workers: int = 1,
) -> LoadTestResult:
    """Load-test `url` (the full address incl. path) and summarise latency and throughput."""
    settings = settings or LoadTestSettings()
    request = http_request(url, method, body)
    latencies, errors, elapsed = asyncio.run(_load(url, request, settings))
    millis = np.asarray(latencies) * 1000.0 if latencies else np.zeros(1)
    p50, p95, p99 = (float(x) for x in np.percentile(millis, [50, 95, 99]))
    return LoadTestResult(
        label=label or f"{method} {urlsplit(url).path}",
        workers=workers,
        connections=settings.connections,
        requests=len(latencies),
        errors=errors,
        duration_s=round(elapsed, 3),
        requests_per_second=len(latencies) / elapsed if elapsed > 0 else 0.0,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99,
        mean_ms=float(millis.mean()),
    )


def warm_up(url: str, method: str = "GET", body: str | None = None) -> None:
    """A short burst so caches and connections are ready before the measured run."""
    run_load(url, method, body, LoadTestSettings(connections=4, max_requests=WARM_UP_REQUESTS))


def right_size(
    item_id: str,
    worker_counts: Sequence[int] = (1, 2),
    settings: LoadTestSettings | None = None,
) -> list[LoadTestResult]:
    """Load-test POST /score on a fresh server per worker count; each server is stopped after."""
    settings = settings or LoadTestSettings()
    body = request_json(item_id)
    results: list[LoadTestResult] = []
    for workers in worker_counts:
        server = start_server(workers=workers)
        try:
            warm_up(f"{server.url}/score", "POST", body)
            label = f"{workers} worker process" + ("es" if workers > 1 else "")
            results.append(run_load(f"{server.url}/score", "POST", body, settings, label, workers))
        finally:
            server.stop()
    return results


def summarise(results: Sequence[LoadTestResult]) -> str:
    """The figures of a right-sizing run in words (the text alternative of its chart)."""
    lines = [
        f"{r.label}: {r.requests_per_second:,.0f} requests/s; latency p50 {r.p50_ms:.1f} ms, "
        f"p95 {r.p95_ms:.1f} ms, p99 {r.p99_ms:.1f} ms ({r.requests:,} requests in "
        f"{r.duration_s:.1f} s over {r.connections} connections, {r.errors} errors)."
        for r in results
    ]
    if len(results) >= 2 and results[0].requests_per_second > 0:
        first, last = results[0], results[-1]
        factor = last.requests_per_second / first.requests_per_second
        lines.append(
            f"{last.workers} worker processes served {factor:.2f}× the throughput of "
            f"{first.workers}. On a 2-core machine the load generator shares the cores with the "
            "server, so a second worker cannot double it."
        )
    return " ".join(lines)
