"""Start the batch job CLI as a separate process (used by the Weekly forecast page).

The Dask cluster must live outside the Streamlit process: its worker processes re-import the
main module, which must be the job's CLI and not the app. Output goes to a log file under the
data directory; when the process ends, its exit status is written next to it (`<log>.exit`), so
a job that dies before it records a run (a missing module, a crash) is still reported with its
status and the end of its log. Not for running the job in-process (see `batch.run_week`).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from deploycore.infra.settings import ROOT, data_dir
from deploycore.scenarios.forecasting.runs import pid_alive
from deploycore.scenarios.forecasting.sales import DEMO_INPUT_PATH

TAIL_LINES = 12
TAIL_BYTES = 64_000
# The job processes this server started, until they are reaped (their exit status is then known).
_PROCESSES: dict[int, subprocess.Popen[bytes]] = {}


class RunRequest(BaseModel):
    """A run asked for from the page."""

    week: int = Field(ge=1, le=10_000)
    use_demo_input: bool = False
    max_workers: int = Field(default=2, ge=1, le=4)
    idle_timeout_s: float = Field(default=3.0, ge=0.5, le=60)


def command_for(request: RunRequest) -> list[str]:
    """The CLI command line for a request."""
    command = [
        sys.executable,
        "-m",
        "deploycore.scenarios.forecasting",
        "--week",
        str(request.week),
    ]
    if request.use_demo_input:
        command += ["--input", str(DEMO_INPUT_PATH)]
    command += ["--max-workers", str(request.max_workers)]
    command += ["--idle-timeout", f"{request.idle_timeout_s:g}"]
    return command


@dataclass(frozen=True)
class LaunchedRun:
    """A job process started from here: its id and its log file."""

    pid: int
    log_path: Path


@dataclass(frozen=True)
class JobExit:
    """How a job process ended: its exit status (None when unknown) and its log's last lines."""

    code: int | None
    log_tail: tuple[str, ...]

    @property
    def failed(self) -> bool:
        """Whether the process did not end with status 0."""
        return self.code != 0


def _exit_file(log_path: Path) -> Path:
    return log_path.with_name(log_path.name + ".exit")


def _reap(process: subprocess.Popen[bytes], log_path: Path) -> None:
    code = process.wait()
    try:
        _exit_file(log_path).write_text(str(code), encoding="utf-8")
    except OSError:
        return  # the status stays known to this server through the process object
    _PROCESSES.pop(process.pid, None)  # from now on the exit file tells


def start_run_process(request: RunRequest) -> LaunchedRun:
    """Launch the job in its own process group (reaped when it exits)."""
    logs = data_dir() / "forecasts" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path: Path = logs / f"week_{request.week}_{time.strftime('%Y%m%dT%H%M%S')}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command_for(request),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _PROCESSES[process.pid] = process
    threading.Thread(target=_reap, args=(process, log_path), daemon=True).start()
    return LaunchedRun(process.pid, log_path)


def log_tail(log_path: Path, lines: int = TAIL_LINES) -> tuple[str, ...]:
    """The log's last non-empty lines; of a progress bar's redrawn line, only its last state."""
    try:
        with log_path.open("rb") as handle:
            handle.seek(max(handle.seek(0, 2) - TAIL_BYTES, 0))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ()
    kept = [line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n")]
    return tuple(line for line in kept if line.strip())[-lines:]


def job_exit(launched: LaunchedRun) -> JobExit | None:
    """How the launched job ended, or None while it still runs."""
    process = _PROCESSES.get(launched.pid)
    if process is not None:
        code = process.poll()
        if code is None:
            return None
    else:  # started by an earlier server process: only its exit file can tell
        try:
            code = int(_exit_file(launched.log_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if pid_alive(launched.pid):
                return None
            code = None
    return JobExit(code, log_tail(launched.log_path))
