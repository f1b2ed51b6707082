"""The weekly batch job end to end, through its CLI in a subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from deploycore.infra.db import create_tables, make_engine
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.batch import FAIL_ENV, PAUSE_ENV
from deploycore.scenarios.forecasting.sales import DEMO_INPUT_PATH, DEMO_WEEK

ROOT = Path(__file__).resolve().parents[2]
# Small and quick: one or two workers, few partitions, a short idle timeout.
FAST = ["--max-workers", "1", "--partitions", "4", "--idle-timeout", "0.5"]


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    return {**env, "DATABASE_URL": database_url, **extra}


def _run_cli(database_url: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deploycore.scenarios.forecasting", *args],
        cwd=ROOT, env=_env(database_url, **extra), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    create_tables(made)
    yield made
    made.dispose()


def test_week_run_skips_bad_rows_and_a_rerun_replaces_the_week(
    database_url: str, engine: Engine
) -> None:
    args = ["--week", str(DEMO_WEEK), "--input", str(DEMO_INPUT_PATH), *FAST]
    first = _run_cli(database_url, *args)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["status"] == "succeeded"
    assert (summary["rows_in"], summary["rows_out"], summary["rows_rejected"]) == (249, 244, 5)
    assert "rejected line 5: price is not a number" in first.stderr
    assert "rejected line 19: brand is not one of" in first.stderr
    assert "100%" in first.stderr  # the progress bar reached the end

    stored = runs.forecasts_for_week(engine, DEMO_WEEK)
    assert len(stored) == 244 and not stored.duplicated(["store", "brand"]).any()
    rejected = runs.rejected_rows(engine, summary["run_id"])
    assert list(rejected["line"]) == [5, 12, 19, 27, 42]
    written = pd.read_parquet(
        Path(os.environ["DEPLOY_DATA_DIR"]) / "forecasts" / "week_150.parquet"
    )
    assert len(written) == 244

    events = runs.run_events(engine, summary["run_id"])
    kinds = [e.kind for e in events]
    assert kinds.count("partition-done") == 4
    assert "worker-added" in kinds and "worker-removed" in kinds
    assert kinds.index("worker-added") < kinds.index("partition-done")

    second = _run_cli(database_url, *args)
    assert second.returncode == 0, second.stderr
    rerun = json.loads(second.stdout)
    stored_again = runs.forecasts_for_week(engine, DEMO_WEEK)
    assert len(stored_again) == 244
    assert set(stored_again["run_id"]) == {rerun["run_id"]}
    history = runs.list_runs(engine)
    assert [r.status for r in history] == ["succeeded", "succeeded"]
    assert history[0].rows_rejected == 5 and history[0].duration_s is not None


def test_a_run_killed_half_way_leaves_no_partial_week_and_a_rerun_completes(
    database_url: str, engine: Engine
) -> None:
    week = 100
    process = subprocess.Popen(
        [sys.executable, "-m", "deploycore.scenarios.forecasting", "--week", str(week), *FAST],
        cwd=ROOT, env=_env(database_url, **{PAUSE_ENV: "2"}),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            started = runs.list_runs(engine)
            if started and started[0].partitions_done >= 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the job never got half-way")
        assert runs.forecast_count(engine, week) == 0  # nothing visible before the end
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the job and its Dask worker processes
        process.wait(timeout=30)

    assert runs.forecast_count(engine, week) == 0
    out_file = Path(os.environ["DEPLOY_DATA_DIR"]) / "forecasts" / f"week_{week}.parquet"
    assert not out_file.exists()

    again = _run_cli(database_url, "--week", str(week), *FAST)
    assert again.returncode == 0, again.stderr
    assert runs.forecast_count(engine, week) == 249
    history = runs.list_runs(engine)
    assert [r.status for r in history] == ["succeeded", "failed"]
    assert "stopped before it finished" in history[1].message


def test_a_failing_run_is_recorded_as_failed_and_commits_nothing(
    database_url: str, engine: Engine
) -> None:
    result = _run_cli(database_url, "--week", "90", *FAST, **{FAIL_ENV: "1"})
    assert result.returncode != 0
    (run,) = runs.list_runs(engine)
    assert run.status == "failed" and "simulated failure" in run.message
    assert runs.forecast_count(engine, 90) == 0


def test_runs_on_an_existing_cluster_given_by_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    url = f"sqlite:///{tmp_path / 'existing.db'}"
    with LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None,
        host="127.0.0.1", protocol="tcp",
    ) as cluster:  # fmt: skip
        result = _run_cli(
            url,
            "--week",
            "60",
            "--partitions",
            "3",
            DASK_SCHEDULER_ADDRESS=cluster.scheduler_address,
        )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["engine"].startswith("existing Dask cluster at tcp://127.0.0.1")
    engine = make_engine(url)
    kinds = [e.kind for e in runs.run_events(engine, summary["run_id"])]
    engine.dispose()
    assert kinds.count("worker-present") == 1 and "worker-removed" not in kinds


def test_bad_options_are_refused_in_words(tmp_path: Path) -> None:
    result = _run_cli(f"sqlite:///{tmp_path / 'x.db'}", "--week", "150", "--max-workers", "0")
    assert result.returncode == 2 and "max_workers" in result.stderr
    missing = _run_cli(f"sqlite:///{tmp_path / 'x.db'}", "--week", "150", "--input", "nope.csv")
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_an_input_with_no_valid_row_fails_and_keeps_the_stored_week(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'invalid.db'}"
    first = _run_cli(url, "--week", str(DEMO_WEEK), *FAST)
    assert first.returncode == 0, first.stderr
    broken = pd.read_csv(DEMO_INPUT_PATH).head(6).assign(price="n/a")
    broken.to_csv(tmp_path / "broken.csv", index=False)
    result = _run_cli(url, "--week", str(DEMO_WEEK), "--input", str(tmp_path / "broken.csv"), *FAST)
    assert result.returncode == 1 and "none of the 6 input rows was valid" in result.stderr
    engine = make_engine(url)
    assert runs.forecast_count(engine, DEMO_WEEK) == 249  # the earlier run's week is intact
    assert [r.status for r in runs.list_runs(engine)] == ["failed", "succeeded"]
    engine.dispose()
    empty = tmp_path / "empty.csv"
    empty.write_text(broken.head(0).to_csv(index=False))
    nothing = _run_cli(url, "--week", str(DEMO_WEEK), "--input", str(empty))
    assert nothing.returncode == 1 and "has no rows" in nothing.stderr
