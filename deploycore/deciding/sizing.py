"""Rough compute sizing for a decided use case: instances for an endpoint, a cluster for batch.

Turns the wizard's answers into the figures the recommendation and the Azure ML YAML need
(peak requests per second, instance type and count, cluster size, schedule, node-hours a month).
It is deliberately simple and states its assumptions; prices live in the cost engine, not here.
"""

from __future__ import annotations

import math
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from deploycore.deciding.inputs import (
    RUNS_PER_DAY,
    Complexity,
    DailyShape,
    Deadline,
    DecisionInputs,
    Frequency,
)

# Hours a day the traffic is spread over, per daily shape.
ACTIVE_HOURS_PER_DAY: Final[dict[DailyShape, float]] = {
    DailyShape.STEADY_ALL_DAY: 24.0,
    DailyShape.BUSINESS_HOURS: 10.0,
    DailyShape.FEW_BURSTS: 2.0,
}
# Peak over mean arrival rate within the active hours (an assumption, stated on the page).
PEAK_TO_MEAN: Final = 2.0
# Always-on capacity is sized to about 70 % utilisation at peak (reference/pricing facts).
TARGET_UTILISATION: Final = 0.7
# Azure VM sizes offered to Azure ML endpoints and clusters, and their vCPUs.
INSTANCE_TYPE: Final[dict[Complexity, str]] = {
    Complexity.SIMPLE: "Standard_DS2_v2",
    Complexity.COMPLEX: "Standard_DS3_v2",
}
VCPUS: Final[dict[str, int]] = {"Standard_DS2_v2": 2, "Standard_DS3_v2": 4}
# Up to this load, one small container (ACI) is enough: "small or test loads".
ACI_MAX_REQUESTS_PER_SECOND: Final = 20.0
# Production scale (AKS) runs at least this many instances, so one can fail or be updated
# while the others answer (Azure ML's guidance for production online deployments is 3).
PRODUCTION_MIN_INSTANCES: Final = 3
# Minutes a cluster node needs to start from zero (reports say 3-8; we take the middle).
NODE_STARTUP_MINUTES: Final = 5.0
# Time a batch run may take, at most, per deadline (seconds).
# A batch run cannot be quicker than its start-up anyway, so tighter deadlines get 5 minutes.
RUN_BUDGET_S: Final[dict[Deadline, float]] = {
    Deadline.UNDER_A_SECOND: 300.0,
    Deadline.SECONDS: 300.0,
    Deadline.FIVE_TO_TEN_MINUTES: 300.0,
    Deadline.HOURS: 3600.0,
    Deadline.DAYS: 4 * 3600.0,
}
# Azure ML's default idle time before a cluster scales down (reference-yaml-compute-aml).
DEFAULT_IDLE_BEFORE_SCALE_DOWN_S: Final = 120
MAX_CLUSTER_INSTANCES: Final = 50
HOURS_PER_MONTH: Final = 730.0
DAYS_PER_MONTH: Final = 30.4
SCHEDULE_WORDS: Final[dict[Frequency, str]] = {
    Frequency.EACH_EVENT: "every 5 minutes (micro-batches)",
    Frequency.EVERY_FEW_MINUTES: "every 5 minutes",
    Frequency.HOURLY: "every hour",
    Frequency.DAILY: "once a day",
    Frequency.WEEKLY: "once a week",
}


class Sizing(BaseModel):
    """Compute for both options, so either can be exported and compared."""

    model_config = ConfigDict(frozen=True)

    peak_requests_per_second: float = Field(ge=0)
    always_on_busy_fraction: float = Field(ge=0)
    instance_type: str
    vcpus_per_instance: int = Field(ge=1)
    realtime_instance_count: int = Field(ge=1)
    realtime_host: str
    rows_per_run: int = Field(ge=1)
    runs_per_day: float = Field(gt=0)
    batch_schedule: str
    cluster_max_instances: int = Field(ge=1)
    idle_time_before_scale_down_s: int = Field(ge=0)
    suggest_low_priority: bool
    realtime_node_hours_per_month: float = Field(ge=0)
    batch_node_hours_per_month: float = Field(ge=0)


def size(inputs: DecisionInputs) -> Sizing:
    """Size an always-on endpoint and an on-demand cluster for the same use case."""
    latency_s = inputs.latency_ms / 1000.0
    instance_type = INSTANCE_TYPE[inputs.complexity]
    vcpus = VCPUS[instance_type]
    active_s = ACTIVE_HOURS_PER_DAY[inputs.daily_shape] * 3600.0
    peak_rps = inputs.predictions_per_day / active_s * PEAK_TO_MEAN
    busy_fraction = inputs.predictions_per_day * latency_s / (vcpus * 86400.0)
    instances = max(1, math.ceil(peak_rps * latency_s / (vcpus * TARGET_UTILISATION)))
    small = instances == 1 and peak_rps <= ACI_MAX_REQUESTS_PER_SECOND
    host = "Azure Container Instances (ACI)" if small else "Azure Kubernetes Service (AKS)"
    if not small:
        instances = max(instances, PRODUCTION_MIN_INSTANCES)

    runs_per_day = RUNS_PER_DAY[inputs.frequency]
    rows_per_run = max(1, math.ceil(inputs.predictions_per_day / runs_per_day))
    budget_s = RUN_BUDGET_S[inputs.deadline]
    work_s = rows_per_run * latency_s / vcpus
    max_instances = min(MAX_CLUSTER_INSTANCES, max(1, math.ceil(work_s / budget_s)))
    interval_s = 86400.0 / runs_per_day
    # Keep nodes warm between runs that come every few minutes; otherwise scale down soon.
    idle_s = (
        int(interval_s) + DEFAULT_IDLE_BEFORE_SCALE_DOWN_S
        if interval_s <= 1800
        else DEFAULT_IDLE_BEFORE_SCALE_DOWN_S
    )
    run_hours = work_s / max_instances / 3600.0
    per_run_hours = run_hours + NODE_STARTUP_MINUTES / 60.0 + idle_s / 3600.0
    batch_hours = (
        min(
            HOURS_PER_MONTH,
            runs_per_day * DAYS_PER_MONTH * per_run_hours,
        )
        * max_instances
    )
    return Sizing(
        peak_requests_per_second=round(peak_rps, 4),
        always_on_busy_fraction=round(busy_fraction, 6),
        instance_type=instance_type,
        vcpus_per_instance=vcpus,
        realtime_instance_count=instances,
        realtime_host=host,
        rows_per_run=rows_per_run,
        runs_per_day=runs_per_day,
        batch_schedule=SCHEDULE_WORDS[inputs.frequency],
        cluster_max_instances=max_instances,
        idle_time_before_scale_down_s=idle_s,
        suggest_low_priority=inputs.deadline in (Deadline.HOURS, Deadline.DAYS),
        realtime_node_hours_per_month=round(instances * HOURS_PER_MONTH, 1),
        batch_node_hours_per_month=round(batch_hours, 1),
    )
