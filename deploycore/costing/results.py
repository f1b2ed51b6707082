"""What the cost engine returns: both sides' estimates, the comparison and its verdict.

For carrying every figure the pages, reports and exports show, with the one sentence that says
which side to choose. Not for computing them (`engine.py`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from deploycore.costing.catalog import PriceRow, Priority
from deploycore.costing.inputs import CostInputs
from deploycore.units import minutes_words, usd
from deploycore.vocabulary import SCHEDULE_LABELS, SIDE_WORDS, Schedule, Side


class ExplanationLine(BaseModel):
    """One step of the computation: what, the formula, and the formula with the numbers in."""

    model_config = ConfigDict(frozen=True)

    topic: str
    formula: str
    numbers: str


class RealtimeEstimate(BaseModel):
    """The always-on side as sized and priced: what runs each hour and what it costs."""

    model_config = ConfigDict(frozen=True)

    service: str
    service_label: str
    sku: str
    kind: Literal["per-resource", "per-node", "serverless"]
    replicas_per_node: int
    arrival_rps_by_hour: tuple[float, ...]
    concurrency_by_hour: tuple[float, ...]
    replicas_by_hour: tuple[int, ...]
    nodes_by_hour: tuple[int, ...]
    p95_wait_ms_busiest_hour: float
    replica_hours_per_month: float
    usd_per_replica_hour: float
    usd_per_node_hour: float
    compute_usd_per_month: float
    control_plane_usd_per_month: float
    idle_capacity_usd_per_month: float
    total_usd_per_month: float
    request_minutes: float
    tolerated_delay_minutes: float

    @property
    def meets_tolerated_delay(self) -> bool:
        """An endpoint answers within one request's time (its queueing wait is sized apart).

        A tolerated delay of 0 means "immediately": an endpoint is the way to get that.
        """
        tolerated = self.tolerated_delay_minutes
        return tolerated == 0 or self.request_minutes <= tolerated + 1e-12

    @property
    def peak_replicas(self) -> int:
        return max(self.replicas_by_hour)

    @property
    def peak_nodes(self) -> int:
        return max(self.nodes_by_hour)

    @property
    def compute_words(self) -> str:
        """What runs, as priced: the host, the size and the busiest hour's count."""
        if self.kind == "serverless":
            return f"{self.service_label}, {self.sku}"
        if self.kind == "per-resource":
            return f"{self.service_label}, {self.peak_replicas} × ({self.sku})"
        return (
            f"{self.service_label}, {self.peak_nodes} × {self.sku} "
            f"({self.peak_replicas} model {'copy' if self.peak_replicas == 1 else 'copies'})"
        )


class BatchEstimate(BaseModel):
    """The scheduled side as sized and priced: one run's nodes and time, and the month's cost."""

    model_config = ConfigDict(frozen=True)

    service: str
    service_label: str
    sku: str
    priority: Priority
    usd_per_node_hour: float
    schedule: Schedule
    runs_per_month: float
    rows_per_run: float
    rows_follow_volume: bool
    parallelism_per_node: int
    nodes_used: int
    max_nodes: int
    startup_minutes: float
    nodes_stay_warm: bool
    work_minutes_per_run: float
    job_minutes: float
    time_to_result_minutes: float
    billed_node_minutes_per_run: float
    idle_before_scale_down_seconds: float
    tolerated_delay_minutes: float
    meets_tolerated_delay: bool
    nodes_active_by_hour: tuple[float, ...]
    processing_usd_per_month: float
    startup_usd_per_month: float
    scale_down_idle_usd_per_month: float
    total_usd_per_month: float

    @property
    def compute_words(self) -> str:
        """What runs, as priced: the cluster's size, node count and schedule."""
        low = " low-priority" if self.priority == "low-priority" else ""
        return (
            f"{self.service_label}, {self.nodes_used} ×{low} {self.sku}, "
            f"{SCHEDULE_LABELS[self.schedule]}"
        )


class CostComparison(BaseModel):
    """Both options side by side; `choice` is the cheaper side among those meeting the deadline."""

    model_config = ConfigDict(frozen=True)

    inputs: CostInputs
    realtime: RealtimeEstimate
    batch: BatchEstimate
    realtime_usd_per_month: float
    batch_usd_per_month: float
    cheaper: Side
    costs_equal: bool
    difference_usd_per_month: float
    explanation: tuple[ExplanationLine, ...]
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]
    sources: tuple[PriceRow, ...]
    catalog_name: str
    catalog_oldest_as_of: str

    def meets_deadline(self, side: Side) -> bool:
        """Whether that side delivers within the tolerated delay."""
        if side is Side.REAL_TIME:
            return self.realtime.meets_tolerated_delay
        return self.batch.meets_tolerated_delay

    def usd_per_month(self, side: Side) -> float:
        return self.realtime_usd_per_month if side is Side.REAL_TIME else self.batch_usd_per_month

    @property
    def choice(self) -> Side | None:
        """The cheaper side among those that meet the deadline; None when neither does."""
        meeting = [
            side for side in (self.cheaper, _other(self.cheaper)) if self.meets_deadline(side)
        ]
        return meeting[0] if meeting else None

    def badge(self, side: Side) -> str:
        """The word beside a side's total: never "cheaper" for a side that misses the deadline."""
        if not self.meets_deadline(side):
            return "misses the deadline"
        other = _other(side)
        if not self.meets_deadline(other):
            return "only one in time"
        if self.costs_equal:
            return ""
        return "cheaper" if self.cheaper is side else "dearer"

    @property
    def cheaper_misses_deadline(self) -> bool:
        """The side that costs less cannot deliver in time (so it is not "the cheaper choice")."""
        return not self.costs_equal and not self.meets_deadline(self.cheaper)

    @property
    def verdict(self) -> str:
        """One sentence saying which option to choose on cost, honest about the deadline."""
        rt, bt = self.realtime_usd_per_month, self.batch_usd_per_month
        late = _late_words(self)
        choice = self.choice
        if choice is None:
            return (
                f"Neither side meets the deadline: {late} Real-time {usd(rt)}, batch {usd(bt)} "
                "per month."
            )
        other = _other(choice)
        mine, theirs = usd(self.usd_per_month(choice)), usd(self.usd_per_month(other))
        if not self.meets_deadline(other):
            if self.costs_equal:
                return (
                    f"Both would cost about {mine} per month, but {SIDE_WORDS[other]} cannot "
                    f"deliver within the deadline: {late} Choose {SIDE_WORDS[choice]}."
                )
            if self.cheaper is other:
                return (
                    f"{SIDE_WORDS[other].capitalize()} would cost less ({theirs} vs {mine} per "
                    f"month) but cannot deliver within the deadline: {late} "
                    f"Choose {SIDE_WORDS[choice]}."
                )
            return (
                f"{SIDE_WORDS[choice].capitalize()} is cheaper: {mine} vs {theirs} per month, "
                f"and the only one that meets the deadline: {late}"
            )
        if self.costs_equal:
            return f"Both options cost about {usd(rt)} per month."
        if self.cheaper is Side.BATCH:
            text = f"Batch is cheaper: {usd(bt)} vs {usd(rt)} per month for real-time"
            return text + f" ({usd(rt - bt)} less)."
        text = f"Real-time is cheaper: {usd(rt)} vs {usd(bt)} per month for batch"
        return text + f" ({usd(bt - rt)} less)."


def _other(side: Side) -> Side:
    return Side.BATCH if side is Side.REAL_TIME else Side.REAL_TIME


def _late_words(comparison: CostComparison) -> str:
    parts = []
    tolerated = comparison.inputs.tolerated_delay_minutes
    batch_time = minutes_words(comparison.batch.time_to_result_minutes)
    request_time = minutes_words(comparison.realtime.request_minutes)
    if tolerated == 0 and not comparison.batch.meets_tolerated_delay:
        parts.append(f"batch delivers in {batch_time}, but results are needed immediately.")
    elif not comparison.batch.meets_tolerated_delay:
        parts.append(
            f"batch delivers in {batch_time}, more than "
            f"the {minutes_words(tolerated)} the business can wait."
        )
    if not comparison.realtime.meets_tolerated_delay:
        parts.append(
            f"one request takes {request_time}, more than the "
            f"{minutes_words(tolerated)} the business can wait."
        )
    return " ".join(parts)
