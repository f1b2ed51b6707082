"""The lesson holds every sentence of the seed, in order, and its step arithmetic is safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.lesson.steps import (
    LESSON_TITLE,
    SEED_QUESTIONS,
    STEPS,
    check_seed_answer,
    clamp_step,
    parse_step,
    step_count,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "seed" / "design-a-model-deployment-solution.md"
SHARED_SEED = ROOT.parent / "shared" / "seed" / SEED.name


def _normalise(markdown: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)  # image references
    text = re.sub(r"\[[ x]\]", " ", text)  # quiz check boxes
    text = re.sub(r"[*#>`]", " ", text)
    text = re.sub(r"^\s*(?:-|\d+\.)\s", " ", text, flags=re.MULTILINE)
    text = text.replace("---", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _seed_sentences() -> list[str]:
    sentences: list[str] = []
    for line in SEED.read_text().splitlines():
        cleaned = _normalise(line)
        if not cleaned:
            continue
        # A knowledge-check option line holds "option: explanation".
        for part in re.split(r"(?<=[.:?])\s+|:\s+(?=correct)", cleaned):
            part = part.strip().rstrip(":")
            if part:
                sentences.append(part)
    return sentences


def _lesson_text() -> str:
    parts: list[str] = [LESSON_TITLE]
    for step in STEPS:
        parts += [step.seed_section, step.title, step.body_markdown]
    for question in SEED_QUESTIONS:
        parts += [question.prompt, *question.options, question.explanation]
    return _normalise("\n".join(parts))


def test_shipped_seed_copy_matches_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared/seed is not beside this checkout")
    assert SEED.read_text() == SHARED_SEED.read_text()


def test_every_seed_sentence_is_in_the_lesson() -> None:
    lesson = _lesson_text()
    missing = [s for s in _seed_sentences() if s.lower() not in lesson]
    assert missing == []


def test_lesson_follows_the_seed_order() -> None:
    lesson = _lesson_text()
    body_sentences = [s for s in _seed_sentences() if len(s) > 30]
    positions = [lesson.find(s) for s in body_sentences]
    assert positions == sorted(positions)


def test_diagrams_sit_on_the_steps_the_seed_places_them() -> None:
    placed = {step.diagram: step.slug for step in STEPS if step.diagram}
    assert placed == {"real-time": "real-time", "batch": "batch", "frequency": "frequency"}


@pytest.mark.parametrize(
    ("raw", "expected_step", "has_notice"),
    [
        (None, 1, False),
        ("", 1, False),
        ("3", 3, False),
        (" 10 ", 10, False),
        ("0", 1, True),
        ("11", 1, True),
        ("-2", 1, True),
        ("abc", 1, True),
        ("3.5", 1, True),
    ],
)
def test_parse_step_falls_back_to_step_one_with_a_notice(
    raw: str | None, expected_step: int, has_notice: bool
) -> None:
    number, notice = parse_step(raw)
    assert number == expected_step
    assert (notice is not None) is has_notice


@given(st.text(max_size=30))
def test_parse_step_never_raises_and_stays_in_range(raw: str) -> None:
    number, _ = parse_step(raw)
    assert 1 <= number <= step_count()


@given(st.integers(min_value=-1000, max_value=1000))
def test_clamp_step_stays_in_range(number: int) -> None:
    assert 1 <= clamp_step(number) <= step_count()


def test_right_answer_uses_the_seed_explanation_verbatim() -> None:
    first, second = SEED_QUESTIONS
    assert check_seed_answer(first, 0).message == (
        "Correct. Immediate predictions are required for individual patients."
    )
    assert check_seed_answer(second, 1).message == (
        "Correct. Containers are cost-effective for always-available models."
    )


def test_wrong_answer_says_incorrect_in_words_and_names_the_right_one() -> None:
    feedback = check_seed_answer(SEED_QUESTIONS[1], 0)
    assert not feedback.correct
    assert feedback.message.startswith("Incorrect.")
    assert "“Containers”" in feedback.message


def test_no_answer_is_not_graded_as_wrong_silently() -> None:
    feedback = check_seed_answer(SEED_QUESTIONS[0], None)
    assert not feedback.correct
    assert feedback.message.startswith("No answer yet")
