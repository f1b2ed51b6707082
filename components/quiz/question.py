"""One quiz question on screen: answer widgets, the response they hold, and feedback in words.

Used by the self-study page and by the live join page. Right / wrong is always said in words
with an icon, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from deploycore.infra.text import safe_echo
from deploycore.quiz.grading import (
    CONFIDENCE_LABELS,
    TYPED_ANSWER_MAX_CHARS,
    GradedAnswer,
    OptionFeedback,
    Response,
)
from deploycore.quiz.models import FULL_WEIGHT, Question
from deploycore.quiz.self_study import chosen_text, right_text

VERDICT_ICONS = {
    "Correct": ":material/check_circle:",
    "Partly correct": ":material/rule:",
    "Incorrect": ":material/cancel:",
    "Not answered": ":material/help:",
}


def answer_inputs(
    question: Question,
    option_order: Sequence[str],
    key: str,
    *,
    ask_confidence: bool = False,
    disabled: bool = False,
) -> None:
    """The widgets for one question, under keys derived from `key` (see `read_response`)."""
    labels = {option.id: option.text for option in question.options}
    if question.type in ("single", "true_false"):
        st.radio(
            "Choose one answer",
            options=list(option_order),
            format_func=labels.__getitem__,
            index=None,
            key=f"{key}-choice",
            disabled=disabled,
        )
    elif question.type == "multiple":
        st.caption("Choose every answer that applies.")
        for option_id in option_order:
            st.checkbox(labels[option_id], key=f"{key}-option-{option_id}", disabled=disabled)
    elif question.type == "short_answer":
        st.text_input(
            "Type your answer",
            max_chars=TYPED_ANSWER_MAX_CHARS,
            key=f"{key}-text",
            disabled=disabled,
            placeholder="a word or a short phrase",
            help="Capital letters matter for this question."
            if question.case_sensitive
            else "Capital letters do not matter.",
        )
    else:
        unit = question.numeric.unit if question.numeric else ""
        st.number_input(
            f"Your answer{f' ({unit})' if unit else ''}",
            value=None,
            step=1.0,
            format="%g",
            key=f"{key}-number",
            disabled=disabled,
        )
    if ask_confidence:
        st.radio(
            "How sure are you?",
            options=[1, 2, 3],
            format_func=CONFIDENCE_LABELS.__getitem__,
            index=None,
            key=f"{key}-confidence",
            disabled=disabled,
            horizontal=True,
        )


def read_response(question: Question, key: str) -> Response:
    """The response the widgets under `key` hold now (for use in on_click callbacks)."""
    state = st.session_state
    selected: frozenset[str] = frozenset()
    number: float | None = None
    text: str | None = None
    if question.type == "short_answer":
        typed = state.get(f"{key}-text")
        text = typed[:TYPED_ANSWER_MAX_CHARS] if isinstance(typed, str) and typed.strip() else None
    elif question.type in ("single", "true_false"):
        choice = state.get(f"{key}-choice")
        selected = frozenset([choice]) if choice else frozenset()
    elif question.type == "multiple":
        selected = frozenset(o.id for o in question.options if state.get(f"{key}-option-{o.id}"))
    else:
        value = state.get(f"{key}-number")
        number = float(value) if value is not None else None
    confidence = state.get(f"{key}-confidence")
    return Response(
        question_id=question.id,
        selected_option_ids=selected,
        numeric_value=number,
        text_value=text,
        confidence=confidence if confidence in (1, 2, 3) else None,
    )


def missing_answer_message(question: Question, response: Response, ask_confidence: bool) -> str:
    """What is still missing before the answer can be submitted ('' when nothing)."""
    if not response.answered:
        if question.type == "numeric":
            return "Enter a number first."
        if question.type == "short_answer":
            return "Type your answer first (press Enter or leave the field when done)."
        return "Choose an answer first (use Tab and the arrow keys or Space to pick one)."
    if ask_confidence and response.confidence is None:
        return "Say how sure you are (low, medium or high) first."
    return ""


def verdict(graded: GradedAnswer, extra: str = "") -> None:
    """Correct / partly correct / incorrect in words, with an icon."""
    text = f"**{graded.verdict}.**{f' {extra}' if extra else ''}"
    icon = VERDICT_ICONS[graded.verdict]
    if graded.verdict == "Correct":
        st.success(text, icon=icon)
    elif graded.verdict == "Partly correct":
        st.warning(text, icon=icon)
    elif graded.verdict == "Incorrect":
        st.error(text, icon=icon)
    else:
        st.info(text, icon=icon)


def option_mark(option: OptionFeedback) -> tuple[str, str]:
    """A symbol and words for an option's worth: right, partly right (with its share), wrong."""
    if option.correct:
        share = "" if option.weight >= FULL_WEIGHT else f", {option.weight:g} % of the mark"
        return "✓", f"right answer{share}"
    if option.weight > 0:
        return "◐", f"partly right, {option.weight:g} % of the mark"
    if option.weight < 0:
        return "✗", f"wrong answer, {option.weight:g} % of the mark"
    return "✗", "wrong answer"


def option_explanations(question: Question, graded: GradedAnswer, only_chosen: bool) -> None:
    """Why each (or each chosen) option is right or wrong, marked in words."""
    typed = question.type == "short_answer"
    for option in graded.options:
        if only_chosen and not option.chosen:
            continue
        symbol, mark = option_mark(option)
        chosen = ("your answer matched it, " if typed else "your choice, ") if option.chosen else ""
        what = (
            f"accepted answer “{safe_echo(option.text, limit=TYPED_ANSWER_MAX_CHARS)}”"
            if typed
            else f"**{option.text}**"
        )
        why = f": {option.explanation}" if option.explanation else ""
        st.markdown(f"{symbol} {what} ({chosen}{mark}){why}")


def feedback(question: Question, graded: GradedAnswer) -> None:
    """Practice-mode feedback right after an answer: verdict, the chosen option's explanation,
    the right answer and the general explanation."""
    confidence = (
        f" Certainty-based mark: {graded.cbm_mark:+.2g}." if graded.cbm_mark is not None else ""
    )
    share = f" You earn {graded.score:.0%} of the mark." if 0 < graded.score < 1 else ""
    verdict(graded, share + confidence)
    if question.type == "numeric":
        st.markdown(f"**Right answer:** {right_words(question)}")
    else:
        option_explanations(question, graded, only_chosen=True)
        if not graded.correct:
            st.markdown(f"**Right answer:** {right_words(question)}")
    why(question)


def answer_words(question: Question, response: Response | None) -> str:
    """What the learner answered, as Markdown that shows a typed answer literally."""
    return safe_echo(chosen_text(question, response), limit=TYPED_ANSWER_MAX_CHARS)


def right_words(question: Question) -> str:
    """The right answer as Markdown (a short answer's `*` wildcards shown as typed)."""
    text = right_text(question)
    return (
        safe_echo(text, limit=TYPED_ANSWER_MAX_CHARS) if question.type == "short_answer" else text
    )


def why(question: Question) -> None:
    """The general feedback, when the question has one."""
    if question.explanation:
        st.markdown(f"**Why:** {question.explanation}")


def review(
    number: int, question: Question, response: Response | None, graded: GradedAnswer
) -> None:
    """One question in the end-of-attempt review: chosen, right, and both explanations."""
    with st.container(border=True, key=f"quiz-review-{question.id}"):
        st.markdown(f"**{number}. {question.prompt}**")
        verdict(graded)
        st.markdown(f"**Your answer:** {answer_words(question, response)}")
        st.markdown(f"**Right answer:** {right_words(question)}")
        if question.type != "numeric":
            option_explanations(question, graded, only_chosen=False)
        why(question)
