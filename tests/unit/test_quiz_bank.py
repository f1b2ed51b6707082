"""The shipped question bank is valid, faithful to the seed, and covers every section of it;
bad bank files are reported with file, line and reason."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

import deploycore.quiz as quiz
from deploycore.lesson.steps import SEED_QUESTIONS
from deploycore.quiz import (
    DEFAULT_BANK_DIR,
    TOPICS,
    BankError,
    Question,
    QuestionBank,
    bank_files,
    check_files,
    dump_bank,
    load_bank,
    parse_bank,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "seed" / "design-a-model-deployment-solution.md"

GOOD_QUESTION = """\
  - id: q-one
    topic: batch
    difficulty: easy
    kind: recall
    type: single
    prompt: Which one?
    explanation: Because.
    options:
      - id: a
        text: A
        correct: true
        explanation: Right.
      - id: b
        text: B
        explanation: Wrong.
"""


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank()


PUBLIC_NAMES = """
AttemptScore BankError CBM_MARKS_RIGHT CBM_MARKS_WRONG CBM_MAX_MARK CONFIDENCE_LABELS Confidence
DEFAULT_BANK_DIR DIFFICULTIES Difficulty GiftError GradedAnswer ItemStatistics KINDS
NumericAnswer Option OptionFeedback Problem QUESTION_TYPES Question QuestionBank QuestionKind
QuestionType Response SetStatistics TOPICS TOPIC_SECTIONS TRUE_FALSE_OPTION_IDS Topic
analyse_items bank_files cbm_mark check_files correlation dump_bank export_gift grade import_gift
item_rest_correlation kr20 load_bank load_file option_permutation parse_bank pick_questions
score_attempt score_matrix shuffled_options
""".split()


def test_public_api_is_pinned() -> None:
    """Other modules (storage, live classroom, pages) build on these names: keep them."""
    assert sorted(quiz.__all__) == sorted(PUBLIC_NAMES)


def test_public_api_is_sorted_and_importable() -> None:
    assert quiz.__all__ == sorted(quiz.__all__)
    for name in quiz.__all__:
        assert hasattr(quiz, name), name


def test_quiz_core_never_imports_streamlit() -> None:
    for path in (ROOT / "deploycore" / "quiz").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("streamlit") for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("streamlit"), path


def test_every_shipped_file_checks_clean() -> None:
    files = bank_files(DEFAULT_BANK_DIR)
    assert files, "data/questions/ has no YAML files"
    assert check_files(files) == []


def test_bank_has_seed_questions_plus_at_least_25(bank: QuestionBank) -> None:
    seed = [q for q in bank if q.source == "seed"]
    assert len(seed) == 2
    assert len(bank) - len(seed) >= 25


def test_seed_questions_are_word_for_word(bank: QuestionBank) -> None:
    seed = [q for q in bank if q.source == "seed"]
    for shipped, original in zip(seed, SEED_QUESTIONS, strict=True):
        assert shipped.type == "single"
        assert shipped.prompt == original.prompt
        assert tuple(o.text for o in shipped.options) == original.options
        right = [i for i, o in enumerate(shipped.options) if o.correct]
        assert right == [original.correct_index]
        assert shipped.options[original.correct_index].explanation == original.explanation
    explanations = {o.explanation for q in seed for o in q.options if o.correct}
    assert explanations == {
        "Correct. Immediate predictions are required for individual patients.",
        "Correct. Containers are cost-effective for always-available models.",
    }
    seed_text = SEED.read_text()
    for question in seed:
        assert f"**{question.prompt}**" in seed_text
        for option in question.options:
            assert option.text in seed_text


def test_every_option_has_its_own_explanation(bank: QuestionBank) -> None:
    for question in bank:
        texts = [option.explanation for option in question.options]
        assert all(len(text) >= 10 for text in texts), question.id
        assert len(set(texts)) == len(texts), f"{question.id}: options share an explanation"
        for option in question.options:
            weight = question.weight_of(option)
            verdict = (
                "Correct." if option.correct else "Half right." if weight > 0 else "Incorrect."
            )
            assert option.explanation.startswith(verdict), (question.id, option.id)
        assert len(question.explanation) >= 20, question.id


def test_every_seed_section_is_covered(bank: QuestionBank) -> None:
    counts = Counter(q.topic for q in bank if q.source != "seed")
    for topic in TOPICS:
        if topic in ("knowledge-check", "other"):
            continue
        assert counts[topic] >= 2, f"section {topic!r} has {counts[topic]} question(s)"
    assert bank.topics()[0] == "consumption"
    assert "other" not in bank.topics()


def test_scenario_questions_outnumber_recall(bank: QuestionBank) -> None:
    kinds = Counter(q.kind for q in bank)
    assert kinds["scenario"] > kinds["recall"]


def test_bank_mixes_every_type_with_numeric_cost_questions(bank: QuestionBank) -> None:
    types = Counter(q.type for q in bank)
    assert types["multiple"] >= 3 and types["true_false"] >= 3
    numeric = [q for q in bank if q.type == "numeric"]
    assert len(numeric) >= 3
    for question in numeric:
        assert question.topic == "cost-of-compute"
        assert question.numeric is not None and question.numeric.tolerance > 0
        assert question.numeric.unit.startswith("USD")
        # The worked explanation ends in the expected answer.
        figure = f"${question.numeric.value:g}"
        assert figure in question.explanation, (question.id, figure)


def test_numeric_explanations_show_correct_arithmetic(bank: QuestionBank) -> None:
    """Each `a x b = c` and `a - b = c` in a numeric explanation is right."""
    for question in bank:
        if question.type != "numeric":
            continue
        text = question.explanation.replace("$", "").replace(",", "")
        for match in re.finditer(r"(\d+(?:\.\d+)?) x (\d+(?:\.\d+)?) = (\d+(?:\.\d+)?)", text):
            a, b, c = (float(g) for g in match.groups())
            assert a * b == pytest.approx(c), (question.id, match.group(0))
        for match in re.finditer(r"(\d+(?:\.\d+)?) - (\d+(?:\.\d+)?) = (\d+(?:\.\d+)?)", text):
            a, b, c = (float(g) for g in match.groups())
            assert a - b == pytest.approx(c), (question.id, match.group(0))


def test_nothing_contradicts_the_seed_on_compute(bank: QuestionBank) -> None:
    """Real-time is always-on with continuous cost; batch clusters are cheap when idle."""
    for question in bank:
        words = " ".join(
            [
                question.prompt,
                question.explanation,
                *(o.text for o in question.options if o.correct),
            ]
        ).lower()
        assert "batch endpoints require always-on" not in words
        assert "real-time endpoints scale to zero" not in words


def test_bank_lookup_helpers(bank: QuestionBank) -> None:
    first = bank.questions[0]
    assert bank.get(first.id) is first
    with pytest.raises(KeyError):
        bank.get("no-such-question")
    batch = bank.by_topic("batch")
    assert batch.questions and all(q.topic == "batch" for q in batch)
    assert first.option(first.options[0].id) == first.options[0]


def test_dump_and_parse_round_trip(bank: QuestionBank) -> None:
    assert parse_bank(dump_bank(bank)) == bank


def _problems(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(text, "bank.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_valid_minimal_file_loads() -> None:
    bank = parse_bank("questions:\n" + GOOD_QUESTION)
    assert [q.id for q in bank] == ["q-one"]


def test_yaml_syntax_error_names_its_line() -> None:
    text = "questions:\n" + GOOD_QUESTION + "    prompt: [unclosed\n"
    problems = _problems(text)
    assert len(problems) == 1
    assert problems[0].startswith("bank.yaml:")
    assert "not valid YAML" in problems[0]
    assert int(problems[0].split(":")[1]) >= 16


def test_missing_field_points_at_the_question() -> None:
    text = "questions:\n" + GOOD_QUESTION.replace("    kind: recall\n", "")
    assert _problems(text) == ["bank.yaml:2: question 'q-one': kind: Field required"]


def test_bad_value_points_at_its_own_line() -> None:
    text = "questions:\n" + GOOD_QUESTION.replace("topic: batch", "topic: batches")
    (problem,) = _problems(text)
    assert problem.startswith("bank.yaml:3: question 'q-one': topic: Input should be")


def test_feedback_is_optional_as_in_moodle() -> None:
    text = "questions:\n" + GOOD_QUESTION.replace("        explanation: Wrong.\n", "")
    assert parse_bank(text).questions[0].options[1].explanation == ""


def test_shipped_questions_explain_every_option() -> None:
    for question in load_bank():
        assert question.explanation and all(o.explanation for o in question.options)


def test_unquoted_yes_gets_a_hint() -> None:
    text = "questions:\n" + GOOD_QUESTION.replace("explanation: Wrong.", "explanation: yes")
    (problem,) = _problems(text)
    assert problem.startswith("bank.yaml:16: ")
    assert "put the text in quotes" in problem


def test_rule_breaking_question_is_reported_at_its_start() -> None:
    text = "questions:\n" + GOOD_QUESTION.replace(
        "        text: B\n", "        text: B\n        correct: true\n"
    )
    assert _problems(text) == [
        "bank.yaml:2: question 'q-one': a single-choice question has exactly one correct "
        "option, not 2"
    ]


def test_duplicate_ids_and_keys_are_reported() -> None:
    text = "questions:\n" + GOOD_QUESTION + GOOD_QUESTION
    assert _problems(text) == ["bank.yaml:17: question id 'q-one' is already used on line 2"]
    doubled_key = GOOD_QUESTION.replace(
        "    kind: recall\n", "    kind: recall\n    kind: recall\n"
    )
    assert _problems("questions:\n" + doubled_key) == ["bank.yaml:6: key 'kind' appears twice"]


def test_every_problem_is_reported_not_only_the_first() -> None:
    second = GOOD_QUESTION.replace("q-one", "q-two").replace("difficulty: easy", "difficulty: 9")
    first = GOOD_QUESTION.replace("kind: recall", "kind: trivia")
    problems = _problems("questions:\n" + first + second)
    assert [p.split(":")[1] for p in problems] == ["5", "19"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "bank.yaml:1: expected a mapping with a `questions:` list"),
        ("- a\n- b\n", "bank.yaml:1: expected a mapping with a `questions:` list"),
        ("questions: 3\n", "bank.yaml:1: `questions:` must be a list"),
        ("title: x\nquestions: []\n", "bank.yaml:1: unknown top-level key 'title'"),
    ],
)
def test_file_shape_problems(text: str, expected: str) -> None:
    assert any(problem.startswith(expected) for problem in _problems(text))


def test_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("questions:\n" + GOOD_QUESTION)
    two.write_text("# another file\nquestions:\n" + GOOD_QUESTION)
    problems = [str(p) for p in check_files([one, two])]
    assert problems == [f"{two}:3: question id 'q-one' is already used in {one}"]
    with pytest.raises(BankError):
        load_bank([one, two])


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    (problem,) = check_files([missing])
    assert problem.file == str(missing) and problem.line == 1
    assert "cannot read" in problem.reason


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": "numeric"}, "numeric question needs"),
        ({"numeric": {"value": 1, "tolerance": 0}}, "only numeric questions have"),
        ({"type": "true_false"}, "ids 'true' then 'false'"),
        ({"options": []}, "at least two options"),
        (
            {"type": "multiple", "options": [{"id": "a", "text": "A", "explanation": "x"}] * 2},
            "option ids must be unique",
        ),
    ],
)
def test_question_shape_rules(changes: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "id": "q",
        "topic": "batch",
        "difficulty": "easy",
        "kind": "recall",
        "type": "single",
        "prompt": "p",
        "explanation": "e",
        "options": [
            {"id": "a", "text": "A", "correct": True, "explanation": "x"},
            {"id": "b", "text": "B", "explanation": "y"},
        ],
    }
    with pytest.raises(ValueError, match=message):
        Question.model_validate(base | changes)
