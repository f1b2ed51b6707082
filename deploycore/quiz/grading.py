"""Grading of one answer and of an attempt, certainty-based marks, and seeded option order.

Pure functions over the bank's models: no storage, no clock, no global random state.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.models import Question

Confidence = Literal[1, 2, 3]

# Gardner-Medwin's certainty-based marking (CBM): marks for a right / wrong answer at each
# confidence level (1 = low, 2 = medium, 3 = high). Source: A. R. Gardner-Medwin,
# "Confidence-based marking: towards deeper learning and better exams" (2006).
CBM_MARKS_RIGHT: dict[int, int] = {1: 1, 2: 2, 3: 3}
CBM_MARKS_WRONG: dict[int, int] = {1: 0, 2: -2, 3: -6}
CBM_MAX_MARK = 3
CONFIDENCE_LABELS: dict[int, str] = {
    1: "Low: not sure (right +1, wrong 0)",
    2: "Medium: fairly sure (right +2, wrong -2)",
    3: "High: certain (right +3, wrong -6)",
}


class Response(BaseModel):
    """What a learner answered to one question (nothing chosen means unanswered)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: str
    selected_option_ids: frozenset[str] = frozenset()
    numeric_value: float | None = Field(default=None, allow_inf_nan=False)
    confidence: Confidence | None = None

    @property
    def answered(self) -> bool:
        """Whether the learner chose an option or entered a number."""
        return bool(self.selected_option_ids) or self.numeric_value is not None


class OptionFeedback(BaseModel):
    """One option as the review shows it: chosen or not, right or not, and why."""

    model_config = ConfigDict(frozen=True)

    option_id: str
    text: str
    chosen: bool
    correct: bool
    explanation: str


class GradedAnswer(BaseModel):
    """The grade of one response, with the words a learner is shown."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    answered: bool
    correct: bool
    score: float = Field(ge=0, le=1, description="1 right, 0 wrong; partial for multiple choice")
    confidence: Confidence | None
    cbm_mark: int | None = Field(description="certainty-based mark; None without a confidence")
    verdict: Literal["Correct", "Partly correct", "Incorrect", "Not answered"]
    options: tuple[OptionFeedback, ...]
    explanation: str


class AttemptScore(BaseModel):
    """The plain and the certainty-based score of a whole attempt."""

    model_config = ConfigDict(frozen=True)

    question_count: int = Field(ge=0)
    answered_count: int = Field(ge=0)
    correct_count: int = Field(ge=0)
    points: float = Field(ge=0, description="sum of per-question scores (partial credit counts)")
    percent: float = Field(ge=0, le=100)
    cbm_total: int | None = Field(description="sum of CBM marks; None if no confidence was given")
    cbm_average: float | None = Field(description="CBM marks per question, -6..3")


def cbm_mark(correct: bool, confidence: Confidence) -> int:
    """Certainty-based mark: 1/2/3 when right, 0/-2/-6 when wrong, at confidence 1/2/3."""
    return CBM_MARKS_RIGHT[confidence] if correct else CBM_MARKS_WRONG[confidence]


def _choice_score(question: Question, selected: frozenset[str]) -> float:
    right = question.correct_option_ids
    if question.type != "multiple":
        return 1.0 if selected == right else 0.0
    # Partial credit: share of right options chosen minus share of wrong options chosen, >= 0.
    wrong_total = len(question.options) - len(right)
    hits = len(selected & right) / len(right)
    false_alarms = len(selected - right) / wrong_total if wrong_total else 0.0
    return max(0.0, hits - false_alarms)


def grade(question: Question, response: Response) -> GradedAnswer:
    """Grade one response to one question.

    Single choice and true/false are right when exactly the correct option is chosen; multiple
    choice is right when exactly the correct set is chosen and earns partial credit otherwise;
    numeric is right within the tolerance. Unknown option ids count as wrong choices.
    """
    if response.question_id != question.id:
        raise ValueError(f"response is for {response.question_id!r}, not {question.id!r}")
    selected = response.selected_option_ids
    if question.type == "numeric":
        assert question.numeric is not None  # guaranteed by Question's validator
        value = response.numeric_value
        score = 1.0 if value is not None and question.numeric.accepts(value) else 0.0
    else:
        score = _choice_score(question, selected) if selected else 0.0
    answered = response.answered
    correct = answered and score == 1.0
    if not answered:
        verdict: Literal["Correct", "Partly correct", "Incorrect", "Not answered"] = "Not answered"
    elif correct:
        verdict = "Correct"
    elif score > 0:
        verdict = "Partly correct"
    else:
        verdict = "Incorrect"
    confidence = response.confidence if answered else None
    return GradedAnswer(
        question_id=question.id,
        answered=answered,
        correct=correct,
        score=score,
        confidence=confidence,
        cbm_mark=cbm_mark(correct, confidence) if confidence is not None else None,
        verdict=verdict,
        options=tuple(
            OptionFeedback(
                option_id=option.id,
                text=option.text,
                chosen=option.id in selected,
                correct=option.correct,
                explanation=option.explanation,
            )
            for option in question.options
        ),
        explanation=question.explanation,
    )


def score_attempt(graded: Sequence[GradedAnswer]) -> AttemptScore:
    """Totals of an attempt.

    The CBM total is given when at least one answer carries a confidence; an answer without one
    then counts at confidence 1 (the cautious level: +1 right, 0 wrong) and an unanswered
    question counts 0, so the average is over every question of the attempt.
    """
    count = len(graded)
    points = sum(answer.score for answer in graded)
    uses_cbm = any(answer.cbm_mark is not None for answer in graded)
    cbm_total: int | None = None
    if uses_cbm:
        cbm_total = 0
        for answer in graded:
            if answer.cbm_mark is not None:
                cbm_total += answer.cbm_mark
            elif answer.answered:
                cbm_total += cbm_mark(answer.correct, 1)
    return AttemptScore(
        question_count=count,
        answered_count=sum(answer.answered for answer in graded),
        correct_count=sum(answer.correct for answer in graded),
        points=points,
        percent=min(100.0, 100.0 * points / count) if count else 0.0,
        cbm_total=cbm_total,
        cbm_average=cbm_total / count if cbm_total is not None and count else None,
    )


def _rng(attempt_seed: int, *parts: str) -> random.Random:
    digest = hashlib.sha256("\x1f".join((str(attempt_seed), *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def option_permutation(attempt_seed: int, question_id: str, count: int) -> tuple[int, ...]:
    """A stable permutation of range(count) for (attempt seed, question id).

    The same inputs always give the same order (in any process), so a rerun never reshuffles.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    order = list(range(count))
    _rng(attempt_seed, "options", question_id).shuffle(order)
    return tuple(order)


def shuffled_options(question: Question, attempt_seed: int) -> tuple[str, ...]:
    """Option ids of `question` in this attempt's order; true/false keeps True before False."""
    ids = tuple(option.id for option in question.options)
    if question.type == "true_false":
        return ids
    return tuple(ids[i] for i in option_permutation(attempt_seed, question.id, len(ids)))


def pick_questions(
    questions: Sequence[Question], count: int | None, attempt_seed: int
) -> tuple[Question, ...]:
    """`count` questions drawn without replacement for this seed (all, shuffled, when None)."""
    if count is not None and count < 0:
        raise ValueError("count must be >= 0")
    order = list(range(len(questions)))
    _rng(attempt_seed, "questions", *(q.id for q in questions)).shuffle(order)
    chosen = order if count is None else order[: min(count, len(order))]
    return tuple(questions[i] for i in chosen)
