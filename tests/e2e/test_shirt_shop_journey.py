"""A shopper picks a shirt in a real browser and sees recommendations from the real endpoint."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.helpers import click_and_wait, wait_for_app


def test_pick_a_shirt_and_see_related_items_with_latency_and_curl(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/shirt_shop")  # the server's very first request
    wait_for_app(page, timeout_ms=60_000)
    title = "Shirt shop: real-time recommendations"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    cards = page.locator("[class*='st-key-shop-card-SH-']")
    expect(cards).to_have_count(12)
    expect(cards.first.locator("img")).to_be_visible()
    screenshot("storefront")

    click_and_wait(page, ".st-key-shop-pick-SH-004 button")
    result = page.locator(".st-key-shop-result")
    expect(result.get_by_text("Customers who chose the Black formal oxford shirt")).to_be_visible()
    expect(result.locator("[class*='st-key-shop-related-']")).to_have_count(5)
    expect(result.get_by_text("Round-trip latency")).to_be_visible()
    expect(result.get_by_text(re.compile(r"^\d+\.\d ms$"))).to_be_visible()
    expect(page.locator(".st-key-shop-pick-SH-004 button")).to_contain_text("Chosen")
    curl = result.locator("code", has_text="curl -s -X POST")
    expect(curl).to_be_visible()
    assert "shirt_shop?item=SH-004" in page.url
    screenshot("recommendations")

    # The curl command shown on the page makes the same call: replay it with httpx.
    command = curl.inner_text()
    address = re.search(r"POST (\S+)", command)
    body = re.search(r"-d '(.+)'", command)
    assert address is not None and body is not None
    reply = httpx.post(
        address.group(1), content=body.group(1), headers={"Content-Type": "application/json"}
    )
    shown = result.locator("[class*='st-key-shop-related-'] strong").all_inner_texts()
    assert [item["name"] for item in reply.json()["items"]] == shown


def test_right_sizing_from_the_page(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/shirt_shop?item=SH-010")
    wait_for_app(page, timeout_ms=60_000)
    page.locator(".st-key-shop-right-size button").click()
    page.wait_for_timeout(200)
    wait_for_app(page, timeout_ms=90_000)
    results = page.locator(".st-key-shop-sizing-results")
    expect(results.get_by_text("2 worker processes served")).to_be_visible()
    expect(results.locator("[data-testid='stDataFrame']")).to_be_visible()
    expect(results.locator(".js-plotly-plot")).to_be_visible()
    results.scroll_into_view_if_needed()
    screenshot("right-sizing")
