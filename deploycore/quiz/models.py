"""The question bank's data: questions of five types, their options, weights and feedback.

Validation only (answer shapes, weights Moodle would accept, ids unique). Loading files,
grading and statistics live in their own modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

QuestionType = Literal["single", "multiple", "true_false", "numeric", "short_answer"]
# Moodle's text formats (GIFT markers [moodle] [html] [plain] [markdown]); "moodle" is its default.
TextFormat = Literal["moodle", "html", "plain", "markdown"]
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
TEXT_FORMATS: tuple[TextFormat, ...] = get_args(TextFormat)

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

# Answer weights are percentages of the question's mark, as in Moodle (-100 % .. 100 %).
FULL_WEIGHT = 100.0
# Moodle accepts multiple-answer questions whose positive weights add up to 100 % once rounded.
WEIGHT_SUM_SLACK = 0.5


class Option(BaseModel):
    """One answer option of a choice question, with why it is right or wrong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=SLUG_PATTERN, max_length=40)
    text: str = Field(min_length=1)
    correct: bool = False
    explanation: str = ""
    weight: float | None = Field(
        default=None,
        ge=-FULL_WEIGHT,
        le=FULL_WEIGHT,
        allow_inf_nan=False,
        description="percent of the mark when chosen (typed); None: follows `correct`",
    )

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
    """One accepted number of a numeric question: value +/- tolerance earns `weight` percent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float = Field(allow_inf_nan=False)
    tolerance: float = Field(ge=0, allow_inf_nan=False)
    unit: str = ""
    weight: float = Field(default=FULL_WEIGHT, ge=-FULL_WEIGHT, le=FULL_WEIGHT, allow_inf_nan=False)
    feedback: str = ""

    def accepts(self, answer: float) -> bool:
        """Whether `answer` lies within value +/- tolerance (bounds included)."""
        # A relative epsilon keeps 12.1 within 12 +/- 0.1 despite binary floating point.
        slack = 1e-9 * max(1.0, abs(self.value), abs(self.tolerance))
        return abs(answer - self.value) <= self.tolerance + slack


# Weights this close to the defaults are the defaults (exports round them to 5 decimals).
DEFAULT_WEIGHT_SLACK = 1e-4


def _number(value: object) -> float | None:
    """A weight given as a number (not a bool), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _default_weights(flags: list[bool], multiple: bool) -> list[float] | None:
    """The weights options get from right/wrong flags alone (None: no weightless form)."""
    right = sum(flags)
    if multiple:
        if not right:
            return None
        wrong = max(len(flags) - right, 1)
        return [FULL_WEIGHT / right if flag else -FULL_WEIGHT / wrong for flag in flags]
    if right != 1 and len(flags) > 1:
        return None
    return [FULL_WEIGHT if flag else 0.0 for flag in flags]


class Question(BaseModel):
    """One question of the bank.

    Choice types (`single`, `multiple`, `true_false`) list their options, each marked correct or
    not (or weighted) with its own feedback; `short_answer` lists the accepted answers (Moodle's
    `*` wildcard allowed) the same way; `numeric` has no options but one or more `numeric`
    answers (`numeric`, then `numeric_more`, tried in that order).
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
    numeric_more: tuple[NumericAnswer, ...] = ()
    explanation: str = Field(default="", description="general feedback (GIFT `####`)")
    source: str | None = Field(
        default=None, description="Where the question comes from, e.g. 'seed' for the lesson's."
    )
    name: str | None = Field(default=None, description="the Moodle question name (GIFT ::title::)")
    category: str | None = Field(
        default=None, description="the Moodle category path it came from ($CATEGORY: a/b/c)"
    )
    text_format: TextFormat = "moodle"
    case_sensitive: bool = Field(default=False, description="short answer: compare case")
    other_feedback: str = Field(
        default="", description="numeric: feedback for any other number (GIFT `~#...`)"
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_correct_from_weights(cls, data: Any) -> Any:
        # A weighted option is right when it earns credit: full credit for one-answer types,
        # any positive share for multiple answers. `correct` follows the weight, and weights
        # that are just the defaults for those flags are dropped, so one question has one form.
        if not isinstance(data, dict) or not isinstance(data.get("options"), list | tuple):
            return data
        multiple = data.get("type") == "multiple"
        options = [o.model_dump() if isinstance(o, Option) else o for o in data["options"]]
        if not all(isinstance(o, dict) for o in options):
            return data
        weights = [_number(o.get("weight")) for o in options]
        if all(w is None for w in weights):
            return data
        # Once one option is weighted, every option is: an unweighted one is worth what
        # `weight_of` gives it (100 % if right, else 0 %; 0 % in multiple choice).
        explicit = [
            w if w is not None else (0.0 if multiple or not o.get("correct") else FULL_WEIGHT)
            for o, w in zip(options, weights, strict=True)
        ]
        options = [
            {**o, "weight": w, "correct": w > 0 if multiple else w >= FULL_WEIGHT}
            for o, w in zip(options, explicit, strict=True)
        ]
        defaults = _default_weights([bool(o["correct"]) for o in options], multiple)
        if defaults is not None and all(
            abs(w - d) < DEFAULT_WEIGHT_SLACK for w, d in zip(explicit, defaults, strict=True)
        ):
            options = [{**o, "weight": None} for o in options]
        return {**data, "options": options}

    @model_validator(mode="after")
    def _check_answer_shape(self) -> Question:
        ids = [option.id for option in self.options]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"option ids must be unique; repeated: {', '.join(duplicates)}")
        correct = sum(option.correct for option in self.options)
        if self.name == self.id:
            raise ValueError("leave `name` out when it is the id")
        if self.type != "short_answer" and self.case_sensitive:
            raise ValueError("only short-answer questions have `case_sensitive`")
        if self.type != "numeric" and self.other_feedback:
            raise ValueError("only numeric questions have `other_feedback`")
        if self.type == "numeric":
            if self.numeric is None:
                raise ValueError("a numeric question needs `numeric: {value, tolerance}`")
            if self.options:
                raise ValueError("a numeric question has no options; remove `options`")
            best = max(answer.weight for answer in self.numeric_answers)
            if best != FULL_WEIGHT:
                raise ValueError(f"one numeric answer needs full credit (100 %), not {best:g} %")
            return self
        if self.numeric is not None or self.numeric_more:
            raise ValueError(f"only numeric questions have `numeric`; this one is {self.type}")
        if self.type == "true_false":
            if tuple(ids) != TRUE_FALSE_OPTION_IDS:
                raise ValueError(
                    "a true_false question has exactly two options with ids 'true' then 'false'"
                )
            if any(option.weight is not None for option in self.options):
                raise ValueError("true_false options have no weights (right is 100 %, wrong 0 %)")
            if correct != 1:
                raise ValueError("a true_false question has exactly one correct option")
            return self
        if self.type == "short_answer":
            if not self.options:
                raise ValueError("a short-answer question needs at least one accepted answer")
        elif len(self.options) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if self.type in ("single", "short_answer"):
            best = max(self.weight_of(option) for option in self.options)
            if best != FULL_WEIGHT:
                what = "single-choice" if self.type == "single" else "short-answer"
                raise ValueError(
                    f"a {what} question needs one answer worth 100 %; the best is {best:g} %"
                )
        if self.type == "single" and correct > 1 and not self._weighted:
            raise ValueError(
                f"a single-choice question has exactly one correct option, not {correct}"
            )
        if self.type == "multiple":
            if correct < 1:
                raise ValueError("a multiple-choice question needs at least one correct option")
            positive = sum(max(0.0, self.weight_of(option)) for option in self.options)
            if abs(positive - FULL_WEIGHT) > WEIGHT_SUM_SLACK:
                raise ValueError(
                    f"the positive weights of a multiple-choice question add up to {positive:g} %"
                    ", not 100 %"
                )
        return self

    @property
    def _weighted(self) -> bool:
        return any(option.weight is not None for option in self.options)

    @property
    def numeric_answers(self) -> tuple[NumericAnswer, ...]:
        """Every accepted number, in the order they are tried (empty unless numeric)."""
        return () if self.numeric is None else (self.numeric, *self.numeric_more)

    def weight_of(self, option: Option) -> float:
        """The percent of the mark this option earns.

        An explicit weight wins. Otherwise a right option is worth 100 % (in a multiple-choice
        question, 100 % shared by the right options) and a wrong one 0 % (in multiple choice,
        -100 % shared by the wrong options, so choosing everything earns nothing).
        """
        if option.weight is not None:
            return option.weight
        if self.type != "multiple":
            return FULL_WEIGHT if option.correct else 0.0
        if self._weighted:
            return 0.0
        right = len(self.correct_option_ids)
        wrong = len(self.options) - right
        if option.correct:
            return FULL_WEIGHT / right
        return -FULL_WEIGHT / wrong

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
