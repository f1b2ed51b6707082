"""The main journeys by keyboard alone (issue 17): after each page load only Tab, Shift+Tab,
Enter, Space, arrows and typing; at every stop the focused element shows a visible focus ring.

Lesson Next, a quiz answer with feedback, joining a live quiz and answering from a phone, and
changing a cost input. The instructor's side of the live quiz is set up with the mouse: it is
not the journey under test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from components.layout import FOCUS_RING_COLOUR
from deploycore.lesson.steps import STEPS
from tests.e2e.helpers import (
    SERVED_APP,
    StreamlitServer,
    app_env,
    click_and_wait,
    patient_expect,
    wait_for_app,
)

PASSCODE = "keyboard journeys passcode"
_SLOW_MS = 60_000  # the machine is shared: allow slow script runs (this is not a timing test)
_MAX_TABS = 80


@pytest.fixture(scope="module", autouse=True)
def _patient_expect() -> Iterator[None]:
    with patient_expect(_SLOW_MS):
        yield


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = app_env(tmp_path_factory.mktemp("keyboard"), INSTRUCTOR_PASSCODE=PASSCODE)
    with StreamlitServer(SERVED_APP, env=env) as server:
        yield server.url


@pytest.fixture(scope="module")
def desk(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(_SLOW_MS)
    yield context
    context.close()


@pytest.fixture
def tab(desk: BrowserContext) -> Iterator[Page]:
    page = desk.new_page()
    yield page
    page.close()


def _rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


_DESCRIBE_FOCUS = """() => { const e = document.activeElement; if (!e) return '';
  return `${e.tagName}[${e.getAttribute('aria-label') || e.textContent.slice(0, 20)}]`; }"""


def _focused_inside(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            "sel => !!document.activeElement && !!document.activeElement.closest(sel)", selector
        )
    )


def assert_focus_visible(page: Page) -> None:
    """The focused element draws the app's focus ring: a solid outline of 2 px or more."""
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""
    )
    outline_style, width, colour = style
    assert outline_style == "solid" and width >= 2, style
    assert colour == _rgb(FOCUS_RING_COLOUR), style


def tab_to(page: Page, selector: str, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focus is inside `selector`; fail after _MAX_TABS."""
    key = "Shift+Tab" if backwards else "Tab"
    visited = []
    for _ in range(_MAX_TABS):
        if _focused_inside(page, selector):
            assert_focus_visible(page)
            return
        page.keyboard.press(key)
        visited.append(page.evaluate(_DESCRIBE_FOCUS))
    raise AssertionError(f"{_MAX_TABS} presses of {key} never reached {selector}: {visited}")


def press_and_wait(page: Page, key: str) -> None:
    page.keyboard.press(key)
    page.wait_for_timeout(150)
    wait_for_app(page, _SLOW_MS)


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, _SLOW_MS)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_lesson_next_by_keyboard(tab: Page, app_url: str) -> None:
    _open(tab, f"{app_url}/lesson")
    tab_to(tab, ".st-key-lesson-next")
    press_and_wait(tab, "Enter")
    expect(tab.get_by_text(f"Step 2 of {len(STEPS)}")).to_be_visible()
    expect(tab.get_by_role("heading", level=2).first).to_contain_text(STEPS[1].title)
    # The button's own shortcut, wherever the focus is.
    press_and_wait(tab, "PageDown")
    expect(tab.get_by_text(f"Step 3 of {len(STEPS)}")).to_be_visible()
    tab_to(tab, ".st-key-lesson-previous", backwards=True)
    press_and_wait(tab, "Space")
    expect(tab.get_by_text(f"Step 2 of {len(STEPS)}")).to_be_visible()


def _answer_first_option(page: Page, scope: str) -> None:
    """Space on the first choice (radio or checkbox), or type a number, by keyboard."""
    tab_to(page, f"{scope} input")
    kind = page.evaluate("() => document.activeElement.getAttribute('type')")
    if kind in ("radio", "checkbox"):
        press_and_wait(page, "Space")
        assert page.evaluate("() => document.activeElement.checked") is True
    else:
        page.keyboard.type("100")
        press_and_wait(page, "Enter")


def test_a_quiz_answer_with_feedback_by_keyboard(tab: Page, app_url: str) -> None:
    _open(tab, f"{app_url}/quiz")
    tab_to(tab, ".st-key-quiz-name")
    tab.keyboard.type("Keys Only")
    press_and_wait(tab, "Enter")
    tab_to(tab, ".st-key-quiz-start")
    press_and_wait(tab, "Enter")
    expect(tab.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    _answer_first_option(tab, ".st-key-quiz-question")
    tab_to(tab, ".st-key-quiz-submit")
    press_and_wait(tab, "Enter")
    feedback = tab.locator(".st-key-quiz-feedback")
    verdict = re.compile(r"^(Correct|Partly correct|Incorrect)\.$")
    expect(feedback.get_by_text(verdict)).to_be_visible()
    expect(feedback.get_by_text("Why:")).to_be_visible()


def test_join_a_live_quiz_and_answer_by_keyboard(tab: Page, browser: Browser, app_url: str) -> None:
    # The instructor's screen (set up with the mouse).
    tab.goto(f"{app_url}/instructor")
    wait_for_app(tab, _SLOW_MS)
    tab.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    click_and_wait(tab, "[data-testid='stFormSubmitButton'] button")
    click_and_wait(tab, ".st-key-instructor-create-session button")
    code = tab.locator(".st-key-instructor-join-code h1").first.inner_text().strip()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(_SLOW_MS)
    try:
        learner = phone.new_page()
        _open(learner, f"{app_url}/join")
        tab_to(learner, ".st-key-join-code")
        learner.keyboard.type(code)
        tab_to(learner, ".st-key-join-nickname")
        learner.keyboard.type("Kay")
        press_and_wait(learner, "Enter")  # the form submits on Enter
        expect(learner.get_by_text("Waiting for the instructor")).to_be_visible()

        click_and_wait(tab, ".st-key-instructor-next button")
        expect(learner.locator(".st-key-join-live input").first).to_be_visible()
        _answer_first_option(learner, ".st-key-join-live")
        tab_to(learner, ".st-key-join-send")
        press_and_wait(learner, "Enter")
        expect(learner.get_by_text("Your answer is saved")).to_be_visible()
        expect(tab.get_by_text("1 of 1 answered.")).to_be_visible()
    finally:
        phone.close()


def test_change_a_cost_input_by_keyboard(tab: Page, app_url: str) -> None:
    _open(tab, f"{app_url}/cost_estimator")
    total = tab.locator(".st-key-cost-realtime-total h3")
    before = total.inner_text()
    tab_to(tab, ".st-key-cost_predictions_per_day")
    tab.keyboard.press("Control+A")
    tab.keyboard.type("5000000")
    press_and_wait(tab, "Enter")
    expect(total).not_to_have_text(before)
    # Arrow keys step a number input by its step.
    tab_to(tab, ".st-key-cost_predictions_per_day")
    tab.keyboard.press("ArrowUp")
    press_and_wait(tab, "Enter")
    expect(tab.locator(".st-key-cost_predictions_per_day input")).to_have_value("5001000")
