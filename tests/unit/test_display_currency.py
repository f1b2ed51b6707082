"""Display currency and regions as inputs: in the link, and stated with the rate and date in
every export."""

from __future__ import annotations

import json
from datetime import date

import pytest

from deploycore.costing import report
from deploycore.costing.currency import currency_problem, display_currency
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.links import from_query_params, to_query_params

EUR = {"display_currency": "EUR", "currency_per_usd": 0.9, "exchange_rate_date": date(2026, 11, 28)}


def test_region_and_currency_travel_in_the_link_and_old_links_are_unchanged() -> None:
    inputs = CostInputs.from_preset("shirt-recommender", azure_region="westeurope", **EUR)
    params = to_query_params(inputs)
    assert params["azure_region"] == "westeurope" and params["exchange_rate_date"] == "2026-11-28"
    assert from_query_params(params).inputs == inputs
    plain = to_query_params(CostInputs.from_preset("shirt-recommender"))
    assert not {"azure_region", "display_currency", "currency_per_usd"} & set(plain)


@pytest.mark.parametrize(
    ("field", "text"),
    [("display_currency", "euro"), ("currency_per_usd", "-1"), ("azure_region", "<b>x</b>")],
)
def test_bad_currency_or_region_in_a_link_is_reported_and_ignored(field: str, text: str) -> None:
    result = from_query_params({"preset": "shirt-recommender", field: text})
    assert getattr(result.inputs, field) is None
    assert any(field in problem for problem in result.problems)


def test_currency_needs_rate_and_date_before_anything_is_converted() -> None:
    inputs = CostInputs(display_currency="GBP")
    assert display_currency(inputs) is None
    assert currency_problem(inputs) == (
        "Enter the exchange rate and the rate's date to show figures in GBP; until then every "
        "figure is in USD."
    )
    assert currency_problem(CostInputs()) is None


def test_every_export_states_the_converted_totals_with_rate_and_date() -> None:
    comparison = compare_monthly_costs(CostInputs(**EUR))
    realtime = comparison.realtime_usd_per_month * 0.9
    markdown = report.to_markdown(comparison)
    assert f"EUR {realtime:,.2f}" in markdown
    assert "1 USD = 0.9 EUR, a rate entered by hand dated 2026-11-28" in markdown
    rows = report.to_csv(comparison)
    assert f"currency,real-time total,{realtime:.2f},EUR/month" in rows
    assert "currency,exchange rate date,2026-11-28,entered by hand" in rows
    data = json.loads(report.to_json(comparison))
    assert data["display_currency"]["per_usd"] == 0.9
    assert data["display_currency"]["rate_date"] == "2026-11-28"
    plain = report.to_markdown(compare_monthly_costs(CostInputs()))
    assert "EUR" not in plain and "rate entered by hand" not in plain
