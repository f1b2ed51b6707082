"""Cost engine: hand-computed examples (arithmetic in the docstrings) and hypothesis properties."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploycore.costing import charts as cost_charts
from deploycore.costing import report as cost_report
from deploycore.costing.breakeven import break_even_sweep
from deploycore.costing.catalog import PriceCatalog, load_catalog, parse_catalog_csv
from deploycore.costing.engine import cheaper_of, compare_monthly_costs, monthly_totals
from deploycore.costing.estimate import estimate
from deploycore.costing.inputs import BATCH_SCHEDULES, BATCH_SERVICES, REALTIME_SERVICES, CostInputs
from deploycore.costing.prices import CostInputError, batch_prices, realtime_prices
from deploycore.costing.sensitivity import sensitivity
from deploycore.infra import csv_export
from deploycore.units import DAYS_PER_MONTH, HOURS_PER_MONTH
from deploycore.vocabulary import (
    SCHEDULE_INTERVAL_MINUTES,
    Schedule,
    days_per_run,
    is_micro_batch,
    runs_per_month,
)

# Round prices so the arithmetic in the docstrings is easy to follow.
_ROWS = """price_id,provider,service,sku,unit,usd_per_unit,region,vcpu,memory_gb,priority,source_url,as_of,confirmed,note
aci-cpu,azure,container-instances,linux-vcpu,vcpu-second,0.00001,eastus,,,dedicated,https://example.org/aci,2026-10-01,true,
aci-mem,azure,container-instances,linux-memory,gb-second,0.000001,eastus,,,dedicated,https://example.org/aci,2026-10-01,true,
aks-free,azure,aks-control-plane,free,cluster-hour,0,eastus,,,dedicated,https://example.org/aks,2026-10-01,true,
aks-std,azure,aks-control-plane,standard,cluster-hour,0.1,eastus,,,dedicated,https://example.org/aks,2026-10-01,true,
aks-n4,azure,aks-node,N4,node-hour,1.0,eastus,4,16,dedicated,https://example.org/vm,2026-10-01,true,
mlo-n4,azure,ml-online-endpoint,N4,node-hour,1.0,eastus,4,16,dedicated,https://example.org/ml,2026-10-01,true,
cl-n4,azure,ml-compute-cluster,N4,node-hour,1.0,eastus,4,16,dedicated,https://example.org/ml,2026-10-01,true,
cl-n4-lp,azure,ml-compute-cluster,N4,node-hour,0.2,eastus,4,16,low-priority,https://example.org/ml,2026-10-01,true,
sm-n4,aws,sagemaker-realtime,N4,node-hour,1.0,us-east-1,4,16,dedicated,https://example.org/sm,2026-10-01,true,
sm-sl,aws,sagemaker-serverless,serverless-memory,serverless-gb-second,0.00002,us-east-1,,,dedicated,https://example.org/sm,2026-10-01,true,
smb-n4,aws,sagemaker-batch-transform,N4,node-hour,1.0,us-east-1,4,16,dedicated,https://example.org/sm,2026-10-01,true,
vx-n4,gcp,vertex-online-prediction,N4,node-hour,1.0,us-central1,4,16,dedicated,https://example.org/vx,2026-10-01,true,
vxb-n4,gcp,vertex-batch-prediction,N4,node-hour,1.0,us-central1,4,16,dedicated,https://example.org/vx,2026-10-01,true,
"""  # noqa: E501
_parsed = parse_catalog_csv(_ROWS, name="test catalog")
assert _parsed.catalog is not None, _parsed.errors
CATALOG: PriceCatalog = _parsed.catalog

BASE: dict[str, Any] = {
    "daily_shape": "flat",
    "latency_ms": 100.0,
    "replica_vcpu": 1.0,
    "replica_memory_gb": 2.0,
    "realtime_node_sku": "N4",
    "batch_node_sku": "N4",
    "p95_latency_target_ms": 400.0,
    "target_utilisation_percent": 50.0,
}


def make(**changes: Any) -> CostInputs:
    """Inputs from BASE; `rows_per_run=N` overrides batch volume (else it follows the workload)."""
    if "rows_per_run" in changes:
        changes["rows_per_run_override"] = changes.pop("rows_per_run")
    return CostInputs.model_validate({**BASE, **changes})


# ----------------------------------------------------------------- hand-computed examples


def test_aci_at_zero_traffic_costs_its_minimum_replicas_all_idle() -> None:
    """1 vCPU + 2 GB: (1 × 0.00001 + 2 × 0.000001) × 3600 = $0.0432 per replica-hour.
    2 replicas × 730 h × 0.0432 = $63.072 per month, all of it idle capacity."""
    result = compare_monthly_costs(
        make(predictions_per_day=0, peak_requests_per_second=0, min_replicas=2), CATALOG
    )
    rt = result.realtime
    assert rt.usd_per_replica_hour == pytest.approx(0.0432)
    assert rt.total_usd_per_month == pytest.approx(63.072)
    assert rt.compute_usd_per_month == 0
    assert rt.idle_capacity_usd_per_month == pytest.approx(63.072)


def test_online_endpoint_nodes_and_split_by_hand() -> None:
    """864,000/day flat = 10 requests/s every hour; latency 0.1 s → A = 1 busy server.
    Target 50 %: c = 2; p95 wait = ln((1/3)/0.05)/(20 − 10) = 0.19 s ≤ 0.3 s budget.
    2 replicas (1 vCPU each) fit one 4-vCPU node (4 per node) → 1 node × 730 h × $1 = $730.
    Busy share = 1 / (1 node × 4 replicas × 1 slot) = 0.25: compute $182.50, idle $547.50."""
    inputs = make(
        realtime_service="azure-ml-online-endpoint",
        predictions_per_day=864_000,
        peak_requests_per_second=10,
    )
    rt = compare_monthly_costs(inputs, CATALOG).realtime
    assert set(rt.replicas_by_hour) == {2}
    assert set(rt.nodes_by_hour) == {1}
    assert rt.p95_wait_ms_busiest_hour == pytest.approx(1000 * np.log((1 / 3) / 0.05) / 10)
    assert rt.total_usd_per_month == pytest.approx(730.0)
    assert rt.compute_usd_per_month == pytest.approx(182.5)
    assert rt.idle_capacity_usd_per_month == pytest.approx(547.5)
    assert rt.control_plane_usd_per_month == 0


def test_aks_standard_adds_the_control_plane() -> None:
    """Same sizing as above on AKS Standard: $730 of nodes + 730 h × $0.10 = $803."""
    inputs = make(
        realtime_service="azure-kubernetes-service-standard",
        predictions_per_day=864_000,
        peak_requests_per_second=10,
    )
    rt = compare_monthly_costs(inputs, CATALOG).realtime
    assert rt.control_plane_usd_per_month == pytest.approx(73.0)
    assert rt.total_usd_per_month == pytest.approx(803.0)


def test_serverless_bills_only_busy_memory_seconds() -> None:
    """100,000/day × 0.1 s × 2 GB × $0.00002 = $0.40 per day; × 30.4167 days = $12.17."""
    inputs = make(realtime_service="aws-sagemaker-serverless", predictions_per_day=100_000)
    rt = compare_monthly_costs(inputs, CATALOG).realtime
    assert rt.total_usd_per_month == pytest.approx(0.4 * DAYS_PER_MONTH)
    assert rt.idle_capacity_usd_per_month == 0


def test_batch_job_time_and_billed_node_time_by_hand() -> None:
    """48,000 rows × 0.1 s; a 4 vCPU/16 GB node runs min(4/1, 16/2) = 4 copies; max 2 nodes.
    Work = 48,000 × 0.1 / (2 × 4) = 600 s = 10 min; job = 5 min start-up + 10 = 15 min.
    Billed per node = 15 + 2 min idle = 17 min. Daily: 30.4167 runs × 2 nodes × 17/60 h × $1
    = $17.24 per month. 15 min > 10 min tolerated → does not meet the delay."""
    inputs = make(
        rows_per_run=48_000, max_nodes=2, node_startup_minutes=5, batch_schedule="daily",
        idle_before_scale_down_seconds=120, tolerated_delay_minutes=10,
    )  # fmt: skip
    bt = compare_monthly_costs(inputs, CATALOG).batch
    assert bt.parallelism_per_node == 4
    assert bt.nodes_used == 2
    assert bt.work_minutes_per_run == pytest.approx(10.0)
    assert bt.time_to_result_minutes == pytest.approx(15.0)
    assert bt.billed_node_minutes_per_run == pytest.approx(17.0)
    assert bt.total_usd_per_month == pytest.approx(DAYS_PER_MONTH * 2 * 17 / 60)
    assert bt.startup_usd_per_month == pytest.approx(DAYS_PER_MONTH * 2 * 5 / 60)
    assert not bt.meets_tolerated_delay


def test_low_priority_uses_its_own_price() -> None:
    """Same job on low-priority nodes at $0.20: 30.4167 × 2 × 17/60 × 0.2 = $3.45."""
    inputs = make(
        rows_per_run=48_000, max_nodes=2, node_startup_minutes=5, low_priority=True,
    )  # fmt: skip
    bt = compare_monthly_costs(inputs, CATALOG).batch
    assert bt.priority == "low-priority"
    assert bt.total_usd_per_month == pytest.approx(DAYS_PER_MONTH * 2 * 17 / 60 * 0.2)


def test_hourly_run_longer_than_an_hour_is_billed_the_whole_hour_and_warned() -> None:
    """1 node × 4 copies, 180,000 rows × 0.1 s / 4 = 75 min work + 5 min start-up = 80 min,
    longer than the 60 min between runs: billed 60 min per run, 730 runs × $1 = $730."""
    inputs = make(rows_per_run=180_000, max_nodes=1, node_startup_minutes=5,
                  batch_schedule="hourly")  # fmt: skip
    result = compare_monthly_costs(inputs, CATALOG)
    assert result.batch.billed_node_minutes_per_run == pytest.approx(60.0)
    assert result.batch.total_usd_per_month == pytest.approx(730.0)
    assert any("overlap" in w for w in result.warnings)


def test_small_jobs_use_only_the_nodes_they_need() -> None:
    """6 rows with 4 copies per node need ceil(6/4) = 2 nodes, even if 10 are allowed."""
    assert compare_monthly_costs(make(rows_per_run=6, max_nodes=10), CATALOG).batch.nodes_used == 2


def test_the_cheaper_option_is_named_in_words() -> None:
    result = compare_monthly_costs(make(predictions_per_day=1000, rows_per_run=1000), CATALOG)
    assert result.cheaper == "batch"
    assert result.verdict.startswith("Batch is cheaper")
    assert result.realtime_usd_per_month > result.batch_usd_per_month


def test_equal_costs_are_said_in_words() -> None:
    """Serverless at zero traffic costs $0; a batch run with no start-up, no idle wait and no
    rows costs $0 too: both options cost the same, reported as such (cheaper stays 'batch')."""
    inputs = make(
        realtime_service="aws-sagemaker-serverless", predictions_per_day=0,
        peak_requests_per_second=0, rows_per_run=0, node_startup_minutes=0,
        idle_before_scale_down_seconds=0,
    )  # fmt: skip
    result = compare_monthly_costs(inputs, CATALOG)
    assert result.costs_equal and result.cheaper == "batch"
    assert result.verdict.startswith("Both options cost about $0.00")


def test_a_replica_too_large_for_the_node_is_explained() -> None:
    with pytest.raises(CostInputError, match="larger size or a smaller model"):
        compare_monthly_costs(make(replica_vcpu=8.0), CATALOG)


def test_missing_low_priority_prices_are_explained() -> None:
    inputs = make(batch_service="aws-sagemaker-batch-transform", low_priority=True)
    with pytest.raises(CostInputError, match="low-priority"):
        compare_monthly_costs(inputs, CATALOG)


def test_unknown_sku_falls_back_with_a_note() -> None:
    result = compare_monthly_costs(make(batch_node_sku="Nope"), CATALOG)
    assert result.batch.sku == "N4"
    assert any("Nope is not offered" in w for w in result.warnings)


def test_price_overrides_change_the_estimate() -> None:
    """Overriding the cluster node to $2/hour doubles the batch cost."""
    inputs = make(rows_per_run=48_000, max_nodes=2, node_startup_minutes=5)
    before = compare_monthly_costs(inputs, CATALOG).batch_usd_per_month
    after = compare_monthly_costs(
        inputs.model_copy(update={"price_overrides": {"cl-n4": 2.0}}), CATALOG
    ).batch_usd_per_month
    assert after == pytest.approx(2 * before)


def test_explanation_lists_formulas_and_numbers() -> None:
    result = compare_monthly_costs(make(), CATALOG)
    topics = [line.topic for line in result.explanation]
    assert "Requests in flight (Little's law)" in topics
    assert any("Erlang C" in t for t in topics)
    assert "Batch delivery time (time to result)" in topics
    assert all(line.formula and line.numbers for line in result.explanation)


def test_compare_works_with_presets_and_the_shipped_catalog() -> None:
    for preset in ("shirt-recommender", "orange-juice-weekly", "my-own"):
        result = compare_monthly_costs(CostInputs.from_preset(preset, latency_ms=12.5))
        assert result.cheaper in {"real-time", "batch"}
        assert result.inputs.latency_ms == 12.5


def test_shirt_and_orange_juice_presets_tell_the_lessons_story() -> None:
    """Shirt recommender: batch cannot deliver immediately. Orange juice: batch is cheaper and
    meets its delay."""
    shirt = compare_monthly_costs(CostInputs.from_preset("shirt-recommender"))
    juice = compare_monthly_costs(CostInputs.from_preset("orange-juice-weekly"))
    assert not shirt.batch.meets_tolerated_delay
    assert juice.cheaper == "batch"
    assert juice.batch.meets_tolerated_delay


# ----------------------------------------------------------------------- break-even


def test_break_even_finds_the_crossover() -> None:
    """Flat traffic sized on its mean (no extra peak). Low volume: real-time pays its one
    replica, 730 h × $0.0432 = $31.54, batch (no start-up, no idle wait) pays only the rows.
    High volume, 1e7/day: real-time 115.7/s × 0.1 s = 11.6 busy → 24 replicas → $757;
    batch 400,000 rows/h × 0.1 s / 4 copies = 10,000 node-s/h → 730 × 2.78 h × $1 = $2,028.
    So batch is cheaper at first and dearer at the end: the lines cross."""
    inputs = make(predictions_per_day=10_000, rows_per_run=400, batch_schedule="hourly",
                  peak_requests_per_second=0,
                  node_startup_minutes=0, idle_before_scale_down_seconds=0)  # fmt: skip
    sweep = break_even_sweep(inputs, CATALOG, daily_volumes=np.geomspace(10, 1e7, 400))
    assert len(sweep.crossovers) >= 1
    x = sweep.crossovers[0]
    i = int(np.searchsorted(sweep.daily_volumes, x))
    rt, bt = sweep.realtime_usd_per_month, sweep.batch_usd_per_month
    assert (rt[i - 1] - bt[i - 1]) * (rt[i] - bt[i]) < 0
    assert "becomes cheaper" in cost_charts.break_even_summary(sweep)


def test_sweep_at_current_volume_equals_the_estimate() -> None:
    inputs = make(predictions_per_day=50_000, peak_requests_per_second=5, rows_per_run=50_000)
    sweep = break_even_sweep(inputs, CATALOG, daily_volumes=np.array([50_000.0]))
    result = compare_monthly_costs(inputs, CATALOG)
    assert sweep.realtime_usd_per_month[0] == pytest.approx(result.realtime_usd_per_month)
    assert sweep.batch_usd_per_month[0] == pytest.approx(result.batch_usd_per_month)


def test_tornado_ranks_biggest_swing_first() -> None:
    tornado = sensitivity(make(min_replicas=2), CATALOG)
    swings = [bar.swing_usd for bar in tornado.bars]
    assert swings == sorted(swings, reverse=True)
    assert {bar.label for bar in tornado.bars} >= {"Minimum replicas", "Batch prices"}
    assert "Biggest effects" in cost_charts.tornado_summary(tornado)


# ------------------------------------------------------------------------- properties

settings.register_profile("cost", max_examples=40, deadline=None)
_fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw: st.DrawFn) -> CostInputs:
    realtime = draw(st.sampled_from(REALTIME_SERVICES))
    batch = draw(st.sampled_from(BATCH_SERVICES))
    latency = draw(st.floats(min_value=1.0, max_value=2000.0))
    return make(
        realtime_service=realtime,
        batch_service=batch,
        low_priority=batch == "azure-ml-compute-cluster" and draw(st.booleans()),
        latency_ms=latency,
        p95_latency_target_ms=latency * draw(st.floats(min_value=1.5, max_value=10.0)),
        replica_vcpu=draw(st.sampled_from([0.5, 1.0, 2.0])),
        replica_memory_gb=draw(st.sampled_from([1.0, 2.0, 4.0])),
        predictions_per_day=draw(st.floats(min_value=0, max_value=5e6)),
        peak_requests_per_second=draw(st.floats(min_value=0, max_value=200)),
        rows_per_run=draw(st.none() | st.integers(min_value=0, max_value=2_000_000)),
        daily_shape=draw(st.sampled_from(["flat", "business-hours", "evening-peak"])),
        batch_schedule=draw(st.sampled_from(BATCH_SCHEDULES)),
        min_replicas=draw(st.integers(min_value=1, max_value=5)),
        autoscaling=draw(st.booleans()),
        max_nodes=draw(st.integers(min_value=1, max_value=8)),
        node_startup_minutes=draw(st.floats(min_value=0, max_value=15)),
        target_utilisation_percent=draw(st.floats(min_value=10, max_value=95)),
    )


@_fast
@given(inputs=scenarios(), volumes=st.lists(st.floats(0, 1e7), min_size=2, max_size=30))
def test_cost_never_decreases_as_volume_grows(inputs: CostInputs, volumes: list[float]) -> None:
    ordered = np.sort(np.asarray(volumes))
    sweep = break_even_sweep(inputs, CATALOG, daily_volumes=ordered)
    assert np.all(np.diff(sweep.realtime_usd_per_month) >= -1e-9)
    assert np.all(np.diff(sweep.batch_usd_per_month) >= -1e-9)


@_fast
@given(inputs=scenarios(), extra=st.integers(min_value=1, max_value=5))
def test_more_replicas_never_cost_less(inputs: CostInputs, extra: int) -> None:
    more = inputs.model_copy(update={"min_replicas": inputs.min_replicas + extra})
    fewer_cost = compare_monthly_costs(inputs, CATALOG).realtime_usd_per_month
    more_cost = compare_monthly_costs(more, CATALOG).realtime_usd_per_month
    assert more_cost >= fewer_cost - 1e-9


@_fast
@given(inputs=scenarios())
def test_at_zero_traffic_realtime_pays_minimum_replicas_and_batch_almost_nothing(
    inputs: CostInputs,
) -> None:
    """The seed's point: always-on compute costs continuously; a cluster idles at ~zero.
    Real-time = min replicas × 730 h × price (nodes rounded up), all of it idle capacity;
    batch = one node's start-up and scale-down wait per run, nothing for processing."""
    idle = inputs.model_copy(
        update={
            "predictions_per_day": 0.0,
            "peak_requests_per_second": 0.0,
            "rows_per_run_override": None,
        }
    )
    result = compare_monthly_costs(idle, CATALOG)
    rt, bt = result.realtime, result.batch
    assert rt.compute_usd_per_month == 0
    if inputs.realtime_service == "aws-sagemaker-serverless":
        assert rt.total_usd_per_month == 0
    else:
        assert set(rt.replicas_by_hour) == {idle.min_replicas}
        floor = idle.min_replicas * HOURS_PER_MONTH * rt.usd_per_replica_hour
        assert rt.idle_capacity_usd_per_month >= floor - 1e-6  # nodes round up, never down
        if inputs.realtime_service == "azure-container-instances":
            assert rt.total_usd_per_month == pytest.approx(floor)
    assert bt.processing_usd_per_month == 0
    assert bt.nodes_used == 1
    interval_min = SCHEDULE_INTERVAL_MINUTES[idle.batch_schedule]
    cold_min = idle.node_startup_minutes + idle.idle_before_scale_down_seconds / 60
    billed_min = interval_min if cold_min >= interval_min else cold_min  # warm nodes: always up
    expected = runs_per_month(idle.batch_schedule) * billed_min / 60 * bt.usd_per_node_hour
    assert bt.total_usd_per_month == pytest.approx(expected)


def test_zero_traffic_on_the_default_workload_batch_is_a_few_percent_of_realtime() -> None:
    """Defaults (ACI, 1 replica; daily batch): real-time $36.06 vs batch about $1.6."""
    result = compare_monthly_costs(CostInputs(predictions_per_day=0, peak_requests_per_second=0))
    assert result.batch_usd_per_month < 0.1 * result.realtime_usd_per_month


@_fast
@given(inputs=scenarios())
def test_batch_delivery_includes_startup_unless_warm_and_the_wait_for_a_micro_batch(
    inputs: CostInputs,
) -> None:
    bt = compare_monthly_costs(inputs, CATALOG).batch
    assert bt.time_to_result_minutes >= bt.work_minutes_per_run - 1e-9
    if not bt.nodes_stay_warm:
        assert bt.time_to_result_minutes >= inputs.node_startup_minutes - 1e-9
    if is_micro_batch(inputs.batch_schedule):
        interval = SCHEDULE_INTERVAL_MINUTES[inputs.batch_schedule]
        assert bt.time_to_result_minutes >= interval - 1e-9


@_fast
@given(inputs=scenarios())
def test_breakdowns_add_up_to_the_totals(inputs: CostInputs) -> None:
    result = compare_monthly_costs(inputs, CATALOG)
    rt, bt = result.realtime, result.batch
    assert rt.compute_usd_per_month + rt.idle_capacity_usd_per_month + (
        rt.control_plane_usd_per_month
    ) == pytest.approx(rt.total_usd_per_month)
    assert bt.processing_usd_per_month + bt.startup_usd_per_month + (
        bt.scale_down_idle_usd_per_month
    ) == pytest.approx(bt.total_usd_per_month)


# ----------------------------------------------------------------------------- exports


def test_csv_export_guards_formula_cells() -> None:
    assert csv_export.guard_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    for bad in ("+1", "-1", "@x", "\tx", "\rx"):
        assert str(csv_export.guard_cell(bad)).startswith("'")
    assert csv_export.guard_cell("12.5") == "12.5"
    catalog = CATALOG.with_overrides({})
    # A catalog note starting with '=' must not reach a spreadsheet as a formula.
    rows = list(catalog.rows)
    rows[0] = rows[0].model_copy(update={"price_id": "aci-cpu"})
    text = cost_report.to_csv(compare_monthly_costs(make(), PriceCatalog(rows=tuple(rows))))
    assert "\n=" not in text and ",=" not in text


def test_exports_carry_inputs_results_explanation_assumptions_and_sources() -> None:
    result = compare_monthly_costs(make(), CATALOG)
    markdown = cost_report.to_markdown(
        result, link="http://127.0.0.1/cost_estimator?latency_ms=100"
    )
    for heading in ("How was this computed?", "Assumptions", "Price sources", "Inputs"):
        assert f"## {heading}" in markdown
    assert "https://example.org/aci" in markdown
    data = json.loads(cost_report.to_json(result))
    assert data["cheaper"] == result.cheaper
    assert data["query_params"]["latency_ms"] == "100"
    csv_text = cost_report.to_csv(result)
    assert "section,item,value,unit" in csv_text
    assert "result,batch total" in csv_text


def test_full_estimate_bundles_everything() -> None:
    result = estimate(make(), CATALOG)
    assert len(result.break_even.daily_volumes) == 200
    assert result.tornado.bars
    assert "replica" in cost_charts.timeline_summary(result.comparison)


def test_every_cost_figure_is_a_valid_plotly_figure_with_named_series() -> None:
    """The figures are plain dicts (fast on every rerun); Plotly's own validation accepts them."""
    result = estimate(make(tolerated_delay_minutes=1.0), CATALOG)
    figures = [
        cost_charts.breakdown_figure(result.comparison),
        cost_charts.break_even_figure(result.break_even),
        cost_charts.timeline_figure(result.comparison),
        cost_charts.tornado_figure(result.tornado),
    ]
    for spec in figures:
        figure = go.Figure(spec)  # raises on any property Plotly does not know
        assert figure.data and all(trace.name for trace in figure.data)
        assert figure.layout.title.text
    names = [trace["name"] for trace in figures[1]["data"]]
    assert "Batch misses the tolerated delay (×)" in names


def test_shipped_catalog_prices_every_service_combination() -> None:
    catalog = load_catalog()
    for realtime in REALTIME_SERVICES:
        for batch in BATCH_SERVICES:
            sku = "Standard_D2s_v3" if "kubernetes" in realtime else "x"
            inputs = CostInputs(realtime_service=realtime, batch_service=batch,
                                realtime_node_sku=sku)  # fmt: skip
            assert compare_monthly_costs(inputs, catalog).realtime_usd_per_month > 0


# ------------------------------------------------ one workload: batch volume follows it


@_fast
@given(inputs=scenarios(), schedule=st.sampled_from(BATCH_SCHEDULES))
def test_batch_volume_follows_the_daily_volume_whatever_the_schedule(
    inputs: CostInputs, schedule: Schedule
) -> None:
    """Rows per run = predictions per day × days per run, so the month's processing is the
    same work on every schedule: predictions a month × latency / parallelism, priced by the hour.
    """
    follows = inputs.model_copy(update={"rows_per_run_override": None, "batch_schedule": schedule})
    bt = compare_monthly_costs(follows, CATALOG).batch
    assert bt.rows_per_run == pytest.approx(follows.predictions_per_day * days_per_run(schedule))
    if bt.job_minutes <= SCHEDULE_INTERVAL_MINUTES[schedule]:  # runs do not overlap
        work_hours = follows.predictions_per_day * DAYS_PER_MONTH * follows.latency_ms / 3.6e6
        expected = work_hours / bt.parallelism_per_node * bt.usd_per_node_hour
        assert bt.processing_usd_per_month == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_raising_predictions_per_day_raises_the_batch_price_too() -> None:
    """The reported bug: 10,000 -> 5,000,000 a day moved only real-time."""
    low = compare_monthly_costs(make(predictions_per_day=10_000), CATALOG)
    high = compare_monthly_costs(make(predictions_per_day=5_000_000), CATALOG)
    assert high.batch.rows_per_run == 500 * low.batch.rows_per_run
    assert high.batch_usd_per_month > 10 * low.batch_usd_per_month


def test_an_override_says_the_two_sides_price_different_volumes() -> None:
    result = compare_monthly_costs(make(predictions_per_day=100_000, rows_per_run=500), CATALOG)
    assert not result.batch.rows_follow_volume
    assert any("price different volumes" in w for w in result.warnings)
    same = compare_monthly_costs(make(predictions_per_day=100_000), CATALOG)
    assert same.batch.rows_follow_volume
    assert not any("price different volumes" in w for w in same.warnings)


# ---------------------------------------------------- break-even: exact on the steps


@_fast
@given(inputs=scenarios())
def test_each_break_even_switch_is_exact_on_the_step_functions(inputs: CostInputs) -> None:
    """Just below a reported switch one side is cheaper, at it the other, one a day apart;
    and the full engine, run at those two volumes, agrees."""
    sweep = break_even_sweep(inputs, CATALOG, points=60)
    for switch in sweep.switches:
        assert switch.cheaper_below is not switch.cheaper_at
        assert 0 < switch.at_daily_volume - switch.below_daily_volume <= 1.0
        for volume, side in (
            (switch.below_daily_volume, switch.cheaper_below),
            (switch.at_daily_volume, switch.cheaper_at),
        ):
            rt, bt, _ = monthly_totals(
                inputs,
                realtime_prices(inputs, CATALOG),
                batch_prices(inputs, CATALOG),
                np.array([volume]),
            )
            assert cheaper_of(float(rt[0]), float(bt[0])) is side
    if not sweep.switches:
        assert sweep.no_switch_reason and "never cross" in sweep.no_switch_reason


def test_the_switch_is_where_the_cheaper_side_changes_not_an_interpolation() -> None:
    """A step in real-time (one more node) makes the lines jump past each other: the switch is
    at the step, where the two sides differ by the jump, not where straight lines would meet."""
    inputs = make(realtime_service="aws-sagemaker-realtime", batch_schedule="hourly",
                  min_replicas=1, autoscaling=False, max_nodes=8)  # fmt: skip
    sweep = break_even_sweep(inputs, CATALOG)
    assert sweep.switches
    switch = sweep.switches[0]
    gap_below = abs(switch.realtime_usd_below - switch.batch_usd_below)
    gap_at = abs(switch.realtime_usd_at - switch.batch_usd_at)
    assert gap_below > 0 and gap_at > 0
    assert switch.words.startswith(f"At {switch.at_daily_volume:,.0f} predictions a day")
