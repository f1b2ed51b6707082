"""The cost engine: monthly cost of a real-time endpoint and of a batch job for one workload.

For sizing and pricing both options (vectorised over many volumes for the break-even sweep),
explaining every figure with its formula and numbers, and the sensitivity (tornado) analysis.
Not for charts or exports (`cost_charts.py`, `cost_report.py`), never imports streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from deploycore.costing import queueing as sizing
from deploycore.costing.catalog import PriceCatalog, PriceRow, Priority, load_catalog
from deploycore.costing.inputs import (
    BATCH_SERVICE_LABELS,
    REALTIME_SERVICE_LABELS,
    SEED_STARTUP_MINUTES_HIGH,
    SEED_STARTUP_MINUTES_LOW,
    CostInputs,
)
from deploycore.costing.queueing import FloatArray, IntArray

HOURS_PER_MONTH = 730.0  # the cloud calculators' month: 8,760 hours / 12
DAYS_PER_MONTH = HOURS_PER_MONTH / 24.0
SECONDS_PER_HOUR = 3600.0
RUNS_PER_MONTH: dict[str, float] = {
    "hourly": HOURS_PER_MONTH,
    "daily": DAYS_PER_MONTH,
    "weekly": HOURS_PER_MONTH / (24.0 * 7.0),
}
DAYS_PER_RUN: dict[str, float] = {"hourly": 1 / 24, "daily": 1.0, "weekly": 7.0}
SERVERLESS_MEMORY_GB_CHOICES = (1, 2, 3, 4, 5, 6)  # SageMaker serverless memory sizes

# Which catalog service each option prices from.
REALTIME_CATALOG_SERVICE: dict[str, str] = {
    "azure-container-instances": "container-instances",
    "azure-kubernetes-service-free": "aks-node",
    "azure-kubernetes-service-standard": "aks-node",
    "azure-ml-online-endpoint": "ml-online-endpoint",
    "aws-sagemaker-realtime": "sagemaker-realtime",
    "aws-sagemaker-serverless": "sagemaker-serverless",
    "gcp-vertex-online-prediction": "vertex-online-prediction",
}
AKS_TIER: dict[str, str] = {
    "azure-kubernetes-service-free": "free",
    "azure-kubernetes-service-standard": "standard",
}
BATCH_CATALOG_SERVICE: dict[str, str] = {
    "azure-ml-compute-cluster": "ml-compute-cluster",
    "aws-sagemaker-batch-transform": "sagemaker-batch-transform",
    "gcp-vertex-batch-prediction": "vertex-batch-prediction",
}

Cheaper = Literal["real-time", "batch"]


class CostInputError(ValueError):
    """Inputs that cannot be priced (e.g. a replica larger than the node); the text says why."""


class ExplanationLine(BaseModel):
    """One step of the computation: what, the formula, and the formula with the numbers in."""

    model_config = ConfigDict(frozen=True)

    topic: str
    formula: str
    numbers: str


class RealtimeEstimate(BaseModel):
    model_config = ConfigDict(frozen=True)

    service: str
    service_label: str
    sku: str
    arrival_rps_by_hour: tuple[float, ...]
    concurrency_by_hour: tuple[float, ...]
    replicas_by_hour: tuple[int, ...]
    nodes_by_hour: tuple[int, ...]
    p95_wait_ms_busiest_hour: float
    replica_hours_per_month: float
    usd_per_replica_hour: float
    compute_usd_per_month: float
    control_plane_usd_per_month: float
    idle_capacity_usd_per_month: float
    total_usd_per_month: float


class BatchEstimate(BaseModel):
    model_config = ConfigDict(frozen=True)

    service: str
    service_label: str
    sku: str
    priority: Priority
    usd_per_node_hour: float
    schedule: str
    runs_per_month: float
    rows_per_run: float
    parallelism_per_node: int
    nodes_used: int
    startup_minutes: float
    work_minutes_per_run: float
    time_to_result_minutes: float
    billed_node_minutes_per_run: float
    tolerated_delay_minutes: float
    meets_tolerated_delay: bool
    nodes_active_by_hour: tuple[float, ...]
    processing_usd_per_month: float
    startup_usd_per_month: float
    scale_down_idle_usd_per_month: float
    total_usd_per_month: float


class CostComparison(BaseModel):
    """Both options side by side; `cheaper` says which in words."""

    model_config = ConfigDict(frozen=True)

    inputs: CostInputs
    realtime: RealtimeEstimate
    batch: BatchEstimate
    realtime_usd_per_month: float
    batch_usd_per_month: float
    cheaper: Cheaper
    costs_equal: bool
    difference_usd_per_month: float
    explanation: tuple[ExplanationLine, ...]
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]
    sources: tuple[PriceRow, ...]
    catalog_name: str
    catalog_oldest_as_of: str

    @property
    def verdict(self) -> str:
        """One sentence saying which option is cheaper, in words."""
        rt, bt = self.realtime_usd_per_month, self.batch_usd_per_month
        if self.costs_equal:
            text = f"Both options cost about {usd(rt)} per month."
        elif self.cheaper == "batch":
            text = f"Batch is cheaper: {usd(bt)} vs {usd(rt)} per month for real-time"
            text += f" ({usd(rt - bt)} less)."
        else:
            text = f"Real-time is cheaper: {usd(rt)} vs {usd(bt)} per month for batch"
            text += f" ({usd(bt - rt)} less)."
        if not self.batch.meets_tolerated_delay:
            text += (
                f" But batch takes {self.batch.time_to_result_minutes:.1f} min to deliver, more "
                f"than the {self.batch.tolerated_delay_minutes:g} min the business can wait."
            )
        return text


def usd(value: float) -> str:
    """Dollars for people: $1,234 above $100, cents below."""
    if abs(value) >= 100:
        return f"${value:,.0f}"
    return f"${value:,.2f}"


# ------------------------------------------------------------------------------ prices


@dataclass(frozen=True)
class RealtimePrices:
    kind: Literal["per-resource", "per-node", "serverless"]
    sku: str
    usd_per_replica_hour: float  # per-resource; per-node: node price / replicas per node
    usd_per_node_hour: float
    replicas_per_node: int
    control_plane_usd_per_hour: float
    serverless_usd_per_gb_second: float
    serverless_memory_gb: float
    rows: tuple[PriceRow, ...]
    notes: tuple[str, ...]

    def scaled(self, factor: float) -> RealtimePrices:
        return replace(
            self,
            usd_per_replica_hour=self.usd_per_replica_hour * factor,
            usd_per_node_hour=self.usd_per_node_hour * factor,
            control_plane_usd_per_hour=self.control_plane_usd_per_hour * factor,
            serverless_usd_per_gb_second=self.serverless_usd_per_gb_second * factor,
        )


@dataclass(frozen=True)
class BatchPrices:
    sku: str
    priority: Priority
    usd_per_node_hour: float
    parallelism: int
    rows: tuple[PriceRow, ...]
    notes: tuple[str, ...]

    def scaled(self, factor: float) -> BatchPrices:
        return replace(self, usd_per_node_hour=self.usd_per_node_hour * factor)


def _pick_sku(
    catalog: PriceCatalog, service: str, wanted: str, priority: Priority, label: str
) -> tuple[PriceRow, tuple[str, ...]]:
    rows = catalog.find(service, wanted, priority)
    if rows:
        return rows[0], ()
    offered = catalog.find(service, priority=priority)
    if not offered:
        what = "low-priority " if priority == "low-priority" else ""
        raise CostInputError(
            f"The price catalog has no {what}prices for {label}: pick another service"
            + (" or switch low-priority nodes off." if priority == "low-priority" else ".")
        )
    return offered[0], (f"{wanted} is not offered for {label}; using {offered[0].sku} instead.",)


def _fits(row: PriceRow, inputs: CostInputs, what: str) -> int:
    if row.vcpu is None or row.memory_gb is None:
        raise CostInputError(f"The catalog row {row.price_id} lacks vcpu or memory_gb.")
    by_cpu = math.floor(row.vcpu / inputs.replica_vcpu + 1e-9)
    by_memory = math.floor(row.memory_gb / inputs.replica_memory_gb + 1e-9)
    count = min(by_cpu, by_memory)
    if count < 1:
        raise CostInputError(
            f"One model copy needs {inputs.replica_vcpu:g} vCPU and {inputs.replica_memory_gb:g} "
            f"GB, but a {row.sku} {what} has {row.vcpu:g} vCPU and {row.memory_gb:g} GB: choose "
            "a larger size or a smaller model."
        )
    return count


def realtime_prices(inputs: CostInputs, catalog: PriceCatalog) -> RealtimePrices:
    """Resolve the real-time option's prices from the catalog."""
    service = inputs.realtime_service
    label = REALTIME_SERVICE_LABELS[service]
    catalog_service = REALTIME_CATALOG_SERVICE[service]
    if service == "azure-container-instances":
        vcpu_rows = [r for r in catalog.find(catalog_service) if r.unit == "vcpu-second"]
        gb_rows = [r for r in catalog.find(catalog_service) if r.unit == "gb-second"]
        if not vcpu_rows or not gb_rows:
            raise CostInputError(
                f"The price catalog lacks vCPU-second or GB-second prices for {label}."
            )
        per_hour = (
            inputs.replica_vcpu * vcpu_rows[0].usd_per_unit
            + inputs.replica_memory_gb * gb_rows[0].usd_per_unit
        ) * SECONDS_PER_HOUR
        return RealtimePrices(
            kind="per-resource",
            sku=f"{inputs.replica_vcpu:g} vCPU, {inputs.replica_memory_gb:g} GB",
            usd_per_replica_hour=per_hour, usd_per_node_hour=per_hour, replicas_per_node=1,
            control_plane_usd_per_hour=0.0, serverless_usd_per_gb_second=0.0,
            serverless_memory_gb=0.0, rows=(vcpu_rows[0], gb_rows[0]), notes=(),
        )  # fmt: skip
    if service == "aws-sagemaker-serverless":
        rows = [r for r in catalog.find(catalog_service) if r.unit == "serverless-gb-second"]
        if not rows:
            raise CostInputError(
                f"The price catalog has no serverless GB-second price for {label}."
            )
        if inputs.replica_memory_gb > max(SERVERLESS_MEMORY_GB_CHOICES):
            raise CostInputError(
                f"{label} offers at most {max(SERVERLESS_MEMORY_GB_CHOICES)} GB of memory; the "
                f"model needs {inputs.replica_memory_gb:g} GB: pick another service."
            )
        memory = float(
            next(m for m in SERVERLESS_MEMORY_GB_CHOICES if m >= inputs.replica_memory_gb - 1e-9)
        )
        return RealtimePrices(
            kind="serverless", sku=f"{memory:g} GB serverless", usd_per_replica_hour=0.0,
            usd_per_node_hour=0.0, replicas_per_node=1, control_plane_usd_per_hour=0.0,
            serverless_usd_per_gb_second=rows[0].usd_per_unit, serverless_memory_gb=memory,
            rows=(rows[0],), notes=(),
        )  # fmt: skip
    node, notes = _pick_sku(catalog, catalog_service, inputs.realtime_node_sku, "dedicated", label)
    per_node = _fits(node, inputs, "node")
    used: list[PriceRow] = [node]
    control = 0.0
    if service in AKS_TIER:
        tier_rows = catalog.find("aks-control-plane", AKS_TIER[service])
        if not tier_rows:
            raise CostInputError(f"The price catalog has no control-plane price for {label}.")
        control = tier_rows[0].usd_per_unit
        used.append(tier_rows[0])
    return RealtimePrices(
        kind="per-node", sku=node.sku, usd_per_replica_hour=node.usd_per_unit / per_node,
        usd_per_node_hour=node.usd_per_unit, replicas_per_node=per_node,
        control_plane_usd_per_hour=control, serverless_usd_per_gb_second=0.0,
        serverless_memory_gb=0.0, rows=tuple(used), notes=notes,
    )  # fmt: skip


def batch_prices(inputs: CostInputs, catalog: PriceCatalog) -> BatchPrices:
    """Resolve the batch option's node price and how many model copies a node runs."""
    label = BATCH_SERVICE_LABELS[inputs.batch_service]
    priority: Priority = "low-priority" if inputs.low_priority else "dedicated"
    node, notes = _pick_sku(
        catalog, BATCH_CATALOG_SERVICE[inputs.batch_service], inputs.batch_node_sku, priority, label
    )
    parallelism = _fits(node, inputs, "node")
    return BatchPrices(
        sku=node.sku, priority=priority, usd_per_node_hour=node.usd_per_unit,
        parallelism=parallelism, rows=(node,), notes=notes,
    )  # fmt: skip


# ------------------------------------------------------------------- vectorised engines


def servers_per_replica(inputs: CostInputs) -> int:
    """Requests one replica serves at once: one per whole vCPU, at least one."""
    return max(1, math.floor(inputs.replica_vcpu + 1e-9))


@dataclass(frozen=True)
class RealtimeArrays:
    arrival_rps: FloatArray  # (n, 24)
    replicas: IntArray  # (n, 24)
    nodes: IntArray  # (n, 24)
    compute_usd: FloatArray  # (n,)
    control_plane_usd: FloatArray
    idle_usd: FloatArray

    @property
    def total_usd(self) -> FloatArray:
        total: FloatArray = self.compute_usd + self.control_plane_usd + self.idle_usd
        return total


def realtime_monthly(
    inputs: CostInputs,
    prices: RealtimePrices,
    predictions_per_day: FloatArray,
    peak_requests_per_second: FloatArray,
) -> RealtimeArrays:
    """Real-time monthly cost for many daily volumes at once (arrays of shape (n,))."""
    weights = sizing.shape_weights(inputs.daily_shape, inputs.hourly_weights)
    # Hours with the same weight size identically: size each distinct weight once.
    distinct, hour_index = np.unique(weights, return_inverse=True)
    hours_per_weight = np.bincount(hour_index, minlength=distinct.size).astype(np.float64)
    rps = sizing.hourly_arrival_rps(predictions_per_day, distinct, peak_requests_per_second)
    latency_s = inputs.latency_ms / 1000.0
    n = rps.shape[0]
    if prices.kind == "serverless":
        concurrency = sizing.littles_law_concurrency(rps, latency_s)
        replicas = np.ceil(concurrency - 1e-9).astype(np.int64)[:, hour_index]
        busy_seconds = np.asarray(predictions_per_day, dtype=np.float64) * latency_s
        compute = busy_seconds * prices.serverless_memory_gb * prices.serverless_usd_per_gb_second
        zeros = np.zeros(n)
        return RealtimeArrays(
            rps[:, hour_index], replicas, replicas, compute * DAYS_PER_MONTH, zeros, zeros
        )
    per_replica = servers_per_replica(inputs)
    replicas = sizing.replicas_per_hour(
        rps,
        inputs.latency_ms,
        per_replica,
        inputs.target_utilisation_percent / 100.0,
        inputs.p95_latency_target_ms - inputs.latency_ms,
        inputs.min_replicas,
        inputs.autoscaling,
    )
    nodes = np.ceil(replicas / prices.replicas_per_node - 1e-9).astype(np.int64)
    capacity_servers = nodes * prices.replicas_per_node * per_replica
    hourly_cost = nodes * prices.usd_per_node_hour
    if prices.kind == "per-resource":
        capacity_servers = replicas * per_replica
        hourly_cost = replicas * prices.usd_per_replica_hour
    busy_servers = rps * latency_s  # Little's law: busy servers = lambda x service time
    with np.errstate(divide="ignore", invalid="ignore"):
        busy_share = np.where(capacity_servers > 0, busy_servers / capacity_servers, 0.0)
    busy_share = np.clip(busy_share, 0.0, 1.0)
    compute = (hourly_cost * busy_share) @ hours_per_weight * DAYS_PER_MONTH
    idle = (hourly_cost * (1.0 - busy_share)) @ hours_per_weight * DAYS_PER_MONTH
    control = np.full(n, prices.control_plane_usd_per_hour * HOURS_PER_MONTH)
    return RealtimeArrays(
        rps[:, hour_index], replicas[:, hour_index], nodes[:, hour_index], compute, control, idle
    )


@dataclass(frozen=True)
class BatchArrays:
    nodes_used: IntArray
    work_s: FloatArray
    job_s: FloatArray
    billed_node_s_per_run: FloatArray
    processing_usd: FloatArray
    startup_usd: FloatArray
    idle_usd: FloatArray

    @property
    def total_usd(self) -> FloatArray:
        total: FloatArray = self.processing_usd + self.startup_usd + self.idle_usd
        return total


def batch_monthly(inputs: CostInputs, prices: BatchPrices, rows_per_run: FloatArray) -> BatchArrays:
    """Batch monthly cost for many run sizes at once (arrays of shape (n,)).

    job time = start-up + rows x per-row time / (nodes x parallelism); each node is billed
    from start-up to scale-down (start-up + work + idle wait), at most the schedule interval.
    """
    rows = np.asarray(rows_per_run, dtype=np.float64)
    per_row_s = inputs.latency_ms / 1000.0
    parallelism = prices.parallelism
    copies_needed = np.ceil(rows / parallelism - 1e-9)
    nodes = np.clip(copies_needed, 1, inputs.max_nodes).astype(np.int64)
    startup_s = inputs.node_startup_minutes * 60.0
    work_s = rows * per_row_s / (nodes * parallelism)
    job_s = startup_s + work_s
    interval_s = SECONDS_PER_HOUR * 24.0 * DAYS_PER_RUN[inputs.batch_schedule]
    idle_s = inputs.idle_before_scale_down_seconds
    billed = np.minimum(job_s + idle_s, interval_s)
    startup_part: FloatArray = np.minimum(np.full_like(billed, startup_s), billed)
    work_part: FloatArray = np.minimum(work_s, billed - startup_part)
    idle_part = billed - startup_part - work_part
    runs = RUNS_PER_MONTH[inputs.batch_schedule]
    factor = runs * nodes * prices.usd_per_node_hour / SECONDS_PER_HOUR
    return BatchArrays(
        nodes_used=nodes, work_s=work_s, job_s=job_s, billed_node_s_per_run=billed,
        processing_usd=factor * work_part, startup_usd=factor * startup_part,
        idle_usd=factor * idle_part,
    )  # fmt: skip


def _nodes_active_by_hour(inputs: CostInputs, nodes: int, billed_s: float) -> tuple[float, ...]:
    """Average nodes allocated in each hour of a day with a run (runs start on the hour)."""
    active = np.zeros(24)
    if inputs.batch_schedule == "hourly":
        active[:] = nodes * min(billed_s, SECONDS_PER_HOUR) / SECONDS_PER_HOUR
        return tuple(float(x) for x in active)
    remaining = min(billed_s, 24 * SECONDS_PER_HOUR)
    hour = inputs.batch_start_hour
    while remaining > 1e-9:
        used = min(remaining, SECONDS_PER_HOUR)
        active[hour % 24] += nodes * used / SECONDS_PER_HOUR
        remaining -= used
        hour += 1
    return tuple(float(x) for x in active)


# ------------------------------------------------------------------------ the estimate


def _scale_for(
    inputs: CostInputs, daily_volumes: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Predictions/day, peak and rows per run for other daily volumes, keeping the ratios."""
    volumes = np.asarray(daily_volumes, dtype=np.float64)
    if inputs.predictions_per_day >= 1.0:  # below one a day, ratios are meaningless
        scale = volumes / inputs.predictions_per_day
        return volumes, inputs.peak_requests_per_second * scale, inputs.rows_per_run * scale
    rows = volumes * DAYS_PER_RUN[inputs.batch_schedule]
    return volumes, np.zeros_like(volumes), rows


def compare_monthly_costs(
    inputs: CostInputs, catalog: PriceCatalog | None = None
) -> CostComparison:
    """Size and price both options for the inputs; the headline API other pages call."""
    base = catalog if catalog is not None else load_catalog()
    priced = base.with_overrides(inputs.price_overrides)
    rt_prices = realtime_prices(inputs, priced)
    bt_prices = batch_prices(inputs, priced)
    rt = realtime_monthly(
        inputs, rt_prices, np.array([inputs.predictions_per_day]),
        np.array([inputs.peak_requests_per_second]),
    )  # fmt: skip
    bt = batch_monthly(inputs, bt_prices, np.array([float(inputs.rows_per_run)]))
    realtime = _realtime_estimate(inputs, rt_prices, rt)
    batch = _batch_estimate(inputs, bt_prices, bt)
    difference = realtime.total_usd_per_month - batch.total_usd_per_month
    # A tie (within half a cent) goes to batch: it is never dearer, and it idles at ~zero.
    costs_equal = abs(difference) < 0.005
    cheaper: Cheaper = "real-time" if difference <= -0.005 else "batch"
    warnings = list(rt_prices.notes + bt_prices.notes)
    warnings.extend(_warnings(inputs, realtime, batch))
    return CostComparison(
        inputs=inputs, realtime=realtime, batch=batch,
        realtime_usd_per_month=realtime.total_usd_per_month,
        batch_usd_per_month=batch.total_usd_per_month, cheaper=cheaper,
        costs_equal=costs_equal,
        difference_usd_per_month=difference,
        explanation=tuple(_explain(inputs, rt_prices, bt_prices, realtime, batch)),
        warnings=tuple(warnings), assumptions=tuple(assumptions(inputs)),
        sources=rt_prices.rows + bt_prices.rows, catalog_name=priced.name,
        catalog_oldest_as_of=priced.oldest_as_of().isoformat(),
    )  # fmt: skip


def _realtime_estimate(
    inputs: CostInputs, prices: RealtimePrices, rt: RealtimeArrays
) -> RealtimeEstimate:
    rps = rt.arrival_rps[0]
    replicas = rt.replicas[0]
    busiest = int(np.argmax(rps))
    if prices.kind == "serverless":
        wait_ms = 0.0
    else:
        servers = replicas[busiest] * servers_per_replica(inputs)
        wait = sizing.p95_wait_s(
            np.array([servers]), np.array([rps[busiest]]), inputs.latency_ms / 1000
        )
        wait_ms = float(wait[0]) * 1000.0
    return RealtimeEstimate(
        service=inputs.realtime_service,
        service_label=REALTIME_SERVICE_LABELS[inputs.realtime_service],
        sku=prices.sku, arrival_rps_by_hour=tuple(float(x) for x in rps),
        concurrency_by_hour=tuple(float(x) for x in rps * inputs.latency_ms / 1000.0),
        replicas_by_hour=tuple(int(x) for x in replicas),
        nodes_by_hour=tuple(int(x) for x in rt.nodes[0]),
        p95_wait_ms_busiest_hour=wait_ms,
        replica_hours_per_month=float(replicas.sum()) * DAYS_PER_MONTH,
        usd_per_replica_hour=prices.usd_per_replica_hour,
        compute_usd_per_month=float(rt.compute_usd[0]),
        control_plane_usd_per_month=float(rt.control_plane_usd[0]),
        idle_capacity_usd_per_month=float(rt.idle_usd[0]),
        total_usd_per_month=float(rt.total_usd[0]),
    )  # fmt: skip


def _batch_estimate(inputs: CostInputs, prices: BatchPrices, bt: BatchArrays) -> BatchEstimate:
    nodes = int(bt.nodes_used[0])
    billed = float(bt.billed_node_s_per_run[0])
    job_min = float(bt.job_s[0]) / 60.0
    return BatchEstimate(
        service=inputs.batch_service, service_label=BATCH_SERVICE_LABELS[inputs.batch_service],
        sku=prices.sku, priority=prices.priority, usd_per_node_hour=prices.usd_per_node_hour,
        schedule=inputs.batch_schedule, runs_per_month=RUNS_PER_MONTH[inputs.batch_schedule],
        rows_per_run=float(inputs.rows_per_run), parallelism_per_node=prices.parallelism,
        nodes_used=nodes, startup_minutes=inputs.node_startup_minutes,
        work_minutes_per_run=float(bt.work_s[0]) / 60.0, time_to_result_minutes=job_min,
        billed_node_minutes_per_run=billed / 60.0,
        tolerated_delay_minutes=inputs.tolerated_delay_minutes,
        meets_tolerated_delay=job_min <= inputs.tolerated_delay_minutes + 1e-9,
        nodes_active_by_hour=_nodes_active_by_hour(inputs, nodes, billed),
        processing_usd_per_month=float(bt.processing_usd[0]),
        startup_usd_per_month=float(bt.startup_usd[0]),
        scale_down_idle_usd_per_month=float(bt.idle_usd[0]),
        total_usd_per_month=float(bt.total_usd[0]),
    )  # fmt: skip


def _warnings(inputs: CostInputs, realtime: RealtimeEstimate, batch: BatchEstimate) -> list[str]:
    found: list[str] = []
    interval_min = 24 * 60 * DAYS_PER_RUN[inputs.batch_schedule]
    if batch.time_to_result_minutes > interval_min:
        found.append(
            f"A batch run takes {batch.time_to_result_minutes:,.0f} min, longer than the "
            f"{inputs.batch_schedule} schedule ({interval_min:,.0f} min): runs would overlap. "
            "Add nodes or run less often."
        )
    if (
        inputs.realtime_service == "aws-sagemaker-serverless"
        and inputs.p95_latency_target_ms < 5000
    ):
        found.append(
            "Serverless endpoints scale to zero and cold starts take seconds: the first requests "
            "after a quiet spell will miss a p95 target below 5 s."
        )
    if (
        inputs.realtime_service == "azure-kubernetes-service-free"
        and max(realtime.nodes_by_hour) > 10
    ):
        found.append("The AKS Free tier is meant for fewer than 10 nodes: use the Standard tier.")
    if inputs.min_replicas < 2 and inputs.realtime_service != "aws-sagemaker-serverless":
        found.append("One replica minimum: no high availability (that needs at least 2).")
    if inputs.low_priority:
        found.append("Low-priority nodes can be pre-empted: a run may take longer than estimated.")
    return found


def assumptions(inputs: CostInputs) -> list[str]:
    """What the estimate takes for granted, in words (shown on the page and in exports)."""
    return [
        f"A month is {HOURS_PER_MONTH:g} hours ({DAYS_PER_MONTH:.2f} days), as cloud "
        "calculators use.",
        "Requests arrive at random (Poisson) and service times vary exponentially (M/M/c queue).",
        "Each replica serves one request per whole vCPU at a time (at least one).",
        "The peak requests per second applies to the busiest hour; other hours scale with the "
        "daily shape.",
        "A batch node runs one model copy per vCPU/memory slot it has; per-row time equals the "
        "model's latency per prediction.",
        "Batch nodes are billed from the start of node start-up until scale-down (start-up, work, "
        "then the idle wait), never more than the time between runs; min_instances is 0.",
        "A scheduled batch run starts at least one node even when there are no rows.",
        "Prices are list, pay-as-you-go prices in one region; no reservations, savings plans, "
        "storage, networking, data processed or taxes.",
        "Unconfirmed catalog prices are marked in the sources; override any price on the page.",
    ]


# ----------------------------------------------------------------------- explanation


def _explain(
    inputs: CostInputs,
    rt_prices: RealtimePrices,
    bt_prices: BatchPrices,
    realtime: RealtimeEstimate,
    batch: BatchEstimate,
) -> list[ExplanationLine]:
    weights = sizing.shape_weights(inputs.daily_shape, inputs.hourly_weights)
    busiest = int(np.argmax(realtime.arrival_rps_by_hour))
    lam = realtime.arrival_rps_by_hour[busiest]
    latency_s = inputs.latency_ms / 1000.0
    lines = [
        ExplanationLine(
            topic="Arrival rate in the busiest hour",
            formula="λ_h = max(predictions_per_day × w_h / 3600 s, peak × w_h / max(w))",
            numbers=(
                f"hour {busiest:02d}:00: λ = max({inputs.predictions_per_day:,.0f} × "
                f"{weights[busiest]:.4f} / 3600, {inputs.peak_requests_per_second:g} × "
                f"{weights[busiest] / weights.max():.3f}) = {lam:,.3f} requests/s"
            ),
        ),
        ExplanationLine(
            topic="Requests in flight (Little's law)",
            formula="L = λ × W",
            numbers=f"L = {lam:,.3f} /s × {latency_s:g} s = {lam * latency_s:,.3f} requests",
        ),
    ]
    if rt_prices.kind == "serverless":
        lines.append(
            ExplanationLine(
                topic="Serverless compute",
                formula="USD/month = predictions/day × latency × memory × USD/GB-s × days/month",
                numbers=(
                    f"{inputs.predictions_per_day:,.0f} × {latency_s:g} s × "
                    f"{rt_prices.serverless_memory_gb:g} GB × "
                    f"${rt_prices.serverless_usd_per_gb_second:.8f} × {DAYS_PER_MONTH:.2f} = "
                    f"{usd(realtime.total_usd_per_month)}"
                ),
            )
        )
    else:
        per_replica = servers_per_replica(inputs)
        replicas = realtime.replicas_by_hour[busiest]
        lines += [
            ExplanationLine(
                topic="Replicas in the busiest hour (M/M/c, Erlang C)",
                formula=(
                    "c = smallest number of request slots with λ×latency/c ≤ target utilisation "
                    "and p95 wait = ln(C(c, A)/0.05)/(c/latency − λ) ≤ p95 target − latency; "
                    "replicas = max(min_replicas, ceil(c / slots per replica))"
                ),
                numbers=(
                    f"A = {lam * latency_s:,.3f}, target {inputs.target_utilisation_percent:g} %, "
                    f"wait budget {inputs.p95_latency_target_ms - inputs.latency_ms:g} ms, "
                    f"{per_replica} slot(s) per replica, min {inputs.min_replicas} → "
                    f"{replicas} replicas, p95 wait {realtime.p95_wait_ms_busiest_hour:,.1f} ms"
                ),
            ),
            ExplanationLine(
                topic="Replica-hours per month",
                formula="Σ_h replicas_h × days per month"
                + ("" if inputs.autoscaling else " (autoscaling off: the peak count every hour)"),
                numbers=(
                    f"{sum(realtime.replicas_by_hour)} replica-hours/day × {DAYS_PER_MONTH:.2f} = "
                    f"{realtime.replica_hours_per_month:,.1f} replica-hours"
                ),
            ),
        ]
        if rt_prices.kind == "per-resource":
            vcpu_price = rt_prices.rows[0].usd_per_unit
            gb_price = rt_prices.rows[1].usd_per_unit
            lines.append(
                ExplanationLine(
                    topic="Price per replica-hour",
                    formula="(vCPU × USD per vCPU-s + GB × USD per GB-s) × 3600",
                    numbers=(
                        f"({inputs.replica_vcpu:g} × ${vcpu_price:.8f} + "
                        f"{inputs.replica_memory_gb:g} × ${gb_price:.8f}) × 3600 = "
                        f"${rt_prices.usd_per_replica_hour:.4f}/hour"
                    ),
                )
            )
        else:
            lines.append(
                ExplanationLine(
                    topic="Nodes",
                    formula="nodes_h = ceil(replicas_h / replicas per node); cost = nodes × price",
                    numbers=(
                        f"{rt_prices.replicas_per_node} replica(s) fit a {rt_prices.sku} node "
                        f"(${rt_prices.usd_per_node_hour:g}/hour); busiest hour: "
                        f"{realtime.nodes_by_hour[busiest]} node(s)"
                    ),
                )
            )
        lines.append(
            ExplanationLine(
                topic="Real-time split",
                formula="compute = cost × busy share (λ × latency / capacity); idle = the rest",
                numbers=(
                    f"compute {usd(realtime.compute_usd_per_month)} + idle capacity "
                    f"{usd(realtime.idle_capacity_usd_per_month)} + control plane "
                    f"{usd(realtime.control_plane_usd_per_month)} = "
                    f"{usd(realtime.total_usd_per_month)} per month"
                ),
            )
        )
    lines += [
        ExplanationLine(
            topic="Batch nodes and parallelism",
            formula=(
                "copies per node = min(floor(node vCPU / model vCPU), floor(node GB / model GB));"
                " nodes = min(max_nodes, ceil(rows / copies per node))"
            ),
            numbers=(
                f"{bt_prices.parallelism} copies per {bt_prices.sku} node; "
                f"{batch.nodes_used} node(s) of at most {inputs.max_nodes}"
            ),
        ),
        ExplanationLine(
            topic="Batch job time (time to result)",
            formula="start-up + rows × per-row time / (nodes × parallelism)",
            numbers=(
                f"{inputs.node_startup_minutes:g} min + {inputs.rows_per_run:,} × "
                f"{latency_s:g} s / ({batch.nodes_used} × {bt_prices.parallelism}) = "
                f"{batch.time_to_result_minutes:,.2f} min "
                + (
                    f"≤ tolerated {inputs.tolerated_delay_minutes:g} min: meets the delay"
                    if batch.meets_tolerated_delay
                    else f"> tolerated {inputs.tolerated_delay_minutes:g} min: too slow"
                )
            ),
        ),
        ExplanationLine(
            topic="Billed node time per run",
            formula="min(job time + idle before scale-down, time between runs) per node",
            numbers=(
                f"min({batch.time_to_result_minutes:,.2f} + "
                f"{inputs.idle_before_scale_down_seconds / 60:g} min, schedule) = "
                f"{batch.billed_node_minutes_per_run:,.2f} min × {batch.nodes_used} node(s)"
            ),
        ),
        ExplanationLine(
            topic="Batch monthly cost",
            formula="runs per month × nodes × billed hours per node × USD per node-hour",
            numbers=(
                f"{batch.runs_per_month:,.2f} × {batch.nodes_used} × "
                f"{batch.billed_node_minutes_per_run / 60:,.4f} h × ${batch.usd_per_node_hour:g} = "
                f"{usd(batch.total_usd_per_month)}"
            ),
        ),
    ]
    return lines


# ---------------------------------------------------------------- break-even and tornado


class BreakEven(BaseModel):
    """Monthly cost of both options over a range of daily volumes, and where they cross."""

    model_config = ConfigDict(frozen=True)

    daily_volumes: tuple[float, ...]
    realtime_usd_per_month: tuple[float, ...]
    batch_usd_per_month: tuple[float, ...]
    crossovers: tuple[float, ...]
    current_daily_volume: float


def break_even_sweep(
    inputs: CostInputs,
    catalog: PriceCatalog | None = None,
    daily_volumes: FloatArray | None = None,
    points: int = 200,
) -> BreakEven:
    """Both costs against daily volume (peak and rows per run scale with it) and crossovers."""
    base = catalog if catalog is not None else load_catalog()
    priced = base.with_overrides(inputs.price_overrides)
    rt_prices = realtime_prices(inputs, priced)
    bt_prices = batch_prices(inputs, priced)
    if daily_volumes is None:
        centre = max(inputs.predictions_per_day, 1000.0)
        daily_volumes = np.geomspace(centre / 1000.0, centre * 100.0, points)
    volumes, peaks, rows = _scale_for(inputs, daily_volumes)
    rt = realtime_monthly(inputs, rt_prices, volumes, peaks).total_usd
    bt = batch_monthly(inputs, bt_prices, rows).total_usd
    diff = rt - bt
    crossings: list[float] = []
    sign = np.sign(diff)
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        x0, x1, d0, d1 = volumes[i], volumes[i + 1], diff[i], diff[i + 1]
        crossings.append(float(x0 + (x1 - x0) * d0 / (d0 - d1)))
    return BreakEven(
        daily_volumes=tuple(float(v) for v in volumes),
        realtime_usd_per_month=tuple(float(v) for v in rt),
        batch_usd_per_month=tuple(float(v) for v in bt),
        crossovers=tuple(crossings),
        current_daily_volume=inputs.predictions_per_day,
    )


class TornadoBar(BaseModel):
    """How far one input moves the answer (real-time minus batch, USD per month)."""

    model_config = ConfigDict(frozen=True)

    label: str
    low_text: str
    high_text: str
    difference_at_low_usd: float
    difference_at_high_usd: float

    @property
    def swing_usd(self) -> float:
        return abs(self.difference_at_high_usd - self.difference_at_low_usd)


class Tornado(BaseModel):
    model_config = ConfigDict(frozen=True)

    base_difference_usd: float
    bars: tuple[TornadoBar, ...]  # biggest swing first


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _difference(
    inputs: CostInputs, catalog: PriceCatalog, rt_factor: float = 1.0, bt_factor: float = 1.0
) -> float:
    rt_prices = realtime_prices(inputs, catalog).scaled(rt_factor)
    bt_prices = batch_prices(inputs, catalog).scaled(bt_factor)
    rt = realtime_monthly(
        inputs, rt_prices, np.array([inputs.predictions_per_day]),
        np.array([inputs.peak_requests_per_second]),
    )  # fmt: skip
    bt = batch_monthly(inputs, bt_prices, np.array([float(inputs.rows_per_run)]))
    return float(rt.total_usd[0] - bt.total_usd[0])


def sensitivity(inputs: CostInputs, catalog: PriceCatalog | None = None) -> Tornado:
    """Vary one input at a time (low/high) and record real-time minus batch monthly cost."""
    base = catalog if catalog is not None else load_catalog()
    priced = base.with_overrides(inputs.price_overrides)
    base_diff = _difference(inputs, priced)

    def vary(**update: object) -> float:
        data = {**inputs.model_dump(), **update}
        latency = float(str(data["latency_ms"]))
        if float(str(data["p95_latency_target_ms"])) <= latency:
            data["p95_latency_target_ms"] = latency * 4
        return _difference(CostInputs.model_validate(data), priced)

    i = inputs
    varied: list[tuple[str, str, dict[str, object], dict[str, object]]] = [
        ("Predictions per day", "predictions_per_day",
         {"predictions_per_day": i.predictions_per_day / 2},
         {"predictions_per_day": i.predictions_per_day * 2}),
        ("Peak requests per second", "peak_requests_per_second",
         {"peak_requests_per_second": i.peak_requests_per_second / 2},
         {"peak_requests_per_second": i.peak_requests_per_second * 2}),
        ("Latency per prediction (ms)", "latency_ms",
         {"latency_ms": i.latency_ms / 2}, {"latency_ms": i.latency_ms * 2}),
        ("Rows per batch run", "rows_per_run",
         {"rows_per_run": i.rows_per_run // 2}, {"rows_per_run": i.rows_per_run * 2}),
        ("Minimum replicas", "min_replicas",
         {"min_replicas": max(1, i.min_replicas - 1)}, {"min_replicas": i.min_replicas + 1}),
        ("Target utilisation (%)", "target_utilisation_percent",
         {"target_utilisation_percent": 50.0}, {"target_utilisation_percent": 90.0}),
        ("Node start-up (min)", "node_startup_minutes",
         {"node_startup_minutes": SEED_STARTUP_MINUTES_LOW},
         {"node_startup_minutes": SEED_STARTUP_MINUTES_HIGH}),
    ]  # fmt: skip
    bars = [
        TornadoBar(
            label=label,
            low_text=_short(low[field]),
            high_text=_short(high[field]),
            difference_at_low_usd=vary(**low),
            difference_at_high_usd=vary(**high),
        )  # fmt: skip
        for label, field, low, high in varied
    ]
    for label, rt_low, rt_high, bt_low, bt_high in (
        ("Real-time prices", 0.75, 1.25, 1.0, 1.0),
        ("Batch prices", 1.0, 1.0, 0.75, 1.25),
    ):
        bars.append(
            TornadoBar(
                label=label,
                low_text="-25 %",
                high_text="+25 %",
                difference_at_low_usd=_difference(inputs, priced, rt_low, bt_low),
                difference_at_high_usd=_difference(inputs, priced, rt_high, bt_high),
            )  # fmt: skip
        )
    bars.sort(key=lambda bar: bar.swing_usd, reverse=True)
    return Tornado(base_difference_usd=base_diff, bars=tuple(bars))


class CostEstimate(BaseModel):
    """Everything the page shows: the comparison, the break-even sweep and the tornado."""

    model_config = ConfigDict(frozen=True)

    comparison: CostComparison
    break_even: BreakEven
    tornado: Tornado


def estimate(inputs: CostInputs, catalog: PriceCatalog | None = None) -> CostEstimate:
    """The page's one call: compare both options, sweep volumes, and rank the inputs."""
    base = catalog if catalog is not None else load_catalog()
    return CostEstimate(
        comparison=compare_monthly_costs(inputs, base),
        break_even=break_even_sweep(inputs, base),
        tornado=sensitivity(inputs, base),
    )
