"""Presenter mode on a 1920×1080 projector: `?present=1`, reload, page changes, a clicker, fit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from deploycore.lesson.steps import STEPS
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import click_and_wait, wait_for_app

SIDEBAR = "section[data-testid='stSidebar']"


@pytest.fixture
def projector(browser: Browser) -> Iterator[Page]:
    """A full-HD page, the size of a common projector."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _heading(page: Page) -> str:
    return page.get_by_role("heading", level=2).first.inner_text()


def test_every_step_fits_the_projector(projector: Page, app_url: str) -> None:
    """Each step in presenter mode: its diagram ends inside the 1920×1080 viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, step in enumerate(STEPS, start=1):
        projector.goto(f"{app_url}/lesson?step={number}&present=1")
        wait_for_app(projector)
        expect(projector.locator(SIDEBAR)).to_be_hidden()
        expect(projector.get_by_role("heading", level=2).first).to_contain_text(step.title)
        if step.diagram is not None:
            image = projector.locator(f".st-key-diagram-{step.diagram} [data-testid='stImage'] img")
            expect(image).to_be_visible()
            projector.wait_for_function(
                "i => i.complete && i.naturalHeight > 0", arg=image.element_handle()
            )
            box = image.bounding_box()
            assert box is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= 1080, (step.slug, box)
            assert box["width"] >= 500, (step.slug, box)
        name = f"presenter-1080p-{number:02d}-{step.slug}.png"
        projector.screenshot(path=str(SCREENSHOTS / name))


def test_present_link_survives_reload_and_page_changes(projector: Page, app_url: str) -> None:
    projector.goto(f"{app_url}/lesson?present=1")
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_hidden()
    projector.reload()
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_hidden()
    expect(projector.locator(".st-key-presenter_mode input")).to_be_checked()
    # The sidebar is hidden: change page by the lesson's own related-page link.
    click_and_wait(projector, ".st-key-lesson-next button")
    assert "present=1" in projector.url
    projector.goto(f"{app_url}/lesson?step=2&present=1")
    wait_for_app(projector)
    projector.goto(projector.url.replace("/lesson?step=2&present=1", "/quiz?present=1"))
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_hidden()
    projector.reload()
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_hidden()
    assert "present=1" in projector.url


def test_page_down_works_right_after_the_toggle(projector: Page, app_url: str) -> None:
    projector.goto(f"{app_url}/lesson?step=1")
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_visible()
    click_and_wait(projector, ".st-key-presenter_mode label")
    expect(projector.locator(SIDEBAR)).to_be_hidden()
    assert "present=1" in projector.url
    projector.keyboard.press("PageDown")
    projector.wait_for_timeout(100)
    wait_for_app(projector)
    expect(projector.get_by_role("heading", level=2).first).to_contain_text(STEPS[1].title)
    # Switching off removes it from the address; a reload then stays off.
    click_and_wait(projector, ".st-key-presenter_mode label")
    expect(projector.locator(SIDEBAR)).to_be_visible()
    assert "present=1" not in projector.url
    projector.reload()
    wait_for_app(projector)
    expect(projector.locator(SIDEBAR)).to_be_visible()
    assert _heading(projector)
