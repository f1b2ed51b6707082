"""Benchmark the scoring endpoint against a bare constant endpoint of the same server.

Usage: python bench/bench_endpoint.py [--seconds S] [--rounds N] [--workers 1 2]
Prints JSON: throughput and p50/p95/p99 latency at 16 connections for POST /score and
GET /constant, measured alternately in the same run on the same server (median of the rounds),
their throughput ratio and the targets (model >= 50 % of bare throughput, p99 < 25 ms), plus
the server's CPU time per request, which other load on the machine barely moves.
The load generator is `wrk` (one thread) when installed (`apt-get install -y wrk`), otherwise
the project's asyncio client; the JSON says which. Both share the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploycore.scenarios.recommender.contract import request_json  # noqa: E402
from deploycore.scenarios.recommender.loadtest import (  # noqa: E402
    LOAD_GENERATOR,
    LoadTestResult,
    LoadTestSettings,
    run_load,
    warm_up,
)
from deploycore.scenarios.recommender.server import start_server  # noqa: E402

CONNECTIONS = 16
MAX_REQUESTS = 200_000
TARGET_RATIO = 0.5
TARGET_P99_MS = 25.0
ITEM = "SH-004"

# wrk reports through this Lua hook: one JSON line with the figures (latencies in µs).
_WRK_SCRIPT = """
wrk.method = "{method}"
{body}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {{"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def _wrk(url: str, method: str, body: str | None, seconds: float, label: str) -> LoadTestResult:
    wrk = shutil.which("wrk")
    assert wrk is not None
    lua_body = (
        f'wrk.body = \'{body}\'\nwrk.headers["Content-Type"] = "application/json"' if body else ""
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT.format(method=method, body=lua_body))
    try:
        duration = f"-d{max(1, round(seconds))}s"  # wrk takes whole seconds
        done = subprocess.run(
            [wrk, "-t1", f"-c{CONNECTIONS}", duration, "-s", script.name, url],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    found = re.search(r"WRKJSON (\{.*\})", done.stdout)
    if found is None:
        raise RuntimeError(f"wrk printed no figures: {done.stdout} {done.stderr}")
    figures = json.loads(found.group(1))
    duration_s = figures["duration_us"] / 1e6
    return LoadTestResult(
        label=label,
        workers=1,
        connections=CONNECTIONS,
        requests=figures["requests"],
        errors=figures["errors"] + figures["non_2xx"],
        duration_s=round(duration_s, 3),
        requests_per_second=figures["requests"] / duration_s,
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        mean_ms=figures["mean_us"] / 1000,
    )


def _measure(
    url: str, method: str, body: str | None, seconds: float, label: str, use_wrk: bool
) -> LoadTestResult:
    if use_wrk:
        return _wrk(url, method, body, seconds, label)
    settings = LoadTestSettings(
        connections=CONNECTIONS, duration_s=seconds, max_requests=MAX_REQUESTS
    )
    return run_load(url, method, body, settings, label)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its direct children (uvicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(child) for child in children.read_text().split()]
    total = 0.0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _median(results: list[LoadTestResult]) -> dict[str, float]:
    keys = ("requests_per_second", "p50_ms", "p95_ms", "p99_ms")
    figures = {key: round(statistics.median(getattr(r, key) for r in results), 2) for key in keys}
    figures["requests"] = sum(r.requests for r in results)
    figures["errors"] = sum(r.errors for r in results)
    return figures


def bench(workers: int, seconds: float, rounds: int, use_wrk: bool) -> dict[str, object]:
    """Alternate /constant and /score `rounds` times on one server with `workers` processes."""
    body = request_json(ITEM)
    server = start_server(workers=workers)
    try:
        warm_up(f"{server.url}/constant")
        warm_up(f"{server.url}/score", "POST", body)
        bare: list[LoadTestResult] = []
        model: list[LoadTestResult] = []
        cpu = {"bare": 0.0, "model": 0.0}
        for _ in range(rounds):
            for name, path, method, payload, results in (
                ("bare", "/constant", "GET", None, bare),
                ("model", "/score", "POST", body, model),
            ):
                before = _cpu_seconds(server.pid)
                results.append(
                    _measure(f"{server.url}{path}", method, payload, seconds, name, use_wrk)
                )
                cpu[name] += _cpu_seconds(server.pid) - before
    finally:
        server.stop()
    bare_figures, model_figures = _median(bare), _median(model)
    # Server CPU per request barely depends on what else the machine runs: a steadier figure.
    for name, figures in (("bare", bare_figures), ("model", model_figures)):
        figures["server_cpu_us_per_request"] = round(1e6 * cpu[name] / figures["requests"])
    ratio = model_figures["requests_per_second"] / bare_figures["requests_per_second"]
    return {
        "workers": workers,
        "bare_constant_endpoint": bare_figures,
        "model_score_endpoint": model_figures,
        "throughput_ratio_model_to_bare": round(ratio, 3),
        "throughput_ratio_implied_by_server_cpu": round(
            bare_figures["server_cpu_us_per_request"]
            / max(model_figures["server_cpu_us_per_request"], 1),
            3,
        ),
        "meets_throughput_target": ratio >= TARGET_RATIO,
        "meets_p99_target": model_figures["p99_ms"] < TARGET_P99_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    with tempfile.TemporaryDirectory() as data:
        os.environ["DEPLOY_DATA_DIR"] = data
        load_before = os.getloadavg()[0]
        runs = [bench(w, args.seconds, args.rounds, use_wrk) for w in args.workers]
        load_after = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "benchmark": "scoring endpoint vs bare constant endpoint, same server, same run",
                "load_generator": "wrk 1 thread (C, epoll)" if use_wrk else LOAD_GENERATOR,
                "connections": CONNECTIONS,
                "seconds_per_measurement": args.seconds,
                "rounds": args.rounds,
                "figures_are": "median over rounds; requests/errors are totals",
                "targets": {
                    "throughput_ratio_at_least": TARGET_RATIO,
                    "p99_ms_below": TARGET_P99_MS,
                },
                "cpu_cores": os.cpu_count(),
                "load_average_1min_before_after": [round(load_before, 2), round(load_after, 2)],
                "runs": runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
