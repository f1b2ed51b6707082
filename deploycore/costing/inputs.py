"""Inputs of the cost estimator: one validated pydantic model, presets, and the query string.

For describing a workload and its deployment options, with units in every field name, and for
turning that into a shareable link and back. Not for computing anything (see `costs.py`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Preset = Literal["shirt-recommender", "orange-juice-weekly", "my-own"]
ModelPreset = Literal["simple-model", "complex-model", "custom"]
DailyShape = Literal["flat", "business-hours", "evening-peak", "custom"]
BatchSchedule = Literal["hourly", "daily", "weekly"]
RealtimeService = Literal[
    "azure-container-instances",
    "azure-kubernetes-service-free",
    "azure-kubernetes-service-standard",
    "azure-ml-online-endpoint",
    "aws-sagemaker-realtime",
    "aws-sagemaker-serverless",
    "gcp-vertex-online-prediction",
]
BatchService = Literal[
    "azure-ml-compute-cluster",
    "aws-sagemaker-batch-transform",
    "gcp-vertex-batch-prediction",
]

PRESETS: tuple[Preset, ...] = get_args(Preset)
MODEL_PRESETS: tuple[ModelPreset, ...] = get_args(ModelPreset)
DAILY_SHAPES: tuple[DailyShape, ...] = get_args(DailyShape)
BATCH_SCHEDULES: tuple[BatchSchedule, ...] = get_args(BatchSchedule)
REALTIME_SERVICES: tuple[RealtimeService, ...] = get_args(RealtimeService)
BATCH_SERVICES: tuple[BatchService, ...] = get_args(BatchService)

PRESET_LABELS: dict[str, str] = {
    "shirt-recommender": "Shirt recommender (real-time example from the lesson)",
    "orange-juice-weekly": "Weekly orange-juice sales (batch example from the lesson)",
    "my-own": "My own workload",
}
MODEL_PRESET_LABELS: dict[str, str] = {
    "simple-model": "Simple model (less compute and cost)",
    "complex-model": "Complex model (more compute and processing time)",
    "custom": "Custom",
}
SHAPE_LABELS: dict[str, str] = {
    "flat": "Flat (same traffic every hour)",
    "business-hours": "Business hours (08:00-18:00)",
    "evening-peak": "Evening peak (shoppers after work)",
    "custom": "Custom (24 hourly weights)",
}
REALTIME_SERVICE_LABELS: dict[str, str] = {
    "azure-container-instances": "Azure Container Instances (ACI)",
    "azure-kubernetes-service-free": "Azure Kubernetes Service (AKS), Free tier",
    "azure-kubernetes-service-standard": "Azure Kubernetes Service (AKS), Standard tier",
    "azure-ml-online-endpoint": "Azure ML managed online endpoint",
    "aws-sagemaker-realtime": "AWS SageMaker real-time endpoint",
    "aws-sagemaker-serverless": "AWS SageMaker serverless inference",
    "gcp-vertex-online-prediction": "Google Vertex AI online prediction",
}
BATCH_SERVICE_LABELS: dict[str, str] = {
    "azure-ml-compute-cluster": "Azure ML batch endpoint on a compute cluster",
    "aws-sagemaker-batch-transform": "AWS SageMaker batch transform",
    "gcp-vertex-batch-prediction": "Google Vertex AI batch prediction",
}

# The lesson: "If a 5-10 minute delay is acceptable, batch predictions with on-demand compute
# clusters may be a better choice." The middle of that range is the default node start-up.
SEED_STARTUP_MINUTES_LOW = 5.0
SEED_STARTUP_MINUTES_HIGH = 10.0
DEFAULT_NODE_STARTUP_MINUTES = 7.5
# Azure ML compute cluster default (reference-yaml-compute-aml): idle_time_before_scale_down 120 s.
DEFAULT_IDLE_BEFORE_SCALE_DOWN_SECONDS = 120.0
# A common target utilisation for always-on capacity.
DEFAULT_TARGET_UTILISATION_PERCENT = 70.0


def safe_echo(text: str, limit: int = 40) -> str:
    """User text fit to quote back on a page: letters, digits and . , : _ - only, shortened.

    Anything else becomes '?', so link text can never render as Markdown or a link.
    """
    kept = "".join(c if c.isascii() and (c.isalnum() or c in " .,:_-") else "?" for c in text)
    return kept[:limit] + ("…" if len(kept) > limit else "")


# Size names and price ids: letters, digits and . _ - only (they reach Markdown and links).
_SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PRICE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class CostInputs(BaseModel):
    """Everything the estimate depends on. Field names carry units; ranges are validated.

    Lower bounds equal the page's widget minimums, so a valid link always fits the widgets.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: Preset = "my-own"
    # Workload
    predictions_per_day: float = Field(10_000.0, ge=0, le=1e10)
    peak_requests_per_second: float = Field(5.0, ge=0, le=1e6)
    daily_shape: DailyShape = "flat"
    hourly_weights: tuple[float, ...] = Field(default=(1.0,) * 24)
    rows_per_run: int = Field(10_000, ge=0, le=10**11)
    batch_schedule: BatchSchedule = "daily"
    # Model
    model_preset: ModelPreset = "custom"
    latency_ms: float = Field(50.0, ge=0.001, le=600_000)
    replica_memory_gb: float = Field(2.0, ge=0.1, le=512)
    replica_vcpu: float = Field(1.0, ge=0.1, le=64)
    # Real-time options
    realtime_service: RealtimeService = "azure-container-instances"
    realtime_node_sku: str = Field("Standard_D2s_v3", max_length=80)
    min_replicas: int = Field(1, ge=1, le=1000)
    target_utilisation_percent: float = Field(DEFAULT_TARGET_UTILISATION_PERCENT, ge=10, le=95)
    p95_latency_target_ms: float = Field(500.0, ge=0.001, le=600_000)
    autoscaling: bool = True
    # Batch options
    batch_service: BatchService = "azure-ml-compute-cluster"
    batch_node_sku: str = Field("Standard_DS3_v2", max_length=80)
    max_nodes: int = Field(4, ge=1, le=1000)
    node_startup_minutes: float = Field(DEFAULT_NODE_STARTUP_MINUTES, ge=0, le=120)
    idle_before_scale_down_seconds: float = Field(
        DEFAULT_IDLE_BEFORE_SCALE_DOWN_SECONDS, ge=0, le=86_400
    )
    low_priority: bool = False
    tolerated_delay_minutes: float = Field(60.0, ge=0, le=60 * 24 * 31)
    batch_start_hour: int = Field(1, ge=0, le=23)
    # Price overrides: catalog row id -> USD per unit.
    price_overrides: dict[str, float] = Field(default_factory=dict)

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

    @field_validator("realtime_node_sku", "batch_node_sku")
    @classmethod
    def _check_sku(cls, sku: str) -> str:
        if not _SKU_PATTERN.fullmatch(sku):
            raise ValueError("a size name has only letters, digits, '.', '_' and '-'")
        return sku

    @field_validator("price_overrides")
    @classmethod
    def _check_overrides(cls, overrides: dict[str, float]) -> dict[str, float]:
        for key, value in overrides.items():
            if not _PRICE_ID_PATTERN.fullmatch(key) or len(key) > 80:
                raise ValueError(f"'{safe_echo(key)}' is not a price id from the catalog")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"the price for {key} must be zero or a positive number")
        return overrides

    @model_validator(mode="after")
    def _check_latency_target(self) -> CostInputs:
        if self.p95_latency_target_ms <= self.latency_ms:
            raise ValueError(
                f"the p95 latency target ({self.p95_latency_target_ms:g} ms) must be above the "
                f"model's latency per prediction ({self.latency_ms:g} ms): raise the target or "
                "pick a faster model"
            )
        return self

    @classmethod
    def from_preset(cls, preset: str, **overrides: Any) -> CostInputs:
        """The preset's inputs with any field replaced by a keyword (e.g. latency_ms=12.5)."""
        if preset not in PRESET_VALUES:
            raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
        values: dict[str, Any] = {**PRESET_VALUES[preset], "preset": preset}
        model = overrides.get("model_preset")
        if isinstance(model, str) and model in MODEL_PRESET_VALUES:
            values.update(MODEL_PRESET_VALUES[model])
        if "latency_ms" in overrides and "p95_latency_target_ms" not in overrides:
            latency = float(overrides["latency_ms"])
            target = float(values.get("p95_latency_target_ms", 500.0))
            if target <= latency:
                values["p95_latency_target_ms"] = latency * 4
        values.update(overrides)
        return cls.model_validate(values)

    def with_model_preset(self, model_preset: ModelPreset) -> CostInputs:
        """A copy with latency, memory and vCPU from the simple- or complex-model preset."""
        update: dict[str, Any] = {"model_preset": model_preset}
        update.update(MODEL_PRESET_VALUES.get(model_preset, {}))
        return CostInputs.model_validate({**self.model_dump(), **update})


# The seed's last factor: "Simpler models require less compute and cost. Complex models need
# more compute and processing time." These are illustrative sizes, not measurements.
MODEL_PRESET_VALUES: dict[str, dict[str, Any]] = {
    "simple-model": {
        "model_preset": "simple-model",
        "latency_ms": 10.0,
        "replica_vcpu": 0.5,
        "replica_memory_gb": 1.0,
        "p95_latency_target_ms": 200.0,
    },
    "complex-model": {
        "model_preset": "complex-model",
        "latency_ms": 250.0,
        "replica_vcpu": 2.0,
        "replica_memory_gb": 8.0,
        "p95_latency_target_ms": 1000.0,
    },
}

# Illustrative workloads for the lesson's two examples; every figure can be changed on the page.
PRESET_VALUES: dict[str, dict[str, Any]] = {
    "shirt-recommender": {
        "predictions_per_day": 1_000_000.0,
        "peak_requests_per_second": 100.0,
        "daily_shape": "evening-peak",
        "rows_per_run": 1_000_000,
        "batch_schedule": "daily",
        "model_preset": "custom",
        "latency_ms": 25.0,
        "replica_memory_gb": 2.0,
        "replica_vcpu": 1.0,
        "realtime_service": "azure-container-instances",
        "realtime_node_sku": "Standard_D2s_v3",
        "min_replicas": 2,
        "target_utilisation_percent": 70.0,
        "p95_latency_target_ms": 200.0,
        "autoscaling": True,
        "batch_service": "azure-ml-compute-cluster",
        "batch_node_sku": "Standard_DS3_v2",
        "max_nodes": 4,
        "node_startup_minutes": DEFAULT_NODE_STARTUP_MINUTES,
        "idle_before_scale_down_seconds": DEFAULT_IDLE_BEFORE_SCALE_DOWN_SECONDS,
        "low_priority": False,
        "tolerated_delay_minutes": 0.0,
        "batch_start_hour": 1,
    },
    "orange-juice-weekly": {
        "predictions_per_day": 2_000.0,
        "peak_requests_per_second": 1.0,
        "daily_shape": "business-hours",
        "rows_per_run": 14_000,
        "batch_schedule": "weekly",
        "model_preset": "custom",
        "latency_ms": 50.0,
        "replica_memory_gb": 2.0,
        "replica_vcpu": 1.0,
        "realtime_service": "azure-container-instances",
        "realtime_node_sku": "Standard_D2s_v3",
        "min_replicas": 1,
        "target_utilisation_percent": 70.0,
        "p95_latency_target_ms": 1000.0,
        "autoscaling": True,
        "batch_service": "azure-ml-compute-cluster",
        "batch_node_sku": "Standard_DS3_v2",
        "max_nodes": 2,
        "node_startup_minutes": DEFAULT_NODE_STARTUP_MINUTES,
        "idle_before_scale_down_seconds": DEFAULT_IDLE_BEFORE_SCALE_DOWN_SECONDS,
        "low_priority": True,
        "tolerated_delay_minutes": 24 * 60.0,
        "batch_start_hour": 1,
    },
    "my-own": {},
}


# ---------------------------------------------------------------------------- query string
# Every field is mirrored under its own name, so `/cost_estimator?latency_ms=12.5` works
# from other pages.
_LIST_SEPARATOR = ","
_PRICE_SEPARATOR = ":"


def to_query_params(inputs: CostInputs) -> dict[str, str]:
    """All inputs as query-string values (strings), complete enough to reproduce the estimate."""
    params: dict[str, str] = {}
    for name, value in inputs.model_dump().items():
        if name == "hourly_weights":
            params[name] = _LIST_SEPARATOR.join(_fmt(w) for w in value)
        elif name == "price_overrides":
            if value:
                params[name] = _LIST_SEPARATOR.join(
                    f"{key}{_PRICE_SEPARATOR}{_fmt(price)}" for key, price in sorted(value.items())
                )
        elif isinstance(value, bool):
            params[name] = "true" if value else "false"
        elif isinstance(value, float):
            params[name] = _fmt(value)
        else:
            params[name] = str(value)
    return params


def _fmt(value: float) -> str:
    """Shortest text that reads back to exactly the same float."""
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class QueryParseResult(BaseModel):
    """Inputs read from a query string, and the problems found (each in words)."""

    model_config = ConfigDict(frozen=True)

    inputs: CostInputs
    problems: tuple[str, ...] = ()


def from_query_params(params: Mapping[str, str | list[str]]) -> QueryParseResult:
    """Read inputs from a query string; unknown or bad values are reported and defaulted.

    A `preset` parameter fills everything first; the other parameters then override it, so a
    link with every field reproduces the estimate exactly, and a short link such as
    `?preset=shirt-recommender&latency_ms=12.5` still works.
    """
    problems: list[str] = []
    raw: dict[str, str] = {}
    for key, value in params.items():
        raw[key] = value[-1] if isinstance(value, list) else value
    preset = raw.get("preset", "my-own")
    if preset not in PRESET_VALUES:
        problems.append(
            f"The link's preset '{safe_echo(preset)}' is unknown; using 'my-own' instead."
        )
        preset = "my-own"
    values: dict[str, Any] = {**PRESET_VALUES[preset], "preset": preset}
    fields = CostInputs.model_fields
    for key, text in raw.items():
        if key == "preset" or key not in fields:
            continue
        try:
            values[key] = _parse_field(key, text)
        except ValueError as error:
            problems.append(f"Ignored {key}='{safe_echo(text)}' from the link: {error}.")
    model = values.get("model_preset")
    if "model_preset" in raw and isinstance(model, str) and model in MODEL_PRESET_VALUES:
        for key, value in MODEL_PRESET_VALUES[model].items():
            if key not in raw:
                values[key] = value
    if "latency_ms" in raw and "p95_latency_target_ms" not in raw:
        latency = values.get("latency_ms")
        target = values.get("p95_latency_target_ms", 500.0)
        if isinstance(latency, float) and isinstance(target, float) and target <= latency:
            values["p95_latency_target_ms"] = latency * 4
    try:
        return QueryParseResult(inputs=CostInputs.model_validate(values), problems=tuple(problems))
    except ValidationError as error:
        # Drop each offending field (back to the preset or default) and report it.
        for detail in error.errors():
            location = detail["loc"][0] if detail["loc"] else None
            name = str(location) if location is not None else "link"
            problems.append(f"Ignored {name} from the link: {detail['msg']}.")
            if isinstance(location, str) and location in raw:
                values.pop(location, None)
                if location in PRESET_VALUES[preset]:
                    values[location] = PRESET_VALUES[preset][location]
        try:
            inputs = CostInputs.model_validate(values)
        except ValidationError:
            inputs = CostInputs.model_validate({**PRESET_VALUES[preset], "preset": preset})
            problems.append("The link's values did not fit together; showing the preset.")
        return QueryParseResult(inputs=inputs, problems=tuple(problems))


def _parse_field(name: str, text: str) -> Any:
    """One query-string value as the field's type (range checks are pydantic's job)."""
    annotation = CostInputs.model_fields[name].annotation
    if name == "hourly_weights":
        parts = [p for p in text.split(_LIST_SEPARATOR) if p.strip()]
        return tuple(_finite(p) for p in parts)
    if name == "price_overrides":
        overrides: dict[str, float] = {}
        for item in text.split(_LIST_SEPARATOR):
            if not item.strip():
                continue
            key, sep, price = item.partition(_PRICE_SEPARATOR)
            if not sep:
                raise ValueError("write each price as id:usd")
            overrides[key.strip()] = _finite(price)
        return overrides
    if annotation is bool:
        if text.lower() in {"true", "1", "yes", "on"}:
            return True
        if text.lower() in {"false", "0", "no", "off"}:
            return False
        raise ValueError("expected true or false")
    if annotation is int:
        number = _finite(text)
        if not number.is_integer():
            raise ValueError("expected a whole number")
        return int(number)
    if annotation is float:
        return _finite(text)
    return text


def _finite(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


# ------------------------------------------------------------------------ form values
FIELD_LABELS: dict[str, str] = {
    "preset": "Preset",
    "predictions_per_day": "Predictions per day",
    "peak_requests_per_second": "Peak requests per second",
    "daily_shape": "Daily shape",
    "hourly_weights": "Hourly weights",
    "rows_per_run": "Rows per batch run",
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
    return ", ".join(_fmt(w) for w in weights)


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
