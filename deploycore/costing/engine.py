"""The cost engine: size and price a real-time endpoint and a batch job for one workload.

One sizing model serves every page: real-time replicas per hour from Little's law and an M/M/c
(Erlang C) queue, batch nodes from job time including start-up and idle. Vectorised over many
daily volumes for the break-even search. Not for charts, exports or words (`charts.py`,
`report.py`, `explain.py`); never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deploycore.costing import queueing as sizing
from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.explain import assumptions, explain, warnings_for
from deploycore.costing.inputs import BATCH_SERVICE_LABELS, REALTIME_SERVICE_LABELS, CostInputs
from deploycore.costing.prices import BatchPrices, RealtimePrices, batch_prices, realtime_prices
from deploycore.costing.queueing import FloatArray, IntArray
from deploycore.costing.results import BatchEstimate, CostComparison, RealtimeEstimate
from deploycore.units import DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_HOUR, SECONDS_PER_MINUTE
from deploycore.vocabulary import (
    SCHEDULE_INTERVAL_MINUTES,
    Schedule,
    Side,
    is_micro_batch,
    runs_per_month,
)

# A tie within half a cent goes to batch: it is never dearer, and it idles at about zero.
TIE_USD = 0.005


@dataclass(frozen=True)
class RealtimeArrays:
    arrival_rps: FloatArray  # (n, 24) requests per second
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
    requests_per_day = np.asarray(predictions_per_day, dtype=np.float64) / inputs.rows_per_request
    rps = sizing.hourly_arrival_rps(requests_per_day, distinct, peak_requests_per_second)
    request_s = inputs.request_ms / 1000.0
    n = rps.shape[0]
    if prices.kind == "serverless":
        concurrency = sizing.littles_law_concurrency(rps, request_s)
        replicas = np.ceil(concurrency - 1e-9).astype(np.int64)[:, hour_index]
        busy_seconds = requests_per_day * request_s
        compute = busy_seconds * prices.serverless_memory_gb * prices.serverless_usd_per_gb_second
        zeros = np.zeros(n)
        return RealtimeArrays(
            rps[:, hour_index], replicas, replicas, compute * DAYS_PER_MONTH, zeros, zeros
        )
    per_replica = inputs.slots_per_replica
    replicas = sizing.replicas_per_hour(
        rps,
        inputs.request_ms,
        per_replica,
        inputs.target_utilisation_percent / 100.0,
        inputs.p95_latency_target_ms - inputs.request_ms,
        inputs.min_replicas,
        inputs.autoscaling,
    )
    nodes = np.ceil(replicas / prices.replicas_per_node - 1e-9).astype(np.int64)
    capacity_servers = nodes * prices.replicas_per_node * per_replica
    hourly_cost = nodes * prices.usd_per_node_hour
    if prices.kind == "per-resource":
        capacity_servers = replicas * per_replica
        hourly_cost = replicas * prices.usd_per_replica_hour
    busy_servers = rps * request_s  # Little's law: busy servers = lambda x service time
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
    job_s: FloatArray  # one run, from its scheduled start to its last result
    delivery_s: FloatArray  # worst case from a record's arrival to its stored prediction
    warm: FloatArray  # 1.0 where nodes stay up between runs (the idle wait spans the gap)
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
    Where the idle wait outlasts the gap between runs the nodes never scale down: they are
    billed the whole interval and a run needs no start-up. On schedules under an hour a record
    also waits up to one interval for the next run.
    """
    rows = np.asarray(rows_per_run, dtype=np.float64)
    per_row_s = inputs.latency_ms / 1000.0
    parallelism = prices.parallelism
    copies_needed = np.ceil(rows / parallelism - 1e-9)
    nodes = np.clip(copies_needed, 1, inputs.max_nodes).astype(np.int64)
    interval_s = SCHEDULE_INTERVAL_MINUTES[inputs.batch_schedule] * SECONDS_PER_MINUTE
    idle_s = inputs.idle_before_scale_down_seconds
    work_s = rows * per_row_s / (nodes * parallelism)
    cold_startup_s = inputs.node_startup_minutes * SECONDS_PER_MINUTE
    warm = (cold_startup_s + work_s + idle_s) >= interval_s
    startup_s = np.where(warm, 0.0, cold_startup_s)
    job_s = startup_s + work_s
    wait_s = interval_s if is_micro_batch(inputs.batch_schedule) else 0.0
    billed = np.where(warm, interval_s, np.minimum(job_s + idle_s, interval_s))
    startup_part: FloatArray = np.minimum(startup_s, billed)
    work_part: FloatArray = np.minimum(work_s, billed - startup_part)
    idle_part = billed - startup_part - work_part
    factor = runs_per_month(inputs.batch_schedule) * nodes * prices.usd_per_node_hour
    factor = factor / SECONDS_PER_HOUR
    return BatchArrays(
        nodes_used=nodes, work_s=work_s, job_s=job_s, delivery_s=job_s + wait_s,
        warm=warm.astype(np.float64), billed_node_s_per_run=billed,
        processing_usd=factor * work_part, startup_usd=factor * startup_part,
        idle_usd=factor * idle_part,
    )  # fmt: skip


def _nodes_active_by_hour(inputs: CostInputs, nodes: int, billed_s: float) -> tuple[float, ...]:
    """Average nodes allocated in each hour of a day with a run (runs start on the hour)."""
    active = np.zeros(24)
    interval_s = SCHEDULE_INTERVAL_MINUTES[inputs.batch_schedule] * SECONDS_PER_MINUTE
    if interval_s <= SECONDS_PER_HOUR:
        share = min(billed_s, interval_s) / interval_s
        active[:] = nodes * share
        return tuple(float(x) for x in active)
    remaining = min(billed_s, 24 * SECONDS_PER_HOUR)
    hour = inputs.batch_start_hour
    while remaining > 1e-9:
        used = min(remaining, SECONDS_PER_HOUR)
        active[hour % 24] += nodes * used / SECONDS_PER_HOUR
        remaining -= used
        hour += 1
    return tuple(float(x) for x in active)


def scale_for(
    inputs: CostInputs, daily_volumes: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Predictions/day, peak and rows per run for other daily volumes.

    Batch rows follow the volume (volume x days per run) unless overridden, when the override
    keeps its ratio to the volume. The peak keeps its ratio to the volume.
    """
    volumes = np.asarray(daily_volumes, dtype=np.float64)
    rows = volumes * inputs.days_per_run
    if inputs.predictions_per_day >= 1.0:  # below one a day, ratios are meaningless
        scale = volumes / inputs.predictions_per_day
        if not inputs.sides_price_same_volume:
            rows = inputs.rows_per_run * scale
        return volumes, inputs.peak_requests_per_second * scale, rows
    return volumes, np.zeros_like(volumes), rows


def monthly_totals(
    inputs: CostInputs,
    rt_prices: RealtimePrices,
    bt_prices: BatchPrices,
    daily_volumes: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Real-time and batch USD a month, and batch delivery minutes, at each daily volume."""
    volumes, peaks, rows = scale_for(inputs, daily_volumes)
    rt = realtime_monthly(inputs, rt_prices, volumes, peaks).total_usd
    bt = batch_monthly(inputs, bt_prices, rows)
    return rt, bt.total_usd, bt.delivery_s / SECONDS_PER_MINUTE


def cheaper_of(realtime_usd: float, batch_usd: float) -> Side:
    """The side that costs less; a tie within half a cent goes to batch."""
    return Side.REAL_TIME if realtime_usd - batch_usd <= -TIE_USD else Side.BATCH


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
    bt = batch_monthly(inputs, bt_prices, np.array([inputs.rows_per_run]))
    realtime = _realtime_estimate(inputs, rt_prices, rt)
    batch = _batch_estimate(inputs, bt_prices, bt)
    difference = realtime.total_usd_per_month - batch.total_usd_per_month
    warnings = list(rt_prices.notes + bt_prices.notes)
    warnings.extend(warnings_for(inputs, realtime, batch))
    return CostComparison(
        inputs=inputs, realtime=realtime, batch=batch,
        realtime_usd_per_month=realtime.total_usd_per_month,
        batch_usd_per_month=batch.total_usd_per_month,
        cheaper=cheaper_of(realtime.total_usd_per_month, batch.total_usd_per_month),
        costs_equal=abs(difference) < TIE_USD,
        difference_usd_per_month=difference,
        explanation=tuple(explain(inputs, rt_prices, bt_prices, realtime, batch)),
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
    request_s = inputs.request_ms / 1000.0
    if prices.kind == "serverless":
        wait_ms = 0.0
    else:
        servers = replicas[busiest] * inputs.slots_per_replica
        wait = sizing.p95_wait_s(np.array([servers]), np.array([rps[busiest]]), request_s)
        wait_ms = float(wait[0]) * 1000.0
    return RealtimeEstimate(
        service=inputs.realtime_service,
        service_label=REALTIME_SERVICE_LABELS[inputs.realtime_service],
        sku=prices.sku, kind=prices.kind, replicas_per_node=prices.replicas_per_node,
        arrival_rps_by_hour=tuple(float(x) for x in rps),
        concurrency_by_hour=tuple(float(x) for x in rps * request_s),
        replicas_by_hour=tuple(int(x) for x in replicas),
        nodes_by_hour=tuple(int(x) for x in rt.nodes[0]),
        p95_wait_ms_busiest_hour=wait_ms,
        replica_hours_per_month=float(replicas.sum()) * DAYS_PER_MONTH,
        usd_per_replica_hour=prices.usd_per_replica_hour,
        usd_per_node_hour=prices.usd_per_node_hour,
        compute_usd_per_month=float(rt.compute_usd[0]),
        control_plane_usd_per_month=float(rt.control_plane_usd[0]),
        idle_capacity_usd_per_month=float(rt.idle_usd[0]),
        total_usd_per_month=float(rt.total_usd[0]),
        request_minutes=inputs.request_ms / 60_000.0,
        tolerated_delay_minutes=inputs.tolerated_delay_minutes,
    )  # fmt: skip


def _batch_estimate(inputs: CostInputs, prices: BatchPrices, bt: BatchArrays) -> BatchEstimate:
    nodes = int(bt.nodes_used[0])
    billed = float(bt.billed_node_s_per_run[0])
    delivery_min = float(bt.delivery_s[0]) / SECONDS_PER_MINUTE
    schedule: Schedule = inputs.batch_schedule
    return BatchEstimate(
        service=inputs.batch_service, service_label=BATCH_SERVICE_LABELS[inputs.batch_service],
        sku=prices.sku, priority=prices.priority, usd_per_node_hour=prices.usd_per_node_hour,
        schedule=schedule, runs_per_month=runs_per_month(schedule),
        rows_per_run=inputs.rows_per_run, rows_follow_volume=inputs.sides_price_same_volume,
        parallelism_per_node=prices.parallelism,
        nodes_used=nodes, max_nodes=inputs.max_nodes,
        startup_minutes=float(bt.job_s[0] - bt.work_s[0]) / SECONDS_PER_MINUTE,
        nodes_stay_warm=bool(bt.warm[0]),
        work_minutes_per_run=float(bt.work_s[0]) / SECONDS_PER_MINUTE,
        job_minutes=float(bt.job_s[0]) / SECONDS_PER_MINUTE,
        time_to_result_minutes=delivery_min,
        billed_node_minutes_per_run=billed / SECONDS_PER_MINUTE,
        idle_before_scale_down_seconds=inputs.idle_before_scale_down_seconds,
        tolerated_delay_minutes=inputs.tolerated_delay_minutes,
        meets_tolerated_delay=delivery_min <= inputs.tolerated_delay_minutes + 1e-9,
        nodes_active_by_hour=_nodes_active_by_hour(inputs, nodes, billed),
        processing_usd_per_month=float(bt.processing_usd[0]),
        startup_usd_per_month=float(bt.startup_usd[0]),
        scale_down_idle_usd_per_month=float(bt.idle_usd[0]),
        total_usd_per_month=float(bt.total_usd[0]),
    )  # fmt: skip
