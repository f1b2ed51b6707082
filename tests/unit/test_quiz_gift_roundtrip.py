"""Nothing lost on a GIFT round trip: weights, names, categories, feedback, formats, escapes.

Two properties: any bank question survives export then import; and any Moodle-style GIFT file
(no deploycore comments) gives identical questions when imported, exported and imported again.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploycore.quiz import KINDS, TOPICS, NumericAnswer, Option, Question, QuestionBank
from deploycore.quiz.gift import export_gift, read_gift

# Moodle's grade list (question_bank::fraction_options_full), in percent.
MOODLE_GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                 16.66667, 14.28571, 12.5, 11.11111, 10, 5]  # fmt: skip

_alphabet = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u2028\u2029"
)
# Texts full of GIFT's control characters, escapes and format-marker look-alikes.
_texts = (
    (
        st.text(
            alphabet=_alphabet | st.sampled_from(list("{}=~#:\\[]%\n")), min_size=1, max_size=30
        )
        | st.sampled_from(["[html]<b>x</b>", "%50% off", "100%", "a \\n b", "\\\\", "#### x", "T"])
    )
    .map(lambda t: " ".join(t.split()).strip())
    .filter(bool)
)
_feedback = st.just("") | _texts
_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
_category = st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,12}", fullmatch=True),
                     min_size=1, max_size=3).map("/".join)  # fmt: skip
_formats = st.sampled_from(["moodle", "html", "plain", "markdown"])
_negative = st.sampled_from([0, -5, -33.33333, -50, -100]) | st.floats(-100, 0)


def _split_hundred(draw: st.DrawFn, parts: int) -> list[float]:
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, 100]
    shares = [float(b - a) for a, b in zip(bounds, bounds[1:], strict=False)]
    return shares if all(shares) else [100.0 / parts] * parts


@st.composite
def _questions(draw: st.DrawFn, index: int) -> Question:
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "numeric", "short_answer"]))
    question_id = f"{draw(_ids)}-{index}"
    common = {
        "id": question_id,
        "topic": draw(st.sampled_from(TOPICS)),
        "difficulty": draw(st.sampled_from(["easy", "medium", "hard"])),
        "kind": draw(st.sampled_from(KINDS)),
        "prompt": draw(_texts),
        "explanation": draw(_feedback),
        "name": draw(st.none() | _texts.filter(lambda t: t != question_id)),
        "category": draw(st.none() | _category),
        "text_format": draw(_formats),
    }
    if kind == "numeric":
        finite = st.floats(-1e9, 1e9, allow_nan=False)
        answers = [
            NumericAnswer(
                value=draw(finite),
                tolerance=draw(st.floats(0, 1e6)),
                weight=weight,
                feedback=draw(_feedback),
            )
            for weight in [100.0, *draw(st.lists(st.sampled_from(MOODLE_GRADES), max_size=3))]
        ]
        answers = draw(st.permutations(answers))
        return Question(type="numeric", numeric=answers[0], numeric_more=tuple(answers[1:]),
                        other_feedback=draw(_feedback), **common)  # fmt: skip
    if kind == "true_false":
        right = draw(st.booleans())
        options = (
            Option(id="true", text="True", correct=right, explanation=draw(_feedback)),
            Option(id="false", text="False", correct=not right, explanation=draw(_feedback)),
        )
        return Question(type="true_false", options=options, **common)
    count = draw(st.integers(min_value=1 if kind == "short_answer" else 2, max_value=5))
    ids = draw(st.lists(_ids, min_size=count, max_size=count, unique=True))
    texts = _texts.filter(lambda t: "->" not in t) if kind == "short_answer" else _texts
    weights: list[float | None]
    if draw(st.booleans()):  # weightless: right / wrong flags, the bank's default weights
        weights = [None] * count
        flags = [False] * count
        flags[draw(st.integers(0, count - 1))] = True
        if kind == "multiple":
            flags = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
    else:
        if kind == "multiple":
            positive = draw(st.integers(1, count))
            weights = [*_split_hundred(draw, positive),
                       *[draw(_negative) for _ in range(count - positive)]]  # fmt: skip
        else:
            partial = st.sampled_from(MOODLE_GRADES[1:]) | _negative
            weights = [100.0, *[draw(partial) for _ in range(count - 1)]]
        weights = draw(st.permutations(weights))
        flags = [False] * count
    options = tuple(
        Option(id=i, text=draw(texts), correct=flag, explanation=draw(_feedback), weight=weight)
        for i, flag, weight in zip(ids, flags, weights, strict=True)
    )
    extra = {"case_sensitive": draw(st.booleans())} if kind == "short_answer" else {}
    return Question(type=kind, options=options, **common, **extra)  # type: ignore[arg-type]


@st.composite
def _banks(draw: st.DrawFn) -> QuestionBank:
    count = draw(st.integers(min_value=1, max_value=4))
    return QuestionBank(questions=tuple(draw(_questions(i)) for i in range(count)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_banks())
def test_any_bank_question_survives_export_then_import(bank: QuestionBank) -> None:
    result = read_gift(export_gift(bank))
    assert result.refused == ()
    assert result.bank == bank


@st.composite
def _moodle_gift(draw: st.DrawFn) -> str:
    """A GIFT file as a trainer writes it for Moodle: titles, categories, weights, feedback,
    escapes and format markers, and no deploycore comments."""
    blocks = []
    for index in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            blocks.append(f"$CATEGORY: {draw(_category)}")
        exported = export_gift([draw(_questions(index))]).splitlines()
        kept = [line for line in exported if line and not line.startswith(("//", "$CATEGORY"))]
        blocks.append("\n".join(kept))
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_moodle_gift())
def test_import_export_import_gives_identical_questions(text: str) -> None:
    first = read_gift(text, "moodle.gift")
    assert first.refused == ()
    again = read_gift(export_gift(first.bank), "again.gift")
    assert again.refused == ()
    assert again.questions == first.questions
