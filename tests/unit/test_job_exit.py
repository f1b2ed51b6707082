"""A batch job process that dies is reported with its exit status and its log's last lines."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from components.forecasting.run import describe_exit
from deploycore.scenarios.forecasting import launcher
from deploycore.scenarios.forecasting.launcher import (
    JobExit,
    LaunchedRun,
    RunRequest,
    job_exit,
    log_tail,
)


def _wait(launched: LaunchedRun) -> JobExit:
    deadline = time.monotonic() + 30
    while (ended := job_exit(launched)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ended is not None, "the process did not end"
    return ended


def test_a_dying_job_reports_its_status_and_log_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    script = (
        "import sys; print('loading'); sys.exit(\"ModuleNotFoundError: No module named 'tqdm'\")"
    )
    monkeypatch.setattr(launcher, "command_for", lambda _: [sys.executable, "-c", script])
    launched = launcher.start_run_process(RunRequest(week=150))
    ended = _wait(launched)
    assert ended.failed and ended.code == 1
    assert ended.log_tail == ("loading", "ModuleNotFoundError: No module named 'tqdm'")
    assert describe_exit(ended).startswith("The batch job process failed with exit status 1.")
    # After a restart of the app, the exit file next to the log still tells.
    deadline = time.monotonic() + 5
    while not Path(f"{launched.log_path}.exit").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    launcher._PROCESSES.pop(launched.pid, None)
    assert job_exit(launched) == ended


def test_a_succeeding_job_is_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launcher, "command_for", lambda _: [sys.executable, "-c", "print(1)"])
    assert not _wait(launcher.start_run_process(RunRequest(week=150))).failed


def test_the_log_tail_keeps_the_last_lines_and_the_last_progress_state(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    lines = [f"line {n}" for n in range(30)]
    log.write_text("\n".join(lines) + "\nweek 150:   0%\rweek 150:  50%\rweek 150: 100%\n\n")
    assert log_tail(log, 3) == ("line 28", "line 29", "week 150: 100%")
    assert log_tail(tmp_path / "missing.log") == ()


def test_exits_in_words() -> None:
    assert "stopped by signal 9" in describe_exit(JobExit(-9, ("x",)))
    assert "exit status is unknown" in describe_exit(JobExit(None, ()))
    assert "Its log is empty" in describe_exit(JobExit(2, ()))
