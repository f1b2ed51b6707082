"""The cost estimator's form: field labels, hourly weights as text, and validation in words.

For turning what a person typed into `CostInputs` or into problems that name the field and say
what to change. Not for the link format (`links.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from deploycore.costing.inputs import CostInputs
from deploycore.costing.links import format_number

FIELD_LABELS: dict[str, str] = {
    "preset": "Preset",
    "predictions_per_day": "Predictions per day",
    "peak_requests_per_second": "Peak requests per second",
    "daily_shape": "Daily shape",
    "hourly_weights": "Hourly weights",
    "rows_per_run_override": "Rows per batch run",
    "rows_per_request": "Rows per request",
    "batch_schedule": "Batch schedule",
    "model_preset": "Model",
    "latency_ms": "Latency per prediction (ms)",
    "replica_memory_gb": "Memory per replica (GB)",
    "replica_vcpu": "vCPU per replica",
    "realtime_service": "Real-time service",
    "realtime_node_sku": "Real-time node size",
    "min_replicas": "Minimum replicas",
    "target_utilisation_percent": "Target utilisation (%)",
    "p95_latency_target_ms": "p95 latency target (ms)",
    "autoscaling": "Autoscaling",
    "batch_service": "Batch service",
    "batch_node_sku": "Batch node size",
    "max_nodes": "Maximum nodes",
    "node_startup_minutes": "Node start-up (minutes)",
    "idle_before_scale_down_seconds": "Idle time before scale-down (seconds)",
    "low_priority": "Low-priority nodes",
    "tolerated_delay_minutes": "Tolerated delay (minutes)",
    "batch_start_hour": "Batch start hour",
    "price_overrides": "Your prices",
}


def parse_weights(text: str) -> tuple[float, ...]:
    """24 hourly weights from text such as '1, 1, 2, ...' (commas, semicolons or spaces)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    try:
        weights = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError("write the hourly weights as numbers separated by commas") from None
    if len(weights) != 24:
        raise ValueError(f"give exactly 24 hourly weights (one per hour), not {len(weights)}")
    return weights


def format_weights(weights: tuple[float, ...]) -> str:
    return ", ".join(format_number(w) for w in weights)


class FormResult(BaseModel):
    """Validated inputs, or the problems in words (field label: what is wrong)."""

    model_config = ConfigDict(frozen=True)

    inputs: CostInputs | None
    problems: tuple[str, ...] = ()


def validate_form(values: Mapping[str, Any]) -> FormResult:
    """Check what a user entered; problems name the field and say what to change."""
    data = dict(values)
    weights_text = data.get("hourly_weights")
    if isinstance(weights_text, str):
        try:
            data["hourly_weights"] = parse_weights(weights_text)
        except ValueError as error:
            return FormResult(inputs=None, problems=(f"Hourly weights: {error}.",))
    try:
        return FormResult(inputs=CostInputs.model_validate(data))
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else ""
            label = FIELD_LABELS.get(field, "Inputs")
            message = str(detail["msg"]).removeprefix("Value error, ")
            problems.append(f"{label}: {message}.")
        return FormResult(inputs=None, problems=tuple(problems))
