"""The question bank's data: questions of four types, their options and explanations.

Validation only (every option explained, exactly one right answer where one is expected, ids
unique). Loading files, grading and statistics live in their own modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

QuestionType = Literal["single", "multiple", "true_false", "numeric"]
Difficulty = Literal["easy", "medium", "hard"]
QuestionKind = Literal["scenario", "recall"]
Topic = Literal[
    "consumption",
    "endpoints",
    "real-time",
    "batch",
    "decision-factors",
    "frequency",
    "number-of-predictions",
    "cost-of-compute",
    "strategy-summary",
    "model-complexity",
    "knowledge-check",
    "other",
]

QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)
DIFFICULTIES: tuple[Difficulty, ...] = get_args(Difficulty)
KINDS: tuple[QuestionKind, ...] = get_args(QuestionKind)
TOPICS: tuple[Topic, ...] = get_args(Topic)

# The seed heading each topic stands for ("other": a trainer's own question, no seed section).
TOPIC_SECTIONS: dict[Topic, str] = {
    "consumption": "I. Understand How the Model Will Be Consumed",
    "endpoints": "Deploy a Model to an Endpoint",
    "real-time": "Get Real-time Predictions",
    "batch": "Get Batch Predictions",
    "decision-factors": "II. Decide on Real-time or Batch Deployment",
    "frequency": "Identify the Necessary Frequency of Scoring",
    "number-of-predictions": "Decide on the Number of Predictions",
    "cost-of-compute": "Consider the Cost of Compute",
    "strategy-summary": "Deployment Strategy Summary",
    "model-complexity": "Factors to Consider",
    "knowledge-check": "Knowledge Check",
    "other": "Not tied to a section of the lesson",
}

# The two options every true/false question has, in this order.
TRUE_FALSE_OPTION_IDS: tuple[str, str] = ("true", "false")

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Option(BaseModel):
    """One answer option of a choice question, with why it is right or wrong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=SLUG_PATTERN, max_length=40)
    text: str = Field(min_length=1)
    correct: bool = False
    explanation: str = Field(min_length=1)

    @field_validator("id", mode="before")
    @classmethod
    def _id_from_yaml_scalar(cls, value: object) -> object:
        # YAML reads `id: true` as a boolean and `id: 1` as a number; both mean the text.
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return value


class NumericAnswer(BaseModel):
    """The expected number of a numeric question; answers within +/- tolerance are right."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float = Field(allow_inf_nan=False)
    tolerance: float = Field(ge=0, allow_inf_nan=False)
    unit: str = ""

    def accepts(self, answer: float) -> bool:
        """Whether `answer` lies within value +/- tolerance (bounds included)."""
        # A relative epsilon keeps 12.1 within 12 +/- 0.1 despite binary floating point.
        slack = 1e-9 * max(1.0, abs(self.value), abs(self.tolerance))
        return abs(answer - self.value) <= self.tolerance + slack


class Question(BaseModel):
    """One question of the bank.

    Choice types (`single`, `multiple`, `true_false`) list their options, each marked correct or
    not and each with its own explanation; `numeric` has no options but a `numeric` answer.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=SLUG_PATTERN, max_length=80)
    topic: Topic
    difficulty: Difficulty
    kind: QuestionKind
    type: QuestionType
    prompt: str = Field(min_length=1)
    options: tuple[Option, ...] = ()
    numeric: NumericAnswer | None = None
    explanation: str = Field(min_length=1)
    source: str | None = Field(
        default=None, description="Where the question comes from, e.g. 'seed' for the lesson's."
    )

    @model_validator(mode="after")
    def _check_answer_shape(self) -> Question:
        ids = [option.id for option in self.options]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"option ids must be unique; repeated: {', '.join(duplicates)}")
        correct = sum(option.correct for option in self.options)
        if self.type == "numeric":
            if self.numeric is None:
                raise ValueError("a numeric question needs `numeric: {value, tolerance}`")
            if self.options:
                raise ValueError("a numeric question has no options; remove `options`")
            return self
        if self.numeric is not None:
            raise ValueError(f"only numeric questions have `numeric`; this one is {self.type}")
        if self.type == "true_false":
            if tuple(ids) != TRUE_FALSE_OPTION_IDS:
                raise ValueError(
                    "a true_false question has exactly two options with ids 'true' then 'false'"
                )
            if correct != 1:
                raise ValueError("a true_false question has exactly one correct option")
            return self
        if len(self.options) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if self.type == "single" and correct != 1:
            raise ValueError(
                f"a single-choice question has exactly one correct option, not {correct}"
            )
        if self.type == "multiple" and correct < 1:
            raise ValueError("a multiple-choice question needs at least one correct option")
        return self

    @property
    def correct_option_ids(self) -> frozenset[str]:
        """Ids of the options marked correct (empty for numeric questions)."""
        return frozenset(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option:
        """The option with this id; KeyError if there is none."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(f"question {self.id!r} has no option {option_id!r}")


class QuestionBank(BaseModel):
    """An ordered set of questions with unique ids."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    questions: tuple[Question, ...] = ()

    @model_validator(mode="after")
    def _check_unique_ids(self) -> QuestionBank:
        ids = [question.id for question in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question ids must be unique; repeated: {', '.join(duplicates)}")
        return self

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:  # type: ignore[override]
        return iter(self.questions)

    def get(self, question_id: str) -> Question:
        """The question with this id; KeyError if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"no question {question_id!r} in the bank")

    def by_topic(self, topic: Topic) -> QuestionBank:
        """The questions of one topic, in bank order."""
        return QuestionBank(questions=tuple(q for q in self.questions if q.topic == topic))

    def topics(self) -> tuple[Topic, ...]:
        """Topics that have at least one question, in the lesson's order."""
        present = {question.topic for question in self.questions}
        return tuple(topic for topic in TOPICS if topic in present)
