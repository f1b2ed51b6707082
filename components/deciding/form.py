"""The decision wizard's questions and its one-click examples, kept in session state.

Widgets only: every answer lives under a stable `decide-...` key, examples fill those keys,
and `read_answers()` turns them into `DecisionInputs` or messages in words. No deciding here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import streamlit as st
from pydantic import ValidationError

from deploycore.deciding.inputs import (
    WIZARD_SHAPES,
    Complexity,
    Deadline,
    DecisionInputs,
    Destination,
    Frequency,
    IdleCost,
    RowsPerRequest,
    label,
)
from deploycore.deciding.rules import KIND_WORDS
from deploycore.deciding.use_cases import load_use_cases, use_case
from deploycore.vocabulary import DailyShape

LOADED_KEY = "decide-loaded-example"
# The examples' radio: choosing one loads it, then the radio is cleared (as a button would be).
EXAMPLE_KEY = "decide-example"
# A copy of the answers outside widget state: Streamlit drops the state of widgets that are not
# on screen, so without it a visit to another page would reset every answer.
SAVED_KEY = "decide-saved-answers"


@dataclass(frozen=True)
class Question:
    """One multiple-choice question, mapped to a field of `DecisionInputs`."""

    field: str
    prompt: str
    options: tuple[StrEnum, ...]
    help: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "frequency",
        "When is a prediction needed?",
        tuple(Frequency),
        "Frequency of predictions: as new data comes in, or on a schedule.",
    ),
    Question(
        "deadline",
        "How soon after the data arrives must the result be ready?",
        tuple(Deadline),
        "Timeliness of results. The seed: if a 5-10 minute delay is acceptable, batch may be "
        "the better choice.",
    ),
    Question(
        "rows",
        "Are rows scored one at a time or many together?",
        tuple(RowsPerRequest),
        "Individual predictions score a single row; batch predictions score many rows.",
    ),
    Question(
        "daily_shape",
        "How is the day's volume spread?",
        WIZARD_SHAPES,
        "Always-on compute is paid for every hour, busy or not.",
    ),
    Question(
        "complexity",
        "How complex is the model?",
        tuple(Complexity),
        "Simpler models require less compute and cost; complex models need more compute and "
        "processing time.",
    ),
    Question(
        "destination",
        "Where do the results go?",
        tuple(Destination),
        "Batch predictions are stored as files or in a database for later use.",
    ),
    Question(
        "idle_cost",
        "How much does paying for idle compute matter?",
        tuple(IdleCost),
        "Real-time endpoints cost money continuously; batch clusters cost least when idle.",
    ),
)

DEFAULTS: dict[str, Any] = {
    "name": "My use case",
    "frequency": Frequency.EACH_EVENT,
    "deadline": Deadline.SECONDS,
    "rows": RowsPerRequest.ONE_ROW,
    "predictions_per_day": 10_000,
    "daily_shape": DailyShape.BUSINESS_HOURS,
    "complexity": Complexity.SIMPLE,
    "latency_ms": 50.0,
    "destination": Destination.APP,
    "idle_cost": IdleCost.SOMEWHAT,
    "low_priority": False,
}
FIELD_WORDS: dict[str, str] = {
    "name": "Use case name",
    "predictions_per_day": "Predictions per day",
    "latency_ms": "Latency per prediction (ms)",
}


def widget_key(field: str) -> str:
    return f"decide-{field.replace('_', '-')}"


def _ensure_defaults() -> None:
    saved: dict[str, Any] = st.session_state.get(SAVED_KEY, {})
    for field, value in DEFAULTS.items():
        st.session_state.setdefault(widget_key(field), saved.get(field, value))


def load_example(case_id: str) -> None:
    """Fill every answer from a shipped example (a button callback)."""
    case = use_case(case_id)
    for field, value in case.inputs.model_dump().items():
        st.session_state[widget_key(field)] = value
    st.session_state[LOADED_KEY] = case_id


def _on_example() -> None:
    """The radio's callback: load the chosen example and clear the choice, so the same example
    can be loaded again after editing its answers."""
    chosen = st.session_state.get(EXAMPLE_KEY)
    if isinstance(chosen, str):
        load_example(chosen)
    st.session_state[EXAMPLE_KEY] = None


def show_examples() -> None:
    """The shipped examples as one horizontal radio; a click loads its answers.

    One element instead of a label, a row and 13 buttons (15 messages and redraws on every
    run); the radio's browser code is on the page already (the questions).
    """
    cases = {case.id: case for case in load_use_cases()}
    # No container around it (one block fewer): the radio's key marks it for tests.
    st.radio(
        "**Load an example** (one click fills every answer below):",
        options=list(cases),
        format_func=lambda case_id: cases[case_id].label,
        index=None,
        key=EXAMPLE_KEY,
        on_change=_on_example,
        horizontal=True,
    )
    loaded = st.session_state.get(LOADED_KEY)
    if loaded:
        case = use_case(loaded)
        with st.expander(f"About the example: {case.title}", expanded=False):
            st.write(case.summary)
            st.write(f"**Expected answer:** {KIND_WORDS[case.expected]}. {case.reason}")


def show_questions() -> None:
    """The questions; answers persist in session state under stable keys."""
    _ensure_defaults()
    with st.container(border=True, key="decide-questions"):
        st.text_input(
            "Name of the use case",
            key=widget_key("name"),
            max_chars=80,
            help="Used in the comparison table and the exported YAML.",
        )
        left, right = st.columns(2)
        for index, question in enumerate(QUESTIONS):
            column = left if index % 2 == 0 else right
            column.radio(
                question.prompt,
                options=list(question.options),
                format_func=label,
                key=widget_key(question.field),
                help=question.help,
            )
        # Volume and latency under the right column's three questions, which the left column's
        # four (one with ten options) outgrow anyway: no row of their own (one block fewer).
        right.number_input(
            "Expected predictions per day",
            min_value=1,
            max_value=1_000_000_000,
            step=1000,
            key=widget_key("predictions_per_day"),
        )
        right.number_input(
            "Latency per prediction (ms)",
            min_value=0.1,
            max_value=600_000.0,
            step=10.0,
            key=widget_key("latency_ms"),
            help="How long the model takes to score one row.",
        )
        st.checkbox(
            "Batch nodes may be low-priority VMs (cheaper, but Azure can pre-empt them)",
            key=widget_key("low_priority"),
        )


def read_answers() -> tuple[DecisionInputs | None, list[str]]:
    """The answers as validated inputs, or the problems in words (nothing entered is lost)."""
    raw = {field: st.session_state.get(widget_key(field)) for field in DEFAULTS}
    st.session_state[SAVED_KEY] = dict(raw)
    if isinstance(raw["name"], str):
        raw["name"] = raw["name"].strip()
    try:
        return DecisionInputs.model_validate(raw), []
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else "answers"
            if field == "name":
                problems.append("Give the use case a name (1 to 80 characters) above.")
                continue
            words = FIELD_WORDS.get(field, field.replace("_", " "))
            problems.append(f"{words}: {detail['msg']}. Please correct it above.")
        return None, problems
