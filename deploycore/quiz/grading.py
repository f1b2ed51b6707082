"""Grading of one answer and of an attempt, certainty-based marks, and seeded option order.

Pure functions over the bank's models: no storage, no clock, no global random state.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.models import FULL_WEIGHT, Option, Question

Confidence = Literal[1, 2, 3]

TYPED_ANSWER_MAX_CHARS = 200  # a short answer is a word or a phrase

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
    text_value: str | None = Field(default=None, max_length=TYPED_ANSWER_MAX_CHARS)
    confidence: Confidence | None = None

    @property
    def answered(self) -> bool:
        """Whether the learner chose an option, entered a number or typed an answer."""
        return (
            bool(self.selected_option_ids)
            or self.numeric_value is not None
            or bool(self.text_value and self.text_value.strip())
        )


class OptionFeedback(BaseModel):
    """One option as the review shows it: chosen or not, right or not, and why."""

    model_config = ConfigDict(frozen=True)

    option_id: str
    text: str
    chosen: bool
    correct: bool
    explanation: str
    weight: float = Field(default=FULL_WEIGHT, description="percent of the mark it earns")


class GradedAnswer(BaseModel):
    """The grade of one response, with the words a learner is shown."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    answered: bool
    correct: bool
    score: float = Field(ge=0, le=1, description="share of the mark: 1 right, 0 wrong, partial")
    confidence: Confidence | None
    cbm_mark: float | None = Field(description="certainty-based mark; None without a confidence")
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
    cbm_total: float | None = Field(description="sum of CBM marks; None if no confidence was given")
    cbm_average: float | None = Field(description="CBM marks per question, -6..3")


def cbm_mark(correct: bool | float, confidence: Confidence) -> float:
    """Certainty-based mark: 1/2/3 when right, 0/-2/-6 when wrong, at confidence 1/2/3.

    A partly right answer (score s between 0 and 1) earns s of the right mark plus (1 - s) of
    the wrong one, as Moodle's deferred CBM behaviour does.
    """
    share = float(correct)
    return CBM_MARKS_RIGHT[confidence] * share + CBM_MARKS_WRONG[confidence] * (1.0 - share)


def normalise_typed(text: str, case_sensitive: bool = False) -> str:
    """A typed answer as it is compared and counted: NFC, trimmed, inner spaces folded."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return folded if case_sensitive else folded.casefold()


def wildcard_matches(pattern: str, typed: str, case_sensitive: bool = False) -> bool:
    """Moodle's short-answer comparison: `*` matches any characters (`\\*` a literal star)."""
    bits = re.split(r"(?<!\\)\*+", unicodedata.normalize("NFC", pattern))
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    text = unicodedata.normalize("NFC", typed).strip()
    return re.fullmatch(regexp, text, flags) is not None


def matched_option(question: Question, typed: str) -> Option | None:
    """The first accepted answer of a short-answer question that `typed` matches, or None."""
    if not typed.strip():
        return None
    for option in question.options:
        if wildcard_matches(option.text, typed, question.case_sensitive):
            return option
    return None


def _share(weight: float) -> float:
    return max(0.0, min(1.0, weight / FULL_WEIGHT))


def _choice_score(question: Question, selected: frozenset[str]) -> float:
    weights = {option.id: question.weight_of(option) for option in question.options}
    if question.type != "multiple":
        if len(selected) != 1:
            return 0.0
        return _share(weights.get(next(iter(selected)), 0.0))
    # Moodle's multiple answers: the weights of the chosen options add up (clamped to 0..100 %).
    # An unknown option id counts as the worst wrong option.
    worst = min(0.0, *weights.values())
    return _share(sum(weights.get(option_id, worst) for option_id in selected))


def _numeric_score(question: Question, value: float | None) -> float:
    if value is None:
        return 0.0
    for answer in question.numeric_answers:  # the first answer that accepts it counts
        if answer.accepts(value):
            return _share(answer.weight)
    return 0.0


def grade(question: Question, response: Response) -> GradedAnswer:
    """Grade one response to one question, by the answers' weights.

    Single choice and true/false earn the chosen option's weight; multiple choice the sum of
    the chosen options' weights; numeric and short answer the weight of the first accepted
    answer that matches. Scores are clamped to 0..1; `correct` means full credit.
    """
    if response.question_id != question.id:
        raise ValueError(f"response is for {response.question_id!r}, not {question.id!r}")
    selected = response.selected_option_ids
    if question.type == "numeric":
        score = _numeric_score(question, response.numeric_value)
    elif question.type == "short_answer":
        match = matched_option(question, response.text_value or "")
        selected = frozenset([match.id]) if match is not None else frozenset()
        score = _share(question.weight_of(match)) if match is not None else 0.0
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
        cbm_mark=cbm_mark(score, confidence) if confidence is not None else None,
        verdict=verdict,
        options=tuple(
            OptionFeedback(
                option_id=option.id,
                text=option.text,
                chosen=option.id in selected,
                correct=option.correct,
                explanation=option.explanation,
                weight=question.weight_of(option),
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
    cbm_total: float | None = None
    if uses_cbm:
        cbm_total = 0.0
        for answer in graded:
            if answer.cbm_mark is not None:
                cbm_total += answer.cbm_mark
            elif answer.answered:
                cbm_total += cbm_mark(answer.score, 1)
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
