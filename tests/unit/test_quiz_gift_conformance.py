"""Every form of Moodle's GIFT documentation and examples file, read as Moodle's parser
(question/format/gift/format.php) reads it. Our own questions, one test per form or edge case.
"""

from __future__ import annotations

import pytest

from deploycore.quiz.gift import read_gift
from deploycore.quiz.grading import Response, grade
from deploycore.quiz.models import Question
from deploycore.quiz.refusals import ImportResult


def _one(text: str) -> Question:
    result = read_gift(text, "c.gift")
    assert result.refused == (), result.refused
    (question,) = result.questions
    return question


def _refused(text: str) -> ImportResult:
    result = read_gift(text, "c.gift")
    assert result.questions == ()
    return result


def _weights(question: Question) -> list[float]:
    return [question.weight_of(option) for option in question.options]


def _score(question: Question, **answer: object) -> float:
    return grade(question, Response(question_id=question.id, **answer)).score  # type: ignore[arg-type]


# ---------------------------------------------------------------- multiple choice


def test_single_choice_with_right_and_wrong_answers() -> None:
    q = _one("Which runs all day? {~A batch job =An online endpoint ~A notebook}")
    assert q.type == "single" and [o.text for o in q.options][1] == "An online endpoint"
    assert _weights(q) == [0, 100, 0]


def test_answers_on_several_lines() -> None:
    q = _one("Pick the cheapest for nightly scoring {\n  ~GPU cluster\n  =Batch endpoint\n}")
    assert q.type == "single" and q.correct_option_ids == {"b"}


def test_missing_word_puts_a_blank_where_the_block_was() -> None:
    q = _one("Nightly scoring is a {=batch ~real-time} workload.")
    assert q.prompt == "Nightly scoring is a _____ workload."


def test_block_at_the_end_leaves_the_text_alone() -> None:
    q = _one("Nightly scoring is a workload of type {=batch ~real-time}")
    assert q.prompt == "Nightly scoring is a workload of type"


def test_partial_credit_on_a_single_choice() -> None:
    q = _one("Best? {=Endpoint ~%50%Container ~VM}")
    assert q.type == "single" and _weights(q) == [100, 50, 0]
    assert _score(q, selected_option_ids=frozenset({"b"})) == 0.5


def test_multiple_answers_with_negative_weights() -> None:
    q = _one("Which are batch? {~%70%Nightly ~%30%Weekly ~%-50%Per click}")
    assert q.type == "multiple" and _weights(q) == [70, 30, -50]
    assert _score(q, selected_option_ids=frozenset({"a", "c"})) == pytest.approx(0.2)
    assert _score(q, selected_option_ids=frozenset({"c"})) == 0


def test_tilde_answers_that_are_all_non_positive_are_refused_as_moodle_does() -> None:
    result = _refused("Which? {~a ~%-50%b ~c}")
    assert result.refused[0].type == "multiple" and result.refused[0].line == 1


def test_two_equals_signs_make_a_single_choice_with_two_full_answers() -> None:
    q = _one("Synonyms? {=online =real-time ~batch}")
    assert q.type == "single" and _weights(q) == [100, 100, 0]


# ---------------------------------------------------------------- short answer


def test_short_answer_with_several_accepted_answers() -> None:
    q = _one("Which service? {=ACI =Azure Container Instances}")
    assert q.type == "short_answer" and [o.text for o in q.options] == [
        "ACI",
        "Azure Container Instances",
    ]
    assert _score(q, text_value="  azure container   instances ") == 0  # inner spaces count
    assert _score(q, text_value="  aci ") == 1


def test_short_answer_weights_feedback_and_wildcard() -> None:
    q = _one("Home town? {=Nazareth#Yes =%75%Naz*th#Misspelt =%25%Bethlehem#Born there}")
    assert _weights(q) == [100, 75, 25]
    assert [o.explanation for o in q.options] == ["Yes", "Misspelt", "Born there"]
    assert _score(q, text_value="Nazereth") == 0.75
    assert _score(q, text_value="bethlehem") == 0.25


def test_one_short_answer_only() -> None:
    q = _one("::Origin::Where do the characters come from? {=China}")
    assert q.type == "short_answer" and q.name == "Origin"


# ---------------------------------------------------------------- true / false


@pytest.mark.parametrize(("mark", "right"), [("T", "true"), ("TRUE", "true"), ("F", "false"),
                                             ("FALSE", "false")])  # fmt: skip
def test_true_false_marks(mark: str, right: str) -> None:
    assert _one(f"Batch suits nightly jobs.{{{mark}}}").correct_option_ids == {right}


def test_true_false_with_two_feedbacks_first_is_for_a_wrong_answer() -> None:
    q = _one("Endpoints idle for free.{FALSE#They bill while idle.#Right, they bill.}")
    assert q.option("true").explanation == "They bill while idle."
    assert q.option("false").explanation == "Right, they bill."


# ---------------------------------------------------------------- numeric


def test_numeric_forms() -> None:
    exact = _one("Hours a month? {#730}")
    margin = _one("Pi? {#3.1415:0.0005}.")
    span = _one("Between? {#1..5}")
    assert exact.numeric is not None and exact.numeric.tolerance == 0
    assert margin.prompt == "Pi? _____." and margin.numeric is not None
    assert span.numeric is not None and (span.numeric.value, span.numeric.tolerance) == (3, 2)
    assert _score(span, numeric_value=5) == 1 and _score(span, numeric_value=5.01) == 0


def test_numeric_answers_with_weights_tolerances_and_feedback() -> None:
    q = _one("Born? {#\n  =1822:0 #Exactly\n  =%50%1822:2 #Close\n  ~#Not near}")
    assert [(a.value, a.tolerance, a.weight, a.feedback) for a in q.numeric_answers] == [
        (1822, 0, 100, "Exactly"),
        (1822, 2, 50, "Close"),
    ]
    assert q.other_feedback == "Not near"
    assert _score(q, numeric_value=1822) == 1 and _score(q, numeric_value=1823) == 0.5


# ---------------------------------------------------------------- names, comments, feedback


def test_line_comments_are_ignored() -> None:
    q = _one("// a note for the trainer\nWhat is 2 plus 2? {#4}\n// another")
    assert q.prompt == "What is 2 plus 2?"


def test_question_name_and_an_unclosed_name() -> None:
    assert _one("::Sizing::How many cores? {#4}").name == "Sizing"
    q = _one("::How many cores? {#4}")
    assert q.name is None and q.prompt == "How many cores?"


def test_answer_feedback_and_general_feedback() -> None:
    q = _one("Cheapest? {~GPU#Costly =CPU#Yes ####CPUs cost less per hour.}")
    assert [o.explanation for o in q.options] == ["Costly", "Yes"]
    assert q.explanation == "CPUs cost less per hour."


@pytest.mark.parametrize("name", ["markdown", "html", "plain", "moodle"])
def test_text_format_markers(name: str) -> None:
    q = _one(f"[{name}]Who is **buried** here? {{=no one}}")
    assert q.text_format == name and q.prompt == "Who is **buried** here?"


def test_an_unknown_marker_is_text() -> None:
    assert _one("[latex]x? {=y}").prompt == "[latex]x?"


# ---------------------------------------------------------------- escapes and odd characters


def test_escapes() -> None:
    q = _one(r"Which is 5? {~ \= 2 + 2 = \= 2 + 3 #Yes\: \{5\} \~ \# ~ a\\b#line\nbreak}")
    assert [o.text for o in q.options] == ["= 2 + 2", "= 2 + 3", "a\\b"]
    assert q.options[1].explanation == "Yes: {5} ~ #"
    assert q.options[2].explanation == "line\nbreak"


def test_answers_that_start_with_a_percent_sign() -> None:
    q = _one("Discount? {=%50% off the list price ~%abc%x ~100 % off}")
    assert [o.text for o in q.options] == ["%50% off the list price", "%abc%x", "100 % off"]
    weighted = _one("Discount? {~%50%%25 off ~%50%half ~none}")
    assert weighted.options[0].text == "%25 off" and _weights(weighted) == [50, 50, 0]


def test_windows_line_endings_and_a_byte_order_mark() -> None:
    text = "\ufeff::A::First? {=x ~y}\r\n\r\n::B::Second?\r\n{T}\r\n"
    result = read_gift(text, "c.gift")
    assert [q.name for q in result.questions] == ["A", "B"] and result.refused == ()
    assert result.questions[1].prompt == "Second?"


def test_categories_are_kept_as_the_topic_path() -> None:
    result = read_gift("$CATEGORY: deployment/batch\n\nA? {T}\n\n$CATEGORY: x/y\n\nB? {F}")
    assert [(q.topic, q.category) for q in result.questions] == [
        ("batch", "deployment/batch"),
        ("other", "x/y"),
    ]


# ---------------------------------------------------------------- types we cannot grade


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Match the capitals. {\n=Canada -> Ottawa\n=Italy -> Rome\n}", "matching"),
        ("Write about batch scoring. {}", "essay"),
        ("Read this before the next questions.", "description"),
        ("The capital is {1:SHORTANSWER:=Berlin}.", "cloze"),
    ],
)
def test_types_we_cannot_grade_are_refused_with_line_and_type(text: str, kind: str) -> None:
    result = read_gift(f"Ok? {{T}}\n\n// about to fail\n{text}\n", "c.gift")
    assert len(result.questions) == 1
    (refusal,) = result.refused
    assert (refusal.line, refusal.type) == (4, kind)
