"""Azure ML CLI v2 YAML for a recommendation: the files `az ml ... create -f` applies.

Real-time: a managed online endpoint and its deployment. Batch: an on-demand compute cluster
(scales to zero), a batch endpoint and a batch deployment. Every size and count is the one the
cost engine priced. Builds plain dicts and dumps them with PyYAML; it never talks to Azure.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import yaml
from pydantic import BaseModel, ConfigDict, Field

from deploycore.costing.results import CostComparison
from deploycore.deciding.rules import Kind
from deploycore.deciding.verdict import Recommendation
from deploycore.vocabulary import SCHEDULE_LABELS, Schedule

SCHEMA_BASE: Final = "https://azuremlschemas.azureedge.net/latest"
# Azure ML limits: online endpoint names 3-32 characters, compute names 2-16 (letters, digits,
# hyphens, starting with a letter). Online requests time out after at most 180 s.
ENDPOINT_NAME_PATTERN: Final = r"^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$"
COMPUTE_NAME_PATTERN: Final = r"^[a-zA-Z][a-zA-Z0-9-]{0,14}[a-zA-Z0-9]$"
MODEL_NAME_PATTERN: Final = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$"
MAX_REQUEST_TIMEOUT_MS: Final = 180_000
MIN_REQUEST_TIMEOUT_MS: Final = 5_000
BATCH_MINI_BATCH_SIZE: Final = 10
BATCH_MAX_RETRIES: Final = 3
INVOKE_JOB_FILE: Final = "scoring-run.yml"
# Azure ML recurrence triggers: a frequency (minute, hour, day, week, month) and an interval.
RECURRENCE: Final[dict[Schedule, tuple[str, int]]] = {
    Schedule.EVERY_5_MINUTES: ("minute", 5),
    Schedule.EVERY_10_MINUTES: ("minute", 10),
    Schedule.EVERY_15_MINUTES: ("minute", 15),
    Schedule.EVERY_30_MINUTES: ("minute", 30),
    Schedule.HOURLY: ("hour", 1),
    Schedule.DAILY: ("day", 1),
    Schedule.WEEKLY: ("week", 1),
    Schedule.MONTHLY: ("month", 1),
    Schedule.QUARTERLY: ("month", 3),
}


class DeploymentNames(BaseModel):
    """What the user names in Azure: endpoint, deployment, registered model, cluster."""

    model_config = ConfigDict(frozen=True)

    endpoint_name: str = Field(pattern=ENDPOINT_NAME_PATTERN)
    deployment_name: str = Field(default="blue", pattern=ENDPOINT_NAME_PATTERN)
    model_name: str = Field(pattern=MODEL_NAME_PATTERN)
    model_version: int = Field(default=1, ge=1)
    cluster_name: str = Field(default="batch-cluster", pattern=COMPUTE_NAME_PATTERN)


class YamlFile(BaseModel):
    """One file to apply, the command that applies it, and its text."""

    model_config = ConfigDict(frozen=True)

    filename: str
    title: str
    command: str
    text: str


NAME_RULES: Final = {
    "endpoint_name": "3 to 32 letters, digits or hyphens, starting with a letter and not "
    "ending with a hyphen",
    "deployment_name": "3 to 32 letters, digits or hyphens, starting with a letter",
    "model_name": "letters, digits, '-', '_' or '.', starting with a letter or digit",
    "model_version": "a whole number, 1 or more",
    "cluster_name": "2 to 16 letters, digits or hyphens, starting with a letter",
}


def suggest_endpoint_name(use_case_name: str) -> str:
    """An endpoint name Azure accepts, made from a use case's name."""
    slug = re.sub(r"[^a-z0-9]+", "-", use_case_name.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"model-{slug}".strip("-")
    slug = slug[:32].rstrip("-")
    return slug if len(slug) >= 3 else f"{slug}-endpoint"[:32]


def _dump(header: str, document: dict[str, Any]) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"{header}\n{body}"


def _model_ref(names: DeploymentNames) -> str:
    return f"azureml:{names.model_name}:{names.model_version}"


def _request_timeout_ms(latency_ms: float) -> int:
    return int(min(MAX_REQUEST_TIMEOUT_MS, max(MIN_REQUEST_TIMEOUT_MS, math.ceil(latency_ms * 10))))


def realtime_files(
    names: DeploymentNames, priced: CostComparison, description: str
) -> tuple[YamlFile, ...]:
    """A managed online endpoint and one deployment: the priced instance type and count."""
    rt = priced.realtime
    slots = rt.replicas_per_node * priced.inputs.slots_per_replica
    latency_ms = priced.inputs.request_ms
    endpoint = {
        "$schema": f"{SCHEMA_BASE}/managedOnlineEndpoint.schema.json",
        "name": names.endpoint_name,
        "description": description,
        "auth_mode": "key",
    }
    deployment = {
        "$schema": f"{SCHEMA_BASE}/managedOnlineDeployment.schema.json",
        "name": names.deployment_name,
        "endpoint_name": names.endpoint_name,
        "description": description,
        "model": _model_ref(names),
        "instance_type": rt.sku,
        "instance_count": rt.peak_nodes,
        "request_settings": {
            "request_timeout_ms": _request_timeout_ms(latency_ms),
            "max_concurrent_requests_per_instance": slots,
        },
    }
    return (
        YamlFile(
            filename="endpoint.yml",
            title="Online endpoint",
            command="az ml online-endpoint create -f endpoint.yml",
            text=_dump("# Real-time: the always-on endpoint (its web address and keys).", endpoint),
        ),
        YamlFile(
            filename="deployment.yml",
            title="Online deployment",
            command="az ml online-deployment create -f deployment.yml --all-traffic",
            text=_dump(
                "# Real-time: always-on containers behind the endpoint, sized for the peak.\n"
                "# Assumes an MLflow model (no scoring script needed); otherwise add\n"
                "# code_configuration and environment.",
                deployment,
            ),
        ),
    )


def batch_files(
    names: DeploymentNames, priced: CostComparison, description: str
) -> tuple[YamlFile, ...]:
    """An on-demand cluster (min 0 nodes), a batch endpoint and its deployment, as priced."""
    bt = priced.batch
    latency_ms = priced.inputs.latency_ms
    compute = {
        "$schema": f"{SCHEMA_BASE}/amlCompute.schema.json",
        "name": names.cluster_name,
        "type": "amlcompute",
        "description": description,
        "size": bt.sku,
        "min_instances": 0,
        "max_instances": bt.nodes_used,
        "idle_time_before_scale_down": round(bt.idle_before_scale_down_seconds),
        "tier": "low_priority" if bt.priority == "low-priority" else "dedicated",
    }
    endpoint = {
        "$schema": f"{SCHEMA_BASE}/batchEndpoint.schema.json",
        "name": names.endpoint_name,
        "description": description,
        "auth_mode": "aad_token",
    }
    mini_batch_timeout_s = max(30, math.ceil(BATCH_MINI_BATCH_SIZE * latency_ms / 1000 * 3))
    deployment = {
        "$schema": f"{SCHEMA_BASE}/batchDeployment.schema.json",
        "name": names.deployment_name,
        "endpoint_name": names.endpoint_name,
        "description": description,
        "type": "model",
        "model": _model_ref(names),
        "compute": f"azureml:{names.cluster_name}",
        "resources": {"instance_count": bt.nodes_used},
        "max_concurrency_per_instance": bt.parallelism_per_node,
        "mini_batch_size": BATCH_MINI_BATCH_SIZE,
        "output_action": "append_row",
        "output_file_name": "predictions.csv",
        "retry_settings": {"max_retries": BATCH_MAX_RETRIES, "timeout": mini_batch_timeout_s},
        "error_threshold": -1,
        "logging_level": "info",
    }
    job = {
        "$schema": f"{SCHEMA_BASE}/commandJob.schema.json",
        "type": "command",
        "description": f"{description}: start one scoring run of the batch endpoint",
        "command": (
            f"az ml batch-endpoint invoke --name {names.endpoint_name} "
            f"--deployment-name {names.deployment_name} --input ${{{{inputs.scoring_data}}}}"
        ),
        "inputs": {"scoring_data": {"type": "uri_folder", "path": "azureml:scoring-data@latest"}},
        "environment": "azureml:azure-cli-ml@latest",
        "compute": f"azureml:{names.cluster_name}",
        "identity": {"type": "managed"},
    }
    frequency, interval = RECURRENCE[bt.schedule]
    schedule = {
        "$schema": f"{SCHEMA_BASE}/schedule.schema.json",
        "name": f"{names.endpoint_name}-schedule",
        "description": f"{description}: runs {SCHEDULE_LABELS[bt.schedule]}",
        "trigger": {
            "type": "recurrence",
            "frequency": frequency,
            "interval": interval,
            "time_zone": "UTC",
        },
        "create_job": f"./{INVOKE_JOB_FILE}",
    }
    return (
        YamlFile(
            filename="compute.yml",
            title="Compute cluster",
            command="az ml compute create -f compute.yml",
            text=_dump(
                "# Batch: an on-demand cluster that scales to zero nodes when idle.", compute
            ),
        ),
        YamlFile(
            filename="batch-endpoint.yml",
            title="Batch endpoint",
            command="az ml batch-endpoint create -f batch-endpoint.yml",
            text=_dump("# Batch: the endpoint that starts scoring jobs.", endpoint),
        ),
        YamlFile(
            filename="batch-deployment.yml",
            title="Batch deployment",
            command="az ml batch-deployment create -f batch-deployment.yml --set-default",
            text=_dump(
                "# Batch: scores many rows per job on the cluster and writes predictions.csv.\n"
                "# Assumes an MLflow model (no scoring script needed).",
                deployment,
            ),
        ),
        YamlFile(
            filename=INVOKE_JOB_FILE,
            title="Scoring run",
            command=(
                f"# {INVOKE_JOB_FILE} is started by the schedule; to run it once now: "
                f"az ml job create -f {INVOKE_JOB_FILE}"
            ),
            text=_dump(
                "# Batch: one scoring run, started by the schedule below. It calls the batch\n"
                "# endpoint with the cluster's managed identity; the environment needs the Azure\n"
                "# CLI with its ml extension (register one as azure-cli-ml, or use your own), and\n"
                "# scoring-data is the data asset each run scores.",
                job,
            ),
        ),
        YamlFile(
            filename="schedule.yml",
            title="Schedule",
            command="az ml schedule create -f schedule.yml",
            text=_dump(
                f"# Batch: the schedule that was priced, {SCHEDULE_LABELS[bt.schedule]}.", schedule
            ),
        ),
    )


def deployment_files(
    recommendation: Recommendation,
    names: DeploymentNames,
    use_case_name: str,
    kind: Kind | None = None,
) -> tuple[YamlFile, ...]:
    """The files for `kind` (default: the side the recommendation takes), sized as priced.

    Raises ValueError when the use case could not be priced (so there are no sizes to write).
    """
    if recommendation.costs is None:
        raise ValueError(
            "The cost engine could not size this use case, so there are no instance sizes to "
            "write: check the answers above."
        )
    chosen = kind or recommendation.leaning
    if chosen is Kind.EITHER:
        chosen = recommendation.leaning
    words = "real-time" if chosen is Kind.REAL_TIME else "batch"
    description = f"{use_case_name}: {words} deployment"
    priced = recommendation.costs.comparison
    if chosen is Kind.REAL_TIME:
        return realtime_files(names, priced, description)
    return batch_files(names, priced, description)
