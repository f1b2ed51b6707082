"""A batch run as the cluster executed it, rebuilt from the engine events recorded with the run.

Turns the stored events (workers added and removed by adaptive scaling, each partition's start
and end on its worker, the commit) into worker lifetimes, partition bars, the idle time before
scale-down and the billed worker-seconds, plus a summary in words. No plotting here (`charts.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from deploycore.scenarios.forecasting.runs import EventView


class WorkerSpan(BaseModel):
    label: str
    address: str
    added_s: float = Field(ge=0)
    removed_s: float | None = None
    present_at_start: bool = False


class PartitionSpan(BaseModel):
    partition: int
    worker_label: str
    started_s: float = Field(ge=0)
    finished_s: float = Field(ge=0)
    rows: int = Field(ge=0)


class Timeline(BaseModel):
    workers: list[WorkerSpan]
    partitions: list[PartitionSpan]
    cluster_ready_s: float | None
    first_worker_s: float | None
    last_partition_s: float | None
    committed_s: float | None
    closed_s: float | None
    idle_before_scale_down_s: float | None
    worker_seconds: float = Field(ge=0)
    end_s: float = Field(ge=0)


def build_timeline(events: Sequence[EventView]) -> Timeline:
    """Worker and partition spans from a run's events (times in seconds after the run start)."""
    first_at: dict[str, float] = {}
    workers: dict[str, WorkerSpan] = {}
    for event in sorted(events, key=lambda e: e.at_s):
        if event.kind in ("worker-added", "worker-present") and event.worker not in workers:
            workers[event.worker] = WorkerSpan(
                label=f"worker {len(workers) + 1}",
                address=event.worker,
                added_s=event.at_s,
                present_at_start=event.kind == "worker-present",
            )
        elif event.kind == "worker-removed" and event.worker in workers:
            workers[event.worker].removed_s = event.at_s
        first_at.setdefault(event.kind, event.at_s)
    partitions = []
    for event in events:
        if event.kind != "partition-done":
            continue
        if event.worker not in workers:  # a worker that joined before our events were synced
            workers[event.worker] = WorkerSpan(
                label=f"worker {len(workers) + 1}", address=event.worker, added_s=0.0
            )
        partitions.append(
            PartitionSpan(
                partition=event.partition or 0,
                worker_label=workers[event.worker].label,
                started_s=event.started_s if event.started_s is not None else event.at_s,
                finished_s=event.at_s,
                rows=event.rows or 0,
            )
        )
    partitions.sort(key=lambda p: p.started_s)
    end_s = max([e.at_s for e in events], default=0.0)
    last_partition = max((p.finished_s for p in partitions), default=None)
    removals = [w.removed_s for w in workers.values() if w.removed_s is not None]
    idle = (
        max(removals) - last_partition
        if removals and last_partition is not None and len(removals) == len(workers)
        else None
    )
    worker_seconds = sum(
        (w.removed_s if w.removed_s is not None else end_s) - w.added_s for w in workers.values()
    )
    return Timeline(
        workers=list(workers.values()),
        partitions=partitions,
        cluster_ready_s=first_at.get("cluster-ready"),
        first_worker_s=min((w.added_s for w in workers.values()), default=None),
        last_partition_s=last_partition,
        committed_s=first_at.get("predictions-committed"),
        closed_s=first_at.get("cluster-closed"),
        idle_before_scale_down_s=None if idle is None else max(0.0, idle),
        worker_seconds=max(0.0, worker_seconds),
        end_s=end_s,
    )


def describe_timeline(timeline: Timeline) -> str:
    """The timeline in words (the text alternative of the chart)."""
    if not timeline.partitions:
        return "No partition finished in this run, so there is no timeline to show."
    parts: list[str] = []
    started_here = [w for w in timeline.workers if not w.present_at_start]
    if started_here and timeline.first_worker_s is not None:
        parts.append(
            f"The cluster started with no workers; adaptive scaling added {len(started_here)} "
            f"worker{'s' if len(started_here) != 1 else ''}, the first "
            f"{timeline.first_worker_s:.1f} s after the run started."
        )
    else:
        parts.append(f"The run used {len(timeline.workers)} worker(s) already running.")
    first = min(p.started_s for p in timeline.partitions)
    last = timeline.last_partition_s or first
    rows = sum(p.rows for p in timeline.partitions)
    parts.append(
        f"{len(timeline.partitions)} partitions ({rows:,} rows) were scored between "
        f"{first:.2f} s and {last:.2f} s."
    )
    if timeline.committed_s is not None:
        parts.append(f"Predictions were committed at {timeline.committed_s:.1f} s.")
    if timeline.idle_before_scale_down_s is not None:
        parts.append(
            f"The workers then sat idle for {timeline.idle_before_scale_down_s:.1f} s before "
            "adaptive scaling released them all."
        )
    elif started_here:
        parts.append("Not every worker had been released when the run's record ended.")
    parts.append(f"Worker time used in total: {timeline.worker_seconds:.1f} worker-seconds.")
    return " ".join(parts)
