"""GIFT import and export: Moodle's syntax, exact round trip, refusals with line numbers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploycore.quiz import (
    KINDS,
    TOPICS,
    GiftError,
    NumericAnswer,
    Option,
    Question,
    QuestionBank,
    export_gift,
    import_gift,
    load_bank,
)
from deploycore.quiz.gift import read_gift


def _problems(text: str) -> list[str]:
    with pytest.raises(GiftError) as caught:
        import_gift(text, "in.gift")
    return [str(problem) for problem in caught.value.problems]


def test_shipped_bank_round_trips_exactly() -> None:
    bank = load_bank()
    assert import_gift(export_gift(bank)) == bank


def test_export_is_moodle_gift() -> None:
    bank = load_bank()
    text = export_gift(bank)
    assert "$CATEGORY: Deployment decisions/knowledge-check" in text
    assert "::seed-mobile-app-prediction-type::What type of predictions" in text
    assert "\t=Real-time predictions#Correct. Immediate predictions are required" in text
    # colons in text are escaped, as Moodle's exporter does
    assert "one patient at a time\\: immediate" in text
    # multiple-answer questions use weights and no '='
    assert "~%25%Frequency of predictions" in text and "~%-100%The programming" in text
    # numeric: value:tolerance
    assert "\t#72:0.5" in text


def test_moodle_examples_import() -> None:
    text = """// From Moodle's GIFT documentation
$CATEGORY: Course/Deployment/batch

::Grant TF:: Grant is buried in Grant's tomb.{FALSE#No, he is in it.#Right, he isn't.}

Who's buried in Grant's tomb?{~Grant#He is not. ~Jefferson =no one#Yes. ####Nobody is buried there.}

When was Ulysses S. Grant born?{#1822:5}

What is between 1 and 2?{#1.2..1.8}

Which two are primes?{~%50%2 ~%50%3 ~%-100%4#Four is 2 x 2.}

Grant is {~buried =entombed ~living} in Grant's tomb.

Braces \\{ and colons \\: and a \\= sign.{T}
"""
    bank = import_gift(text)
    tf, single, year, band, primes, missing, escaped = bank.questions
    assert tf.id == "grant-tf" and tf.type == "true_false" and tf.topic == "batch"
    assert tf.name == "Grant TF" and tf.category == "Course/Deployment/batch"
    assert tf.correct_option_ids == {"false"}
    assert tf.option("true").explanation == "No, he is in it."  # shown for the wrong answer
    assert tf.option("false").explanation == "Right, he isn't."
    assert single.type == "single" and single.correct_option_ids == {"c"}
    assert single.option("a").explanation == "He is not."
    assert single.option("b").explanation == ""  # nothing invented
    assert single.explanation == "Nobody is buried there."
    assert year.numeric == NumericAnswer(value=1822, tolerance=5)
    assert band.numeric is not None
    assert band.numeric.value == pytest.approx(1.5) and band.numeric.tolerance == pytest.approx(0.3)
    assert primes.type == "multiple" and primes.correct_option_ids == {"a", "b"}
    assert primes.option("c").explanation == "Four is 2 x 2."
    assert missing.prompt == "Grant is _____ in Grant's tomb."
    assert escaped.prompt == "Braces { and colons : and a = sign."
    assert escaped.correct_option_ids == {"true"}
    # no metadata: defaults that the README documents
    assert {q.difficulty for q in bank} == {"medium"} and {q.kind for q in bank} == {"recall"}


def test_titles_become_unique_ids() -> None:
    bank = import_gift("::Q1::A?{T}\n\n::Q1::B?{F}\n\nNo title here?{T}\n")
    assert [q.id for q in bank] == ["q1", "q1-2", "no-title-here"]
    assert [q.name for q in bank] == ["Q1", "Q1", None]


def test_unknown_category_gives_topic_other_and_keeps_the_path() -> None:
    bank = import_gift("$CATEGORY: My course/Week 3\n\nA?{T}\n")
    assert bank.questions[0].topic == "other"
    assert bank.questions[0].category == "My course/Week 3"
    assert "$CATEGORY: My course/Week 3" in export_gift(bank)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q? {~a =b\n", "in.gift:1: '{' is never closed with '}'"),
        ("\n\nQ? ~a =b}\n", "in.gift:3: '}' without an opening '{' before it"),
        ("Just a description.\n", "in.gift:1: a description"),
        ("Essay?{}\n", "in.gift:1: essay questions"),
        ("Match{=a -> 1 =b -> 2}\n", "in.gift:1: matching questions"),
        ("Which?{\n~a\n~%150%b\n=c}\n", "in.gift:3: answer weight 150% is outside"),
        ("Which?{~a ~b}\n", "in.gift:1: a multiple-choice question needs at least one correct"),
        ("Which?{~%50%a ~b}\n", "in.gift:1: the positive weights of a multiple-choice question"),
        ("Which?{~a}\n", "in.gift:1: a choice question needs at least two answers"),
        ("How many?{\n#seventy}\n", "in.gift:2: 'seventy' is not a number"),
        ("How many?{#1_000}\n", "in.gift:1: '1_000' is not a number"),
        ("How many?{#=%50%5}\n", "in.gift:1: one numeric answer needs full credit"),
        ("Name?{=%50%Paris}\n", "in.gift:1: a short-answer question needs one answer worth 100"),
        ("{T}\n", "in.gift:1: the question has no text"),
        ("$CATEGORY: x/batch\nA?{T}\n", "in.gift:2: put a blank line after the $CATEGORY"),
        ("Two?{T} and {F}\n", "in.gift:1: only one answer block"),
        ("// deploycore {not json\nA?{T}\n", "in.gift:1: deploycore metadata is not valid JSON"),
        ('// deploycore {"colour": 1}\nA?{T}\n', "in.gift:1: unknown deploycore metadata: colour"),
        ('// deploycore {"topic": "space"}\nA?{T}\n', "in.gift:1: topic: Input should be"),
    ],
)
def test_malformed_input_names_the_line(text: str, expected: str) -> None:
    problems = _problems(text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_bad_questions_are_refused_one_by_one_and_the_rest_imports() -> None:
    text = "Good?{T}\n\nBad?{~a ~b}\n\nAlso good?{=x ~y}\n\nWorse?{#many}\n"
    result = read_gift(text, "in.gift")
    assert [q.prompt for q in result.questions] == ["Good?", "Also good?"]
    assert [(r.line, r.type) for r in result.refused] == [(3, "multiple"), (7, "numeric")]
    with pytest.raises(GiftError) as caught:  # the all-or-nothing form lists both
        import_gift(text, "in.gift")
    assert [p.line for p in caught.value.problems] == [3, 7]


def _texts() -> st.SearchStrategy[str]:
    alphabet = st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u2028\u2029"
    )
    return (
        st.text(alphabet=alphabet | st.sampled_from("{}=~#:\\[]%\n"), min_size=1, max_size=40)
        .map(lambda t: " ".join(t.split(" ")).strip())
        .filter(lambda t: bool(t) and not t.startswith("//"))
        .filter(lambda t: all(line.strip() for line in t.split("\n")))
    )


_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


@st.composite
def _questions(draw: st.DrawFn, index: int) -> Question:
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "numeric"]))
    common = {
        "id": f"{draw(_ids)}-{index}",
        "topic": draw(st.sampled_from(TOPICS)),
        "difficulty": draw(st.sampled_from(["easy", "medium", "hard"])),
        "kind": draw(st.sampled_from(KINDS)),
        "prompt": draw(_texts()),
        "explanation": draw(_texts()),
        "source": draw(st.none() | st.just("seed")),
    }
    if kind == "numeric":
        finite = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12)
        numeric = NumericAnswer(
            value=draw(finite.filter(lambda v: v <= 1e12)),
            tolerance=draw(st.floats(min_value=0, max_value=1e6)),
            unit=draw(st.sampled_from(["", "USD per month", "ms"])),
        )
        return Question(type="numeric", numeric=numeric, **common)
    if kind == "true_false":
        right = draw(st.booleans())
        options = (
            Option(id="true", text="True", correct=right, explanation=draw(_texts())),
            Option(id="false", text="False", correct=not right, explanation=draw(_texts())),
        )
        return Question(type="true_false", options=options, **common)
    count = draw(st.integers(min_value=2, max_value=6))
    ids = draw(st.lists(_ids, min_size=count, max_size=count, unique=True))
    if kind == "single":
        flags = [False] * count
        flags[draw(st.integers(min_value=0, max_value=count - 1))] = True
    else:
        flags = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
    options = tuple(
        Option(id=i, text=draw(_texts()), correct=flag, explanation=draw(_texts()))
        for i, flag in zip(ids, flags, strict=True)
    )
    return Question(type=kind, options=options, **common)  # type: ignore[arg-type]


@st.composite
def _banks(draw: st.DrawFn) -> QuestionBank:
    count = draw(st.integers(min_value=1, max_value=4))
    return QuestionBank(questions=tuple(draw(_questions(i)) for i in range(count)))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_banks())
def test_any_bank_round_trips_through_gift(bank: QuestionBank) -> None:
    assert import_gift(export_gift(bank)) == bank


_gift_soup = st.text(
    alphabet=st.sampled_from(list("{}=~#:%.-\\/ \n\tTFab1$CATEGORY")) | st.characters(),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(_gift_soup)
def test_any_text_imports_or_is_refused_with_line_numbers(text: str) -> None:
    try:
        bank = import_gift(text, "soup.gift")
    except GiftError as error:
        assert error.problems
        line_count = max(1, len(text.splitlines()) + 1)
        assert all(1 <= p.line <= line_count for p in error.problems)
    else:
        assert all(isinstance(q, Question) for q in bank)
