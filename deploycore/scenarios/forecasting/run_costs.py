"""Price a measured batch run with the app's cost engine, beside an always-on endpoint.

Feeds what the run measured (rows, scoring time per row on a worker, workers used) into
`deploycore.costing.engine.compare_monthly_costs` with the lesson's weekly orange-juice preset, and
turns
its monthly figures into one week. The local worker-seconds are priced at the same batch node
rate, to show what the run used here. Prices and sizing live in the cost engine, not here.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.links import to_query_params
from deploycore.costing.results import CostComparison
from deploycore.units import HOURS_PER_MONTH, usd

HOURS_PER_WEEK = 168.0
WEEKS_PER_MONTH = HOURS_PER_MONTH / HOURS_PER_WEEK
PRESET = "orange-juice-weekly"
MIN_LATENCY_MS = 0.001


class RunCost(BaseModel):
    """One week of the batch run and of an always-on endpoint, priced by the cost engine."""

    always_on_usd_per_week: float = Field(ge=0)
    batch_usd_per_week: float = Field(ge=0)
    measured_local_usd: float = Field(ge=0)
    worker_seconds_measured: float = Field(ge=0)
    scoring_ms_per_row: float = Field(ge=0)
    realtime_label: str
    batch_label: str
    batch_node_minutes_billed: float = Field(ge=0)
    verdict: str
    assumptions: list[str]
    catalog_as_of: str
    # The run's workload and options as a cost-estimator link (the same figures, per month).
    cost_link: dict[str, str]


def price_run(
    rows: int, busy_seconds: float, worker_seconds: float, workers: int
) -> tuple[RunCost, CostComparison]:
    """The weekly comparison for a run that scored `rows` rows in `busy_seconds` of task time."""
    rows = max(rows, 1)
    latency_ms = max(busy_seconds * 1000.0 / rows, MIN_LATENCY_MS)
    inputs = CostInputs.from_preset(
        PRESET,
        predictions_per_day=rows / 7.0,
        latency_ms=latency_ms,
        max_nodes=max(workers, 1),
        batch_schedule="weekly",
    )
    comparison = compare_monthly_costs(inputs)
    batch = comparison.batch
    per_week = 1.0 / WEEKS_PER_MONTH
    always_on = comparison.realtime_usd_per_month * per_week
    batch_week = comparison.batch_usd_per_month * per_week
    if batch_week < always_on:
        verdict = f"Batch is cheaper for this week: {usd(batch_week)} against {usd(always_on)}."
    elif batch_week > always_on:
        verdict = f"The always-on endpoint is cheaper for this week: {usd(always_on)} against {usd(batch_week)}."  # noqa: E501
    else:
        verdict = f"Both cost about {usd(always_on)} for this week."
    cost = RunCost(
        always_on_usd_per_week=round(always_on, 4),
        batch_usd_per_week=round(batch_week, 4),
        measured_local_usd=round(worker_seconds * batch.usd_per_node_hour / 3600.0, 6),
        worker_seconds_measured=round(worker_seconds, 1),
        scoring_ms_per_row=round(latency_ms, 4),
        realtime_label=f"{comparison.realtime.service_label} ({comparison.realtime.sku})",
        batch_label=f"{batch.service_label} ({batch.sku})",
        batch_node_minutes_billed=round(batch.billed_node_minutes_per_run * batch.nodes_used, 1),
        verdict=verdict,
        assumptions=[
            f"The cost engine's '{PRESET}' preset, with this run's {rows:,} rows per weekly run "
            f"({rows / 7:,.0f} predictions a day, scored weekly or served in real time), "
            f"{max(workers, 1)} "
            f"node(s) at most and the measured {latency_ms:.3f} ms of scoring per row.",
            f"Monthly figures are turned into one week with {HOURS_PER_WEEK:g} of the month's "
            f"{HOURS_PER_MONTH:g} hours.",
            *comparison.assumptions,
        ],
        catalog_as_of=comparison.catalog_oldest_as_of,
        cost_link=to_query_params(inputs),
    )
    return cost, comparison


def describe_cost(cost: RunCost) -> str:
    """The comparison in words."""
    return (
        f"An always-on endpoint ({cost.realtime_label}) costs {usd(cost.always_on_usd_per_week)} "
        f"for the week. The same week as a batch job ({cost.batch_label}) bills about "
        f"{cost.batch_node_minutes_billed:.1f} node-minutes, mostly node start-up and the idle "
        f"wait before scale-down, {usd(cost.batch_usd_per_week)}. {cost.verdict} On this machine "
        f"the run used {cost.worker_seconds_measured:.1f} worker-seconds, "
        f"${cost.measured_local_usd:.6f} at the batch node's rate."
    )
