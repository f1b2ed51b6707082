"""A live class in real browsers: one instructor context, five learners join with the code,
answer, and the instructor's screen shows the counts; a reload keeps a learner's answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploycore.quiz.bank import load_bank
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import (
    SERVED_APP,
    StreamlitServer,
    app_env,
    click_and_wait,
    patient_expect,
    wait_for_app,
)

PASSCODE = "e2e passcode for the class"
LEARNERS = ["Ada", "Bo", "Cy", "Di", "Eve"]


# The instructor's panel reruns every 1.5 s: on a busy machine a quiet moment between its runs
# can take longer than 20 s to come.
_FONT_PX = "e => parseFloat(getComputedStyle(e).fontSize)"
_BUSY_MS = 60_000


@pytest.fixture(scope="module", autouse=True)
def _patient_expect() -> Iterator[None]:
    """Six browsers and the app share two busy cores: allow slow renders in this module."""
    with patient_expect(_BUSY_MS):
        yield


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with an instructor passcode configured (this module only)."""
    env = app_env(tmp_path_factory.mktemp("liveclass"), INSTRUCTOR_PASSCODE=PASSCODE)
    with StreamlitServer(SERVED_APP, env=env) as server:
        yield server.url


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Six separate browser contexts (separate cookies and sessions): instructor + 5."""
    opened = []
    for number in range(1 + len(LEARNERS)):
        width = 1400 if number == 0 else 420  # learners on phone-sized screens
        context = browser.new_context(viewport={"width": width, "height": 1000})
        # Six live sessions refresh on one server process; on a loaded 2-core CI machine a new
        # page load can wait behind their reruns for more than 30 s (see issue 11's lag bench).
        context.set_default_timeout(60_000)
        opened.append(context)
    yield opened
    for context in opened:
        context.close()


def _shot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"live_classroom-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _open_instructor_session(page: Page, app_url: str) -> str:
    page.goto(f"{app_url}/instructor")
    wait_for_app(page)
    page.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    page.get_by_role("button", name="Unlock").click()
    wait_for_app(page)
    expect(page.locator(".st-key-instructor-create")).to_be_visible()
    click_and_wait(page, ".st-key-instructor-create-session button")
    code_block = page.locator(".st-key-instructor-join-code h1").first
    expect(code_block).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    return code_block.inner_text().strip()


def _join(page: Page, app_url: str, code: str, nickname: str) -> None:
    page.goto(f"{app_url}/join?code={code}")
    wait_for_app(page)
    expect(page.locator(".st-key-join-code input")).to_have_value(code)
    page.locator(".st-key-join-nickname input").fill(nickname)
    if nickname == LEARNERS[0]:
        _shot(page, "00-learner-join-form")
    page.get_by_role("button", name="Join", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Waiting for the instructor")).to_be_visible()


def test_five_learners_join_answer_and_the_instructor_sees_the_counts(
    app_url: str, contexts: list[BrowserContext]
) -> None:
    question = load_bank().questions[0]  # "All questions" starts with the bank's first
    right = next(o.text for o in question.options if o.correct)
    wrong = next(o.text for o in question.options if not o.correct)
    choices = [right, right, right, wrong, wrong]

    instructor = contexts[0].new_page()
    code = _open_instructor_session(instructor, app_url)
    expect(instructor.locator("[data-testid='stImage'] img").first).to_be_visible()
    expect(instructor.get_by_text(f"QR code: opens the join page with code {code}")).to_be_visible()

    learners = [context.new_page() for context in contexts[1:]]
    for page, nickname in zip(learners, LEARNERS, strict=True):
        _join(page, app_url, code, nickname)
    expect(instructor.get_by_text(f"{len(LEARNERS)} joined.")).to_be_visible()
    _shot(instructor, "01-instructor-lobby")
    _shot(learners[0], "02-learner-waiting")

    click_and_wait(instructor, ".st-key-instructor-next button", _BUSY_MS)
    expect(instructor.get_by_role("heading", name=question.prompt)).to_be_visible()
    for page, choice in zip(learners, choices, strict=True):
        # The learner's fragment picks the question up by itself (no reload).
        option = page.locator(".st-key-join-live label").filter(has_text=choice)
        expect(option).to_be_visible()
        option.click()
        page.wait_for_timeout(150)
        click_and_wait(page, ".st-key-join-send button")
        expect(page.get_by_text("Your answer is saved")).to_be_visible()
    _shot(learners[3], "03-learner-answer-saved")

    panel = instructor.locator(".st-key-instructor-distribution")
    expect(panel.get_by_text(f"{len(LEARNERS)} of {len(LEARNERS)} answered.")).to_be_visible()
    expect(panel.get_by_text(f"{right}: 3")).to_be_visible()
    expect(panel.get_by_text(f"{wrong}: 2")).to_be_visible()
    _shot(instructor, "04-instructor-live-counts")

    # A reload keeps the learner's place and answer.
    learners[0].reload()
    wait_for_app(learners[0])
    expect(learners[0].get_by_text("Your answer is saved")).to_be_visible()

    click_and_wait(instructor, ".st-key-instructor-reveal-answer button", _BUSY_MS)
    expect(panel.get_by_text(f"{right}: 3 (correct)")).to_be_visible()
    success = learners[0].get_by_test_id("stAlertContentSuccess")
    expect(success.get_by_text("Correct.", exact=True)).to_be_visible()
    error = learners[3].get_by_test_id("stAlertContentError")
    expect(error.get_by_text("Incorrect.", exact=True)).to_be_visible()
    _shot(instructor, "05-instructor-revealed")
    _shot(learners[3], "06-learner-incorrect")

    click_and_wait(instructor, ".st-key-instructor-finish button", _BUSY_MS)
    analysis = instructor.locator(".st-key-instructor-analysis")
    expect(analysis.get_by_text("5 learners answered")).to_be_visible()
    _shot(instructor, "07-instructor-item-analysis")
    # The projector's final screen: the final leaderboard and the item analysis, in large type.
    board = instructor.locator(".st-key-final-results-instructor-leaderboard")
    expect(board.get_by_role("heading", name="Final leaderboard")).to_be_visible()
    expect(board.get_by_test_id("stDataFrame")).to_be_visible()
    heading_px = board.get_by_role("heading", name="Final leaderboard").evaluate(_FONT_PX)
    summary = instructor.locator(
        ".st-key-final-results-analysis [data-testid='stMarkdownContainer'] p"
    )
    assert heading_px >= 40 and summary.first.evaluate(_FONT_PX) >= 22  # default: 36 and 16
    _shot(instructor, "07b-instructor-final-leaderboard")
    expect(learners[1].get_by_text("The session has ended")).to_be_visible()


def test_an_instructor_imports_what_can_be_graded_and_a_phone_learner_types_a_short_answer(
    app_url: str, contexts: list[BrowserContext], tmp_path: Path
) -> None:
    gift = tmp_path / "week3.gift"
    gift.write_text(
        "::Serverless containers::Which Azure service runs a container without a cluster?"
        "{=ACI#Yes. =Azure Container Instances#Yes. =%50%container*#Which one?}\n\n"
        "Match the capitals.{=Canada -> Ottawa =Italy -> Rome}\n",
        encoding="utf-8",
    )
    page = contexts[0].new_page()
    page.goto(f"{app_url}/instructor")
    wait_for_app(page)
    page.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    page.get_by_role("button", name="Unlock").click()
    wait_for_app(page)

    page.locator("[class*='st-key-instructor-gift-'] input[type='file']").set_input_files(str(gift))
    panel = page.locator(".st-key-instructor-gift-panel")
    # Refused with line and type; the gradable question can still be run.
    expect(panel.get_by_text("1 question of this file cannot be graded here")).to_be_visible()
    refused = panel.locator(".st-key-instructor-upload-refused")
    expect(refused.get_by_text("line 3, matching: matching questions")).to_be_visible()
    importing = panel.get_by_role("button", name="Import the 1 question I can grade; skip 1")
    expect(importing).to_be_visible()
    _shot(page, "08-instructor-upload-refusals")
    click_and_wait(page, ".st-key-instructor-create-from-gift button")
    code_block = page.locator(".st-key-instructor-join-code h1").first
    expect(code_block).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    code = code_block.inner_text().strip()

    phone = contexts[1].new_page()  # 420 px wide
    _join(phone, app_url, code, LEARNERS[0])
    click_and_wait(page, ".st-key-instructor-next button")
    answer = phone.locator(".st-key-join-live input[type='text']")
    expect(answer).to_be_visible()
    answer.fill("  aci ")
    answer.press("Enter")
    wait_for_app(phone)
    click_and_wait(phone, ".st-key-join-send button")
    expect(phone.get_by_text("Your answer is saved")).to_be_visible()
    _shot(phone, "10-phone-short-answer-saved")
    distribution = page.locator(".st-key-instructor-distribution")
    expect(distribution.get_by_text("“ACI”: 1")).to_be_visible()

    click_and_wait(page, ".st-key-instructor-reveal-answer button")
    success = phone.get_by_test_id("stAlertContentSuccess")
    expect(success.get_by_text("Correct.", exact=True)).to_be_visible()
    _shot(phone, "11-phone-short-answer-correct")
    # On the projector: presenter mode enlarges the question and keeps the controls.
    click_and_wait(page, ".st-key-presenter_mode label")
    expect(page.locator("section[data-testid='stSidebar']")).to_be_hidden()
    expect(page.get_by_role("heading", name=re.compile("Which Azure service"))).to_be_visible()
    _shot(page, "09-instructor-presenter-mode")
