"""Start a weekly batch run from the page in a real browser and watch the history update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import click_and_wait, wait_for_app


def test_run_a_batch_job_from_the_page_and_see_history_and_results(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/weekly_forecast")
    wait_for_app(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("heading", name="Weekly forecast (batch)")).to_be_visible()
    expect(page.get_by_text("No batch run yet")).to_be_visible()
    screenshot("01-before")

    # A short idle timeout keeps the test quick.
    page.locator(".st-key-forecast-idle").get_by_text("1 s", exact=True).click()
    wait_for_app(page)
    click_and_wait(page, ".st-key-forecast-start button")
    expect(page.get_by_text("Started the batch job for week 150")).to_be_visible()
    expect(page.locator(".st-key-forecast-start button").first).to_be_disabled()
    progress = page.locator(".st-key-forecast-progress")
    expect(progress.get_by_role("progressbar")).to_be_visible()
    screenshot("02-running")

    history = page.locator(".st-key-forecast-history-box")
    expect(history).to_contain_text("Latest: run 1, week 150, succeeded", timeout=90_000)
    expect(history).to_contain_text("249 rows in, 244 forecasts out, 5 rejected")
    wait_for_app(page)
    expect(page.get_by_text("No batch job is running.")).to_be_visible(timeout=30_000)
    expect(page.locator(".st-key-forecast-start button").first).to_be_enabled()
    expect(page.get_by_text("Week 150: 244 store and brand forecasts")).to_be_visible()
    expect(page.get_by_text("adaptive scaling added")).to_be_visible()
    screenshot("03-finished")
    page.locator(".st-key-forecast-store-chart").scroll_into_view_if_needed()
    expect(page.locator(".st-key-forecast-store-chart .js-plotly-plot")).to_be_visible()
    screenshot("04-forecasts")
    page.locator(".st-key-forecast-timeline-chart").scroll_into_view_if_needed()
    expect(page.locator(".st-key-forecast-timeline-chart .js-plotly-plot")).to_be_visible(
        timeout=15_000
    )
    screenshot("05-timeline")
