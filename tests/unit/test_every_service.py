"""Every cloud at once: each service sized and priced by the one engine, sorted, marked."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploycore.costing.catalog import PriceCatalog, load_catalog, parse_catalog_csv
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.every_service import (
    ServiceRow,
    ServiceTable,
    price_every_service,
)
from deploycore.costing.every_service_candidates import NO_NODE_SIZE
from deploycore.costing.every_service_chart import (
    BAR_CHEAPEST,
    BAR_LATE,
    LATE_PATTERN,
    every_service_figure,
)
from deploycore.costing.every_service_report import (
    COLUMNS,
    MARK_CHEAPEST,
    MARK_LATE,
    MARK_UNPRICED,
    table_columns,
    table_csv,
)
from deploycore.costing.inputs import (
    BATCH_SCHEDULES,
    BATCH_SERVICE_LABELS,
    BATCH_SERVICES,
    PRESETS,
    REALTIME_SERVICE_LABELS,
    REALTIME_SERVICES,
    CostInputs,
)
from deploycore.costing.prices import REALTIME_CATALOG_SERVICE, CostInputError
from deploycore.units import usd
from deploycore.vocabulary import Side

SHIPPED: PriceCatalog = load_catalog()

# A cluster with a small cheap node and a large dear one, to see which size is kept.
_ROWS = """price_id,provider,service,sku,unit,usd_per_unit,region,vcpu,memory_gb,priority,source_url,as_of,confirmed,note
aci-cpu,azure,container-instances,linux-vcpu,vcpu-second,0.00001,eastus,,,dedicated,https://example.org/aci,2026-10-01,true,
aci-mem,azure,container-instances,linux-memory,gb-second,0.000001,eastus,,,dedicated,https://example.org/aci,2026-10-01,false,
cl-n1,azure,ml-compute-cluster,N1,node-hour,0.1,eastus,1,4,dedicated,https://example.org/ml,2026-09-01,true,
cl-n8,azure,ml-compute-cluster,N8,node-hour,1.0,eastus,8,32,dedicated,https://example.org/ml,2026-10-01,true,
"""  # noqa: E501
_parsed = parse_catalog_csv(_ROWS, name="two sizes")
assert _parsed.catalog is not None, _parsed.errors
TWO_SIZES: PriceCatalog = _parsed.catalog


def _rows(table: ServiceTable, side: Side, service: str) -> list[ServiceRow]:
    return [row for row in table.rows if row.side is side and row.service == service]


def _inputs_for(inputs: CostInputs, row: ServiceRow) -> CostInputs:
    """The inputs with the row's service and size chosen, as a user would pick them."""
    if row.side is Side.REAL_TIME:
        update: dict[str, Any] = {"realtime_service": row.service}
        if row.service not in NO_NODE_SIZE:
            update["realtime_node_sku"] = row.sku
    else:
        low = inputs.low_priority and "No low-priority" not in row.note
        update = {"batch_service": row.service, "batch_node_sku": row.sku, "low_priority": low}
    return inputs.model_copy(update=update)


# ------------------------------------------------------------- one number, one function


@pytest.mark.parametrize("preset", PRESETS)
def test_your_rows_have_exactly_the_dollars_of_the_main_estimate(preset: str) -> None:
    inputs = CostInputs.from_preset(preset)
    table = price_every_service(inputs, SHIPPED)
    main = compare_monthly_costs(inputs, SHIPPED)
    for side, estimate in ((Side.REAL_TIME, main.realtime), (Side.BATCH, main.batch)):
        (yours,) = [row for row in table.rows if row.your_choice and row.side is side]
        assert yours.service == estimate.service and yours.sku == estimate.sku
        assert yours.usd_per_month == estimate.total_usd_per_month
        assert yours.compute_words == estimate.compute_words


def test_your_dearer_size_is_listed_beside_the_cheapest_size_of_that_service() -> None:
    inputs = CostInputs.from_preset(
        "my-own",
        realtime_service="azure-kubernetes-service-free",
        realtime_node_sku="Standard_D8s_v3",
    )
    table = price_every_service(inputs, SHIPPED)
    rows = _rows(table, Side.REAL_TIME, "azure-kubernetes-service-free")
    assert {row.sku for row in rows} == {"Standard_D8s_v3", "Standard_D2s_v3"}
    (yours,) = [row for row in rows if row.your_choice]
    assert yours.usd_per_month == compare_monthly_costs(inputs, SHIPPED).realtime_usd_per_month
    (cheapest,) = [row for row in rows if not row.your_choice]
    assert (cheapest.usd_per_month or 0) < (yours.usd_per_month or 0)


def test_your_size_a_service_does_not_offer_is_shown_as_the_engine_resolves_it() -> None:
    inputs = CostInputs(realtime_service="azure-ml-online-endpoint", realtime_node_sku="Nope")
    table = price_every_service(inputs, SHIPPED)
    (yours,) = [row for row in table.rows if row.your_choice and row.side is Side.REAL_TIME]
    main = compare_monthly_costs(inputs, SHIPPED).realtime
    assert (yours.sku, yours.usd_per_month) == (main.sku, main.total_usd_per_month)
    assert "Nope is not offered" in yours.note


@pytest.mark.parametrize("preset", PRESETS)
def test_every_row_is_what_the_engine_says_for_its_service_and_size(preset: str) -> None:
    inputs = CostInputs.from_preset(preset)
    for row in price_every_service(inputs, SHIPPED).rows:
        result = compare_monthly_costs(_inputs_for(inputs, row), SHIPPED)
        estimate = result.realtime if row.side is Side.REAL_TIME else result.batch
        assert row.usd_per_month == estimate.total_usd_per_month, row.name
        assert row.meets_deadline == result.meets_deadline(row.side)


@pytest.mark.parametrize("preset", PRESETS)
def test_each_node_priced_service_keeps_its_cheapest_size_that_fits(preset: str) -> None:
    inputs = CostInputs.from_preset(preset)
    table = price_every_service(inputs, SHIPPED)
    for service in set(REALTIME_SERVICES) - NO_NODE_SIZE:
        cheapest = min(row.usd_per_month or 0 for row in _rows(table, Side.REAL_TIME, service))
        for sku in SHIPPED.skus(REALTIME_CATALOG_SERVICE[service]):
            other = inputs.model_copy(
                update={"realtime_service": service, "realtime_node_sku": sku}
            )
            assert cheapest <= compare_monthly_costs(other, SHIPPED).realtime_usd_per_month, sku


def test_batch_keeps_a_size_that_meets_the_deadline_over_a_cheaper_late_one() -> None:
    """100,000 rows at 100 ms on one node: N1 (1 copy) works 10,000 s = 2.8 h, late for a
    60-minute deadline; N8 (8 copies) works 1,250 s = 21 min + 7.5 min start-up, in time.
    N1 costs about 0.1 × 2.96 h = $0.30 a run, N8 about 1.0 × 0.51 h = $0.51: dearer, kept."""
    inputs = CostInputs(
        predictions_per_day=100_000, latency_ms=100, p95_latency_target_ms=400, max_nodes=1,
        batch_node_sku="N1", tolerated_delay_minutes=60,
    )  # fmt: skip
    table = price_every_service(inputs, TWO_SIZES)
    cluster = [r for r in _rows(table, Side.BATCH, "azure-ml-compute-cluster") if not r.your_choice]
    assert [(row.sku, row.meets_deadline) for row in cluster] == [("N8", True)]
    (yours,) = [row for row in table.rows if row.your_choice and row.side is Side.BATCH]
    assert yours.sku == "N1" and not yours.meets_deadline
    assert (yours.usd_per_month or 0) < (cluster[0].usd_per_month or 0)


# ------------------------------------------------------------------ sorted and marked


@pytest.mark.parametrize("preset", PRESETS)
def test_rows_are_sorted_by_monthly_cost_with_unpriced_rows_last(preset: str) -> None:
    table = price_every_service(CostInputs.from_preset(preset, replica_vcpu=6.0), SHIPPED)
    costs = [row.usd_per_month for row in table.rows]
    priced = [cost for cost in costs if cost is not None]
    assert priced == sorted(priced)
    assert costs == priced + [None] * (len(costs) - len(priced))


@pytest.mark.parametrize("preset", PRESETS)
def test_the_marked_row_meets_the_deadline_and_nothing_cheaper_does(preset: str) -> None:
    table = price_every_service(CostInputs.from_preset(preset), SHIPPED)
    (marked,) = [row for row in table.rows if row.cheapest_meeting_deadline]
    assert marked.meets_deadline and marked is table.cheapest_meeting_deadline()
    cheaper = [
        r for r in table.rows if r.priced and (r.usd_per_month or 0) < (marked.usd_per_month or 0)
    ]
    assert not any(row.meets_deadline for row in cheaper)
    assert table_columns(table)["mark"][table.rows.index(marked)] == MARK_CHEAPEST


def test_the_shirt_recommender_marks_real_time_because_batch_is_too_late() -> None:
    """Results are needed immediately (0 minutes): every batch row misses, and says so."""
    table = price_every_service(CostInputs.from_preset("shirt-recommender"), SHIPPED)
    best = table.cheapest_meeting_deadline()
    assert best is not None and best.side is Side.REAL_TIME
    assert table.cheapest_meeting_deadline(Side.BATCH) is None
    marks = table_columns(table)["mark"]
    for row, words in zip(table.rows, marks, strict=True):
        if row.side is Side.BATCH:
            assert not row.meets_deadline and words == MARK_LATE
    assert "cannot deliver immediately" in table.summary


def test_each_side_marks_its_own_cheapest_that_meets_the_deadline() -> None:
    table = price_every_service(CostInputs.from_preset("orange-juice-weekly"), SHIPPED)
    for side in Side:
        best = table.cheapest_meeting_deadline(side)
        assert best is not None and best.cheapest_of_side_meeting_deadline
        flagged = [r for r in table.rows if r.side is side and r.cheapest_of_side_meeting_deadline]
        assert flagged == [best]
    assert sum(row.cheapest_meeting_deadline for row in table.rows) == 1


# --------------------------------------------------------- every service, and why not


def test_every_provider_and_service_in_the_catalog_appears() -> None:
    table = price_every_service(CostInputs(), SHIPPED)
    assert set(table.providers) == {row.provider for row in SHIPPED.rows} == {"azure", "aws", "gcp"}
    assert {r.service_label for r in table.rows if r.side is Side.REAL_TIME} == set(
        REALTIME_SERVICE_LABELS.values()
    )
    assert {r.service_label for r in table.rows if r.side is Side.BATCH} == set(
        BATCH_SERVICE_LABELS.values()
    )


def test_a_service_that_cannot_fit_the_model_is_listed_with_its_reason() -> None:
    """6 vCPU and 8 GB: only the 8-vCPU AKS node, ACI (sized to the model) fit; SageMaker
    serverless stops at 6 GB; no batch node has 6 vCPU, so every batch row gives its reason and
    the page's own estimate cannot be made, yet each real-time row is still priced."""
    inputs = CostInputs(replica_vcpu=6.0, replica_memory_gb=8.0)
    with pytest.raises(CostInputError):
        compare_monthly_costs(inputs, SHIPPED)
    table = price_every_service(inputs, SHIPPED)
    by_service = {row.service: row for row in table.rows}
    assert by_service["azure-kubernetes-service-free"].sku == "Standard_D8s_v3"
    assert by_service["azure-container-instances"].priced
    sagemaker = by_service["aws-sagemaker-realtime"]
    assert not sagemaker.priced and "No size in the catalog fits" in sagemaker.note
    assert "ml.m5.xlarge" in sagemaker.note and "6 vCPU" in sagemaker.note
    assert "at most 6 GB" in by_service["aws-sagemaker-serverless"].note
    for service in BATCH_SERVICES:
        assert not by_service[service].priced and "smaller model" in by_service[service].note
    assert not any(row.your_choice for row in table.rows)
    assert "Cannot be priced: " in table.summary
    marks = table_columns(table)["mark"]
    assert marks.count(MARK_UNPRICED) == sum(not row.priced for row in table.rows)


def test_a_service_missing_from_the_catalog_gives_the_engines_reason() -> None:
    table = price_every_service(CostInputs(batch_node_sku="N1"), TWO_SIZES)
    (vertex,) = _rows(table, Side.BATCH, "gcp-vertex-batch-prediction")
    assert not vertex.priced and "no prices for Google Vertex AI batch prediction" in vertex.note
    assert vertex.provider == "gcp"


def test_a_catalog_without_real_time_prices_still_prices_every_batch_size() -> None:
    """Nothing real-time can be priced, so the batch calls run beside a stand-in that is
    never shown; the batch rows are the engine's own figures."""
    batch_only = PriceCatalog(
        rows=tuple(row for row in TWO_SIZES.rows if row.service == "ml-compute-cluster")
    )
    inputs = CostInputs(batch_node_sku="N8")
    table = price_every_service(inputs, batch_only)
    assert not any(row.priced for row in table.rows if row.side is Side.REAL_TIME)
    (cluster,) = _rows(table, Side.BATCH, "azure-ml-compute-cluster")
    alone = compare_monthly_costs(inputs.model_copy(update={"batch_node_sku": "N1"}), TWO_SIZES)
    assert cluster.sku == "N1" and cluster.usd_per_month == alone.batch_usd_per_month
    assert "stand-in" not in table_csv(table) + table.summary


def test_low_priority_falls_back_to_dedicated_with_a_note_where_the_catalog_has_none() -> None:
    table = price_every_service(CostInputs.from_preset("orange-juice-weekly"), SHIPPED)
    (azure,) = [
        r for r in _rows(table, Side.BATCH, "azure-ml-compute-cluster") if not r.your_choice
    ]
    assert "low-priority" in azure.compute_words and not azure.note
    for service in ("aws-sagemaker-batch-transform", "gcp-vertex-batch-prediction"):
        (row,) = _rows(table, Side.BATCH, service)
        assert row.priced and "No low-priority prices" in row.note
        assert "low-priority" not in row.compute_words


def test_rows_carry_price_confirmation_and_the_oldest_as_of_date() -> None:
    table = price_every_service(CostInputs(batch_node_sku="N1"), TWO_SIZES)
    (aci,) = _rows(table, Side.REAL_TIME, "azure-container-instances")
    assert not aci.prices_confirmed and str(aci.prices_as_of) == "2026-10-01"
    (cluster,) = [r for r in _rows(table, Side.BATCH, "azure-ml-compute-cluster")]
    assert cluster.prices_confirmed and str(cluster.prices_as_of) == "2026-09-01"


# -------------------------------------------------------------- words, CSV and chart


def test_summary_names_the_marked_row_and_its_dollars() -> None:
    table = price_every_service(CostInputs.from_preset("my-own"), SHIPPED)
    best = table.cheapest_meeting_deadline()
    assert best is not None
    assert f"{best.name}, {best.side}, at {usd(best.usd_per_month or 0)}" in table.summary
    assert "on Azure, AWS and Google Cloud" in table.summary


def test_csv_has_a_heading_every_row_and_the_marks_in_words() -> None:
    table = price_every_service(CostInputs.from_preset("orange-juice-weekly"), SHIPPED)
    text = table_csv(table)
    assert text.endswith("\r\n")  # written by deploycore.infra.csv_export.to_csv
    records = list(csv.reader(io.StringIO(text)))
    assert tuple(records[0]) == COLUMNS
    assert len(records) == 1 + len(table.rows)
    assert records[1][0] == MARK_CHEAPEST
    assert float(records[1][COLUMNS.index("USD per month")]) == pytest.approx(
        table.rows[0].usd_per_month or 0, abs=0.005
    )


def test_csv_cells_that_look_like_formulas_are_guarded() -> None:
    row = ServiceRow(side=Side.BATCH, provider="aws", service="aws-sagemaker-batch-transform",
                     service_label="=HYPERLINK(1)", sku="", note="@SUM(A1)")  # fmt: skip
    text = table_csv(ServiceTable(rows=(row,), tolerated_delay_minutes=0, summary=""))
    assert "'=HYPERLINK(1)" in text and "'@SUM(A1)" in text
    assert ",=" not in text and ",@" not in text


def test_chart_has_a_bar_per_priced_row_with_dollars_and_marks_in_text() -> None:
    table = price_every_service(CostInputs.from_preset("shirt-recommender"), SHIPPED)
    figure = every_service_figure(table)
    bars = [(y, text, bar.marker.pattern.shape) for bar in figure.data
            for y, text in zip(bar.y, bar.text, strict=True)]  # fmt: skip
    assert len(bars) == sum(row.priced for row in table.rows)
    assert sum(BAR_CHEAPEST in text for _, text, _ in bars) == 1
    late = [text for _, text, pattern in bars if pattern == LATE_PATTERN]
    assert len(late) == sum(row.priced and not row.meets_deadline for row in table.rows)
    assert all(BAR_LATE in text for text in late)
    assert all(text.startswith("$") for _, text, _ in bars)
    assert list(figure.layout.yaxis.categoryarray)[0].startswith(table.rows[0].side.capitalize())


# ------------------------------------------------------------------------- properties

_fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def workloads(draw: st.DrawFn) -> CostInputs:
    # Mostly fast models; some take minutes a prediction, so nothing may meet the deadline.
    latency = draw(
        st.one_of(st.floats(min_value=0.5, max_value=5000.0), st.floats(5000.0, 300_000.0))
    )
    return CostInputs.model_validate(
        {
            "predictions_per_day": draw(st.floats(min_value=0, max_value=2e7)),
            "peak_requests_per_second": draw(st.floats(min_value=0, max_value=500)),
            "daily_shape": draw(st.sampled_from(["flat", "business-hours", "evening-peak"])),
            "latency_ms": latency,
            "p95_latency_target_ms": min(600_000.0, latency * draw(st.floats(1.5, 10.0))),
            "replica_vcpu": draw(st.sampled_from([0.25, 0.5, 1.0, 2.0, 4.0, 6.0, 16.0])),
            "replica_memory_gb": draw(st.sampled_from([0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 64.0])),
            "tolerated_delay_minutes": draw(st.sampled_from([0.0, 1.0, 10.0, 60.0, 1440.0])),
            "batch_schedule": draw(st.sampled_from(BATCH_SCHEDULES)),
            "realtime_service": draw(st.sampled_from(REALTIME_SERVICES)),
            "batch_service": draw(st.sampled_from(BATCH_SERVICES)),
            "low_priority": draw(st.booleans()),
            "max_nodes": draw(st.integers(min_value=1, max_value=8)),
            "min_replicas": draw(st.integers(min_value=1, max_value=4)),
            "autoscaling": draw(st.booleans()),
        }
    )


@_fast
@given(inputs=workloads())
def test_the_table_never_marks_a_row_that_misses_the_deadline(inputs: CostInputs) -> None:
    table = price_every_service(inputs, SHIPPED)
    flagged = [
        r for r in table.rows if r.cheapest_meeting_deadline or r.cheapest_of_side_meeting_deadline
    ]
    assert all(row.priced and row.meets_deadline for row in flagged)
    meeting = [row.usd_per_month or 0.0 for row in table.rows if row.priced and row.meets_deadline]
    marked = [row for row in table.rows if row.cheapest_meeting_deadline]
    if meeting:
        assert len(marked) == 1 and marked[0].usd_per_month == min(meeting)
    else:
        assert not marked
    costs = [row.usd_per_month for row in table.rows if row.priced]
    assert costs == sorted(costs)
    assert len({row.service for row in table.rows}) == len(REALTIME_SERVICES) + len(BATCH_SERVICES)


@_fast
@given(inputs=workloads())
def test_your_rows_always_have_the_main_estimates_dollars(inputs: CostInputs) -> None:
    table = price_every_service(inputs, SHIPPED)
    yours = {row.side: row for row in table.rows if row.your_choice}
    try:
        main = compare_monthly_costs(inputs, SHIPPED)
    except CostInputError:
        assert not yours  # the page shows the reason instead of an estimate
        return
    for side, estimate in ((Side.REAL_TIME, main.realtime), (Side.BATCH, main.batch)):
        assert (yours[side].sku, yours[side].usd_per_month) == (
            estimate.sku,
            estimate.total_usd_per_month,
        )
