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

    # Pick the first option with the keyboard (focus the radio group, Space), then check it.
    _press(page, ".st-key-quiz-question input[type='radio']", "Space")
    _press(page, ".st-key-quiz-submit button")
    feedback = page.locator(".st-key-quiz-feedback")
    expect(feedback.get_by_text(re.compile(r"^(Correct|Incorrect)\.$"))).to_be_visible()
    expect(feedback.get_by_text("Why:")).to_be_visible()
    screenshot("practice-feedback")

    _press(page, ".st-key-quiz-end button")
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".st-key-quiz-result").get_by_text("Time taken")).to_be_visible()
    expect(page.locator(".st-key-quiz-retry-missed button")).to_be_visible()
    expect(page.locator(".st-key-quiz-history").get_by_text("1 finished attempt")).to_be_visible()
    screenshot("result-and-review")
