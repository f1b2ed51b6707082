"""One use case's workload: how many predictions, when, how fast they are needed, and the model.

The one validated model that the wizard, the cost estimator, the shirt shop and the weekly
forecast read and hand on. Units are in the field names. Not for deployment options or prices
(`deploycore.costing.inputs` adds those) and not for any sizing.
"""

from __future__ import annotations

import math
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from deploycore.vocabulary import DailyShape, Schedule, days_per_run

ModelPreset = Literal["simple-model", "complex-model", "custom"]
MODEL_PRESETS: tuple[ModelPreset, ...] = get_args(ModelPreset)
MAX_PREDICTIONS_PER_DAY = 1e10


class Workload(BaseModel):
    """Predictions per day and their shape, batch schedule and tolerated delay, and the model.

    Batch volume follows the daily volume: rows per run = predictions per day x days per run.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    predictions_per_day: float = Field(10_000.0, ge=0, le=MAX_PREDICTIONS_PER_DAY)
    daily_shape: DailyShape = DailyShape.FLAT
    hourly_weights: tuple[float, ...] = Field(default=(1.0,) * 24)
    peak_requests_per_second: float = Field(5.0, ge=0, le=1e6)
    rows_per_request: int = Field(1, ge=1, le=100_000)
    batch_schedule: Schedule = Schedule.DAILY
    tolerated_delay_minutes: float = Field(60.0, ge=0, le=60 * 24 * 31 * 3)
    # The model: latency per prediction, size of one copy, and simple or complex.
    model_preset: ModelPreset = "custom"
    latency_ms: float = Field(50.0, ge=0.001, le=600_000)
    replica_memory_gb: float = Field(2.0, ge=0.1, le=512)
    replica_vcpu: float = Field(1.0, ge=0.1, le=64)

    @field_validator("hourly_weights")
    @classmethod
    def _check_weights(cls, weights: tuple[float, ...]) -> tuple[float, ...]:
        if len(weights) != 24:
            raise ValueError(f"give exactly 24 hourly weights (one per hour), not {len(weights)}")
        if any(not math.isfinite(w) or w < 0 for w in weights):
            raise ValueError("hourly weights must be zero or positive numbers")
        if sum(weights) <= 0:
            raise ValueError("at least one hourly weight must be above zero")
        return weights

    @model_validator(mode="after")
    def _check_request_size(self) -> Workload:
        if self.request_ms > 600_000:
            raise ValueError(
                f"a request of {self.rows_per_request:,} rows at {self.latency_ms:g} ms a row "
                "takes over 10 minutes: send fewer rows per request or use batch"
            )
        return self

    @property
    def request_ms(self) -> float:
        """Time one request takes to score: latency per row x rows per request."""
        return self.latency_ms * self.rows_per_request

    @property
    def slots_per_replica(self) -> int:
        """Requests one model copy serves at once: one per whole vCPU, at least one."""
        return max(1, math.floor(self.replica_vcpu + 1e-9))

    @property
    def days_per_run(self) -> float:
        """Days of data one batch run scores."""
        return days_per_run(self.batch_schedule)

    @property
    def rows_per_run_for_volume(self) -> float:
        """Rows one batch run scores when it covers the daily volume exactly."""
        return self.predictions_per_day * self.days_per_run

    def workload(self) -> Workload:
        """Just the workload (drops what a subclass adds), to hand to another page."""
        return Workload.model_validate(
            {name: getattr(self, name) for name in Workload.model_fields}
        )
