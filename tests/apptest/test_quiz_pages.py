"""Quiz, join and instructor pages through AppTest (run inside app.py's navigation)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from deploycore.quiz.bank import load_bank
from deploycore.quiz.models import Question
from deploycore.quiz.self_study import AttemptState

OpenPage = Callable[..., AppTest]
BANK = load_bank()


def _state(at: AppTest) -> AttemptState:
    state = at.session_state["quiz-state"]
    assert isinstance(state, AttemptState)
    return state


def _start(at: AppTest, name: str = "Sam", *, mode: str = "practice", count: int = 3,
           confidence: bool = False, topic: str | None = None) -> AttemptState:  # fmt: skip
    at.text_input(key="quiz-name").input(name)
    if topic is None:
        at.radio(key="quiz-scope").set_value("random").run()
        at.number_input(key="quiz-count").set_value(count)
    else:
        at.radio(key="quiz-scope").set_value("topic").run()
        at.selectbox(key="quiz-topic").set_value(topic)
    at.radio(key="quiz-mode").set_value(mode)
    at.toggle(key="quiz-ask-confidence").set_value(confidence)
    at.button(key="quiz-start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return _state(at)


def _answer(at: AppTest, question: Question, right: bool, confidence: int | None = None) -> None:
    state = _state(at)
    key = f"quiz-{state.attempt_id[:8]}-{question.id}"
    if question.type in ("single", "true_false"):
        wanted = next(o.id for o in question.options if o.correct == right)
        at.radio(key=f"{key}-choice").set_value(wanted)
    elif question.type == "multiple":
        for option in question.options:
            at.checkbox(key=f"{key}-option-{option.id}").check() if option.correct == right else (
                at.checkbox(key=f"{key}-option-{option.id}").uncheck()
            )
    else:
        assert question.numeric is not None
        value = question.numeric.value + (0 if right else question.numeric.tolerance * 10 + 100)
        at.number_input(key=f"{key}-number").set_value(value)
    if confidence is not None:
        at.radio(key=f"{key}-confidence").set_value(confidence)
    at.button(key="quiz-submit").click().run()
    assert not at.exception, [e.message for e in at.exception]


def _current(at: AppTest) -> Question:
    current = _state(at).current_id
    assert current is not None
    return BANK.get(current)


# ------------------------------------------------------------------ self-study


def test_quiz_setup_offers_all_topic_and_random(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    assert at.title[0].value == "Self-study quiz"
    assert at.radio(key="quiz-scope").options == [f"All questions ({len(BANK)})", "One topic",
                                                  "N random questions"]  # fmt: skip
    assert at.button(key="quiz-start")


def test_starting_without_a_name_says_why_and_keeps_the_choices(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    at.radio(key="quiz-scope").set_value("random").run()
    at.number_input(key="quiz-count").set_value(4)
    at.button(key="quiz-start").click().run()
    assert "Enter a name" in at.error[0].value
    assert at.number_input(key="quiz-count").value == 4
    assert "quiz-state" not in at.session_state


def test_practice_gives_feedback_with_the_option_explanation_right_away(
    open_page: OpenPage,
) -> None:
    at = open_page("pages/quiz.py")
    state = _start(at, mode="practice", topic="knowledge-check")
    question = _current(at)
    order_before = list(state.option_order[question.id])
    at.run()  # a rerun never reshuffles
    assert _state(at).option_order[question.id] == order_before
    _answer(at, question, right=True)
    feedback = " ".join(s.value for s in at.success)
    assert "Correct." in feedback
    texts = " ".join(m.value for m in at.markdown)
    right_option = next(o for o in question.options if o.correct)
    assert right_option.explanation.split()[0] in texts and question.explanation[:30] in texts
    at.button(key="quiz-next").click().run()
    assert _state(at).position == 1


def test_a_wrong_practice_answer_is_called_incorrect_in_words(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="practice", topic="knowledge-check")
    question = _current(at)
    _answer(at, question, right=False)
    assert "Incorrect." in at.error[0].value
    assert any("Right answer" in m.value for m in at.markdown)


def test_submitting_nothing_asks_for_an_answer_and_keeps_the_question(
    open_page: OpenPage,
) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="exam", count=2)
    at.button(key="quiz-submit").click().run()
    assert at.warning and "first" in at.warning[0].value
    assert _state(at).position == 0


def test_exam_ends_with_score_review_retry_and_history(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, name="Exam Taker", mode="exam", count=3, confidence=True)
    first = _current(at)
    _answer(at, first, right=True, confidence=3)
    assert not at.success  # exam mode: no feedback until the end
    second = _current(at)
    _answer(at, second, right=False, confidence=1)
    third = _current(at)
    _answer(at, third, right=True, confidence=2)
    assert at.header[0].value == "Your result"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score"] == "2 of 3"
    assert metrics["Certainty-based score"] == "+5"  # 3 + 0 + 2
    assert "Time taken" in metrics
    review_text = " ".join(m.value for m in at.markdown)
    for question in (first, second, third):
        assert question.prompt in review_text
    assert review_text.count("Your answer:") == 3
    retry = at.button(key="quiz-retry-missed")
    assert retry.label == "Retry the 1 I missed" and not retry.disabled
    history = at.dataframe[0].value
    assert list(history["Score"]) == ["2 of 3"]

    retry.click().run()
    again = _state(at)
    assert again.question_ids == [second.id] and again.mode == "exam"
    _answer(at, second, right=True, confidence=3)
    assert {m.label: m.value for m in at.metric}["Score"] == "1 of 1"
    history = at.dataframe[0].value
    assert list(history["Score"]) == ["2 of 3", "1 of 1"]
    assert "2 finished attempts" in " ".join(m.value for m in at.markdown)


def test_confidence_is_required_when_certainty_marking_is_on(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="practice", count=1, confidence=True)
    question = _current(at)
    _answer(at, question, right=True)  # no confidence given
    assert at.warning and "how sure" in at.warning[0].value
    _answer(at, question, right=True, confidence=2)
    assert "Certainty-based mark: +2" in at.success[0].value


def test_skipping_and_ending_early_counts_unanswered_questions(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="exam", count=3)
    at.button(key="quiz-skip").click().run()
    at.button(key="quiz-end").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score"] == "0 of 3"
    assert at.button(key="quiz-retry-missed").label == "Retry the 3 I missed"


def test_a_new_quiz_keeps_the_name(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, name="Keeper", mode="exam", count=1)
    at.button(key="quiz-end").click().run()
    at.button(key="quiz-new").click().run()
    assert at.text_input(key="quiz-name").value == "Keeper"
    assert at.dataframe[0]  # past attempts for that name


@pytest.mark.parametrize("topic", ["knowledge-check", "batch"])
def test_a_topic_attempt_asks_only_that_topic(open_page: OpenPage, topic: str) -> None:
    at = open_page("pages/quiz.py")
    state = _start(at, topic=topic)
    assert {BANK.get(q).topic for q in state.question_ids} == {topic}
    assert len(state.question_ids) == len(BANK.by_topic(topic))  # type: ignore[arg-type]
