"""Size and price a decided use case with the cost engine: the one sizing model of the app.

Turns the wizard's answers into the cost estimator's inputs, picking the compute (an Azure ML
managed online endpoint, an Azure ML compute cluster) and its counts with the engine itself, so
what the wizard names, the YAML deploys and the cost page prices are one and the same. Returns
None, with no exception, when the engine cannot price the use case.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

import numpy as np
from pydantic import BaseModel, ConfigDict

from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import batch_monthly, compare_monthly_costs, realtime_monthly
from deploycore.costing.inputs import CostInputs
from deploycore.costing.prices import (
    REALTIME_CATALOG_SERVICE,
    CostInputError,
    batch_prices,
    realtime_prices,
)
from deploycore.costing.results import CostComparison
from deploycore.deciding.inputs import Complexity, DecisionInputs
from deploycore.units import SECONDS_PER_MINUTE
from deploycore.vocabulary import SCHEDULE_INTERVAL_MINUTES, Side

# What the Azure ML YAML export deploys, so the wizard prices exactly that.
REALTIME_SERVICE: Final = "azure-ml-online-endpoint"
BATCH_SERVICE: Final = "azure-ml-compute-cluster"
# Azure VM sizes offered to Azure ML endpoints and clusters (both in the price catalog).
INSTANCE_TYPE: Final[dict[Complexity, str]] = {
    Complexity.SIMPLE: "Standard_DS2_v2",
    Complexity.COMPLEX: "Standard_DS3_v2",
}
# Production scale runs at least this many instances, so one can fail or be updated while the
# others answer (Azure ML's guidance for production online deployments is 3).
PRODUCTION_MIN_INSTANCES: Final = 3
MAX_CLUSTER_INSTANCES: Final = 50
# Azure ML's default idle time before a cluster scales down (reference-yaml-compute-aml).
DEFAULT_IDLE_BEFORE_SCALE_DOWN_S: Final = 120.0
# Runs at most this far apart keep their nodes up between runs (idle wait = the gap + default).
KEEP_WARM_UP_TO_MINUTES: Final = 30.0
MAX_P95_TARGET_MS: Final = 600_000.0
# Longest a batch run's work may take when no node count can meet the deadline (seconds).
FALLBACK_WORK_BUDGET_S: Final = 3600.0
# Within this fraction of each other, two monthly figures count as "about the same".
SAME_COST_WITHIN: Final = 0.1


class MonthlyCosts(BaseModel):
    """Both options sized and priced by the cost engine for one use case."""

    model_config = ConfigDict(frozen=True)

    comparison: CostComparison
    cheaper: Side | None  # among the sides that meet the deadline; None: about the same
    notes: tuple[str, ...]

    @property
    def realtime_usd_per_month(self) -> float:
        return self.comparison.realtime_usd_per_month

    @property
    def batch_usd_per_month(self) -> float:
        return self.comparison.batch_usd_per_month

    @property
    def verdict(self) -> str:
        return self.comparison.verdict

    def of(self, side: Side) -> float:
        return self.comparison.usd_per_month(side)

    def meets_deadline(self, side: Side) -> bool:
        return self.comparison.meets_deadline(side)


def cheaper_side(realtime: float, batch: float) -> Side | None:
    """The cheaper side of two monthly figures, or None when they are about the same."""
    if abs(realtime - batch) <= SAME_COST_WITHIN * max(realtime, batch):
        return None
    return Side.BATCH if batch < realtime else Side.REAL_TIME


def _base_inputs(inputs: DecisionInputs) -> CostInputs:
    workload = inputs.workload()
    request_ms = workload.request_ms
    target_ms = min(MAX_P95_TARGET_MS, workload.tolerated_delay_minutes * 60_000.0)
    if target_ms <= request_ms:
        target_ms = min(MAX_P95_TARGET_MS, request_ms * 4)
    interval_min = SCHEDULE_INTERVAL_MINUTES[workload.batch_schedule]
    idle_s = DEFAULT_IDLE_BEFORE_SCALE_DOWN_S
    if interval_min <= KEEP_WARM_UP_TO_MINUTES:
        idle_s += interval_min * SECONDS_PER_MINUTE
    values: dict[str, Any] = {
        **workload.model_dump(),
        "preset": "my-own",
        "p95_latency_target_ms": target_ms,
        "realtime_service": REALTIME_SERVICE,
        "realtime_node_sku": INSTANCE_TYPE[inputs.complexity],
        "min_replicas": 1,
        # A managed online deployment has a fixed instance count: the busiest hour's, all day.
        "autoscaling": False,
        "batch_service": BATCH_SERVICE,
        "batch_node_sku": INSTANCE_TYPE[inputs.complexity],
        "max_nodes": 1,
        "idle_before_scale_down_seconds": idle_s,
        "low_priority": inputs.low_priority,
    }
    return CostInputs.model_validate(values)


def cost_inputs_for(inputs: DecisionInputs, catalog: PriceCatalog | None = None) -> CostInputs:
    """The cost estimator's inputs for this use case, with instance and node counts chosen.

    Real-time: the busiest hour's instances, at least 3 once more than one is needed. Batch:
    the fewest cluster nodes (up to 50) that deliver within the deadline, else as many as help.
    """
    base = _base_inputs(inputs)
    priced = (catalog or load_catalog()).with_overrides(base.price_overrides)
    rt_prices = realtime_prices(base, priced)
    volume, peak = [base.predictions_per_day], [base.peak_requests_per_second]
    rt = realtime_monthly(base, rt_prices, np.array(volume), np.array(peak))
    min_replicas = 1
    if int(rt.nodes.max()) > 1:
        min_replicas = PRODUCTION_MIN_INSTANCES * rt_prices.replicas_per_node
    bt_prices = batch_prices(base, priced)
    rows = np.array([base.rows_per_run])
    interval_s = SCHEDULE_INTERVAL_MINUTES[base.batch_schedule] * SECONDS_PER_MINUTE
    deadline_s = base.tolerated_delay_minutes * SECONDS_PER_MINUTE
    # When the deadline cannot be met at all, a run should still end before the next one
    # starts, within an hour: more nodes would cost more without meeting the deadline.
    fallback_s = min(interval_s, FALLBACK_WORK_BUDGET_S)
    fallback_nodes = MAX_CLUSTER_INSTANCES
    chosen = 0
    for nodes in range(1, MAX_CLUSTER_INSTANCES + 1):
        bt = batch_monthly(base.model_copy(update={"max_nodes": nodes}), bt_prices, rows)
        if float(bt.delivery_s[0]) <= deadline_s + 1e-6:
            chosen = nodes
            break
        if fallback_nodes == MAX_CLUSTER_INSTANCES and float(bt.work_s[0]) <= fallback_s:
            fallback_nodes = nodes
        if int(bt.nodes_used[0]) < nodes:  # more nodes than the rows need: no further gain
            fallback_nodes = min(fallback_nodes, int(bt.nodes_used[0]))
            break
    best_nodes = chosen or fallback_nodes
    return CostInputs.model_validate(
        {**base.model_dump(), "min_replicas": min_replicas, "max_nodes": best_nodes}
    )


def monthly_costs(
    inputs: DecisionInputs, catalog: PriceCatalog | None = None
) -> MonthlyCosts | None:
    """Both options sized and priced, or None when the cost engine cannot price them."""
    try:
        comparison = compare_monthly_costs(cost_inputs_for(inputs, catalog), catalog)
    except (CostInputError, ValueError):
        return None
    # The engine's choice (the cheaper side that meets the deadline), except that when both
    # meet it, figures within 10 % of each other count as the same.
    both_meet = all(comparison.meets_deadline(side) for side in Side)
    same = cheaper_side(comparison.realtime_usd_per_month, comparison.batch_usd_per_month) is None
    cheaper = None if both_meet and same else comparison.choice
    return MonthlyCosts(comparison=comparison, cheaper=cheaper, notes=comparison.warnings)


@cache
def instance_vcpus(complexity: Complexity, catalog: PriceCatalog | None = None) -> float:
    """vCPUs of the instance type the wizard deploys for this kind of model (from the catalog)."""
    rows = (catalog or load_catalog()).find(
        REALTIME_CATALOG_SERVICE[REALTIME_SERVICE], INSTANCE_TYPE[complexity]
    )
    if not rows or rows[0].vcpu is None:
        raise CostInputError(f"The price catalog lacks {INSTANCE_TYPE[complexity]} with its vCPUs.")
    return rows[0].vcpu
