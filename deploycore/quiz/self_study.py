"""A self-study attempt from start to review: choosing questions, answering, finishing, history.

Pure logic over the bank, the core's grading and `QuizStore`; the quiz page keeps an
`AttemptState` in session state and calls these functions. Not for live sessions (`live.py`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Literal

import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.grading import (
    AttemptScore,
    GradedAnswer,
    Response,
    grade,
    pick_questions,
    score_attempt,
    shuffled_options,
)
from deploycore.quiz.models import FULL_WEIGHT, TOPIC_SECTIONS, Question, QuestionBank, Topic
from deploycore.quiz.responses import response_to_json
from deploycore.quiz.storage import NAME_MAX_CHARS, Attempt, QuizStore, clean_name

Mode = Literal["practice", "exam"]
Scope = Literal["all", "topic", "random"]

MODE_LABELS: dict[Mode, str] = {
    "practice": "Practice: feedback after each answer",
    "exam": "Exam: feedback at the end",
}
CONFIDENCE_WORDS: dict[int, str] = {1: "low", 2: "medium", 3: "high"}


class Selection(BaseModel):
    """Which questions an attempt asks: all, one topic, or N drawn at random."""

    model_config = ConfigDict(frozen=True)

    scope: Scope = "all"
    topic: Topic | None = None
    count: int | None = Field(default=None, ge=1, le=500)

    def describe(self) -> str:
        """In words, for the history table."""
        if self.scope == "topic" and self.topic is not None:
            return f"Topic: {TOPIC_SECTIONS[self.topic]}"
        if self.scope == "random":
            return f"{self.count} random questions"
        return "All questions"


class AttemptState(BaseModel):
    """Everything the quiz page needs to resume an attempt on a rerun (kept in session state)."""

    attempt_id: str
    learner_name: str
    mode: Mode
    ask_confidence: bool
    seed: int
    question_ids: list[str]
    option_order: dict[str, list[str]]
    position: int = Field(default=0, ge=0)
    responses: dict[str, Response] = Field(default_factory=dict)
    graded: dict[str, GradedAnswer] = Field(default_factory=dict)
    finished: Attempt | None = None

    @property
    def current_id(self) -> str | None:
        """The question on screen, or None once every question has been seen."""
        if self.position >= len(self.question_ids):
            return None
        return self.question_ids[self.position]


class AttemptResult(BaseModel):
    """The end of an attempt: scores, time taken, and every question graded in order."""

    model_config = ConfigDict(frozen=True)

    score: AttemptScore
    duration_s: float = Field(ge=0)
    graded: list[GradedAnswer]

    @property
    def missed_ids(self) -> list[str]:
        """Questions not answered fully right (what "retry the ones I missed" asks again)."""
        return [g.question_id for g in self.graded if not g.correct]


def check_name(name: str) -> str | None:
    """A message saying what is wrong with a chosen name, or None when it is fine."""
    shown = clean_name(name)
    if not shown:
        return "Enter a name (any name you will remember) so your attempts can be kept."
    if len(shown) > NAME_MAX_CHARS:
        return f"Use at most {NAME_MAX_CHARS} characters for your name (now {len(shown)})."
    return None


def choose_questions(
    bank: QuestionBank, selection: Selection, seed: int
) -> tuple[tuple[Question, ...], str | None]:
    """The questions for an attempt (order drawn from `seed`), or () and a message why not."""
    if selection.scope == "topic":
        if selection.topic is None:
            return (), "Choose a topic."
        pool = bank.by_topic(selection.topic).questions
    else:
        pool = bank.questions
    if not pool:
        return (), "There are no questions for this choice; pick another topic."
    count = selection.count if selection.scope == "random" else None
    if selection.scope == "random" and count is None:
        return (), "Enter how many random questions you want."
    return pick_questions(pool, count, seed), None


def start_attempt(
    store: QuizStore,
    questions: Sequence[Question],
    *,
    name: str,
    mode: Mode,
    ask_confidence: bool,
    selection_text: str,
    seed: int | None = None,
) -> AttemptState:
    """Open a stored attempt; option order is fixed here, once, from the attempt's seed."""
    attempt_seed = secrets.randbelow(2**31) if seed is None else seed
    ids = [q.id for q in questions]
    attempt = store.start_attempt(
        name, mode=mode, selection=selection_text, question_ids=ids, seed=attempt_seed
    )
    return AttemptState(
        attempt_id=attempt.id,
        learner_name=clean_name(name),
        mode=mode,
        ask_confidence=ask_confidence,
        seed=attempt_seed,
        question_ids=ids,
        option_order={q.id: list(shuffled_options(q, attempt_seed)) for q in questions},
    )


def answer(
    store: QuizStore, state: AttemptState, question: Question, response: Response
) -> GradedAnswer:
    """Grade and store an answer; answering the same question again returns the first grade."""
    if question.id in state.graded:
        return state.graded[question.id]
    graded = grade(question, response)
    store.record_answer(
        state.attempt_id,
        question.id,
        response=response_to_json(response),
        is_correct=graded.correct,
        points=graded.score,
        confidence=CONFIDENCE_WORDS.get(response.confidence or 0),
    )
    state.responses[question.id] = response
    state.graded[question.id] = graded
    return graded


def advance(state: AttemptState) -> None:
    """Move to the next question (past the last one means the attempt can be finished)."""
    state.position = min(state.position + 1, len(state.question_ids))


def finish(store: QuizStore, state: AttemptState, bank: QuestionBank) -> AttemptResult:
    """Grade every question (unanswered ones as not answered), store the result once."""
    graded = [
        state.graded.get(qid) or grade(bank.get(qid), Response(question_id=qid))
        for qid in state.question_ids
    ]
    score = score_attempt(graded)
    if state.finished is None:
        state.finished = store.finish_attempt(
            state.attempt_id,
            score=score.points,
            max_score=float(score.question_count),
            certainty_score=score.cbm_average,
        )
    return AttemptResult(score=score, duration_s=state.finished.duration_s or 0.0, graded=graded)


def describe_duration(seconds: float) -> str:
    """`3 min 05 s` style."""
    whole = int(round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def chosen_text(question: Question, response: Response | None) -> str:
    """What the learner answered, in words."""
    if response is None or not response.answered:
        return "nothing (not answered)"
    if question.type == "numeric":
        unit = f" {question.numeric.unit}" if question.numeric and question.numeric.unit else ""
        return f"{response.numeric_value:g}{unit}"
    if question.type == "short_answer":
        return f"“{' '.join((response.text_value or '').split())}”"
    return "; ".join(o.text for o in question.options if o.id in response.selected_option_ids)


def right_text(question: Question) -> str:
    """The right answer, in words (partly right answers named with their share)."""
    if question.numeric is not None:
        unit = f" {question.numeric.unit}" if question.numeric.unit else ""
        parts = []
        for answer in question.numeric_answers:
            if answer.weight <= 0:
                continue
            share = "" if answer.weight >= FULL_WEIGHT else f", {answer.weight:g} % of the mark"
            parts.append(f"{answer.value:g}{unit} (accepted: +/- {answer.tolerance:g}{share})")
        return "; or ".join(parts)
    right = [o.text for o in question.options if o.correct]
    if question.type == "short_answer":
        right = [f"“{text}”" for text in right]
        partial = [
            f"“{o.text}” ({question.weight_of(o):g} % of the mark)"
            for o in question.options
            if 0 < question.weight_of(o) < FULL_WEIGHT
        ]
        return " or ".join(right) + (f"; partly right: {', '.join(partial)}" if partial else "")
    return "; ".join(right)


# --------------------------------------------------------------------------- history


def history_summary(attempts: Sequence[Attempt]) -> str:
    """The progress chart in words (its text alternative)."""
    finished = [a for a in attempts if a.score is not None and a.max_score]
    if not finished:
        return "No finished attempts yet."
    percents = [100 * (a.score or 0) / (a.max_score or 1) for a in finished]
    text = (
        f"{len(finished)} finished attempt{'s' if len(finished) != 1 else ''}; "
        f"first {percents[0]:.0f}%, latest {percents[-1]:.0f}%, best {max(percents):.0f}%."
    )
    if len(finished) > 1:
        change = percents[-1] - percents[0]
        trend = "up" if change > 0 else "down" if change < 0 else "unchanged"
        text += f" Since the first attempt: {trend} ({change:+.0f} points)."
    return text


def history_figure(attempts: Sequence[Attempt]) -> go.Figure:
    """Score (%) per finished attempt, in order, with markers (not colour) for each attempt."""
    finished = [a for a in attempts if a.score is not None and a.max_score]
    numbers = list(range(1, len(finished) + 1))
    percents = [round(100 * (a.score or 0) / (a.max_score or 1), 1) for a in finished]
    labels = [f"{a.selection} ({a.mode})" for a in finished]
    figure = go.Figure(
        go.Scatter(
            x=numbers,
            y=percents,
            mode="lines+markers+text",
            text=[f"{p:.0f}%" for p in percents],
            textposition="top center",
            customdata=labels,
            hovertemplate="Attempt %{x}: %{y}%<br>%{customdata}<extra></extra>",
            name="Score",
        )
    )
    figure.update_layout(
        xaxis_title="Attempt",
        yaxis_title="Score (%)",
        yaxis_range=[0, 110],
        xaxis={"dtick": 1},
        height=320,
        margin={"l": 40, "r": 20, "t": 30, "b": 40},
    )
    return figure
