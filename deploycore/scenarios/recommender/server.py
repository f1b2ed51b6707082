"""Start and stop the scoring endpoint (uvicorn) on a free 127.0.0.1 port, in a subprocess.

`ensure_running()` is what the app calls: it reuses a healthy server recorded in a small state
file under the data directory, or starts one that stops itself when the starting process ends.
`python -m deploycore.scenarios.recommender.server serve` is what `make serve` runs (in the
foreground).
Not the endpoint itself (see `service`).
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from deploycore.infra.settings import ROOT, data_dir
from deploycore.scenarios.recommender.guarded_protocol import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_READ_TIMEOUT_S,
    MAX_CONNECTIONS_ENV,
    READ_TIMEOUT_ENV,
    GuardedHttpToolsProtocol,
)
from deploycore.scenarios.recommender.model import MODEL_VERSION

HOST = "127.0.0.1"
APP_IMPORT = "deploycore.scenarios.recommender.service:app"
STATE_FILE = "scoring-server.json"
LOG_FILE = "scoring-server.log"
START_TIMEOUT_S = 60.0
PARENT_POLL_S = 0.5
WORKER_PING_TIMEOUT_S = 60
# Connections accepted in one go before the cap can act; they need file descriptors too.
ACCEPT_BACKLOG = 256
# File descriptors kept for the process itself (logs, model files, event loop, pipes).
FD_RESERVE = 64
# Requests being answered at once beyond the connection cap before uvicorn answers 503.
TASK_HEADROOM = 64


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class ScoringServer:
    """A running scoring server: where it answers, its process id and worker count."""

    url: str
    pid: int
    workers: int
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Terminate the server (and its workers) and wait for it to exit."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=timeout_s)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and _pid_alive(self.pid):
            time.sleep(0.05)


def _pid_alive(pid: int) -> bool:
    """Whether `pid` still runs (a child of ours that has exited is reaped, not counted)."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return False
    except ChildProcessError:
        pass  # not our child: ask the kernel below
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@functools.cache
def _http() -> httpx.Client:
    """One HTTP client per process (creating one costs tens of ms; it is thread-safe)."""
    return httpx.Client()


def is_healthy(url: str, timeout_s: float = 1.0) -> bool:
    """Whether a scoring endpoint of the current model version answers /health at `url`."""
    try:
        reply = _http().get(f"{url}/health", timeout=timeout_s)
    except httpx.HTTPError:
        return False
    if reply.status_code != 200:
        return False
    try:
        return bool(reply.json().get("model_version") == MODEL_VERSION)
    except ValueError:
        return False


def start_server(
    workers: int = 1,
    port: int | None = None,
    stop_with_me: bool = True,
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> ScoringServer:
    """Start uvicorn with `workers` processes on 127.0.0.1 and wait until /health answers.

    With `stop_with_me`, the server exits by itself when this process ends. A client must send
    its request within `read_timeout_s`; each worker keeps at most `max_connections` open.
    """
    if not 1 <= workers <= 8:
        raise ValueError("workers must be between 1 and 8")
    port = port or free_port()
    url = f"http://{HOST}:{port}"
    command = [
        sys.executable, "-m", "deploycore.scenarios.recommender.server", "serve",
        "--port", str(port), "--workers", str(workers),
        "--read-timeout", f"{read_timeout_s:g}", "--max-connections", str(max_connections),
    ]  # fmt: skip
    if stop_with_me:
        command += ["--parent-pid", str(os.getpid())]
    log = (data_dir() / LOG_FILE).open("ab")
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    server = ScoringServer(url=url, pid=process.pid, workers=workers, process=process)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the scoring server exited with code {process.returncode}; "
                f"see {data_dir() / LOG_FILE}"
            )
        if is_healthy(url, timeout_s=0.5):
            return server
        time.sleep(0.1)
    server.stop()
    raise TimeoutError(f"the scoring server did not answer on {url} within {START_TIMEOUT_S} s")


def _state_path() -> Path:
    return data_dir() / STATE_FILE


def recorded_server() -> ScoringServer | None:
    """The server recorded in the state file, if the file is there and readable."""
    try:
        state = json.loads(_state_path().read_text())
        return ScoringServer(url=str(state["url"]), pid=int(state["pid"]), workers=1)
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The shirt shop asks on every run; a recorded server that answered /health this recently and
# whose process is still there is reused without another HTTP round trip (under load one cost
# 5-30 ms per run). A server that dies meanwhile is seen by its process id.
HEALTH_FRESH_S = 5.0
_last_healthy: dict[tuple[str, int], float] = {}


def _healthy_recently(server: ScoringServer) -> bool:
    checked = _last_healthy.get((server.url, server.pid))
    return (
        checked is not None
        and time.monotonic() - checked < HEALTH_FRESH_S
        and _pid_alive(server.pid)
    )


def ensure_running() -> ScoringServer:
    """The app's scoring server: reuse the recorded one when healthy, else start and record one."""
    lock_path = data_dir() / f"{STATE_FILE}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recorded = recorded_server()
        if recorded is not None:
            if _healthy_recently(recorded):
                return recorded
            if is_healthy(recorded.url):
                _last_healthy[(recorded.url, recorded.pid)] = time.monotonic()
                return recorded
        server = start_server(workers=1)
        _state_path().write_text(json.dumps({"url": server.url, "pid": server.pid}))
        _last_healthy[(server.url, server.pid)] = time.monotonic()
        return server


def stop_recorded() -> bool:
    """Stop the server recorded in the state file (if any) and forget it; True if one was."""
    recorded = recorded_server()
    _state_path().unlink(missing_ok=True)
    if recorded is None or not _pid_alive(recorded.pid):
        return False
    recorded.stop()
    return True


def _exit_when_parent_ends(parent_pid: int) -> None:
    """Watchdog: when the process that started us is gone, shut down like on Ctrl+C."""

    def watch() -> None:
        while _pid_alive(parent_pid) and os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def usable_connections(requested: int) -> int:
    """`requested`, lowered so that connections, one accept batch and the process's own files
    fit under the open-file limit (raised to its hard maximum first); at least 16."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = requested + ACCEPT_BACKLOG + FD_RESERVE
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return requested
    return max(16, min(requested, soft - ACCEPT_BACKLOG - FD_RESERVE))


def serve(
    port: int,
    workers: int,
    parent_pid: int | None = None,
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> None:
    """Run uvicorn in the foreground (blocks until stopped)."""
    import uvicorn

    if parent_pid is not None:
        _exit_when_parent_ends(parent_pid)
    connections = usable_connections(max_connections)
    # Worker processes read these (they are started afresh and inherit the environment).
    os.environ[READ_TIMEOUT_ENV] = f"{read_timeout_s:g}"
    os.environ[MAX_CONNECTIONS_ENV] = str(connections)
    uvicorn.run(
        APP_IMPORT,
        host=HOST,
        port=port,
        workers=workers,
        http=GuardedHttpToolsProtocol,
        backlog=ACCEPT_BACKLOG,
        limit_concurrency=connections + TASK_HEADROOM,
        # An idle keep-alive connection is closed after this many seconds.
        timeout_keep_alive=max(1, round(read_timeout_s)),
        # uvicorn kills a worker that does not answer its ping within this many seconds;
        # on a busy 2-core machine, starting a worker alone can take longer than the default 5.
        timeout_worker_healthcheck=WORKER_PING_TIMEOUT_S,
        log_level="warning",
        access_log=False,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the shirt-shop scoring endpoint.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="serve in the foreground (Ctrl+C stops it)")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--parent-pid", type=int, default=None, help=argparse.SUPPRESS)
    run.add_argument(
        "--read-timeout", type=float, default=DEFAULT_READ_TIMEOUT_S,
        help="seconds a client has to send its request (slow or idle clients are dropped)",
    )  # fmt: skip
    run.add_argument(
        "--max-connections", type=int, default=DEFAULT_MAX_CONNECTIONS,
        help="open connections per worker; past it the slowest reader is dropped",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not 0.1 <= args.read_timeout <= 600 or not 1 <= args.max_connections <= 100_000:
        parser.error("--read-timeout must be 0.1 to 600 s and --max-connections 1 to 100000")
    limits = {"read_timeout_s": args.read_timeout, "max_connections": args.max_connections}
    if args.parent_pid is not None:
        serve(args.port, args.workers, args.parent_pid, **limits)
        return
    # Started by hand (`make serve`): record it so the app reuses it instead of starting another.
    url = f"http://{HOST}:{args.port}"
    print(f"Scoring endpoint on {url} (docs at {url}/docs); Ctrl+C stops it.")
    _state_path().write_text(json.dumps({"url": url, "pid": os.getpid()}))
    # uvicorn re-raises SIGTERM after its graceful shutdown; exit normally so `finally` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(args.port, args.workers, **limits)
    finally:
        recorded = recorded_server()
        if recorded is not None and recorded.pid == os.getpid():
            _state_path().unlink(missing_ok=True)


if __name__ == "__main__":
    main()
