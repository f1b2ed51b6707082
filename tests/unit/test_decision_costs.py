"""The wizard's answers as cost-estimator inputs: same workload, same options, same link."""

from __future__ import annotations

from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.links import from_query_params, to_query_params
from deploycore.deciding.costs import cheaper_side, cost_inputs_for, monthly_costs
from deploycore.deciding.inputs import DailyShape, Frequency
from deploycore.deciding.sizing import size
from deploycore.deciding.use_cases import use_case


def test_small_loads_are_priced_on_aci_and_production_on_aks() -> None:
    assert cost_inputs_for(use_case("patient-mobile-app").inputs).realtime_service == (
        "azure-container-instances"
    )
    fraud = cost_inputs_for(use_case("card-fraud-check").inputs)
    assert fraud.realtime_service == "azure-kubernetes-service-standard"
    assert fraud.min_replicas == 3


def test_the_batch_side_matches_the_exported_cluster() -> None:
    inputs = use_case("nightly-churn-scores").inputs
    sizing = size(inputs)
    cost = cost_inputs_for(inputs)
    assert cost.batch_node_sku == sizing.instance_type
    assert cost.max_nodes == sizing.cluster_max_instances
    assert cost.idle_before_scale_down_seconds == sizing.idle_time_before_scale_down_s
    assert cost.rows_per_run == sizing.rows_per_run
    assert cost.batch_schedule == "daily"


def test_bursts_become_two_busy_hours_and_deadlines_become_tolerated_delay() -> None:
    inputs = use_case("orange-juice-weekly").inputs
    assert inputs.daily_shape is DailyShape.FEW_BURSTS
    cost = cost_inputs_for(inputs)
    assert sum(1 for w in cost.hourly_weights if w > 0) == 2
    assert cost.tolerated_delay_minutes == 7 * 24 * 60


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


def test_sub_hourly_schedules_are_flagged_as_a_lower_bound() -> None:
    inputs = use_case("delivery-eta-board").inputs
    assert inputs.frequency is Frequency.EVERY_FEW_MINUTES
    costs = monthly_costs(inputs)
    assert costs is not None and any("lower bound" in note for note in costs.notes)


def test_figures_within_ten_percent_count_as_the_same() -> None:
    assert cheaper_side(100.0, 95.0) is None
    assert cheaper_side(100.0, 80.0) == "batch"
    assert cheaper_side(50.0, 80.0) == "real-time"
