"""A trainer walks the whole lesson in a real browser with the Next button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from deploycore.lesson.diagrams import DIAGRAMS
from deploycore.lesson.steps import STEPS
from tests.e2e.helpers import click_and_wait, wait_for_app


def test_walk_every_step_with_next_and_see_each_diagram(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/lesson")
    wait_for_app(page)
    for number, step in enumerate(STEPS, start=1):
        expect(page.get_by_role("heading", level=2).first).to_contain_text(step.title)
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}")).to_be_visible()
        if step.diagram is not None:
            diagram = page.locator(
                f".st-key-diagram-{step.diagram} [data-testid='stImage'] img"
            ).first
            expect(diagram).to_be_visible()
            assert diagram.get_attribute("alt") == DIAGRAMS[step.diagram].alt_text
            box = diagram.bounding_box()
            assert box is not None and box["width"] > 400
        screenshot(f"{number:02d}-{step.slug}")
        if number < len(STEPS):
            click_and_wait(page, ".st-key-lesson-next button")
    expect(page.locator(".st-key-lesson-next button")).to_be_disabled()
    assert page.url.endswith(f"step={len(STEPS)}")


def test_deep_link_and_bad_link(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/lesson?step=4")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text(STEPS[3].title)
    # Jump to a step from the panel under the step.
    page.get_by_text("Jump to a step").click()
    click_and_wait(page, ".st-key-lesson-go-7 button")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(STEPS[6].title)
    assert page.url.endswith("step=7")
    page.goto(f"{app_url}/lesson?step=banana")
    wait_for_app(page)
    expect(page.get_by_text("is not a step number")).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(STEPS[0].title)


def test_presenter_mode_hides_the_sidebar_and_enlarges_text(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/lesson?step=3")
    wait_for_app(page)
    sidebar = page.locator("section[data-testid='stSidebar']")
    expect(sidebar).to_be_visible()
    click_and_wait(page, ".st-key-presenter_mode label")
    expect(sidebar).to_be_hidden()
    size = page.locator("[data-testid='stMarkdownContainer'] li").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 24
    screenshot("presenter")
    click_and_wait(page, ".st-key-presenter_mode label")
    expect(sidebar).to_be_visible()
