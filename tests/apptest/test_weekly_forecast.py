"""The Weekly forecast page through AppTest: empty state, then a real run started from the page."""

from __future__ import annotations

import time
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from components.forecasting.run import HISTORY_CHOICE, LAUNCHED_PID_KEY
from deploycore.scenarios.forecasting.runs import pid_alive

PAGE = "pages/weekly_forecast.py"


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
    at.selectbox(key="forecast-idle").set_value(1.0)
    at.button(key="forecast-start").click().run()
    assert "Started the batch job for week 150" in _texts(at)
    assert at.button(key="forecast-start").disabled  # one job at a time
    pid = at.session_state[LAUNCHED_PID_KEY]
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
