"""Home and Lesson pages through AppTest: rendering, Previous/Next, deep links, bad links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from deploycore.lesson.steps import STEPS

OpenPage = Callable[..., AppTest]


def _heading(at: AppTest) -> str:
    return at.header[0].value


def test_home_points_each_kind_of_visitor_somewhere(open_page: OpenPage) -> None:
    at = open_page("pages/home.py")
    subheaders = " ".join(s.value for s in at.subheader)
    for audience in ("Trainers", "Learners", "ML engineers and product owners"):
        assert audience in subheaders


def test_lesson_opens_on_step_one(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py")
    assert _heading(at) == STEPS[0].title
    assert "Step 1 of 10" in at.get("progress")[0].proto.text


def test_next_and_previous_walk_every_step(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py")
    for expected in STEPS[1:]:
        at.button(key="lesson-next").click().run()
        assert _heading(at) == expected.title
    assert at.button(key="lesson-next").disabled
    at.button(key="lesson-previous").click().run()
    assert _heading(at) == STEPS[-2].title


def test_jump_to_a_step_lists_every_step_only_while_open(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py", step="2")
    assert not [b for b in at.button if b.key and b.key.startswith("lesson-go-")]  # closed
    at.session_state["lesson-steps"] = True  # open the panel, as a click does
    at.run()
    steps = [b for b in at.button if b.key and b.key.startswith("lesson-go-")]
    assert [b.label for b in steps] == [f"{n}. {s.title}" for n, s in enumerate(STEPS, start=1)]
    assert at.button(key="lesson-go-2").disabled  # the step on screen
    at.button(key="lesson-go-7").click().run()
    assert _heading(at) == STEPS[6].title
    assert at.query_params["step"] == "7"


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_deep_link_opens_that_step(open_page: OpenPage, number: int) -> None:
    at = open_page("pages/lesson.py", step=str(number))
    assert _heading(at) == STEPS[number - 1].title
    assert not at.warning


@pytest.mark.parametrize("bad", ["0", "99", "three", "-1", "2.5"])
def test_invalid_step_falls_back_to_step_one_with_a_notice(open_page: OpenPage, bad: str) -> None:
    at = open_page("pages/lesson.py", step=bad)
    assert _heading(at) == STEPS[0].title
    assert at.warning and "step 1" in at.warning[0].value.lower()


def test_diagram_steps_show_the_picture_with_its_text_alternative(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py", step="3")
    images = at.get("image")
    assert len(images) == 1
    shown = images[0].proto.imgs[0]
    assert shown.url.startswith("data:image/png;base64,")  # the committed PNG, passed as it is
    assert "always-on" in shown.alt.lower()
    assert any("Text description" in e.label for e in at.expander)


def test_knowledge_check_says_correct_and_incorrect_in_words(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py", step="10")
    at.radio(key="seed-q1-choice").set_value(0)
    at.button(key="seed-q1-check").click().run()
    assert at.success[0].value == (
        "Correct. Immediate predictions are required for individual patients."
    )
    at.radio(key="seed-q2-choice").set_value(0)
    at.button(key="seed-q2-check").click().run()
    assert at.error[0].value.startswith("Incorrect.")


def test_presenter_mode_toggle_is_on_every_run(open_page: OpenPage) -> None:
    at = open_page("pages/home.py")
    at.toggle(key="presenter_mode").set_value(True).run()
    assert not at.exception
    at.run()
    assert at.toggle(key="presenter_mode").value is True


def test_every_lesson_step_offers_the_printable_handout(open_page: OpenPage) -> None:
    at = open_page("pages/lesson.py")
    assert not at.exception
    assert any("printable handout" in str(b.proto.label) for b in at.get("download_button"))
