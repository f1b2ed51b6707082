"""A product owner answers the wizard in a real browser and reads the verdict and its reasons."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import click_and_wait, wait_for_app


def _choose(page: Page, question_key: str, answer: str) -> None:
    group = page.locator(f".st-key-{question_key}")
    group.get_by_text(answer, exact=True).click()
    page.wait_for_timeout(100)
    wait_for_app(page)


def _type(page: Page, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input")
    field.fill(text)
    field.press("Enter")
    page.wait_for_timeout(100)
    wait_for_app(page)


def test_answer_every_question_by_hand_and_read_the_batch_verdict(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/decide")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Decide: real-time or batch?")).to_be_visible()

    _type(page, "decide-name", "Weekly store forecast")
    _choose(page, "decide-frequency", "weekly")
    _choose(page, "decide-deadline", "within days")
    _choose(page, "decide-rows", "many rows together")
    _choose(page, "decide-daily-shape", "in a few bursts a day")
    _choose(page, "decide-complexity", "complex")
    _choose(page, "decide-destination", "to a database")
    _choose(page, "decide-idle-cost", "a lot")
    _type(page, "decide-predictions-per-day", "5000")
    _type(page, "decide-latency-ms", "200")

    verdict = page.locator(".st-key-decide-recommendation")
    expect(verdict).to_contain_text("Recommendation: Batch endpoint")
    expect(verdict).to_contain_text("Confidence: high")
    expect(verdict).to_contain_text("on-demand compute cluster")
    factors = page.locator(".st-key-decide-factors")
    expect(factors).to_contain_text("Timeliness of results")
    expect(factors).to_contain_text("towards batch")
    expect(factors).to_contain_text("If a 5-10 minute delay is acceptable")
    expect(page.locator(".st-key-decide-flips")).to_contain_text(
        "If results were needed within seconds, a real-time endpoint would do"
    )
    export = page.locator(".st-key-decide-export")
    click_and_wait(page, ".st-key-decide-export summary")
    expect(export).to_contain_text("min_instances: 0")
    expect(export).to_contain_text("az ml compute create -f compute.yml")
    screenshot("batch-verdict")
    for section in ("factors", "flips", "costs", "export"):
        page.locator(f".st-key-decide-{section}").scroll_into_view_if_needed()
        screenshot(f"batch-{section}")

    # A contradictory answer is pointed out in words, not silently resolved.
    _choose(page, "decide-deadline", "under a second")
    expect(page.locator(".st-key-decide-contradictions")).to_contain_text("weekly")
    expect(verdict).to_contain_text("Recommendation: Real-time endpoint")
    screenshot("contradiction")


def test_load_an_example_in_one_click_and_compare_a_portfolio(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/decide")
    wait_for_app(page)
    click_and_wait(page, ".st-key-decide-example label:has-text('Patient mobile app')")
    verdict = page.locator(".st-key-decide-recommendation")
    expect(verdict).to_contain_text("Recommendation: Real-time endpoint")
    expect(verdict).to_contain_text("always-on containers")
    expect(page.locator(".st-key-decide-frequency input[type='radio']").first).to_be_checked()

    click_and_wait(page, ".st-key-decide-example label:has-text('Delivery ETA board')")
    expect(verdict).to_contain_text("Recommendation: Either works;")
    expect(verdict).to_contain_text("Confidence: low")
    verdict.scroll_into_view_if_needed()
    screenshot("either")

    # The compare section is built only while open.
    expect(page.locator(".st-key-decide-compare-examples")).to_have_count(0)
    click_and_wait(page, ".st-key-decide-compare summary")
    click_and_wait(page, ".st-key-decide-compare-examples button")
    table = page.locator(".st-key-decide-compare [data-testid='stDataFrame']")
    expect(table).to_be_visible()
    expect(page.locator(".st-key-decide-compare-csv button")).to_be_visible()
    table.scroll_into_view_if_needed()
    screenshot("compare")
    page.locator(".st-key-decide-example").scroll_into_view_if_needed()
    screenshot("examples")


def test_estimate_the_cost_opens_the_estimator_prefilled(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/decide")
    wait_for_app(page)
    click_and_wait(page, ".st-key-decide-example label:has-text('Weekly orange-juice sales')")
    costs = page.locator(".st-key-decide-costs")
    expect(costs).to_contain_text("Batch is cheaper: ")
    figure = re.search(r"Batch, per month: (\$[\d,.]+)", costs.inner_text())
    assert figure is not None, costs.inner_text()
    batch_figure = figure.group(1)
    click_and_wait(page, ".st-key-decide-estimate-cost button")
    expect(page.get_by_role("heading", name="Cost estimator: real-time or batch?")).to_be_visible()
    assert "/cost_estimator?" in page.url and "latency_ms=200" in page.url
    expect(page.get_by_text(batch_figure).first).to_be_visible()
    screenshot("cost-page")
