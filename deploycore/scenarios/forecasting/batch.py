"""The weekly batch scoring job on Dask: read a week, score it in partitions, store it once.

By default the job starts its own `LocalCluster` with zero workers and adaptive scaling, like a
cloud compute cluster: workers start when the partitions arrive and are released after an idle
timeout. With a scheduler address (`--scheduler` or `DASK_SCHEDULER_ADDRESS`) the same code runs
on an existing cluster. The engine's real events (workers added and removed, each partition's
start and end on its worker) are recorded with the run for the page's timeline.

Call `run_week` only from a process started as a program (the CLI `python -m
deploycore.scenarios.forecasting`),
never at import time of a module that worker processes re-import.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import sys
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from tqdm import tqdm  # type: ignore[import-untyped]

from deploycore.infra.db import create_tables, make_engine
from deploycore.infra.settings import data_dir
from deploycore.scenarios.forecasting import model as forecast_model
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.features import week_input
from deploycore.scenarios.forecasting.input_csv import REJECT_COLUMNS, read_week_csv
from deploycore.scenarios.forecasting.publish import (
    publish_week,
    repair_week_files,
    week_file_path,
)
from deploycore.scenarios.forecasting.sales import load_sales
from deploycore.scenarios.forecasting.scoring import (
    ScoredPartition,
    gather,
    score_partition_task,
)

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
# Test hooks: stop making progress (to be killed) or fail after this many finished partitions.
PAUSE_ENV = "DEPLOY_BATCH_PAUSE_AFTER_PARTITIONS"
FAIL_ENV = "DEPLOY_BATCH_FAIL_AFTER_PARTITIONS"
# Test hook: stop making progress at this step of `publish.STEPS` (e.g. "committed").
PAUSE_AT_STEP_ENV = "DEPLOY_BATCH_PAUSE_AT_STEP"
ADAPT_INTERVAL_S = 0.25
# Adaptive scaling sizes the cluster so the queued work would take about this long.
ADAPT_TARGET_DURATION_S = 0.5
SCALE_DOWN_GRACE_S = 15.0


class BatchOptions(BaseModel):
    """What a run is asked to do (validated at the CLI edge)."""

    week: int = Field(ge=1, le=10_000)
    input_path: Path | None = None
    scheduler_address: str | None = None
    max_workers: int = Field(default=2, ge=1, le=64)
    partitions: int = Field(default=8, ge=1, le=1_000)
    idle_timeout_s: float = Field(default=3.0, ge=0.5, le=600)
    timeout_s: float = Field(default=600.0, ge=1, le=86_400)
    database_url: str | None = None


class BatchResult(BaseModel):
    run_id: int
    status: str
    week: int
    rows_in: int
    rows_out: int
    rows_rejected: int
    duration_s: float
    output_file: str
    engine: str
    rejected: list[dict[str, Any]]


def forecasts_folder() -> Path:
    """Where the weekly predictions files go (under the data directory)."""
    return data_dir() / "forecasts"


@dataclass(frozen=True)
class InputRows:
    """A week's input as read: well-formed rows (with each row's file line) and rejected ones."""

    rows: pd.DataFrame
    rejected: pd.DataFrame
    name: str

    @property
    def rows_in(self) -> int:
        return len(self.rows) + len(self.rejected)


def input_name(options: BatchOptions) -> str:
    """How the run history names the input."""
    if options.input_path is not None:
        return options.input_path.name
    return f"sales history, week {options.week}"


def read_input(options: BatchOptions) -> InputRows:
    """The week's rows (cells unvalidated) and the rows too malformed to validate."""
    name = input_name(options)
    if options.input_path is not None:
        if not options.input_path.exists():
            raise FileNotFoundError(f"input file {name} does not exist")
        frame, rejected = read_week_csv(options.input_path)
    else:
        frame = week_input(load_sales(), options.week).reset_index(drop=True)
        frame.insert(0, "line", np.arange(2, len(frame) + 2, dtype=np.int64))
        rejected = pd.DataFrame(columns=REJECT_COLUMNS)
    if frame.empty and rejected.empty:
        raise ValueError(f"the input {name} has no rows: nothing to score")
    return InputRows(rows=frame, rejected=rejected, name=name)


class _EventLog:
    """Buffers engine events with times relative to the run start and writes them to the DB."""

    def __init__(self, engine: Engine, run_id: int, start_epoch: float) -> None:
        self.engine = engine
        self.run_id = run_id
        self.start = start_epoch
        self._seen: set[tuple[float, str, str]] = set()

    def add(self, kind: str, at_epoch: float, **values: Any) -> None:
        runs.add_events(
            self.engine,
            self.run_id,
            [{"kind": kind, "at_s": max(0.0, at_epoch - self.start), **values}],
        )

    def sync_scheduler(self, client: Any) -> None:
        """Copy the scheduler's worker added/removed events since the run started."""
        new: list[dict[str, Any]] = []
        for stamp, message in client.get_events("all"):
            action = message.get("action") if isinstance(message, dict) else None
            if action not in ("add-worker", "remove-worker") or stamp < self.start - 1:
                continue
            worker = str(message.get("worker", ""))
            key = (float(stamp), str(action), worker)
            if key in self._seen:
                continue
            self._seen.add(key)
            new.append(
                {
                    "kind": "worker-added" if action == "add-worker" else "worker-removed",
                    "at_s": max(0.0, float(stamp) - self.start),
                    "worker": worker[:200],
                }
            )
        runs.add_events(self.engine, self.run_id, new)


def _partitions(frame: pd.DataFrame, count: int) -> list[pd.DataFrame]:
    if frame.empty:
        return []
    pieces = np.array_split(np.arange(len(frame)), min(count, len(frame)))
    return [frame.iloc[idx].reset_index(drop=True) for idx in pieces if len(idx)]


def _test_hook(done: int) -> None:
    pause = os.environ.get(PAUSE_ENV)
    if pause and done >= int(pause):
        print(f"pausing after {done} partitions ({PAUSE_ENV})", file=sys.stderr, flush=True)
        time.sleep(3600)
    fail = os.environ.get(FAIL_ENV)
    if fail and done >= int(fail):
        raise RuntimeError(f"simulated failure after {done} partitions ({FAIL_ENV})")


def _step_hook(step: str) -> None:
    if os.environ.get(PAUSE_AT_STEP_ENV) == step:
        print(f"pausing at step {step} ({PAUSE_AT_STEP_ENV})", file=sys.stderr, flush=True)
        time.sleep(3600)


def _open_cluster(options: BatchOptions, stack: ExitStack) -> tuple[Any, str, bool]:
    """A connected Dask client, a description of the engine, and whether we own the cluster."""
    dask_distributed: Any = importlib.import_module("distributed")
    address = options.scheduler_address or os.environ.get(SCHEDULER_ENV)
    if address:
        client = stack.enter_context(dask_distributed.Client(address, timeout="20s"))
        return client, f"existing Dask cluster at {address}", False
    cluster = stack.enter_context(
        dask_distributed.LocalCluster(
            n_workers=0,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    )
    cluster.adapt(
        minimum=0,
        maximum=options.max_workers,
        interval=f"{ADAPT_INTERVAL_S}s",
        # A worker is released after this many consecutive "idle, remove it" checks.
        wait_count=max(1, math.ceil(options.idle_timeout_s / ADAPT_INTERVAL_S)),
        target_duration=f"{ADAPT_TARGET_DURATION_S}s",
    )
    client = stack.enter_context(dask_distributed.Client(cluster))
    engine_name = (
        f"local Dask cluster, adaptive 0-{options.max_workers} workers, "
        f"idle timeout {options.idle_timeout_s:g} s"
    )
    return client, engine_name, True


def _worker_count(client: Any) -> int:
    return len(client.scheduler_info(n_workers=-1).get("workers", {}))


def run_week(options: BatchOptions) -> BatchResult:
    """Run one week's batch job end to end and return what it did (also recorded in the DB).

    The run is recorded first, so a run that fails for any reason is in the history with it.
    """
    engine = make_engine(options.database_url)
    create_tables(engine)
    runs.mark_abandoned_runs(engine)
    run_id, _ = runs.start_run(engine, options.week, "starting Dask", input_name(options))
    start = time.time()
    results: list[ScoredPartition] = []
    try:
        return _run(options, engine, run_id, start, results)
    except BaseException as error:
        if not _committed(engine, run_id):
            runs.fail_run(
                engine, run_id, _in_words(error),
                partitions_done=len(results), duration_s=round(time.time() - start, 3),
            )  # fmt: skip
        raise
    finally:
        engine.dispose()


def _committed(engine: Engine, run_id: int) -> bool:
    run = runs.get_run(engine, run_id)
    return run is not None and run.status == runs.STATUS_SUCCEEDED


def _in_words(error: BaseException) -> str:
    """Why a run failed, for the run history."""
    if isinstance(error, KeyboardInterrupt):
        return "The run was interrupted (Ctrl+C) before it finished; nothing was committed."
    if isinstance(error, FileNotFoundError | ValueError):
        return str(error)  # already in words
    return f"{type(error).__name__}: {error}"


def _run(
    options: BatchOptions, engine: Engine, run_id: int, start: float, results: list[ScoredPartition]
) -> BatchResult:
    folder = forecasts_folder()
    repair_week_files(engine, folder)  # a file left out of step by a killed run
    model = forecast_model.load()
    read = read_input(options)
    as_completed: Any = importlib.import_module("distributed").as_completed
    log = _EventLog(engine, run_id, start)
    pieces = _partitions(read.rows, options.partitions)
    runs.update_progress(engine, run_id, rows_in=read.rows_in, partitions_total=len(pieces))
    with ExitStack() as stack:
        client, engine_name, own_cluster = _open_cluster(options, stack)
        runs.update_progress(engine, run_id, cluster=engine_name[:200])
        log.add("cluster-ready", time.time())
        if not own_cluster:
            for address in client.scheduler_info(n_workers=-1).get("workers", {}):
                log.add("worker-present", start, worker=str(address)[:200])
        token = uuid.uuid4().hex[:8]
        futures = [
            client.submit(
                score_partition_task, piece, model, options.week, number,
                key=f"score-week{options.week}-part{number}-{token}", pure=False,
            )
            for number, piece in enumerate(pieces)
        ]  # fmt: skip
        log.add("partitions-submitted", time.time(), rows=len(read.rows))
        bar = tqdm(
            total=len(futures), desc=f"week {options.week}", unit="partition", file=sys.stderr
        )
        future = None
        for future in as_completed(futures, timeout=options.timeout_s):
            scored: ScoredPartition = future.result()
            future.release()  # a worker holding results is never idle, so never released
            results.append(scored)
            bar.update(1)
            log.sync_scheduler(client)
            log.add(
                "partition-done", scored.finished_at,
                started_s=max(0.0, scored.started_at - start), worker=scored.worker[:200],
                partition=scored.partition, rows=scored.rows_in,
            )  # fmt: skip
            runs.update_progress(engine, run_id, partitions_done=len(results))
            _test_hook(len(results))
        bar.close()
        del futures, future

        predictions, rejected = gather(results, read.rejected)
        if predictions.empty:
            raise ValueError(
                f"none of the {read.rows_in} input rows was valid, so week {options.week}'s "
                "stored forecasts were left as they were"
            )
        finished = time.time()
        summary: dict[str, Any] = {
            "finished_at": runs.now_utc(),
            "duration_s": round(finished - start, 3),
            "rows_out": len(predictions),
            "rows_rejected": len(rejected),
            "output_file": week_file_path(folder, options.week).name,
        }
        try:
            publish_week(
                engine, run_id, options.week, predictions, rejected, summary, folder,
                at_step=_step_hook,
            )  # fmt: skip
        except OSError as error:
            if not _committed(engine, run_id):
                raise
            runs.update_progress(
                engine, run_id,
                message=f"Forecasts committed, but writing {summary['output_file']} failed "
                f"({error}); the next run rewrites it from the table.",
            )  # fmt: skip
        log.add("predictions-committed", finished, rows=len(predictions))
        try:
            if own_cluster:
                _wait_for_scale_down(client, log, options.idle_timeout_s + SCALE_DOWN_GRACE_S)
            log.sync_scheduler(client)
        except Exception:  # the week is stored; only watching the scale-down failed
            log.add("cluster-close-error", time.time())
    log.add("cluster-closed", time.time())
    return BatchResult(
        run_id=run_id,
        status=runs.STATUS_SUCCEEDED,
        week=options.week,
        rows_in=read.rows_in,
        rows_out=int(summary["rows_out"]),
        rows_rejected=int(summary["rows_rejected"]),
        duration_s=float(summary["duration_s"]),
        output_file=str(summary["output_file"]),
        engine=engine_name,
        rejected=rejected.astype({"line": int}).to_dict(orient="records"),
    )


def _wait_for_scale_down(client: Any, log: _EventLog, limit_s: float) -> None:
    """Keep the cluster up until adaptive scaling has released every idle worker."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        log.sync_scheduler(client)
        if _worker_count(client) == 0:
            return
        time.sleep(ADAPT_INTERVAL_S)
