"""Every cloud at once through AppTest: closed it prices nothing; open it shows the table, the
marked row in words, the chart's words and a CSV download."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.costing.every_service import EXPANDER_KEY
from deploycore.costing.catalog import load_catalog
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.every_service import price_every_service
from deploycore.costing.every_service_report import MARK_CHEAPEST, USD_COLUMN
from deploycore.costing.inputs import CostInputs

OpenPage = Callable[..., AppTest]
PAGE = "pages/cost_estimator.py"
DOWNLOAD_KEY = "cost-every-download"


def _every_service_table(at: AppTest) -> pd.DataFrame | None:
    for frame in at.dataframe:
        if "mark" in frame.value.columns:
            return frame.value
    return None


def _download_keys(at: AppTest) -> list[str]:
    return [str(button.key) for button in at.get("download_button")]


def test_the_section_is_listed_but_prices_nothing_while_closed(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert any(e.label.startswith("Every cloud at once") for e in at.expander)
    assert _every_service_table(at) is None
    assert DOWNLOAD_KEY not in _download_keys(at)


def test_open_section_shows_every_service_the_marked_row_and_a_csv(open_page: OpenPage) -> None:
    at = open_page(PAGE, preset="orange-juice-weekly")
    at.session_state[EXPANDER_KEY] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    inputs = CostInputs.from_preset("orange-juice-weekly")
    expected = price_every_service(inputs, load_catalog())
    table = _every_service_table(at)
    assert table is not None and len(table) == len(expected.rows)
    assert list(table["mark"]).count(MARK_CHEAPEST) == 1
    assert table["mark"][0] == MARK_CHEAPEST
    assert set(table["provider"]) == {"Azure", "AWS", "Google Cloud"}
    # The user's own real-time row shows the estimate's dollars (one number, one function).
    yours = table[(table["your choice"] == "yes") & (table["side"] == "real-time")]
    main = compare_monthly_costs(inputs, load_catalog()).realtime_usd_per_month
    assert list(yours[USD_COLUMN]) == [round(main, 2)]
    words = " ".join(m.value for m in at.markdown)
    assert f"**In words:** {expected.summary}" in words
    assert DOWNLOAD_KEY in _download_keys(at)
