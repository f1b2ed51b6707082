"""Generated Azure ML YAML loads with azure-ai-ml's own offline loaders, with our figures."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow.exceptions import ValidationError as MarshmallowValidationError
from pydantic import ValidationError

from deploycore.deciding.azureml_yaml import (
    RECURRENCE,
    DeploymentNames,
    deployment_files,
    suggest_endpoint_name,
)
from deploycore.deciding.rules import Kind
from deploycore.deciding.use_cases import load_use_cases, use_case
from deploycore.deciding.verdict import decide

with warnings.catch_warnings():
    # azure-ai-ml's schemas use marshmallow features marshmallow 4 deprecates; not ours to fix.
    warnings.simplefilter("ignore", DeprecationWarning)
    from azure.ai.ml import (
        load_batch_deployment,
        load_batch_endpoint,
        load_compute,
        load_job,
        load_online_deployment,
        load_online_endpoint,
    )
    from azure.ai.ml.entities._load_functions import load_schedule

pytestmark = pytest.mark.filterwarnings("ignore::marshmallow.warnings.Marshmallow4Warning")

LOADERS: dict[str, Callable[..., Any]] = {
    "endpoint.yml": load_online_endpoint,
    "deployment.yml": load_online_deployment,
    "compute.yml": load_compute,
    "batch-endpoint.yml": load_batch_endpoint,
    "batch-deployment.yml": load_batch_deployment,
    "scoring-run.yml": load_job,
    "schedule.yml": load_schedule,
}


def _load_all(files: tuple[Any, ...], folder: Path) -> dict[str, Any]:
    loaded = {}
    for file in files:
        path = folder / file.filename
        path.write_text(file.text, encoding="utf-8")
        loaded[file.filename] = LOADERS[file.filename](str(path))
    return loaded


def _names(**overrides: Any) -> DeploymentNames:
    values: dict[str, Any] = {"endpoint_name": "shirt-recs", "model_name": "shirt-model"}
    return DeploymentNames(**{**values, **overrides})


@pytest.mark.parametrize("case", load_use_cases(), ids=lambda c: c.id)
@pytest.mark.parametrize("kind", [Kind.REAL_TIME, Kind.BATCH])
def test_every_example_exports_files_the_azure_loaders_accept(
    case: Any, kind: Kind, tmp_path: Path
) -> None:
    recommendation = decide(case.inputs)
    names = _names(endpoint_name=suggest_endpoint_name(case.title))
    files = deployment_files(recommendation, names, case.title, kind)
    loaded = _load_all(files, tmp_path)
    assert recommendation.costs is not None
    priced = recommendation.costs.comparison
    if kind is Kind.REAL_TIME:
        assert set(loaded) == {"endpoint.yml", "deployment.yml"}
        deployment = loaded["deployment.yml"]
        assert deployment.instance_type == priced.realtime.sku
        assert deployment.instance_count == priced.realtime.peak_nodes
        assert deployment.endpoint_name == loaded["endpoint.yml"].name
    else:
        assert set(loaded) == {
            "compute.yml",
            "batch-endpoint.yml",
            "batch-deployment.yml",
            "scoring-run.yml",
            "schedule.yml",
        }
        trigger = loaded["schedule.yml"].trigger
        assert (trigger.frequency, trigger.interval) == RECURRENCE[priced.batch.schedule]
        compute = loaded["compute.yml"]
        assert compute.min_instances == 0
        assert compute.size == priced.batch.sku
        assert compute.max_instances == priced.batch.nodes_used
        assert compute.idle_time_before_scale_down == round(
            priced.batch.idle_before_scale_down_seconds
        )
        assert loaded["batch-deployment.yml"].compute == compute.name


def test_recommended_side_is_exported_by_default(tmp_path: Path) -> None:
    shirt = use_case("shirt-recommender")
    files = deployment_files(decide(shirt.inputs), _names(), shirt.title)
    assert [f.filename for f in files] == ["endpoint.yml", "deployment.yml"]
    juice = use_case("orange-juice-weekly")
    files = deployment_files(decide(juice.inputs), _names(), juice.title)
    assert [f.filename for f in files][0] == "compute.yml"


@pytest.mark.parametrize(("low_priority", "tier"), [(True, "low_priority"), (False, "dedicated")])
def test_low_priority_is_used_only_when_chosen_and_priced(
    low_priority: bool, tier: str, tmp_path: Path
) -> None:
    juice = use_case("orange-juice-weekly")
    inputs = juice.inputs.model_copy(update={"low_priority": low_priority})
    files = deployment_files(decide(inputs), _names(), juice.title, Kind.BATCH)
    assert _load_all(files, tmp_path)["compute.yml"].tier == tier


def test_the_loaders_reject_a_field_the_cli_would_reject(tmp_path: Path) -> None:
    juice = use_case("orange-juice-weekly")
    files = deployment_files(decide(juice.inputs), _names(), juice.title, Kind.BATCH)
    deployment = next(f for f in files if f.filename == "batch-deployment.yml")
    document = yaml.safe_load(deployment.text)
    document["settings"] = {"mini_batch_size": 5}
    path = tmp_path / "batch-deployment.yml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(MarshmallowValidationError):
        load_batch_deployment(str(path))


def test_user_text_in_descriptions_cannot_break_the_yaml(tmp_path: Path) -> None:
    shirt = use_case("shirt-recommender")
    hostile = "shirts\ninstance_count: 99\n# : {[&*"
    files = deployment_files(decide(shirt.inputs), _names(), hostile, Kind.REAL_TIME)
    loaded = _load_all(files, tmp_path)
    assert (
        loaded["deployment.yml"].instance_count
        == decide(shirt.inputs).costs.comparison.realtime.peak_nodes  # type: ignore[union-attr]
    )
    assert loaded["endpoint.yml"].description.startswith(hostile)


@pytest.mark.parametrize(
    ("field", "value"),
    [("endpoint_name", "9lives"), ("endpoint_name", "ab"), ("cluster_name", "a" * 17),
     ("model_name", "bad name"), ("model_version", 0)],
)  # fmt: skip
def test_names_azure_would_refuse_are_refused_here(field: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        _names(**{field: value})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=0, max_size=60))
def test_suggested_endpoint_names_are_always_valid(name: str) -> None:
    _names(endpoint_name=suggest_endpoint_name(name))


def test_every_schedule_has_an_azure_recurrence_of_the_same_length() -> None:
    from deploycore.vocabulary import SCHEDULE_INTERVAL_MINUTES, Schedule

    minutes = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43800}
    for schedule in Schedule:
        frequency, interval = RECURRENCE[schedule]
        assert minutes[frequency] * interval == pytest.approx(
            SCHEDULE_INTERVAL_MINUTES[schedule], rel=0.01
        )
