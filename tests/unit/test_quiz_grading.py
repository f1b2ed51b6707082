"""Grading of every question type, certainty-based marks, attempt totals, seeded order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.quiz import (
    CBM_MARKS_RIGHT,
    CBM_MARKS_WRONG,
    NumericAnswer,
    Option,
    Question,
    Response,
    cbm_mark,
    grade,
    option_permutation,
    pick_questions,
    score_attempt,
    shuffled_options,
)

ROOT = Path(__file__).resolve().parents[2]


def _choice(kind: str, correct: set[str], ids: str = "abcd") -> Question:
    return Question(
        id=f"{kind}-q",
        topic="batch",
        difficulty="easy",
        kind="recall",
        type=kind,  # type: ignore[arg-type]
        prompt="Pick.",
        explanation="General.",
        options=tuple(
            Option(id=i, text=i.upper(), correct=i in correct, explanation=f"Why {i}.") for i in ids
        ),
    )


SINGLE = _choice("single", {"b"})
MULTIPLE = _choice("multiple", {"a", "c"})
TRUE_FALSE = Question(
    id="tf-q",
    topic="batch",
    difficulty="easy",
    kind="recall",
    type="true_false",
    prompt="Batch results are stored.",
    explanation="General.",
    options=(
        Option(id="true", text="True", correct=True, explanation="Correct."),
        Option(id="false", text="False", explanation="Incorrect."),
    ),
)
NUMERIC = Question(
    id="num-q",
    topic="cost-of-compute",
    difficulty="medium",
    kind="scenario",
    type="numeric",
    prompt="How many dollars?",
    explanation="720 x 0.10 = 72.",
    numeric=NumericAnswer(value=72, tolerance=0.5, unit="USD per month"),
)


def _answer(question: Question, *ids: str, value: float | None = None, confidence=None):  # type: ignore[no-untyped-def]
    return grade(
        question,
        Response(
            question_id=question.id,
            selected_option_ids=frozenset(ids),
            numeric_value=value,
            confidence=confidence,
        ),
    )


def test_single_choice_right_wrong_and_unanswered() -> None:
    right = _answer(SINGLE, "b")
    assert (right.correct, right.score, right.verdict) == (True, 1.0, "Correct")
    wrong = _answer(SINGLE, "a")
    assert (wrong.correct, wrong.score, wrong.verdict) == (False, 0.0, "Incorrect")
    blank = _answer(SINGLE)
    assert (blank.answered, blank.correct, blank.verdict) == (False, False, "Not answered")
    two = _answer(SINGLE, "a", "b")
    assert not two.correct and two.score == 0.0


def test_review_lists_every_option_with_its_explanation() -> None:
    graded = _answer(SINGLE, "a")
    assert [(o.option_id, o.chosen, o.correct) for o in graded.options] == [
        ("a", True, False),
        ("b", False, True),
        ("c", False, False),
        ("d", False, False),
    ]
    assert graded.options[0].explanation == "Why a."
    assert graded.explanation == "General."


def test_multiple_choice_exact_set_and_partial_credit() -> None:
    assert _answer(MULTIPLE, "a", "c").correct
    half = _answer(MULTIPLE, "a")
    assert (half.correct, half.score, half.verdict) == (False, 0.5, "Partly correct")
    # one right (+1/2) and one wrong (-1/2) cancel out
    assert _answer(MULTIPLE, "a", "b").score == 0.0
    assert _answer(MULTIPLE, "b", "d").score == 0.0
    assert _answer(MULTIPLE, "a", "b", "c", "d").score == 0.0


def test_true_false() -> None:
    assert _answer(TRUE_FALSE, "true").correct
    assert not _answer(TRUE_FALSE, "false").correct
    assert shuffled_options(TRUE_FALSE, 123) == ("true", "false")


def test_numeric_within_tolerance_including_bounds() -> None:
    assert _answer(NUMERIC, value=72).correct
    assert _answer(NUMERIC, value=72.5).correct
    assert _answer(NUMERIC, value=71.5).correct
    assert not _answer(NUMERIC, value=72.51).correct
    assert not _answer(NUMERIC, value=-72).correct
    assert _answer(NUMERIC).verdict == "Not answered"
    assert _answer(NUMERIC, value=0).answered


def test_numeric_tolerance_survives_binary_floating_point() -> None:
    answer = NumericAnswer(value=12, tolerance=0.1)
    assert answer.accepts(12.1) and answer.accepts(11.9)


def test_response_for_another_question_is_refused() -> None:
    with pytest.raises(ValueError, match="not 'single-q'"):
        grade(SINGLE, Response(question_id="other", selected_option_ids=frozenset({"a"})))


def test_cbm_table_is_gardner_medwins() -> None:
    assert [cbm_mark(True, c) for c in (1, 2, 3)] == [1, 2, 3]
    assert [cbm_mark(False, c) for c in (1, 2, 3)] == [0, -2, -6]
    graded = _answer(SINGLE, "a", confidence=3)
    assert graded.cbm_mark == -6


def test_attempt_score_plain_and_certainty_based() -> None:
    graded = [
        _answer(SINGLE, "b", confidence=3),  # right, sure: +3
        _answer(MULTIPLE, "a", confidence=2),  # half right at C2: 0.5 x 2 + 0.5 x -2 = 0
        _answer(TRUE_FALSE, "true"),  # right, no confidence: counts at C1: +1
        _answer(NUMERIC),  # not answered: 0
    ]
    score = score_attempt(graded)
    assert score.question_count == 4
    assert score.answered_count == 3
    assert score.correct_count == 2
    assert score.points == 2.5
    assert score.percent == 62.5
    assert score.cbm_total == 3 + 0 + 1 + 0
    assert score.cbm_average == pytest.approx(1.0)


def test_attempt_without_confidence_has_no_cbm() -> None:
    score = score_attempt([_answer(SINGLE, "b"), _answer(SINGLE, "a")])
    assert score.cbm_total is None and score.cbm_average is None
    assert score.percent == 50.0
    empty = score_attempt([])
    assert empty.percent == 0.0 and empty.cbm_average is None


@given(st.integers(), st.text(max_size=20), st.integers(min_value=0, max_value=30))
def test_option_permutation_is_a_stable_permutation(seed: int, question_id: str, n: int) -> None:
    order = option_permutation(seed, question_id, n)
    assert sorted(order) == list(range(n))
    assert option_permutation(seed, question_id, n) == order


@given(st.integers(min_value=0, max_value=2**32))
def test_shuffled_options_keeps_every_option(seed: int) -> None:
    order = shuffled_options(SINGLE, seed)
    assert sorted(order) == ["a", "b", "c", "d"]


def test_option_order_varies_across_attempts_and_questions() -> None:
    orders = {option_permutation(seed, "q", 4) for seed in range(40)}
    assert len(orders) > 10
    assert option_permutation(7, "q1", 6) != option_permutation(7, "q2", 6) or (
        option_permutation(8, "q1", 6) != option_permutation(8, "q2", 6)
    )


def test_option_permutation_is_the_same_in_another_process() -> None:
    """Derived from a digest, not Python's salted hash(): the same order after a restart."""
    code = (
        "from deploycore.quiz import option_permutation;"
        "print(list(option_permutation(42, 'seed-deployed-model-compute', 6)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        for hash_seed in ("1", "2")
    }
    assert outputs == {str(list(option_permutation(42, "seed-deployed-model-compute", 6)))}


@given(st.integers(), st.integers(min_value=0, max_value=6))
def test_pick_questions_draws_distinct_questions(seed: int, count: int) -> None:
    pool = [SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC]
    picked = pick_questions(pool, count, seed)
    assert len(picked) == min(count, 4)
    assert len({q.id for q in picked}) == len(picked)
    assert pick_questions(pool, count, seed) == picked
    assert sorted(q.id for q in pick_questions(pool, None, seed)) == sorted(q.id for q in pool)


@given(st.sets(st.sampled_from("abcd")))
def test_multiple_choice_score_bounds(chosen: set[str]) -> None:
    graded = _answer(MULTIPLE, *chosen)
    assert 0.0 <= graded.score <= 1.0
    assert graded.correct == (chosen == {"a", "c"})
    assert (graded.score == 1.0) == graded.correct


@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=0, max_value=1e3),
    st.floats(min_value=-1e6, max_value=1e6),
)
def test_numeric_accepts_exactly_the_tolerance_band(
    value: float, tolerance: float, answer: float
) -> None:
    accepted = NumericAnswer(value=value, tolerance=tolerance).accepts(answer)
    distance = abs(answer - value)
    if distance < tolerance * (1 - 1e-6):
        assert accepted
    if distance > tolerance + 1e-6 * max(1.0, abs(value), tolerance) + 1e-6:
        assert not accepted


@given(
    st.lists(st.tuples(st.booleans(), st.sampled_from([None, 1, 2, 3])), min_size=1, max_size=30)
)
def test_attempt_totals_stay_in_range(answers: list[tuple[bool, int | None]]) -> None:
    graded = [_answer(SINGLE, "b" if right else "a", confidence=c) for right, c in answers]
    score = score_attempt(graded)
    assert 0.0 <= score.percent <= 100.0
    assert score.correct_count == sum(right for right, _ in answers)
    if score.cbm_average is not None:
        assert min(CBM_MARKS_WRONG.values()) <= score.cbm_average <= max(CBM_MARKS_RIGHT.values())


@given(st.floats(min_value=0.0, max_value=1.0))
def test_cbm_rewards_honest_confidence(p: float) -> None:
    """Expected mark is highest at the level matching the chance of being right:
    C1 below 67 %, C3 above 80 % (Gardner-Medwin's thresholds)."""
    expected = {c: p * CBM_MARKS_RIGHT[c] + (1 - p) * CBM_MARKS_WRONG[c] for c in (1, 2, 3)}
    best = max(expected, key=lambda c: expected[c])
    if p < 2 / 3 - 1e-9:
        assert best == 1
    elif 2 / 3 + 1e-9 < p < 0.8 - 1e-9:
        assert best == 2
    elif p > 0.8 + 1e-9:
        assert best == 3
