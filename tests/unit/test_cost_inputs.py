"""Cost inputs: presets with overrides, form validation in words, and the shareable link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.form_values import format_weights, parse_weights, validate_form
from deploycore.costing.inputs import (
    BATCH_SCHEDULES,
    BATCH_SERVICES,
    DAILY_SHAPES,
    PRESETS,
    REALTIME_SERVICES,
    CostInputs,
)
from deploycore.costing.links import from_query_params, to_query_params
from deploycore.workload import MODEL_PRESETS
from tests.rendered_markdown import render


def test_from_preset_with_overrides() -> None:
    inputs = CostInputs.from_preset("shirt-recommender", latency_ms=12.5)
    assert inputs.preset == "shirt-recommender"
    assert inputs.latency_ms == 12.5
    assert inputs.min_replicas == 2  # high availability in the shirt preset


def test_from_preset_raises_target_when_latency_exceeds_it() -> None:
    """A 900 ms model with the shirt preset's 200 ms target gets a 3,600 ms target."""
    inputs = CostInputs.from_preset("shirt-recommender", latency_ms=900)
    assert inputs.p95_latency_target_ms == 3600


def test_model_presets_fill_latency_and_size() -> None:
    simple = CostInputs.from_preset("my-own", model_preset="simple-model")
    complex_ = CostInputs().with_model_preset("complex-model")
    assert simple.latency_ms < complex_.latency_ms
    assert simple.replica_vcpu < complex_.replica_vcpu
    assert compare_monthly_costs(simple).realtime_usd_per_month < (
        compare_monthly_costs(complex_).realtime_usd_per_month
    )


def test_unknown_preset_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        CostInputs.from_preset("nope")


def test_short_links_from_other_pages_work() -> None:
    link = {"latency_ms": "12.5", "rows_per_run": "500", "batch_schedule": "weekly"}
    result = from_query_params({**link, "preset": "orange-juice-weekly"})
    assert result.problems == ()
    assert result.inputs.latency_ms == 12.5
    assert result.inputs.rows_per_run == 500
    assert result.inputs.batch_schedule == "weekly"
    assert result.inputs.low_priority  # from the orange-juice preset


def test_bad_link_values_are_reported_and_ignored() -> None:
    result = from_query_params(
        {"latency_ms": "fast", "min_replicas": "-3", "preset": "moon", "autoscaling": "maybe"}
    )
    text = " ".join(result.problems)
    assert "latency_ms" in text and "min_replicas" in text and "moon" in text
    assert "autoscaling" in text
    assert result.inputs == CostInputs()


def test_form_problems_name_the_field() -> None:
    result = validate_form({"latency_ms": 500.0, "p95_latency_target_ms": 100.0})
    assert result.inputs is None
    assert "p95 latency target" in result.problems[0]
    weights = validate_form({"daily_shape": "custom", "hourly_weights": "1, 2, x"})
    assert weights.problems == ("Hourly weights: write the hourly weights as numbers "
                                "separated by commas.",)  # fmt: skip
    short = validate_form({"hourly_weights": "1,2,3"})
    assert "exactly 24" in short.problems[0]
    zero = validate_form({"hourly_weights": ",".join(["0"] * 24)})
    assert "above zero" in zero.problems[0]


def test_weights_text_round_trips() -> None:
    weights = tuple(float(h % 5) + 0.5 for h in range(24))
    assert parse_weights(format_weights(weights)) == weights


_finite = {"allow_nan": False, "allow_infinity": False}


@st.composite
def any_inputs(draw: st.DrawFn) -> CostInputs:
    latency = draw(st.floats(min_value=0.001, max_value=10_000, **_finite))
    values: dict[str, Any] = {
        "preset": draw(st.sampled_from(PRESETS)),
        "predictions_per_day": draw(st.floats(min_value=0, max_value=1e10, **_finite)),
        "peak_requests_per_second": draw(st.floats(min_value=0, max_value=1e6, **_finite)),
        "daily_shape": draw(st.sampled_from(DAILY_SHAPES)),
        "hourly_weights": tuple(
            draw(
                st.lists(
                    st.floats(min_value=0.01, max_value=100, **_finite), min_size=24, max_size=24
                )
            )  # fmt: skip
        ),
        "rows_per_run_override": draw(st.none() | st.integers(min_value=0, max_value=10**11)),
        "batch_schedule": draw(st.sampled_from(BATCH_SCHEDULES)),
        "model_preset": draw(st.sampled_from(MODEL_PRESETS)),
        "latency_ms": latency,
        "p95_latency_target_ms": min(600_000.0, latency * 2 + 1),
        "replica_vcpu": draw(st.floats(min_value=0.1, max_value=64, **_finite)),
        "realtime_service": draw(st.sampled_from(REALTIME_SERVICES)),
        "batch_service": draw(st.sampled_from(BATCH_SERVICES)),
        "min_replicas": draw(st.integers(min_value=1, max_value=1000)),
        "autoscaling": draw(st.booleans()),
        "low_priority": draw(st.booleans()),
        "tolerated_delay_minutes": draw(st.floats(min_value=0, max_value=40_000, **_finite)),
        "price_overrides": draw(
            st.dictionaries(
                st.sampled_from(["aci-linux-vcpu", "amlc-ds3-v2", "aks-tier-standard"]),
                st.floats(min_value=0, max_value=10, **_finite),
            )
        ),
    }
    return CostInputs.model_validate(values)


@settings(max_examples=150, deadline=None)
@given(inputs=any_inputs())
def test_a_copied_link_reproduces_the_inputs_exactly(inputs: CostInputs) -> None:
    result = from_query_params(to_query_params(inputs))
    assert result.problems == ()
    assert result.inputs == inputs


@pytest.mark.parametrize(
    "link",
    [
        {"batch_node_sku": "[click](https://example.org)"},
        {"realtime_node_sku": "<b>x</b>"},
        {"price_overrides": "[x](y):1"},
    ],
)
def test_link_text_that_could_render_as_markup_is_refused(link: dict[str, str]) -> None:
    result = from_query_params(link)
    assert result.problems
    assert result.inputs == CostInputs()
    for problem in result.problems:  # quoted as text: Markdown makes no link or tag of it
        assert not re.search(r"<(?!/?p>)[a-z]", render(problem)), problem
