"""A product owner moves an input, sees the estimate change, shares the link and downloads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from components.costing.totals import BATCH_FIGURE, REALTIME_FIGURE
from deploycore.costing.catalog import PriceCatalog, catalog_to_csv, load_catalog
from tests.e2e.helpers import wait_for_app
from tests.monthly_figures import monthly_figures_in

# The machine is shared: allow slow script runs under load (this is not a timing test).
_SLOW_MS = 60_000


# The real-time total's line ("Real-time, per month: $36.06"), a heading in its box.
_REALTIME_TOTAL = ".st-key-cost-realtime-total h3"


def _totals(page: Page) -> tuple[str, str]:
    """The two monthly totals' dollars, read by the labels Decide uses too."""
    found = monthly_figures_in(page.locator(".st-key-cost-summary").inner_text())
    return found[REALTIME_FIGURE], found[BATCH_FIGURE]


def _open_section(page: Page, name: str) -> None:
    """Choose an input section in the selector above the inputs (only that one is drawn)."""
    selector = page.locator(".st-key-cost-input-section")
    selector.get_by_text(name, exact=True).click()
    wait_for_app(page, _SLOW_MS)


def _show(page: Page, view: str) -> None:
    """Choose a view (words or a chart) in the selector above it (only that one is drawn)."""
    page.locator(".st-key-cost-charts").get_by_text(view, exact=True).click()
    wait_for_app(page, _SLOW_MS)


def _breakdown(page: Page) -> tuple[str, str]:
    """The breakdown chart's text summary and the widths of its drawn bars."""
    _show(page, "Cost breakdown")
    summary = page.locator(".st-key-cost-chart-breakdown-summary").inner_text()
    chart = page.locator(".st-key-cost-chart-breakdown .js-plotly-plot").first
    expect(chart).to_be_visible(timeout=_SLOW_MS)  # the chart library loads on first use
    bars = chart.locator("g.trace.bars path").evaluate_all(
        "nodes => nodes.map(n => Math.round(n.getBBox().width)).join(',')"
    )
    return summary, str(bars)


def test_move_an_input_share_the_link_and_download_the_report(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    # The very first request to this server: the page must open without "Page not found".
    page.goto(f"{app_url}/cost_estimator?latency_ms=12.5")
    wait_for_app(page, _SLOW_MS)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("heading", name="Cost estimator: real-time or batch?")).to_be_visible()
    expect(page.locator(".st-key-cost-verdict")).to_contain_text("cheaper")
    # The first view says it in words and a table, before any chart code loads.
    expect(page.locator(".st-key-cost-in-words")).to_contain_text("Real-time costs")
    before_totals = _totals(page)
    before_chart = _breakdown(page)
    screenshot("before")

    # Move an input: three replicas minimum instead of one (typed, then Enter).
    _open_section(page, "Real-time")
    field = page.locator(".st-key-cost_min_replicas input")
    field.fill("3")
    field.press("Enter")
    page.wait_for_timeout(200)
    wait_for_app(page, _SLOW_MS)
    expect(page.locator(_REALTIME_TOTAL)).not_to_contain_text(before_totals[0])
    after_totals = _totals(page)
    after_chart = _breakdown(page)
    assert after_totals[0] != before_totals[0]
    assert after_chart[0] != before_chart[0]
    assert after_chart[1] != before_chart[1], "the breakdown bars did not change"
    assert "min_replicas=3" in page.url and "latency_ms=12.5" in page.url
    page.locator(".st-key-cost-chart-breakdown").scroll_into_view_if_needed()
    screenshot("breakdown")
    page.get_by_text("How was this computed?").click()
    expect(page.locator(".st-key-cost-explanation")).to_contain_text("Little's law")
    page.locator(".st-key-cost-explanation").scroll_into_view_if_needed()
    screenshot("explanation")

    # The break-even chart and its annotation text.
    _show(page, "Break-even")
    expect(page.locator(".st-key-cost-chart-breakeven-summary")).to_contain_text(
        "predictions per day"
    )
    screenshot("after")

    # Open the copied link in a new page: the same estimate.
    link = page.locator(".st-key-cost-share code").inner_text().replace("\n", "").strip()
    assert link.startswith(f"{app_url}/cost_estimator?") and "min_replicas=3" in link
    shared = page.context.new_page()
    shared.goto(link)
    wait_for_app(shared, _SLOW_MS)
    _open_section(shared, "Real-time")
    expect(shared.locator(".st-key-cost_min_replicas input")).to_have_value("3")
    assert _totals(shared) == after_totals
    assert _breakdown(shared)[0] == after_chart[0]
    screenshot_path = Path(str(screenshot("after"))).with_name("shared.png")
    shared.screenshot(path=str(screenshot_path), full_page=True)
    shared.close()

    # Download the Markdown report.
    with page.expect_download() as download_info:
        page.locator(".st-key-cost_download_md button").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    assert download.suggested_filename == "cost-estimate.md"
    assert text.startswith("# Cost estimate: real-time vs batch")
    assert "## Price sources" in text and "min_replicas" in text
    assert after_totals[0].split(" ")[0] in text


def _type(page: Page, field: str, value: str) -> None:
    box = page.locator(f".st-key-{field} input")
    box.fill(value)
    box.press("Enter")
    page.wait_for_timeout(200)
    wait_for_app(page, _SLOW_MS)
    expect(box).to_have_value(value, timeout=_SLOW_MS)


def test_switching_input_sections_and_back_keeps_every_value_and_the_total(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    """A closed section's inputs are not drawn, yet keep their values (no preset re-applied)."""
    page.goto(f"{app_url}/cost_estimator?preset=orange-juice-weekly")
    wait_for_app(page, _SLOW_MS)
    expect(page.locator(".st-key-cost-verdict")).to_be_visible(timeout=_SLOW_MS)
    preset_totals = _totals(page)
    edits = [
        ("Workload", "cost_predictions_per_day", "2500000"),
        ("Model", "cost_latency_ms", "40"),
        ("Real-time", "cost_min_replicas", "2"),
        ("Batch", "cost_max_nodes", "7"),
    ]
    for section, field, value in edits:
        _open_section(page, section)
        _type(page, field, value)
    totals = _totals(page)
    assert totals != preset_totals
    assert "max_nodes=7" in page.url and "preset=orange-juice-weekly" in page.url
    # The Batch section is open: the Workload inputs are not drawn.
    expect(page.locator(".st-key-cost_predictions_per_day")).to_have_count(0)
    for section in ("Region and currency", "Workload", "Real-time", "Model", "Batch"):
        _open_section(page, section)
        assert _totals(page) == totals, f"the total changed after opening {section}"
    for section, field, value in edits:
        _open_section(page, section)
        expect(page.locator(f".st-key-{field} input")).to_have_value(value)
    assert _totals(page) == totals
    screenshot("sections-kept")


BAD_CATALOG = (
    "price_id,provider,service,sku,unit,usd_per_unit,region,vcpu,memory_gb,priority,"
    "source_url,as_of,confirmed,note\n"
    "x-1,azure,ml-compute-cluster,N4,node-hour,-1,eastus,4,16,dedicated,"
    "https://example.org,2026-01-01,true,\n"
    "x-2,azure,ml-compute-cluster,N4,lightyear,1,eastus,4,16,dedicated,"
    "https://example.org,2026-01-01,true,\n"
)


def test_preset_charts_and_a_bad_catalog_upload(
    page: Page, app_url: str, screenshot: Callable[[str], Path], tmp_path: Path
) -> None:
    page.goto(app_url)
    wait_for_app(page, _SLOW_MS)
    page.goto(f"{app_url}/cost_estimator?preset=shirt-recommender")
    wait_for_app(page, _SLOW_MS)
    expect(page.locator(".st-key-cost-verdict")).to_contain_text(
        "cannot deliver within the deadline"
    )
    screenshot("shirt-top")
    for view, key in (
        ("24-hour timeline", "cost-chart-timeline"),
        ("What matters most", "cost-chart-tornado"),
        ("Break-even", "cost-chart-breakeven"),
    ):
        _show(page, view)
        chart = page.locator(f".st-key-{key} .js-plotly-plot").first
        expect(chart).to_be_visible(timeout=_SLOW_MS)
        expect(page.locator(f".st-key-{key}-summary")).to_contain_text("In words:")
        chart.scroll_into_view_if_needed()
        screenshot(key)
    before = page.locator(_REALTIME_TOTAL).inner_text()

    page.get_by_text("Prices: sources, your own prices, upload a catalog").click()
    bad = tmp_path / "prices.csv"
    bad.write_text(BAD_CATALOG, encoding="utf-8")
    page.locator(".st-key-cost_catalog_upload input[type='file']").set_input_files(str(bad))
    page.wait_for_timeout(300)
    wait_for_app(page, _SLOW_MS)
    errors = page.get_by_text("Nothing from this file is used")
    expect(errors).to_be_visible()
    expect(page.get_by_text("line 2: usd_per_unit")).to_be_visible()
    expect(page.get_by_text("line 3: unit")).to_be_visible()
    errors.scroll_into_view_if_needed()
    screenshot("bad-catalog")
    after = page.locator(_REALTIME_TOTAL).inner_text()
    assert after == before

    # A good catalog (every ACI price doubled) replaces the shipped one: the estimate changes.
    good_rows = [
        row.model_copy(update={"usd_per_unit": row.usd_per_unit * 2})
        if row.service == "container-instances"
        else row
        for row in load_catalog().rows
    ]
    good = tmp_path / "my-prices.csv"
    good.write_text(catalog_to_csv(PriceCatalog(rows=tuple(good_rows))), encoding="utf-8")
    page.locator(".st-key-cost_catalog_upload input[type='file']").set_input_files(str(good))
    page.wait_for_timeout(300)
    wait_for_app(page, _SLOW_MS)
    expect(page.get_by_text("Nothing from this file is used")).to_have_count(0)
    expect(page.locator(".st-key-cost-catalog-status")).to_contain_text("your uploaded catalog")
    doubled = page.locator(_REALTIME_TOTAL)
    expect(doubled).not_to_have_text(before)
