"""The orange-juice data generator, the forecasting model and the vectorised scoring step."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploycore.scenarios.forecasting import model
from deploycore.scenarios.forecasting.charts import timeline_figure
from deploycore.scenarios.forecasting.features import INPUT_COLUMNS, week_input
from deploycore.scenarios.forecasting.oj_data import BRANDS, COLUMNS, generate_sales
from deploycore.scenarios.forecasting.run_costs import describe_cost, price_run
from deploycore.scenarios.forecasting.runs import EventView
from deploycore.scenarios.forecasting.sales import (
    DEMO_INPUT_PATH,
    DEMO_WEEK,
    available_weeks,
    load_sales,
)
from deploycore.scenarios.forecasting.scoring import score_frame
from deploycore.scenarios.forecasting.timeline import build_timeline, describe_timeline


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return generate_sales()


def test_generator_is_deterministic_and_shaped_like_dominicks(sales: pd.DataFrame) -> None:
    assert sales.equals(generate_sales())
    assert not sales.equals(generate_sales(seed=1))
    assert list(sales.columns) == COLUMNS
    assert len(sales) == 83 * len(BRANDS) * (160 - 40 + 1)
    assert not sales.duplicated(["store", "brand", "week"]).any()
    assert set(sales["feat"]) == {0, 1} and set(sales["deal"]) == {0, 1}
    assert np.allclose(np.log(sales["units"]), sales["logmove"], atol=1e-4)


def test_shipped_sales_file_is_the_generator_output(sales: pd.DataFrame) -> None:
    shipped = load_sales()
    pd.testing.assert_frame_equal(shipped, sales, check_dtype=False)


def test_sales_are_read_once_per_file_version_and_each_caller_gets_a_copy(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sales.csv"
    load_sales().head(40).to_csv(path, index=False)
    first = load_sales(path)
    first.loc[:, "units"] = -1  # a caller changing its frame changes nobody else's
    assert (load_sales(path)["units"] > 0).all()
    assert available_weeks(path) == (int(first["week"].min()) + 4, int(first["week"].max()))
    load_sales().head(80).to_csv(path, index=False)  # rewritten: read again
    assert len(load_sales(path)) == 80


def test_lower_prices_and_promotions_sell_more(sales: pd.DataFrame) -> None:
    for brand in BRANDS:
        rows = sales[(sales["brand"] == brand) & (sales["feat"] == 0) & (sales["deal"] == 0)]
        slope = np.polyfit(np.log(rows["price"]), rows["logmove"], 1)[0]
        assert slope < -1.0, f"{brand} demand should be price elastic"
    plain = sales[(sales["feat"] == 0) & (sales["deal"] == 0)]["logmove"].mean()
    featured = sales[sales["feat"] == 1]["logmove"].mean()
    assert featured > plain + 0.4


def test_model_beats_the_naive_last_week_forecast_clearly(sales: pd.DataFrame) -> None:
    fitted = model.fit(sales)
    metrics = fitted.metrics
    assert metrics.holdout_weeks == "141-160"
    assert metrics.model_mape_percent < 0.5 * metrics.naive_last_week_mape_percent
    assert metrics.model_mape_percent < 15


def test_shipped_artifact_loads_and_reports_its_holdout_metrics() -> None:
    shipped = model.load()
    assert shipped.version.startswith("oj-ridge-")
    assert len(shipped.coefficients) == len(shipped.features)
    assert shipped.metrics.model_mape_percent < 0.5 * shipped.metrics.naive_last_week_mape_percent


def test_week_input_carries_only_what_is_known_before_the_week(sales: pd.DataFrame) -> None:
    rows = week_input(sales, 100)
    assert list(rows.columns) == INPUT_COLUMNS
    assert len(rows) == 83 * len(BRANDS) and not rows.isna().any().any()
    previous = sales[sales["week"] == 99].set_index(["store", "brand"])["logmove"]
    assert np.allclose(rows.set_index(["store", "brand"])["logmove_lag1"], previous)
    with pytest.raises(ValueError, match="pick a week from 44 to 160"):
        week_input(sales, 42)


def test_demo_input_rows_are_scored_or_rejected_with_reasons() -> None:
    frame = pd.read_csv(DEMO_INPUT_PATH)
    scored = score_frame(frame, model.load(), week=DEMO_WEEK)
    assert len(scored.predictions) == 244
    reasons = dict(zip(scored.rejected["line"], scored.rejected["reason"], strict=True))
    assert reasons == {
        5: "price is not a number between 0 and 20 USD",
        12: "price is not a number between 0 and 20 USD",
        19: "brand is not one of tropicana, minute.maid, dominicks",
        27: "store is not a whole number from 1 to 2,147,483,647",
        42: "a logmove lag is missing or outside 0 to 15",
    }
    assert (scored.predictions["predicted_units"] > 0).all()


def test_scoring_matches_the_model_on_clean_rows(sales: pd.DataFrame) -> None:
    fitted = model.load()
    rows = week_input(sales, 150)
    scored = score_frame(rows, fitted, week=150)
    assert scored.rejected.empty
    actual = sales[sales["week"] == 150].sort_values(["store", "brand"])["units"].to_numpy()
    assert model.mape_percent(actual, scored.predictions["predicted_units"].to_numpy()) < 20


@functools.cache
def _week_150_input() -> pd.DataFrame:
    return week_input(load_sales(), 150)


BAD_VALUES = {
    "store": ["", "-3", "x", "2.5"],
    "brand": ["", "florida.gold", "7"],
    "week": ["", "149", "abc"],
    "price": ["", "0", "-1", "n/a", "25"],
    "feat": ["", "2", "yes"],
    "deal": ["", "-1"],
    "logmove_lag1": ["", "-2", "99"],
    "price_lag1": ["0", "abc"],
}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=248),
            st.sampled_from(sorted(BAD_VALUES)),
            st.integers(min_value=0, max_value=4),
        ),
        max_size=12,
    )
)
def test_every_row_is_either_scored_or_rejected_never_both(
    corruptions: list[tuple[int, str, int]],
) -> None:
    frame = _week_150_input().astype(object)
    broken = set()
    for row, column, pick in corruptions:
        options = BAD_VALUES[column]
        frame.loc[row, column] = options[pick % len(options)] or None
        broken.add(row + 2)
    scored = score_frame(frame, model.load(), week=150)
    assert len(scored.predictions) + len(scored.rejected) == len(frame)
    assert set(scored.rejected["line"]) == broken
    assert not set(scored.predictions["line"]) & broken
    assert scored.rejected["reason"].str.len().gt(0).all()


def _event(kind: str, at_s: float, **values: object) -> EventView:
    fields: dict[str, object] = {"started_s": None, "worker": "", "partition": None, "rows": None}
    fields.update(values)
    return EventView(kind=kind, at_s=at_s, **fields)  # type: ignore[arg-type]


def test_timeline_rebuilds_workers_partitions_and_idle_time_from_events() -> None:
    events = [
        _event("cluster-ready", 0.1),
        _event("worker-added", 1.0, worker="tcp://a"),
        _event("worker-added", 1.5, worker="tcp://b"),
        _event("partition-done", 2.0, started_s=1.8, worker="tcp://a", partition=0, rows=100),
        _event("partition-done", 2.4, started_s=2.1, worker="tcp://b", partition=1, rows=100),
        _event("predictions-committed", 2.6),
        _event("worker-removed", 5.4, worker="tcp://a"),
        _event("worker-removed", 5.9, worker="tcp://b"),
        _event("cluster-closed", 6.0),
    ]
    timeline = build_timeline(events)
    assert [w.label for w in timeline.workers] == ["worker 1", "worker 2"]
    assert [p.worker_label for p in timeline.partitions] == ["worker 1", "worker 2"]
    assert timeline.first_worker_s == 1.0 and timeline.committed_s == 2.6
    assert timeline.idle_before_scale_down_s == pytest.approx(3.5)
    assert timeline.worker_seconds == pytest.approx((5.4 - 1.0) + (5.9 - 1.5))
    text = describe_timeline(timeline)
    assert "adaptive scaling added 2 workers, the first 1.0 s" in text
    assert "idle for 3.5 s" in text and "8.8 worker-seconds" in text
    figure = timeline_figure(timeline, "run")
    assert {trace.name for trace in figure.data} == {"worker running", "partition scored"}


def test_the_cost_engine_prices_the_measured_week_against_an_always_on_endpoint() -> None:
    cost, comparison = price_run(rows=249, busy_seconds=0.05, worker_seconds=8.0, workers=2)
    per_week = 168 / 730
    assert cost.always_on_usd_per_week == pytest.approx(
        comparison.realtime_usd_per_month * per_week, abs=1e-4
    )
    assert cost.batch_usd_per_week == pytest.approx(
        comparison.batch_usd_per_month * per_week, abs=1e-4
    )
    assert comparison.inputs.rows_per_run == 249 and comparison.inputs.max_nodes == 2
    assert comparison.inputs.latency_ms == pytest.approx(0.05 * 1000 / 249)
    assert cost.batch_usd_per_week < cost.always_on_usd_per_week
    text = describe_cost(cost)
    assert "Batch is cheaper for this week" in text and "8.0 worker-seconds" in text
    assert any("249 rows per weekly run" in line for line in cost.assumptions)
