"""An edit reruns only the cost page's estimate (a fragment): every number that depends on the
input must change with it, exactly as if the page had been opened afresh from the new link."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from components.costing.totals import REALTIME_FIGURE
from tests.e2e.helpers import wait_for_app
from tests.monthly_figures import monthly_figures_in

_SLOW_MS = 60_000
# A display currency (so the converted totals show) and a volume at which both totals move.
_LINK = (
    "cost_estimator?predictions_per_day=2000000&display_currency=EUR&currency_per_usd=0.9"
    "&exchange_rate_date=2026-11-01"
)
_TOTAL = ".st-key-cost-realtime-total h3"
_PANELS = ("How was this computed?", "Every cloud at once")
# The main area's text without icons (an icon is a word such as "cloud" in an icon font, and a
# hovered expander shows an arrow instead of its icon).
_MAIN_TEXT_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']").cloneNode(true);
  main.querySelectorAll("[data-testid*='Icon'], [translate='no']").forEach((icon) => icon.remove());
  document.body.appendChild(main);
  const text = main.innerText;
  main.remove();
  return text;
}"""


def _open_panels(page: Page) -> None:
    """Open "How was this computed?" and "Every cloud at once" (their content depends on the
    inputs too)."""
    for label in _PANELS:
        page.get_by_text(label, exact=False).first.click()
        wait_for_app(page, _SLOW_MS)
    expect(page.locator(".st-key-cost-explanation")).to_be_visible(timeout=_SLOW_MS)
    expect(page.locator(".st-key-cost-every-summary")).to_be_visible(timeout=_SLOW_MS)
    # The chart's drawn text (bars, axes) is part of what is compared: wait until it is drawn.
    expect(page.locator(".st-key-cost-every-chart .js-plotly-plot g.trace").first).to_be_attached(
        timeout=_SLOW_MS
    )


def _shown(page: Page) -> dict[str, str]:
    """What the page shows that depends on the inputs, part by part."""
    parts = {
        "main": ".st-key-cost-summary",
        "in words": ".st-key-cost-in-words",
        "currency": ".st-key-cost-currency-totals",
        "explanation": ".st-key-cost-explanation",
        "every service": ".st-key-cost-every-summary",
        "share": ".st-key-cost-share",
    }
    shown = {name: page.locator(selector).inner_text() for name, selector in parts.items()}
    shown["rows per run hint"] = str(
        page.locator(".st-key-cost_rows_per_run_override input").get_attribute("placeholder")
    )
    shown["whole page"] = page.evaluate(_MAIN_TEXT_JS)
    return shown


def _report(page: Page) -> str:
    with page.expect_download() as download_info:
        page.locator(".st-key-cost_download_md button").click()
    return Path(download_info.value.path()).read_text(encoding="utf-8")


def test_predictions_per_day_changes_every_number_that_depends_on_it(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/{_LINK}")
    wait_for_app(page, _SLOW_MS)
    expect(page.locator(_TOTAL)).to_be_visible(timeout=_SLOW_MS)
    _open_panels(page)
    before, report_before = _shown(page), _report(page)

    total = page.locator(_TOTAL).inner_text()
    field = page.locator(".st-key-cost_predictions_per_day input")
    field.fill("3000000")
    field.press("Enter")
    expect(page.locator(_TOTAL)).not_to_have_text(total, timeout=_SLOW_MS)
    wait_for_app(page, _SLOW_MS)
    after, report_after = _shown(page), _report(page)

    for name in before:
        assert after[name] != before[name], f"{name} did not change"
    assert "3,000,000" in after["rows per run hint"]
    assert "predictions_per_day=3000000" in after["share"].replace("\n", "")
    assert report_after != report_before
    assert monthly_figures_in(after["main"])[REALTIME_FIGURE] in report_after

    # The same link opened afresh (a full run) shows exactly what the edit showed.
    link = page.locator(".st-key-cost-share code").inner_text().replace("\n", "").strip()
    fresh = page.context.new_page()
    fresh.goto(link)
    wait_for_app(fresh, _SLOW_MS)
    expect(fresh.locator(_TOTAL)).to_be_visible(timeout=_SLOW_MS)
    _open_panels(fresh)
    assert _shown(fresh) == after
    fresh.close()
