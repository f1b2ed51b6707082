"""The week's table and Parquet file hold the same run, whenever the job is killed.

The table commit is the truth; the file is written from the committed rows and renamed into
place; the next run repairs a file left out of step. Each step boundary is hit by a hook that
"kills" the job there (an exception no handler catches), and one boundary by a real SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from deploycore.infra.db import create_tables, make_engine
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.publish import (
    STEPS,
    file_run_id,
    publish_week,
    repair_week_files,
    week_file_path,
)

ROOT = Path(__file__).resolve().parents[2]
WEEK = 150


class Killed(BaseException):
    """Stands for SIGKILL: no `except Exception` in the job sees it."""


def _predictions(stores: int, bump: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line": range(2, stores + 2),
            "store": range(1, stores + 1),
            "brand": ["tropicana"] * stores,
            "week": [WEEK] * stores,
            "predicted_logmove": [9.0 + bump] * stores,
            "predicted_units": [8103.1 + bump] * stores,
        }
    )


def _rejected(lines: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"line": lines, "store": "x", "brand": "tropicana", "reason": "store is not a number"}
    )


def _run(engine: Engine, folder: Path, stores: int, kill_at: str | None = None) -> int:
    run_id, _ = runs.start_run(engine, WEEK, "test", "test input")

    def at_step(step: str) -> None:
        if step == kill_at:
            raise Killed(step)

    summary = {"rows_out": stores, "rows_rejected": 1, "output_file": f"week_{WEEK}.parquet"}
    publish_week(
        engine, run_id, WEEK, _predictions(stores, run_id), _rejected([stores + 2]), summary,
        folder, at_step=at_step,
    )  # fmt: skip
    return run_id


def _table_run(engine: Engine) -> set[int]:
    return set(runs.forecasts_for_week(engine, WEEK)["run_id"])


def _file_run(folder: Path) -> set[int]:
    path = week_file_path(folder, WEEK)
    return set(pd.read_parquet(path)["run_id"]) if path.exists() else set()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    create_tables(made)
    yield made
    made.dispose()


@pytest.mark.parametrize("kill_at", STEPS)
def test_a_kill_at_any_step_leaves_file_and_table_on_one_run_and_a_rerun_moves_both(
    engine: Engine, tmp_path: Path, kill_at: str
) -> None:
    folder = tmp_path / "forecasts"
    previous = _run(engine, folder, stores=249)
    assert _table_run(engine) == _file_run(folder) == {previous}

    with pytest.raises(Killed):
        _run(engine, folder, stores=95, kill_at=kill_at)
    killed = runs.list_runs(engine)[0].id
    table_after_kill = _table_run(engine)
    committed = STEPS.index(kill_at) >= STEPS.index("committed")
    assert table_after_kill == ({killed} if committed else {previous})  # all or nothing
    assert len(runs.forecasts_for_week(engine, WEEK)) == (95 if committed else 249)

    repair_week_files(engine, folder)  # what every run does first
    assert _file_run(folder) == table_after_kill
    assert len(pd.read_parquet(week_file_path(folder, WEEK))) == (95 if committed else 249)
    assert not list(folder.glob("*.partial")), "a half-written file was left behind"

    rerun = _run(engine, folder, stores=120)
    assert _table_run(engine) == _file_run(folder) == {rerun}
    assert file_run_id(week_file_path(folder, WEEK)) == rerun


def test_before_the_commit_a_kill_leaves_the_previous_file_untouched(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "forecasts"
    previous = _run(engine, folder, stores=249)
    for step in STEPS[: STEPS.index("committed")]:
        with pytest.raises(Killed):
            _run(engine, folder, stores=95, kill_at=step)
        assert _file_run(folder) == _table_run(engine) == {previous}  # no repair needed


def test_a_file_from_a_run_that_never_committed_is_replaced_by_the_committed_rows(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "forecasts"
    committed = _run(engine, folder, stores=249)
    # What the old job did: the file was replaced before a commit that then failed.
    _predictions(95, 0).drop(columns="line").assign(run_id=committed + 7).to_parquet(
        week_file_path(folder, WEEK), index=False
    )
    assert repair_week_files(engine, folder) == [WEEK]
    assert _file_run(folder) == {committed}
    assert len(pd.read_parquet(week_file_path(folder, WEEK))) == 249
    assert repair_week_files(engine, folder) == []  # in step: nothing to do


def test_a_file_of_a_week_with_no_committed_rows_is_removed(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "forecasts"
    folder.mkdir()
    _predictions(95, 0).assign(run_id=3).to_parquet(week_file_path(folder, 77), index=False)
    assert repair_week_files(engine, folder) == [77]
    assert not week_file_path(folder, 77).exists()


_PAUSING_JOB = """
import sys, time
from pathlib import Path
import pandas as pd
from deploycore.infra.db import make_engine
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.publish import publish_week

engine = make_engine(sys.argv[1])
run_id, _ = runs.start_run(engine, {week}, "test", "test input")
frame = pd.DataFrame({{"line": [2, 3], "store": [1, 2], "brand": ["tropicana"] * 2,
    "week": [{week}] * 2, "predicted_logmove": [1.0, 2.0], "predicted_units": [2.7, 7.4]}})
rejected = pd.DataFrame(columns=["line", "store", "brand", "reason"])

def at_step(step):
    if step == "committed":
        print("paused at committed", flush=True)
        time.sleep(600)

publish_week(engine, run_id, {week}, frame, rejected, {{"rows_out": 2}}, Path(sys.argv[2]),
    at_step=at_step)
"""


def test_a_job_killed_for_real_between_commit_and_file_is_repaired_by_the_next_run(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "forecasts"
    previous = _run(engine, folder, stores=249)
    script = textwrap.dedent(_PAUSING_JOB.format(week=WEEK))
    process = subprocess.Popen(
        [sys.executable, "-c", script, database_url, str(folder)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "paused at committed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    (killed,) = _table_run(engine)
    assert killed != previous and len(runs.forecasts_for_week(engine, WEEK)) == 2
    assert _file_run(folder) == {previous}  # the window the repair exists for

    assert repair_week_files(engine, folder) == [WEEK]
    assert _file_run(folder) == {killed}
    assert len(pd.read_parquet(week_file_path(folder, WEEK))) == 2
