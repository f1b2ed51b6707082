"""The weekly job on a real Dask cluster of separate processes (`dask scheduler` and two
`dask worker`s, as on separate hosts): same forecasts as its own LocalCluster, the external
cluster in the run history, and a worker killed mid-run leaves exactly one copy of the week."""

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

from deploycore.infra.db import create_tables, make_engine
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.scoring import PARTITION_DELAY_ENV
from tests.e2e.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
WEEK = 60
PARTITIONS = 8


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DASK_SCHEDULER_ADDRESS", "DATABASE_URL"}
    }
    return {**env, **extra}


def _wait_for_workers(address: str, count: int, timeout_s: float = 60) -> None:
    from distributed import Client

    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=timeout_s)


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, each with this project's
    code importable (the scheduler unpickles the task graph too); each partition takes at least
    1.5 s on these workers, so one can be killed while it holds a partition."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "dask.log").open("wb")
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard", "--no-show"],
        cwd=ROOT, env=_env(PYTHONPATH=str(ROOT)), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_worker",
                address,
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--no-dashboard",
                "--name",
                f"host-{n}",
            ],
            cwd=ROOT,
            env=_env(**{PARTITION_DELAY_ENV: "1.5"}),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for n in (1, 2)
    ]
    try:
        _wait_for_workers(address, 2)
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _forecasts(database_url: str) -> pd.DataFrame:
    engine = make_engine(database_url)
    try:
        return runs.committed_forecasts(engine, WEEK).drop(columns=["run_id"])
    finally:
        engine.dispose()


def test_the_week_runs_on_separate_dask_processes_and_survives_a_killed_worker(
    tmp_path: Path, dask_cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    address, workers = dask_cluster
    job = [sys.executable, "-m", "deploycore.scenarios.forecasting", "--week", str(WEEK),
           "--partitions", str(PARTITIONS)]  # fmt: skip

    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = subprocess.run(
        [*job, "--max-workers", "1", "--idle-timeout", "0.5"], cwd=ROOT, capture_output=True,
        text=True, timeout=180,
        env=_env(DATABASE_URL=local_url, DEPLOY_DATA_DIR=str(tmp_path / "a")),
    )  # fmt: skip
    assert local.returncode == 0, local.stderr

    external_url = f"sqlite:///{tmp_path / 'external.db'}"
    engine = make_engine(external_url)
    create_tables(engine)
    process = subprocess.Popen(
        [*job, "--scheduler", address], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=_env(DATABASE_URL=external_url, DEPLOY_DATA_DIR=str(tmp_path / "b")),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # kill a worker once the run is under way
            assert process.poll() is None, process.communicate()[1]
            started = runs.list_runs(engine)
            if started and started[0].partitions_done >= 1:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the run never finished a partition")
        assert started[0].partitions_done < PARTITIONS, "too late to kill a worker mid-run"
        os.killpg(workers[0].pid, signal.SIGKILL)
        out, err = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err

    summary = json.loads(out)
    assert summary["engine"] == f"existing Dask cluster at {address}"
    history = runs.list_runs(engine)
    assert history[0].cluster == f"existing Dask cluster at {address}"
    assert history[0].status == runs.STATUS_SUCCEEDED
    kinds = [e.kind for e in runs.run_events(engine, summary["run_id"])]
    engine.dispose()
    assert kinds.count("worker-present") == 2 and "worker-removed" in kinds
    assert kinds.count("partition-done") == PARTITIONS

    external = _forecasts(external_url)
    assert not external.duplicated(["store", "brand"]).any()
    pd.testing.assert_frame_equal(
        external.reset_index(drop=True), _forecasts(local_url).reset_index(drop=True)
    )
