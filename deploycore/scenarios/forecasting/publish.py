"""Store a scored week in both places: the table first (the truth), then its Parquet file.

The commit replaces the week's forecasts in one transaction. The file is then written from the
committed rows, beside the target, and renamed into place, so a reader never sees half a file.
A job killed between the commit and the rename leaves the file one run behind: every run
starts with `repair_week_files`, which rewrites any file out of step with the table and
removes files of weeks the table does not hold. Not for scoring (`scoring.py`) or Dask
(`batch.py`).
"""

from __future__ import annotations

import fcntl
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import Engine

from deploycore.scenarios.forecasting import runs

# Step boundaries of `publish_week`, in order; a test hook may stop the job at each.
STEPS = ("scored", "committed", "file-staged", "published")
_WEEK_FILE = re.compile(r"^week_(\d+)\.parquet$")
_PARTIAL = re.compile(r"^week_\d+\.(\d+)\.[0-9a-f]+\.partial$")
_LOCK_NAME = ".week-files.lock"


def _no_hook(step: str) -> None:
    """The default step hook: do nothing."""


def week_file_path(folder: Path, week: int) -> Path:
    """Where a week's predictions file goes."""
    return folder / f"week_{week}.parquet"


@contextmanager
def _files_locked(folder: Path) -> Iterator[None]:
    """One writer of the week files at a time on this machine (released if the holder dies)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / _LOCK_NAME).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def file_run_id(path: Path) -> int | None:
    """The run whose rows a week file holds; None when missing, unreadable or mixed."""
    try:
        values = pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist()
    except (OSError, ValueError, KeyError):  # missing, truncated, or not a week file
        return None
    distinct = set(values)
    return int(distinct.pop()) if len(distinct) == 1 else None


def _write_from_table(
    engine: Engine, folder: Path, week: int, at_step: Callable[[str], None] = _no_hook
) -> None:
    """Write the week's committed rows to a file beside the target, then rename it into place."""
    rows = runs.committed_forecasts(engine, week)
    path = week_file_path(folder, week)
    partial = folder / f"week_{week}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
    try:
        rows.to_parquet(partial, index=False)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        at_step("file-staged")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def publish_week(
    engine: Engine,
    run_id: int,
    week: int,
    predictions: pd.DataFrame,
    rejected: pd.DataFrame,
    summary: dict[str, Any],
    folder: Path,
    at_step: Callable[[str], None] = _no_hook,
) -> None:
    """Commit the week's forecasts and rejects (run succeeded), then write its file from them.

    `at_step` is called at each of STEPS (tests stop the job there).
    """
    at_step("scored")
    with _files_locked(folder):
        runs.commit_week(engine, run_id, week, predictions, rejected, summary)
        at_step("committed")
        _write_from_table(engine, folder, week, at_step)
    at_step("published")


def _remove_abandoned_partials(folder: Path) -> None:
    for partial in folder.glob("*.partial"):
        match = _PARTIAL.match(partial.name)
        if match is None or not runs.pid_alive(int(match.group(1))):
            partial.unlink(missing_ok=True)


def repair_week_files(engine: Engine, folder: Path) -> list[int]:
    """Bring every week file in step with the table; returns the weeks repaired.

    A file whose run differs from the table's (or that cannot be read) is rewritten from the
    committed rows; a file of a week with no committed rows is removed.
    """
    if not folder.exists():
        return []
    repaired: list[int] = []
    with _files_locked(folder):
        _remove_abandoned_partials(folder)
        stored = runs.committed_week_runs(engine)
        on_disk = {
            int(match.group(1)): path
            for path in folder.iterdir()
            if (match := _WEEK_FILE.match(path.name)) is not None
        }
        for week, run_id in sorted(stored.items()):
            if file_run_id(week_file_path(folder, week)) != run_id:
                _write_from_table(engine, folder, week)
                repaired.append(week)
        for week, path in sorted(on_disk.items()):
            if week not in stored:
                path.unlink(missing_ok=True)
                repaired.append(week)
    return sorted(repaired)
