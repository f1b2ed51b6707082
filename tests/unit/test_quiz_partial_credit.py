"""Partial credit everywhere Moodle has it: weights on choices, short answers and numbers, and
grading, certainty-based marks, item analysis and the live distribution that use them."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from deploycore.quiz.grading import Response, cbm_mark, grade, score_attempt, wildcard_matches
from deploycore.quiz.live.results import distribution_of
from deploycore.quiz.models import NumericAnswer, Option, Question
from deploycore.quiz.responses import response_from_json, response_to_json
from deploycore.quiz.stats import analyse_items
from deploycore.quiz.storage import LiveAnswer

COMMON = {"topic": "other", "difficulty": "medium", "kind": "recall", "prompt": "Q?"}


def _question(qid: str, kind: str, **fields: object) -> Question:
    return Question.model_validate({"id": qid, "type": kind, **COMMON, **fields})


WEIGHTED = _question(
    "weighted", "multiple",
    options=[{"id": "a", "text": "A", "weight": 70}, {"id": "b", "text": "B", "weight": 30},
             {"id": "c", "text": "C", "weight": -50}],
)  # fmt: skip
SHORT = _question(
    "short", "short_answer",
    options=[{"id": "full", "text": "Azure Container Instance*", "correct": True},
             {"id": "abbr", "text": "ACI", "weight": 100},
             {"id": "half", "text": "*container*", "weight": 50, "explanation": "Which one?"}],
)  # fmt: skip
NUMBERS = _question(
    "numbers",
    "numeric",
    numeric={"value": 1822, "tolerance": 0},
    numeric_more=[{"value": 1822, "tolerance": 2, "weight": 50}],
)


def _score(question: Question, **answer: object) -> float:
    return grade(question, Response(question_id=question.id, **answer)).score  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chosen", "score"),
    [({"a"}, 0.7), ({"a", "b"}, 1.0), ({"a", "c"}, 0.2), ({"b", "c"}, 0.0), ({"a", "x"}, 0.2)],
)
def test_multiple_choice_weights_add_up_and_clamp_at_zero(chosen: set[str], score: float) -> None:
    assert _score(WEIGHTED, selected_option_ids=frozenset(chosen)) == pytest.approx(score)


def test_weighted_options_are_right_when_they_earn_credit() -> None:
    assert WEIGHTED.correct_option_ids == {"a", "b"}
    with pytest.raises(ValueError, match="add up to 150 %"):
        _question("bad", "multiple", options=[{"id": "a", "text": "A", "weight": 100},
                                               {"id": "b", "text": "B", "weight": 50}])  # fmt: skip


def test_default_weights_are_dropped_so_one_question_has_one_form() -> None:
    options = [{"id": "a", "text": "A", "weight": 50}, {"id": "b", "text": "B", "weight": 50},
               {"id": "c", "text": "C", "weight": -100}]  # fmt: skip
    explicit = _question("d", "multiple", options=options)
    assert [o.weight for o in explicit.options] == [None, None, None]
    assert explicit.correct_option_ids == {"a", "b"}


@pytest.mark.parametrize(
    ("typed", "score", "matched"),
    [
        ("azure container instance", 1.0, "full"),
        ("Azure Container Instances", 1.0, "full"),
        (" aci ", 1.0, "abbr"),
        ("a container", 0.5, "half"),
        ("AKS", 0.0, None),
        ("", 0.0, None),
    ],
)
def test_short_answer_wildcards_weights_and_case(
    typed: str, score: float, matched: str | None
) -> None:
    graded = grade(SHORT, Response(question_id="short", text_value=typed or None))
    assert graded.score == score
    assert [o.option_id for o in graded.options if o.chosen] == ([matched] if matched else [])


def test_the_case_switch_makes_capitals_matter() -> None:
    strict = SHORT.model_copy(update={"case_sensitive": True})
    assert _score(strict, text_value="aci") == 0 and _score(strict, text_value="ACI") == 1
    assert wildcard_matches("a\\*b", "a*b") and not wildcard_matches("a\\*b", "axb")


def test_numeric_answers_are_tried_in_order_with_their_weights() -> None:
    assert _score(NUMBERS, numeric_value=1822) == 1
    assert _score(NUMBERS, numeric_value=1820.5) == 0.5
    assert _score(NUMBERS, numeric_value=1830) == 0
    ranged = _question("r", "numeric", numeric=NumericAnswer(value=3, tolerance=2))
    assert _score(ranged, numeric_value=1) == 1 and _score(ranged, numeric_value=0.9) == 0


def test_certainty_based_marks_scale_with_partial_credit() -> None:
    assert cbm_mark(0.5, 3) == pytest.approx(0.5 * 3 + 0.5 * -6)
    assert cbm_mark(True, 2) == 2 and cbm_mark(False, 2) == -2
    graded = grade(SHORT, Response(question_id="short", text_value="containers", confidence=3))
    assert graded.verdict == "Partly correct" and graded.cbm_mark == pytest.approx(-1.5)
    assert score_attempt([graded]).points == 0.5


def test_typed_answers_are_stored_and_read_back() -> None:
    response = Response(question_id="short", text_value="ACI", confidence=2)
    assert response_from_json("short", response_to_json(response)) == response


def test_item_analysis_uses_scores_and_counts_typed_answers() -> None:
    learners = {
        "ada": [Response(question_id="short", text_value="ACI"),
                Response(question_id="weighted", selected_option_ids=frozenset({"a", "b"}))],
        "bo": [Response(question_id="short", text_value="my container"),
               Response(question_id="weighted", selected_option_ids=frozenset({"a"}))],
        "cy": [Response(question_id="short", text_value="  AKS "),
               Response(question_id="weighted", selected_option_ids=frozenset({"c"}))],
        "di": [Response(question_id="short", text_value="aks"),
               Response(question_id="weighted", selected_option_ids=frozenset({"b"}))],
    }  # fmt: skip
    stats = analyse_items([SHORT, WEIGHTED], learners)
    short, weighted = stats.items
    # facility = mean score as a share of the mark (partial credit counts)
    assert short.facility == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert weighted.facility == pytest.approx((1 + 0.7 + 0 + 0.3) / 4)
    assert short.correct_count == 1 and short.option_counts == {"full": 0, "abbr": 1, "half": 1}
    assert short.wrong_answers == (("aks", 2),)  # normalised: trimmed, case folded
    # discrimination = correlation of the item's score with the rest of the test
    # scores [1, .5, 0, 0] against the rest [1, .7, 0, .3]: covariance .6 over the root of
    # the sums of squares .6875 and .58
    assert short.discrimination == pytest.approx(0.6 / math.sqrt(0.6875 * 0.58))
    assert stats.mean_score == pytest.approx((2 + 1.2 + 0 + 0.3) / 4)


def test_live_distribution_counts_each_accepted_answer_and_the_rest() -> None:
    now = datetime.now(UTC)
    answers = [
        LiveAnswer(id=i, session_id=1, participant_id=i, question_id="short",
                   response={"selected": [], "text": text}, is_correct=False, points=0.0,
                   answered_at=now)
        for i, text in enumerate(["aci", "ACI", "container", "nope"])
    ]  # fmt: skip
    counts = {o.label: o.count for o in distribution_of(SHORT, answers, 5).options}
    assert counts == {"“Azure Container Instance*”": 0, "“ACI”": 2, "“*container*”": 1,
                      "Any other answer": 1}  # fmt: skip


def test_option_without_weight_keeps_the_old_all_or_nothing_single_choice() -> None:
    single = _question("s", "single", options=[Option(id="a", text="A", correct=True),
                                               Option(id="b", text="B")])  # fmt: skip
    assert _score(single, selected_option_ids=frozenset({"a"})) == 1
    assert _score(single, selected_option_ids=frozenset({"a", "b"})) == 0
