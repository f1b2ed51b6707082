"""Item analysis of a set of answered questions: facility, discrimination, distractors, KR-20.

Classical test theory on item scores between 0 and 1, so partial credit counts as earned (the
definitions Moodle's quiz statistics use): facility is the mean score of an item, discrimination
the correlation of the item's score with the rest of the test, and reliability is coefficient
alpha, which is KR-20 when every score is 0 or 1. Typed short answers are counted normalised.
Pure arithmetic over responses; collecting them is the storage module's job.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.grading import Response, grade, normalise_typed
from deploycore.quiz.models import Question

WRONG_ANSWERS_SHOWN = 5  # most common wrong typed answers kept per short-answer question


class ItemStatistics(BaseModel):
    """How one question performed across the learners of a set."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    learner_count: int = Field(ge=0)
    answered_count: int = Field(ge=0)
    correct_count: int = Field(ge=0, description="learners with full credit")
    facility: float | None = Field(
        description="mean score (share of the mark, partial credit included), 0..1; None "
        "without learners"
    )
    discrimination: float | None = Field(
        description=(
            "corrected item-rest point-biserial correlation, -1..1; None when the item's or "
            "the rest scores' variance is zero"
        )
    )
    option_counts: dict[str, int] = Field(
        description="learners who chose each option (by option id, in the question's order); "
        "for short answer, whose typed answer matched each accepted answer"
    )
    wrong_answers: tuple[tuple[str, int], ...] = Field(
        default=(),
        description="short answer: the most common typed answers that earned nothing, "
        "normalised, with their counts",
    )


class SetStatistics(BaseModel):
    """Item statistics of every question and the set's reliability."""

    model_config = ConfigDict(frozen=True)

    learner_count: int = Field(ge=0)
    item_count: int = Field(ge=0)
    mean_score: float | None = Field(description="mean total score per learner (partial counts)")
    score_variance: float | None = Field(description="population variance of the total scores")
    kr20: float | None = Field(
        description="Kuder-Richardson 20 reliability (coefficient alpha with partial credit); "
        "None with fewer than 2 items or 2 learners or when every learner has the same total"
    )
    items: tuple[ItemStatistics, ...]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    """Population variance (divide by n), as KR-20's p*q terms are."""
    centre = _mean(values)
    return sum((value - centre) ** 2 for value in values) / len(values)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation of two equally long series; None when either does not vary."""
    if len(xs) != len(ys):
        raise ValueError("series differ in length")
    if len(xs) < 2:
        return None
    mean_x, mean_y = _mean(xs), _mean(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))
    if spread == 0:
        return None
    return max(-1.0, min(1.0, covariance / spread))


def kr20(matrix: Sequence[Sequence[float]]) -> float | None:
    """KR-20 of a learners x items matrix of scores between 0 and 1.

    alpha = k/(k-1) * (1 - sum of item variances / variance of totals); with 0/1 scores an
    item's variance is p*q (p = facility, q = 1 - p), which is KR-20.
    """
    if len(matrix) < 2:
        return None
    k = len(matrix[0])
    if k < 2:
        return None
    totals = [float(sum(row)) for row in matrix]
    variance = _variance(totals)
    if variance == 0:
        return None
    item_variance = sum(_variance([float(row[item]) for row in matrix]) for item in range(k))
    return k / (k - 1) * (1 - item_variance / variance)


def item_rest_correlation(matrix: Sequence[Sequence[float]], item: int) -> float | None:
    """Corrected discrimination of one item: its score against the total of the others."""
    scores = [float(row[item]) for row in matrix]
    rest = [float(sum(row) - row[item]) for row in matrix]
    return correlation(scores, rest)


def score_matrix(
    questions: Sequence[Question], responses_by_learner: Mapping[str, Iterable[Response]]
) -> list[list[float]]:
    """Learners (in mapping order) x questions of scores 0..1 (0 when not answered)."""
    matrix: list[list[float]] = []
    for responses in responses_by_learner.values():
        latest = {response.question_id: response for response in responses}
        row = []
        for question in questions:
            response = latest.get(question.id)
            row.append(grade(question, response).score if response is not None else 0.0)
        matrix.append(row)
    return matrix


def analyse_items(
    questions: Sequence[Question], responses_by_learner: Mapping[str, Iterable[Response]]
) -> SetStatistics:
    """Item analysis of `questions` answered by these learners.

    Every learner in the mapping counts for every question: a question they did not answer
    scores 0 (as an omitted answer does on a test). When a learner answered a question more
    than once, the last response counts. Responses to other questions are ignored.
    """
    learners = {learner: list(responses) for learner, responses in responses_by_learner.items()}
    matrix = score_matrix(questions, learners)
    latest = [{r.question_id: r for r in responses} for responses in learners.values()]
    n = len(matrix)
    items: list[ItemStatistics] = []
    for index, question in enumerate(questions):
        counts = {option.id: 0 for option in question.options}
        answered = 0
        wrong_typed: dict[str, int] = {}
        for by_question in latest:
            response = by_question.get(question.id)
            if response is None or not response.answered:
                continue
            answered += 1
            graded = grade(question, response)
            for option in graded.options:
                if option.chosen:
                    counts[option.option_id] += 1
            if question.type == "short_answer" and graded.score == 0:
                typed = normalise_typed(response.text_value or "", question.case_sensitive)
                wrong_typed[typed] = wrong_typed.get(typed, 0) + 1
        correct = sum(row[index] == 1.0 for row in matrix)
        total = sum(row[index] for row in matrix)
        common = sorted(wrong_typed.items(), key=lambda pair: (-pair[1], pair[0]))
        items.append(
            ItemStatistics(
                question_id=question.id,
                learner_count=n,
                answered_count=answered,
                correct_count=correct,
                facility=total / n if n else None,
                discrimination=item_rest_correlation(matrix, index) if n else None,
                option_counts=counts,
                wrong_answers=tuple(common[:WRONG_ANSWERS_SHOWN]),
            )
        )
    totals = [float(sum(row)) for row in matrix]
    return SetStatistics(
        learner_count=n,
        item_count=len(questions),
        mean_score=_mean(totals) if n else None,
        score_variance=_variance(totals) if n else None,
        kr20=kr20(matrix),
        items=tuple(items),
    )
