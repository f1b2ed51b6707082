"""A learner takes a self-study quiz in a real browser using only the keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import wait_for_app


def _press(page: Page, selector: str, key: str = "Enter") -> None:
    page.locator(selector).first.focus()
    page.keyboard.press(key)
    page.wait_for_timeout(100)
    wait_for_app(page)


def test_practice_quiz_by_keyboard_with_feedback_review_and_history(
    page: Page, app_url: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_url}/quiz")
    wait_for_app(page)
    name = page.locator(".st-key-quiz-name input")
    name.focus()
    page.keyboard.type("Keyboard Kim")
    page.keyboard.press("Enter")
    wait_for_app(page)
    _press(page, ".st-key-quiz-start button")
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()

    # Answer with the keyboard: Space on the first option (radio or checkbox), or type a
    # number (the first question is drawn at random, so it can be of any type).
    first_input = page.locator(".st-key-quiz-question input").first
    if first_input.get_attribute("type") in ("radio", "checkbox"):
        _press(page, ".st-key-quiz-question input", "Space")
    else:
        first_input.focus()
        page.keyboard.type("100")
        page.keyboard.press("Enter")
        wait_for_app(page)
    _press(page, ".st-key-quiz-submit button")
    feedback = page.locator(".st-key-quiz-feedback")
    verdict = re.compile(r"^(Correct|Partly correct|Incorrect)\.$")
    expect(feedback.get_by_text(verdict)).to_be_visible()
    expect(feedback.get_by_text("Why:")).to_be_visible()
    screenshot("practice-feedback")

    _press(page, ".st-key-quiz-end button")
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".st-key-quiz-result").get_by_text("Time taken")).to_be_visible()
    expect(page.locator(".st-key-quiz-retry-missed button")).to_be_visible()
    expect(page.locator(".st-key-quiz-history").get_by_text("1 finished attempt")).to_be_visible()
    screenshot("result-and-review")
