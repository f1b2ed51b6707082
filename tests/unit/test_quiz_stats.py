"""Item analysis against a hand-worked example, plus its edge cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.quiz import (
    Option,
    Question,
    Response,
    analyse_items,
    correlation,
    item_rest_correlation,
    kr20,
)


def _question(question_id: str) -> Question:
    return Question(
        id=question_id,
        topic="batch",
        difficulty="easy",
        kind="recall",
        type="single",
        prompt=f"{question_id}?",
        explanation="Because.",
        options=(
            Option(id="a", text="A", correct=True, explanation="Right."),
            Option(id="b", text="B", explanation="Wrong."),
            Option(id="c", text="C", explanation="Also wrong."),
        ),
    )


QUESTIONS = [_question("q1"), _question("q2"), _question("q3")]

# Learners x items, 1 = right. L4's wrong q1 answer is "c"; L5 skipped q3.
WORKED = {
    "L1": {"q1": "a", "q2": "a", "q3": "a"},
    "L2": {"q1": "a", "q2": "a", "q3": "b"},
    "L3": {"q1": "a", "q2": "b", "q3": "b"},
    "L4": {"q1": "c", "q2": "a", "q3": "b"},
    "L5": {"q1": "b", "q2": "b"},
}


def _responses(table: dict[str, dict[str, str]]) -> dict[str, list[Response]]:
    return {
        learner: [
            Response(question_id=qid, selected_option_ids=frozenset({choice}))
            for qid, choice in answers.items()
        ]
        for learner, answers in table.items()
    }


def test_hand_worked_example() -> None:
    """Five learners, three items.

    Scores (q1 q2 q3 | total): L1 1 1 1 | 3, L2 1 1 0 | 2, L3 1 0 0 | 1, L4 0 1 0 | 1,
    L5 0 0 0 | 0 (q3 not answered counts 0).

    Facility p: q1 = 3/5 = 0.6, q2 = 3/5 = 0.6, q3 = 1/5 = 0.2.

    Totals 3, 2, 1, 1, 0: mean 7/5 = 1.4; squared deviations 2.56 + 0.36 + 0.16 + 0.16 + 1.96
    = 5.2; population variance 5.2 / 5 = 1.04.
    Sum of p*q = 0.6*0.4 + 0.6*0.4 + 0.2*0.8 = 0.24 + 0.24 + 0.16 = 0.64.
    KR-20 = k/(k-1) * (1 - 0.64/1.04) = 3/2 * 0.40/1.04 = 0.60/1.04 = 15/26 = 0.5769.

    Discrimination (item vs rest = total minus the item):
    q1: x = 1,1,1,0,0; rest = 2,1,0,1,0 (mean 0.8). cov = mean(x*rest) - 0.6*0.8
        = 3/5 - 0.48 = 0.12; var x = 0.24; var rest = 6/5 - 0.64 = 0.56;
        r = 0.12 / sqrt(0.24 * 0.56) = sqrt(0.0144 / 0.1344) = sqrt(3/28) = 0.3273.
    q2: x = 1,1,0,1,0; rest = 2,1,1,0,0: the same moments, r = sqrt(3/28) = 0.3273.
    q3: x = 1,0,0,0,0; rest = 2,2,1,1,0 (mean 1.2). cov = 2/5 - 0.2*1.2 = 0.16;
        var x = 0.16; var rest = 10/5 - 1.44 = 0.56; r = 0.16 / sqrt(0.16 * 0.56)
        = sqrt(0.16 / 0.56) = sqrt(2/7) = 0.5345.
    """
    stats = analyse_items(QUESTIONS, _responses(WORKED))
    assert stats.learner_count == 5 and stats.item_count == 3
    assert stats.mean_score == pytest.approx(1.4)
    assert stats.score_variance == pytest.approx(1.04)
    assert stats.kr20 == pytest.approx(15 / 26)
    q1, q2, q3 = stats.items
    assert [q1.facility, q2.facility, q3.facility] == pytest.approx([0.6, 0.6, 0.2])
    assert q1.discrimination == pytest.approx(math.sqrt(3 / 28))
    assert q2.discrimination == pytest.approx(math.sqrt(3 / 28))
    assert q3.discrimination == pytest.approx(math.sqrt(2 / 7))
    # distractor analysis: who chose which option
    assert q1.option_counts == {"a": 3, "b": 1, "c": 1}
    assert q3.option_counts == {"a": 1, "b": 3, "c": 0}
    assert (q3.answered_count, q3.correct_count, q3.learner_count) == (4, 1, 5)


def test_matrix_helpers_agree_with_the_example() -> None:
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]
    assert kr20(matrix) == pytest.approx(15 / 26)
    assert item_rest_correlation(matrix, 2) == pytest.approx(math.sqrt(2 / 7))


def test_last_response_counts_and_unknown_questions_are_ignored() -> None:
    responses = {
        "L1": [
            Response(question_id="q1", selected_option_ids=frozenset({"b"})),
            Response(question_id="q1", selected_option_ids=frozenset({"a"})),
            Response(question_id="elsewhere", selected_option_ids=frozenset({"a"})),
        ]
    }
    stats = analyse_items(QUESTIONS[:1], responses)
    assert stats.items[0].correct_count == 1
    assert stats.items[0].option_counts == {"a": 1, "b": 0, "c": 0}


def test_undefined_figures_are_none_not_errors() -> None:
    empty = analyse_items(QUESTIONS, {})
    assert empty.kr20 is None and empty.mean_score is None
    assert all(item.facility is None and item.discrimination is None for item in empty.items)
    everyone_right = {f"L{i}": {"q1": "a", "q2": "a", "q3": "a"} for i in range(4)}
    stats = analyse_items(QUESTIONS, _responses(everyone_right))
    assert stats.kr20 is None  # no variance in totals
    assert all(item.facility == 1.0 and item.discrimination is None for item in stats.items)
    assert kr20([[1], [0]]) is None  # one item
    assert correlation([1.0], [2.0]) is None


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=1), min_size=3, max_size=3),
        min_size=2,
        max_size=40,
    )
)
def test_statistics_stay_in_range(matrix: list[list[int]]) -> None:
    for item in range(3):
        r = item_rest_correlation(matrix, item)
        assert r is None or -1.0 <= r <= 1.0
    value = kr20(matrix)
    assert value is None or value <= 1.0 + 1e-9


def test_perfectly_consistent_items_have_kr20_of_one() -> None:
    """Each learner gets all items right or all wrong: the items agree perfectly."""
    matrix = [[1, 1, 1]] * 3 + [[0, 0, 0]] * 2
    assert kr20(matrix) == pytest.approx(1.0)
