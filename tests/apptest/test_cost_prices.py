"""Cost estimator prices through AppTest: which catalog is in use, the biggest changes since the
previous one, the region priced, and a display currency with its stated rate and date.

Catalog folders are temporary copies (`PRICE_CATALOG_DIR`); refreshed catalogs here are built
by the test, not fetched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.price_refresh.writer import dated_path, write_catalog
from deploycore.units import usd
from tests.apptest.test_cost_estimator import open_section, shown_totals
from tests.unit.test_price_refresh import two_region_catalog

OpenPage = Callable[..., AppTest]
PAGE = "pages/cost_estimator.py"
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "prices" / "catalog.csv"


def _status(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SHIPPED, tmp_path / "catalog.csv")
    monkeypatch.setenv("PRICE_CATALOG_DIR", str(tmp_path))
    return tmp_path


def _refreshed(folder: Path) -> PriceCatalog:
    """A refreshed catalog: D2s_v3 up 25 % and confirmed, West Europe at twice East US."""
    rows = [
        r.model_copy(update={"usd_per_unit": 0.12, "confirmed": True})
        if r.price_id == "aks-node-d2s-v3"
        else r
        for r in two_region_catalog().rows
    ]
    write_catalog(PriceCatalog(rows=tuple(rows)), dated_path(folder, date(2026, 11, 30)))
    return load_catalog(dated_path(folder, date(2026, 11, 30)))


def test_page_says_the_shipped_catalog_is_in_use_and_how_many_prices_are_confirmed(
    open_page: OpenPage, folder: Path
) -> None:
    at = open_page(PAGE)
    status = _status(at)
    assert "the shipped catalog (catalog.csv, never refreshed" in status
    assert "1 of 25 prices are confirmed" in status
    assert "Biggest changes" not in status


def test_page_names_the_refreshed_catalog_and_the_biggest_changes(
    open_page: OpenPage, folder: Path
) -> None:
    _refreshed(folder)
    at = open_page(PAGE)
    status = _status(at)
    assert "refreshed from the providers' public price lists on 30 Nov 2026" in status
    assert "3 of 40 prices are confirmed" in status  # the AKS Free tier in both regions
    assert "Biggest changes since the shipped catalog (1 price changed, 15 rows new)" in status
    assert "aks-node-d2s-v3 (eastus): 0.096 -> 0.12 USD per node-hour, +25.0 %" in status


def test_the_chosen_region_is_priced_and_goes_into_the_link(
    open_page: OpenPage, folder: Path
) -> None:
    catalog = _refreshed(folder)
    at = open_section(open_page(PAGE), "Region and currency")
    at.selectbox(key="cost_azure_region").set_value("westeurope").run()
    expected = compare_monthly_costs(CostInputs(azure_region="westeurope"), catalog)
    dollars = [usd(expected.realtime_usd_per_month), usd(expected.batch_usd_per_month)]
    assert shown_totals(at) == dollars
    assert at.query_params["azure_region"] == "westeurope"
    east = compare_monthly_costs(CostInputs(), catalog)
    assert expected.realtime_usd_per_month == pytest.approx(2 * east.realtime_usd_per_month)


def test_a_size_with_no_price_in_the_region_is_said_not_borrowed(
    open_page: OpenPage, folder: Path
) -> None:
    _refreshed(folder)
    at = open_page(
        PAGE, azure_region="westeurope", realtime_service="azure-ml-online-endpoint",
        realtime_node_sku="Standard_F4s_v2",
    )  # fmt: skip
    assert not shown_totals(at)
    assert "No price for Standard_F4s_v2 on Azure ML managed online endpoint in this region" in (
        at.error[0].value
    )
    open_section(at, "Region and currency")
    assert any("No price for this region (westeurope)" in w.value for w in at.warning)


def test_a_region_the_catalog_lacks_is_never_priced_from_another(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE, azure_region="northeurope"), "Region and currency")
    assert not shown_totals(at) and "No price for" in at.error[0].value
    assert any("no Azure prices for northeurope" in w.value for w in at.warning)


def test_display_currency_shows_both_totals_with_the_rate_and_its_date(
    open_page: OpenPage,
) -> None:
    at = open_section(open_page(PAGE), "Region and currency")
    at.selectbox(key="cost_display_currency").set_value("EUR").run()
    assert any(
        "Enter the exchange rate and the rate's date to show figures in EUR" in i.value
        for i in at.info
    )
    at.number_input(key="cost_currency_per_usd").set_value(0.5)
    at.date_input(key="cost_exchange_rate_date").set_value(date(2026, 11, 28)).run()
    usd_totals = compare_monthly_costs(CostInputs())
    text = " ".join(m.value for m in at.markdown)
    assert f"real-time EUR {usd_totals.realtime_usd_per_month * 0.5:,.2f} / month" in text
    assert "1 USD = 0.5 EUR, a rate entered by hand dated 2026-11-28" in text
    assert at.query_params["display_currency"] == "EUR"
    assert at.query_params["exchange_rate_date"] == "2026-11-28"
    # The USD totals stay as they are.
    assert shown_totals(at)[0] == usd(usd_totals.realtime_usd_per_month)
