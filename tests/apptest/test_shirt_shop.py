"""Shirt shop page through AppTest: storefront, a real /score call, deep links, right-sizing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.costing.totals import BATCH_FIGURE, REALTIME_FIGURE
from deploycore.costing.engine import compare_monthly_costs
from deploycore.scenarios.recommender.cost_link import shop_cost_inputs
from deploycore.scenarios.recommender.server import recorded_server, stop_recorded
from deploycore.units import usd
from tests.monthly_figures import monthly_figures_in

OpenPage = Callable[..., AppTest]
PAGE = "pages/shirt_shop.py"
COST_PAGE_EXISTS = (Path(__file__).resolve().parents[2] / "pages" / "cost_estimator.py").exists()


@pytest.fixture(autouse=True)
def _stop_the_endpoint_the_page_starts() -> Iterator[None]:
    yield
    stop_recorded()


def _cards(at: AppTest) -> list[str]:
    return [b.key.removeprefix("shop-pick-") for b in at.button if b.key.startswith("shop-pick-")]


def test_storefront_shows_shirts_and_starts_the_endpoint(open_page: OpenPage) -> None:
    at = open_page(PAGE, timeout=60)
    cards = _cards(at)
    assert len(cards) == 12 and all(card.startswith("SH-") for card in cards)
    assert "Choose a shirt" in at.info[0].value
    server = recorded_server()
    assert server is not None
    address = server.url.removeprefix("http://")  # shown without the scheme: not a link
    assert any(f"Scoring endpoint: {address} (HTTP)" in c.value for c in at.caption)


def test_picking_a_shirt_calls_the_endpoint_and_shows_related_items(open_page: OpenPage) -> None:
    at = open_page(PAGE, timeout=60)
    at.button(key="shop-pick-SH-004").click().run()
    assert not at.exception
    assert at.subheader[0].value.startswith("Customers who chose the Black formal oxford shirt")
    latency = next(m for m in at.metric if m.label == "Round-trip latency")
    assert latency.value.endswith(" ms") and float(latency.value.split()[0]) > 0
    codes = [c.value for c in at.code]
    server = recorded_server()
    assert server is not None
    assert f"{server.url}/score" in codes
    assert any(c.startswith("curl -s -X POST") and '"SH-004"' in c for c in codes)
    assert sum("similarity" in c.value for c in at.caption) == 5
    assert at.query_params["item"] == "SH-004"
    assert at.button(key="shop-pick-SH-004").label == "Chosen"


def test_a_link_with_a_shirt_opens_its_recommendations(open_page: OpenPage) -> None:
    at = open_page(PAGE, timeout=60, item="SH-002")
    assert "Pink formal flannel shirt" in at.subheader[0].value
    assert sum("similarity" in c.value for c in at.caption) == 5


@pytest.mark.parametrize("bad", ["SH-999", "TI-001", "<script>"])
def test_a_link_with_an_unknown_shirt_warns_in_words(open_page: OpenPage, bad: str) -> None:
    at = open_page(PAGE, timeout=60, item=bad)
    assert "not in the catalog" in at.warning[0].value
    assert "Choose a shirt" in at.info[0].value


def test_filters_narrow_the_storefront_and_show_more_adds_shirts(open_page: OpenPage) -> None:
    at = open_page(PAGE, timeout=60)
    at.button(key="shop-more").click().run()
    assert len(_cards(at)) == 24
    at.radio(key="shop-style").set_value("formal").run()
    at.radio(key="shop-colour").set_value("navy").run()
    cards = _cards(at)
    assert 0 < len(cards) < 12
    assert all("Navy formal" in m.value for m in at.markdown if m.value.startswith("**Navy"))
    assert any(f"Showing {len(cards)} of {len(cards)} shirts." == c.value for c in at.caption)


def test_right_sizing_measures_one_and_two_workers(open_page: OpenPage) -> None:
    at = open_page(PAGE, timeout=90)
    at.button(key="shop-right-size").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["configuration"]) == ["1 worker process", "2 worker processes"]
    assert (table["requests/s"] > 0).all() and (table["errors"] == 0).all()
    assert (table["p50 ms"] <= table["p99 ms"]).all()
    summary = " ".join(m.value for m in at.markdown)
    assert "2 worker processes served" in summary
    assert any("Measured service time per request" in c.value for c in at.caption)
    send = [b for b in at.button if b.key == "shop-to-cost"]
    assert bool(send) == COST_PAGE_EXISTS
    if COST_PAGE_EXISTS:
        caption = next(c.value for c in at.caption if "Measured service time" in c.value)
        send[0].click().run()
        assert not at.exception
        assert at.title[0].value == "Cost estimator: real-time or batch?"
        sent = at.query_params["latency_ms"]
        sent_value = sent[0] if isinstance(sent, list) else sent
        assert float(sent_value) > 0 and f"{float(sent_value):.2f}" in caption.replace(",", "")
        # The whole workload arrives: the cost page prices exactly the shop's inputs.
        expected = compare_monthly_costs(shop_cost_inputs(float(sent_value)))
        # the estimator's two total boxes (a heading line each, the labels Decide uses too)
        shown = monthly_figures_in(
            "\n".join(m.value for m in at.markdown if m.value.startswith("### "))
        )
        assert shown == {
            REALTIME_FIGURE: usd(expected.realtime_usd_per_month),
            BATCH_FIGURE: usd(expected.batch_usd_per_month),
        }


def test_when_the_endpoint_cannot_start_the_page_says_so_and_keeps_the_shop(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the scoring server exited with code 1")

    monkeypatch.setattr("deploycore.scenarios.recommender.server.start_server", refuse)
    at = open_page(PAGE, timeout=60, item="SH-004")
    assert "could not be started" in at.error[0].value and "make serve" in at.error[0].value
    assert len(_cards(at)) == 12
    assert at.button(key="shop-right-size").disabled
    assert not at.subheader
