"""Storage of the batch scenario: runs, their engine events, rejected rows and the forecasts.

Tables live on the shared `deploycore.infra.db.Base`. A run row is written when a job starts and
updated as partitions finish (so a page can watch it); the week's forecasts are replaced in one
transaction at the very end (`commit_week`), so a job killed half-way leaves nothing partial.
Not for scoring or for Dask: see `scoring.py` and `batch.py`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import (
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from deploycore.infra.db import Base

STATUS_RUNNING = "running"
STATUS_SUCCEEDED = "succeeded"
STATUS_FAILED = "failed"
KILLED_MESSAGE = (
    "The job process stopped before it finished (killed or crashed). Nothing of this run was "
    "committed; run the week again to complete it."
)


class BatchRun(Base):
    __tablename__ = "oj_batch_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    rows_in: Mapped[int] = mapped_column(Integer, default=0)
    rows_out: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    partitions_total: Mapped[int] = mapped_column(Integer, default=0)
    partitions_done: Mapped[int] = mapped_column(Integer, default=0)
    cluster: Mapped[str] = mapped_column(String(200), default="")
    input_name: Mapped[str] = mapped_column(String(200), default="")
    output_file: Mapped[str] = mapped_column(String(300), default="")
    host: Mapped[str] = mapped_column(String(200), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")


class BatchEvent(Base):
    """Something the engine did during a run, at `at_s` seconds after the run started."""

    __tablename__ = "oj_batch_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("oj_batch_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    at_s: Mapped[float] = mapped_column(Float)
    started_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    worker: Mapped[str] = mapped_column(String(200), default="")
    partition: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rows: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RejectedRow(Base):
    __tablename__ = "oj_batch_rejects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("oj_batch_runs.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    store: Mapped[str] = mapped_column(String(40), default="")
    brand: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text)


class Forecast(Base):
    """The current forecast of one store x brand x week (one row each: re-runs replace)."""

    __tablename__ = "oj_forecasts"

    week: Mapped[int] = mapped_column(Integer, primary_key=True)
    store: Mapped[int] = mapped_column(Integer, primary_key=True)
    brand: Mapped[str] = mapped_column(String(40), primary_key=True)
    predicted_logmove: Mapped[float] = mapped_column(Float)
    predicted_units: Mapped[float] = mapped_column(Float)
    run_id: Mapped[int] = mapped_column(ForeignKey("oj_batch_runs.id"))


class RunView(BaseModel):
    """A run as pages and tests see it."""

    id: int
    week: int
    status: str
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    rows_in: int
    rows_out: int
    rows_rejected: int
    partitions_total: int
    partitions_done: int
    cluster: str
    input_name: str
    output_file: str
    message: str
    host: str
    pid: int

    @property
    def process_alive(self) -> bool:
        """Whether the job process of this run is still running (on this host)."""
        return self.host == socket.gethostname() and pid_alive(self.pid)


class EventView(BaseModel):
    kind: str
    at_s: float
    started_s: float | None
    worker: str
    partition: int | None
    rows: int | None


def now_utc() -> datetime:
    """The current time, timezone-aware UTC (what the run table stores)."""
    return datetime.now(UTC)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_abandoned_runs(engine: Engine) -> int:
    """Mark runs of this host still 'running' whose process is gone as failed; returns count."""
    host = socket.gethostname()
    with engine.begin() as connection:
        rows = connection.execute(
            select(BatchRun.id, BatchRun.pid).where(
                BatchRun.status == STATUS_RUNNING, BatchRun.host == host
            )
        ).all()
        dead = [run_id for run_id, pid in rows if not pid_alive(pid)]
        if dead:
            connection.execute(
                update(BatchRun)
                .where(BatchRun.id.in_(dead))
                .values(status=STATUS_FAILED, message=KILLED_MESSAGE)
            )
    return len(dead)


def start_run(engine: Engine, week: int, cluster: str, input_name: str) -> tuple[int, datetime]:
    """Record a new running run; returns its id and start time."""
    started = now_utc()
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(BatchRun)
            .values(
                week=week,
                status=STATUS_RUNNING,
                started_at=started,
                cluster=cluster[:200],
                input_name=input_name[:200],
                host=socket.gethostname()[:200],
                pid=os.getpid(),
                message="",
            )
            .returning(BatchRun.id)
        ).scalar_one()
    return int(run_id), started


def update_progress(engine: Engine, run_id: int, **values: Any) -> None:
    """Update counters of a running run (rows_in, partitions_total, partitions_done, ...)."""
    with engine.begin() as connection:
        connection.execute(update(BatchRun).where(BatchRun.id == run_id).values(**values))


def add_events(engine: Engine, run_id: int, events: Sequence[dict[str, Any]]) -> None:
    """Append engine events (dicts with BatchEvent's columns) to a run."""
    if not events:
        return
    with engine.begin() as connection:
        connection.execute(insert(BatchEvent), [{"run_id": run_id, **e} for e in events])


def commit_week(
    engine: Engine,
    run_id: int,
    week: int,
    predictions: pd.DataFrame,
    rejected: pd.DataFrame,
    summary: dict[str, Any],
) -> None:
    """In ONE transaction: replace the week's forecasts, store rejects, mark the run succeeded."""
    forecast_rows = [
        {
            "week": week,
            "store": int(store),
            "brand": str(brand),
            "predicted_logmove": float(logmove),
            "predicted_units": float(units),
            "run_id": run_id,
        }
        for store, brand, logmove, units in zip(
            predictions["store"],
            predictions["brand"],
            predictions["predicted_logmove"],
            predictions["predicted_units"],
            strict=True,
        )
    ]
    reject_rows = [
        {"run_id": run_id, "line": int(line), "store": str(store)[:40], "brand": str(brand)[:40],
         "reason": str(reason)}
        for line, store, brand, reason in zip(
            rejected["line"], rejected["store"], rejected["brand"], rejected["reason"], strict=True
        )
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(delete(Forecast).where(Forecast.week == week))
        if forecast_rows:
            connection.execute(insert(Forecast), forecast_rows)
        if reject_rows:
            connection.execute(insert(RejectedRow), reject_rows)
        connection.execute(
            update(BatchRun).where(BatchRun.id == run_id).values(status=STATUS_SUCCEEDED, **summary)
        )


def fail_run(engine: Engine, run_id: int, message: str, **values: Any) -> None:
    """Mark a run failed with a message in words; its forecasts were never written."""
    with engine.begin() as connection:
        connection.execute(
            update(BatchRun)
            .where(BatchRun.id == run_id)
            .values(status=STATUS_FAILED, message=message[:2000], finished_at=now_utc(), **values)
        )


def list_runs(engine: Engine, limit: int = 20) -> list[RunView]:
    """Most recent runs first."""
    with engine.connect() as connection:
        rows = connection.execute(select(BatchRun).order_by(BatchRun.id.desc()).limit(limit)).all()
    return [RunView.model_validate(row, from_attributes=True) for row in rows]


def get_run(engine: Engine, run_id: int) -> RunView | None:
    with engine.connect() as connection:
        row = connection.execute(select(BatchRun).where(BatchRun.id == run_id)).first()
    return None if row is None else RunView.model_validate(row, from_attributes=True)


def run_events(engine: Engine, run_id: int) -> list[EventView]:
    """A run's engine events in time order."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(BatchEvent).where(BatchEvent.run_id == run_id).order_by(BatchEvent.at_s)
        ).all()
    return [EventView.model_validate(row, from_attributes=True) for row in rows]


def rejected_rows(engine: Engine, run_id: int) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(
            select(RejectedRow.line, RejectedRow.store, RejectedRow.brand, RejectedRow.reason)
            .where(RejectedRow.run_id == run_id)
            .order_by(RejectedRow.line)
        ).all()
    return pd.DataFrame(rows, columns=["line", "store", "brand", "reason"])


def forecasts_for_week(engine: Engine, week: int) -> pd.DataFrame:
    """The stored forecasts of a week (empty frame when the week has not been scored)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Forecast.store, Forecast.brand, Forecast.week, Forecast.predicted_units,
                Forecast.run_id,
            )
            .where(Forecast.week == week)
            .order_by(Forecast.store, Forecast.brand)
        ).all()  # fmt: skip
    return pd.DataFrame(rows, columns=["store", "brand", "week", "predicted_units", "run_id"])


def committed_forecasts(engine: Engine, week: int) -> pd.DataFrame:
    """Every stored column of a week's forecasts, as the week's Parquet file holds them."""
    columns = ["store", "brand", "week", "predicted_logmove", "predicted_units", "run_id"]
    with engine.connect() as connection:
        rows = connection.execute(
            select(*(getattr(Forecast, name) for name in columns))
            .where(Forecast.week == week)
            .order_by(Forecast.store, Forecast.brand)
        ).all()
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {"store": "int64", "brand": "string", "week": "int64", "predicted_logmove": "float64",
         "predicted_units": "float64", "run_id": "int64"}
    )  # fmt: skip


def committed_week_runs(engine: Engine) -> dict[int, int]:
    """Each stored week and the run its forecasts come from (the newest, should they differ)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Forecast.week, func.max(Forecast.run_id)).group_by(Forecast.week)
        ).all()
    return {int(week): int(run_id) for week, run_id in rows}


def forecast_count(engine: Engine, week: int) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count()).select_from(Forecast).where(Forecast.week == week)
            ).scalar_one()
        )
