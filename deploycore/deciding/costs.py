"""Monthly dollars for a decided use case, from the cost engine (`deploycore.costing.engine`).

Maps the wizard's answers onto the cost estimator's inputs (so the "Estimate the cost" link
opens the same figures) and prices both options. Returns None, with no exception, when the
engine cannot price them; the recommendation then stands on its own.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from deploycore.costing.engine import CostInputError, compare_monthly_costs
from deploycore.costing.inputs import MODEL_PRESET_VALUES, BatchSchedule, CostInputs, DailyShape
from deploycore.deciding.inputs import (
    DEADLINE_LIMIT_S,
    Complexity,
    DecisionInputs,
    Frequency,
)
from deploycore.deciding.inputs import DailyShape as WizardShape
from deploycore.deciding.sizing import Sizing, size

Side = Literal["real-time", "batch"]

# The cost estimator schedules batch runs at most hourly.
SCHEDULE: Final[dict[Frequency, BatchSchedule]] = {
    Frequency.EACH_EVENT: "hourly",
    Frequency.EVERY_FEW_MINUTES: "hourly",
    Frequency.HOURLY: "hourly",
    Frequency.DAILY: "daily",
    Frequency.WEEKLY: "weekly",
}
SHAPE: Final[dict[WizardShape, DailyShape]] = {
    WizardShape.STEADY_ALL_DAY: "flat",
    WizardShape.BUSINESS_HOURS: "business-hours",
    WizardShape.FEW_BURSTS: "custom",
}
# "A few bursts a day": a morning and an afternoon hour.
BURST_HOURS: Final = (9, 16)
MODEL_PRESET: Final[dict[Complexity, str]] = {
    Complexity.SIMPLE: "simple-model",
    Complexity.COMPLEX: "complex-model",
}
REALTIME_NODE_SKU: Final[dict[Complexity, str]] = {
    Complexity.SIMPLE: "Standard_D2s_v3",
    Complexity.COMPLEX: "Standard_D4s_v3",
}
MAX_P95_TARGET_MS: Final = 600_000.0
MAX_TOLERATED_DELAY_MINUTES: Final = 60 * 24 * 31
# Within this fraction of each other, two monthly figures count as "about the same".
SAME_COST_WITHIN: Final = 0.1


class MonthlyCosts(BaseModel):
    """Both options priced by the cost engine for one use case."""

    model_config = ConfigDict(frozen=True)

    realtime_usd_per_month: float
    batch_usd_per_month: float
    cheaper: Side | None
    verdict: str
    notes: tuple[str, ...]

    def of(self, side: Side) -> float:
        return self.realtime_usd_per_month if side == "real-time" else self.batch_usd_per_month


def cheaper_side(realtime: float, batch: float) -> Side | None:
    """The cheaper side of two monthly figures, or None when they are about the same."""
    if abs(realtime - batch) <= SAME_COST_WITHIN * max(realtime, batch):
        return None
    return "batch" if batch < realtime else "real-time"


def cost_inputs_for(inputs: DecisionInputs, sizing: Sizing | None = None) -> CostInputs:
    """The cost estimator's inputs for this use case (the "Estimate the cost" link carries them)."""
    sized = sizing or size(inputs)
    model = MODEL_PRESET_VALUES[MODEL_PRESET[inputs.complexity]]
    limit_s = DEADLINE_LIMIT_S[inputs.deadline]
    target_ms = min(MAX_P95_TARGET_MS, limit_s * 1000.0)
    if target_ms <= inputs.latency_ms:
        target_ms = min(MAX_P95_TARGET_MS, inputs.latency_ms * 4)
    values: dict[str, Any] = {
        "preset": "my-own",
        "predictions_per_day": float(inputs.predictions_per_day),
        "peak_requests_per_second": sized.peak_requests_per_second,
        "daily_shape": SHAPE[inputs.daily_shape],
        "rows_per_run": sized.rows_per_run,
        "batch_schedule": SCHEDULE[inputs.frequency],
        "model_preset": "custom",
        "latency_ms": inputs.latency_ms,
        "replica_vcpu": model["replica_vcpu"],
        "replica_memory_gb": model["replica_memory_gb"],
        "p95_latency_target_ms": target_ms,
        "realtime_service": "azure-container-instances"
        if "ACI" in sized.realtime_host
        else "azure-kubernetes-service-standard",
        "realtime_node_sku": REALTIME_NODE_SKU[inputs.complexity],
        "min_replicas": 1 if "ACI" in sized.realtime_host else 3,
        "batch_service": "azure-ml-compute-cluster",
        "batch_node_sku": sized.instance_type,
        "max_nodes": sized.cluster_max_instances,
        "idle_before_scale_down_seconds": float(sized.idle_time_before_scale_down_s),
        "low_priority": inputs.low_priority,
        "tolerated_delay_minutes": min(MAX_TOLERATED_DELAY_MINUTES, limit_s / 60.0),
    }
    if inputs.daily_shape is WizardShape.FEW_BURSTS:
        values["hourly_weights"] = tuple(1.0 if h in BURST_HOURS else 0.0 for h in range(24))
    return CostInputs.model_validate(values)


def monthly_costs(inputs: DecisionInputs, sizing: Sizing | None = None) -> MonthlyCosts | None:
    """Both options in USD a month, or None when the cost engine cannot price them."""
    try:
        comparison = compare_monthly_costs(cost_inputs_for(inputs, sizing))
    except (CostInputError, ValueError):
        return None
    realtime, batch = comparison.realtime_usd_per_month, comparison.batch_usd_per_month
    notes = list(comparison.warnings)
    if inputs.frequency in (Frequency.EACH_EVENT, Frequency.EVERY_FEW_MINUTES):
        notes.append(
            "The cost estimator schedules batch runs at most hourly, so runs every few minutes "
            "are priced as hourly runs: the batch figure is a lower bound."
        )
    return MonthlyCosts(
        realtime_usd_per_month=realtime,
        batch_usd_per_month=batch,
        cheaper=cheaper_side(realtime, batch),
        verdict=comparison.verdict,
        notes=tuple(notes),
    )
