"""The wizard is sized and priced by the cost engine: what it names is what it prices.

Same workload, same options, same link: Decide's compute words, the Azure ML YAML and the cost
page all show the one sizing the engine made.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings

from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.links import from_query_params, to_query_params
from deploycore.deciding.azureml_yaml import RECURRENCE, DeploymentNames, deployment_files
from deploycore.deciding.costs import (
    INSTANCE_TYPE,
    PRODUCTION_MIN_INSTANCES,
    cheaper_side,
    cost_inputs_for,
    monthly_costs,
)
from deploycore.deciding.inputs import (
    DecisionInputs,
    Frequency,
)
from deploycore.deciding.rules import Kind
from deploycore.deciding.use_cases import use_case
from deploycore.deciding.verdict import decide
from deploycore.vocabulary import DailyShape, Schedule, Side
from tests.unit.wizard_strategies import wizard_inputs

NAMES = DeploymentNames(endpoint_name="my-endpoint", model_name="my-model")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=wizard_inputs(max_latency_ms=5_000))
def test_what_the_wizard_names_and_exports_is_exactly_what_it_prices(
    inputs: DecisionInputs,
) -> None:
    result = decide(inputs)
    assert result.costs is not None
    priced = result.costs.comparison
    rt, bt = priced.realtime, priced.batch
    # The wizard's words name the priced host, size and counts.
    realtime_words = f"{rt.service_label}, {rt.peak_nodes} × {rt.sku}"
    batch_words = f"{bt.service_label}, {bt.nodes_used} ×"
    if result.kind is not Kind.BATCH:
        assert realtime_words in result.compute
    if result.kind is not Kind.REAL_TIME:
        assert batch_words in result.compute and bt.sku in result.compute
    # The YAML deploys them.
    online = yaml.safe_load(deployment_files(result, NAMES, "x", Kind.REAL_TIME)[1].text)
    assert online["instance_type"] == rt.sku
    assert online["instance_count"] == rt.peak_nodes
    batch_files = {f.filename: f for f in deployment_files(result, NAMES, "x", Kind.BATCH)}
    cluster = yaml.safe_load(batch_files["compute.yml"].text)
    trigger = yaml.safe_load(batch_files["schedule.yml"].text)["trigger"]
    assert (trigger["frequency"], trigger["interval"]) == RECURRENCE[bt.schedule]
    assert bt.schedule.value == inputs.schedule.value
    assert cluster["size"] == bt.sku
    assert cluster["max_instances"] == bt.nodes_used
    assert (cluster["tier"] == "low_priority") == (bt.priority == "low-priority")
    assert cluster["idle_time_before_scale_down"] == round(bt.idle_before_scale_down_seconds)
    # The cost page, opened from the link, prices the same compute and dollars.
    parsed = from_query_params(to_query_params(priced.inputs))
    assert not parsed.problems
    page = compare_monthly_costs(parsed.inputs)
    assert page.realtime.sku == rt.sku and page.realtime.peak_nodes == rt.peak_nodes
    assert page.batch.sku == bt.sku and page.batch.nodes_used == bt.nodes_used
    assert page.realtime_usd_per_month == priced.realtime_usd_per_month
    assert page.batch_usd_per_month == priced.batch_usd_per_month


def test_the_small_patient_app_runs_on_one_instance_and_production_on_at_least_three() -> None:
    patient = monthly_costs(use_case("patient-mobile-app").inputs)
    assert patient is not None and patient.comparison.realtime.peak_nodes == 1
    busy = use_case("card-fraud-check").inputs.model_copy(
        update={"predictions_per_day": 50_000_000}
    )
    costs = monthly_costs(busy)
    assert costs is not None
    assert costs.comparison.realtime.peak_nodes >= PRODUCTION_MIN_INSTANCES


def test_the_batch_cluster_is_the_fewest_nodes_that_meet_the_deadline() -> None:
    inputs = use_case("nightly-churn-scores").inputs
    cost = cost_inputs_for(inputs)
    assert cost.batch_node_sku == INSTANCE_TYPE[inputs.complexity]
    assert cost.batch_schedule is Schedule.DAILY
    assert cost.rows_per_run == inputs.predictions_per_day  # one day of data per daily run
    assert compare_monthly_costs(cost).batch.meets_tolerated_delay
    if cost.max_nodes > 1:
        fewer = cost.model_copy(update={"max_nodes": cost.max_nodes - 1})
        assert not compare_monthly_costs(fewer).batch.meets_tolerated_delay


def test_bursts_become_two_busy_hours_and_deadlines_become_tolerated_delay() -> None:
    inputs = use_case("orange-juice-weekly").inputs
    assert inputs.daily_shape is DailyShape.FEW_BURSTS
    cost = cost_inputs_for(inputs)
    assert cost.daily_shape is DailyShape.FEW_BURSTS
    assert cost.tolerated_delay_minutes == 7 * 24 * 60
    assert cost.batch_schedule is Schedule.WEEKLY
    assert cost.rows_per_run == inputs.predictions_per_day * 7


def test_every_schedule_the_wizard_offers_is_priced_as_that_schedule() -> None:
    base = use_case("delivery-eta-board").inputs
    for frequency in Frequency:
        cost = cost_inputs_for(base.model_copy(update={"frequency": frequency}))
        expected = Schedule.EVERY_5_MINUTES if frequency is Frequency.EACH_EVENT else frequency
        assert cost.batch_schedule.value == expected.value


def test_the_link_reproduces_the_same_figures_on_the_cost_page() -> None:
    inputs = use_case("delivery-eta-board").inputs
    cost = cost_inputs_for(inputs)
    parsed = from_query_params(to_query_params(cost))
    assert not parsed.problems
    assert parsed.inputs == cost
    mine = monthly_costs(inputs)
    theirs = compare_monthly_costs(parsed.inputs)
    assert mine is not None
    assert mine.realtime_usd_per_month == theirs.realtime_usd_per_month
    assert mine.batch_usd_per_month == theirs.batch_usd_per_month


def test_a_side_that_misses_the_deadline_is_never_the_cheaper_choice() -> None:
    shirt = monthly_costs(use_case("shirt-recommender").inputs)
    assert shirt is not None
    assert not shirt.meets_deadline(Side.BATCH)
    assert shirt.cheaper is Side.REAL_TIME
    assert "cannot deliver within the deadline" in shirt.verdict


def test_figures_within_ten_percent_count_as_the_same() -> None:
    assert cheaper_side(100.0, 95.0) is None
    assert cheaper_side(100.0, 80.0) == "batch"
    assert cheaper_side(50.0, 80.0) == "real-time"
