"""Start the batch job CLI as a separate process (used by the Weekly forecast page).

The Dask cluster must live outside the Streamlit process: its worker processes re-import the
main module, which must be the job's CLI and not the app. Output goes to a log file under the
data directory. Not for running the job in-process (see `batch.run_week`).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from pydantic import BaseModel, Field

from deploycore.infra.settings import ROOT, data_dir
from deploycore.scenarios.forecasting.sales import DEMO_INPUT_PATH


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


def start_run_process(request: RunRequest) -> int:
    """Launch the job in its own process group and return its pid (reaped when it exits)."""
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
    threading.Thread(target=process.wait, daemon=True).start()
    return process.pid
