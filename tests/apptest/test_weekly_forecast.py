"""The Weekly forecast page through AppTest: empty state, then a real run started from the page."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.forecasting.run import HISTORY_CHOICE, LAUNCHED_KEY
from deploycore.infra.db import create_tables, make_engine
from deploycore.infra.settings import data_dir, database_url
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.publish import publish_week
from deploycore.scenarios.forecasting.runs import pid_alive
from deploycore.scenarios.forecasting.sales import DEMO_WEEK

PAGE = "pages/weekly_forecast.py"


def tmp_folder() -> Path:
    return data_dir() / "forecasts"


def _texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    )


def test_page_opens_with_an_empty_history_and_a_start_button(
    open_page: Callable[..., AppTest],
) -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Weekly forecast (batch)"
    assert "No batch run yet" in _texts(at)
    start = at.button(key="forecast-start")
    assert not start.disabled
    assert at.radio(key="forecast-input").value.startswith("Week 150")
    assert at.number_input(key="forecast-week").disabled  # the demo file fixes the week
    at.radio(key="forecast-input").set_value(HISTORY_CHOICE).run()
    week = at.number_input(key="forecast-week")
    assert not week.disabled and week.min == 44 and week.max == 160


def test_a_run_started_from_the_page_appears_in_history_with_results(
    open_page: Callable[..., AppTest],
) -> None:
    at = open_page(PAGE)
    at.radio(key="forecast-idle").set_value(1.0)
    at.button(key="forecast-start").click().run()
    assert "Started the batch job for week 150" in _texts(at)
    assert at.button(key="forecast-start").disabled  # one job at a time
    assert "No batch run yet" not in _texts(at)  # the history says the first run is going
    assert "The first run is going" in _texts(at) or at.dataframe
    pid = at.session_state[LAUNCHED_KEY].pid
    deadline = time.monotonic() + 90
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not pid_alive(pid), "the batch job did not finish in time"

    at.run()
    assert not at.exception
    history = at.dataframe[0].value
    assert list(history["status"]) == ["succeeded"]
    assert (history["rows in"][0], history["rows out"][0], history["rows rejected"][0]) == (
        249,
        244,
        5,
    )
    text = _texts(at)
    assert "Week 150: 244 store and brand forecasts were compared with actual sales" in text
    assert "so the model is better" in text
    assert "adaptive scaling added" in text and "released them all" in text
    assert "An always-on endpoint (Azure Container Instances" in text
    assert "Batch is cheaper for this week" in text
    assert len(at.dataframe[1].value) == 5
    assert not at.button(key="forecast-start").disabled

    at.selectbox(key="forecast-store").set_value(5).run()
    assert "Store chart in words: dominicks forecast" in _texts(at)

    # The same workload, handed to the cost page, shows the same dollars per month.
    week_usd = [m.value for m in at.metric if m.label == "This week as a batch job on cloud nodes"]
    at.button(key="forecast-to-cost").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Cost estimator")
    assert at.query_params["batch_schedule"] == "weekly"
    assert week_usd and not [w.value for w in at.warning if "link" in w.value.lower()]


def test_failed_runs_and_rejected_rows_are_told_in_words(
    open_page: Callable[..., AppTest],
) -> None:
    engine = make_engine(database_url())
    create_tables(engine)
    good, _ = runs.start_run(engine, DEMO_WEEK, "test", "week_150_input.csv")
    predictions = pd.DataFrame(
        {"line": [2, 3], "store": [2, 2], "brand": ["dominicks", "tropicana"],
         "week": [DEMO_WEEK] * 2, "predicted_logmove": [9.0, 9.5],
         "predicted_units": [8103.1, 13359.7]}
    )  # fmt: skip
    rejected = pd.DataFrame(
        {"line": [10, 12, 33], "store": ["5", "99999999999999999999999", "7"],
         "brand": ["tropicana"] * 3,
         "reason": ["the row has 11 cells where the header has 12",
                    "store is not a whole number from 1 to 2147483647",
                    "the row has 13 cells where the header has 12"]}
    )  # fmt: skip
    summary = {"rows_in": 5, "rows_out": 2, "rows_rejected": 3, "output_file": "week_150.parquet"}
    publish_week(engine, good, DEMO_WEEK, predictions, rejected, summary, tmp_folder())
    for message in (
        "input file nope.csv does not exist",
        "the input week.csv lacks the column price",
    ):
        failed, _ = runs.start_run(engine, DEMO_WEEK, "test", "week.csv")
        runs.fail_run(engine, failed, message)
    engine.dispose()

    at = open_page(PAGE)
    warnings = [w.value for w in at.warning]
    assert any("Run 3 (week 150) failed" in w and "lacks the column price" in w for w in warnings)
    assert any("Run 2 (week 150) failed" in w and "nope.csv does not exist" in w for w in warnings)
    text = _texts(at)
    assert "**3 input rows were rejected and skipped**" in text
    assert "- 1 row: the row has 13 cells where the header has 12 (line 33)" in text
    assert "- 1 row: store is not a whole number from 1 to 2147483647 (line 12)" in text
