"""Inputs of the cost estimator: the workload plus deployment options, validated, and presets.

`CostInputs` is a `Workload` (the one model of a use case) with the options of both sides added,
units in every field name. Not for computing anything (`engine.py`) nor for the link format
(`links.py`) or the form (`form_values.py`).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, Literal, get_args

from pydantic import Field, field_validator, model_validator

from deploycore.infra.text import safe_echo
from deploycore.vocabulary import DailyShape, Schedule
from deploycore.workload import ModelPreset, Workload

Preset = Literal["shirt-recommender", "orange-juice-weekly", "my-own"]
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
DAILY_SHAPES: tuple[DailyShape, ...] = tuple(DailyShape)
BATCH_SCHEDULES: tuple[Schedule, ...] = tuple(Schedule)
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


# Size names and price ids: letters, digits and . _ - only (they reach Markdown and links).
_SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PRICE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Region names as the catalog spells them (`eastus`, `us-east-1`, `us-central1`).
_REGION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$"


class CostInputs(Workload):
    """The workload and everything else the estimate depends on; ranges are validated.

    Lower bounds equal the page's widget minimums, so a valid link always fits the widgets.
    `rows_per_run_override` is None while batch volume follows the workload.
    """

    preset: Preset = "my-own"
    rows_per_run_override: int | None = Field(None, ge=0, le=10**11)
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
    batch_start_hour: int = Field(1, ge=0, le=23)
    # Price overrides: catalog row id -> USD per unit.
    price_overrides: dict[str, float] = Field(default_factory=dict)
    # Regions priced, one per provider; None: the catalog's first region for that provider.
    azure_region: str | None = Field(None, max_length=40, pattern=_REGION_PATTERN)
    aws_region: str | None = Field(None, max_length=40, pattern=_REGION_PATTERN)
    gcp_region: str | None = Field(None, max_length=40, pattern=_REGION_PATTERN)
    # Display currency (the catalog and the engine stay in USD): code, units per USD, rate date.
    display_currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    currency_per_usd: float | None = Field(None, gt=0, le=1_000_000)
    exchange_rate_date: date | None = None

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
        service_ms = self.request_ms
        if self.p95_latency_target_ms <= service_ms:
            what = (
                f"model's latency per prediction ({self.latency_ms:g} ms)"
                if self.rows_per_request == 1
                else f"time one request of {self.rows_per_request:,} rows takes ({service_ms:g} ms)"
            )
            raise ValueError(
                f"the p95 latency target ({self.p95_latency_target_ms:g} ms) must be above the "
                f"{what}: raise the target or pick a faster model"
            )
        return self

    def region_for(self, provider: str) -> str | None:
        """The region chosen for a provider (`azure`, `aws`, `gcp`), or None for the default."""
        chosen: str | None = getattr(self, f"{provider}_region", None)
        return chosen

    @property
    def rows_per_run(self) -> float:
        """Rows one batch run scores: the override, or the daily volume x days per run."""
        if self.rows_per_run_override is not None:
            return float(self.rows_per_run_override)
        return self.rows_per_run_for_volume

    @property
    def sides_price_same_volume(self) -> bool:
        """False when an override makes batch score a different volume than real-time serves."""
        return math.isclose(self.rows_per_run, self.rows_per_run_for_volume, rel_tol=1e-6)

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
