"""The guided lesson: the seed text split into ordered steps, plus its knowledge check.

Holds content and step arithmetic only (which step a deep link opens, what comes next).
It does not render anything; pages and components do that.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from deploycore.infra.text import safe_echo
from deploycore.lesson.diagrams import DiagramName


class LessonStep(BaseModel):
    """One step of the walkthrough, with the seed's words for it."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    seed_section: str
    body_markdown: str
    diagram: DiagramName | None = None


class SeedQuestion(BaseModel):
    """A knowledge-check question exactly as the seed words it."""

    model_config = ConfigDict(frozen=True)

    prompt: str
    options: tuple[str, ...]
    correct_index: int = Field(ge=0)
    explanation: str


class AnswerFeedback(BaseModel):
    """What a learner is told after checking an answer; `message` starts with the verdict."""

    model_config = ConfigDict(frozen=True)

    correct: bool
    verdict: str
    message: str


LESSON_TITLE = "Design a Model Deployment Solution"
SECTION_CONSUMED = "I. Understand How the Model Will Be Consumed"
SECTION_DECIDE = "II. Decide on Real-time or Batch Deployment"
SECTION_CHECK = "Knowledge Check"

STEPS: tuple[LessonStep, ...] = (
    LessonStep(
        slug="consumption",
        title="Understand how the model will be consumed",
        seed_section=SECTION_CONSUMED,
        body_markdown=(
            "You should plan how to integrate the model, as this affects how you train the "
            "model and the data you use. To integrate the model, you can deploy it to an "
            "endpoint for either **real-time** or **batch predictions**."
        ),
    ),
    LessonStep(
        slug="endpoints",
        title="Deploy a model to an endpoint",
        seed_section=SECTION_CONSUMED,
        body_markdown=(
            "Deploying a model to an endpoint allows applications to call the model for "
            "predictions via a web address.\n\n"
            "**Options:**\n\n"
            "- **Real-time predictions**\n"
            "- **Batch predictions**"
        ),
    ),
    LessonStep(
        slug="real-time",
        title="Get real-time predictions",
        seed_section=SECTION_CONSUMED,
        body_markdown=(
            "Real-time predictions are ideal when the model needs to score new data "
            "immediately, such as:\n\n"
            "1. A customer selects a product on a website (e.g., a shirt).\n"
            "2. The model recommends related items instantly."
        ),
        diagram="real-time",
    ),
    LessonStep(
        slug="batch",
        title="Get batch predictions",
        seed_section=SECTION_CONSUMED,
        body_markdown=(
            "Batch predictions are used when predictions are generated and stored as files "
            "or in a database for later use. For example:\n\n"
            "- Predicting weekly orange juice sales based on collected sales data."
        ),
        diagram="batch",
    ),
    LessonStep(
        slug="decide",
        title="Decide on real-time or batch deployment",
        seed_section=SECTION_DECIDE,
        body_markdown=(
            "The decision depends on:\n\n"
            "- Frequency of predictions.\n"
            "- Timeliness of results.\n"
            "- Whether predictions are individual or in batches.\n"
            "- Compute cost."
        ),
    ),
    LessonStep(
        slug="frequency",
        title="Identify the necessary frequency of scoring",
        seed_section=SECTION_DECIDE,
        body_markdown=(
            "Two common scenarios:\n\n"
            "1. **Real-time predictions**: Predictions are needed immediately as new data is "
            "collected.\n"
            "2. **Batch predictions**: Predictions are scheduled based on collected data over "
            "time."
        ),
        diagram="frequency",
    ),
    LessonStep(
        slug="number-of-predictions",
        title="Decide on the number of predictions",
        seed_section=SECTION_DECIDE,
        body_markdown=(
            "- **Individual predictions**: A single row of data is scored.\n"
            "- **Batch predictions**: Multiple rows of data are scored, and results are "
            "returned as a batch."
        ),
    ),
    LessonStep(
        slug="cost",
        title="Consider the cost of compute",
        seed_section=SECTION_DECIDE,
        body_markdown=(
            "- **Real-time endpoints**: Require always-on compute, e.g., Azure Container "
            "Instance (ACI) or Azure Kubernetes Service (AKS). Costs are continuous.\n"
            "- **Batch endpoints**: Use compute clusters that scale dynamically based on "
            "workload. Costs are minimized when idle."
        ),
    ),
    LessonStep(
        slug="summary",
        title="Deployment strategy summary",
        seed_section=SECTION_DECIDE,
        body_markdown=(
            "- **Real-time predictions**: Immediate, individual predictions. Suitable for "
            "applications needing instant results but involves continuous costs.\n"
            "- **Batch predictions**: Processed when data is available. Cost-effective for "
            "less time-sensitive scenarios.\n\n"
            "> If a 5-10 minute delay is acceptable, batch predictions with on-demand compute "
            "clusters may be a better choice.\n\n"
            "**Factors to consider:**\n\n"
            "- Simpler models require less compute and cost.\n"
            "- Complex models need more compute and processing time."
        ),
    ),
    LessonStep(
        slug="knowledge-check",
        title="Knowledge check",
        seed_section=SECTION_CHECK,
        body_markdown="Answer both questions, then check each answer.",
    ),
)

SEED_QUESTIONS: tuple[SeedQuestion, ...] = (
    SeedQuestion(
        prompt="What type of predictions are needed by the mobile application?",
        options=("Real-time predictions", "Batch predictions", "Local predictions"),
        correct_index=0,
        explanation="Correct. Immediate predictions are required for individual patients.",
    ),
    SeedQuestion(
        prompt="What kind of compute should be used by the deployed model?",
        options=("Virtual machines", "Containers", "Local device"),
        correct_index=1,
        explanation="Correct. Containers are cost-effective for always-available models.",
    ),
)


class RelatedPage(BaseModel):
    """A hands-on page that deepens one step (shown only once that page exists)."""

    model_config = ConfigDict(frozen=True)

    page_path: str = Field(pattern=r"^pages/[a-z_]+\.py$")
    label: str
    query: dict[str, str] = Field(default_factory=dict)


RELATED_PAGES: dict[str, tuple[RelatedPage, ...]] = {
    "real-time": (
        RelatedPage(
            page_path="pages/shirt_shop.py",
            label="Try it: pick a shirt and watch a real-time endpoint answer",
        ),
    ),
    "batch": (
        RelatedPage(
            page_path="pages/weekly_forecast.py",
            label="Try it: run the weekly orange-juice batch job",
        ),
    ),
    "cost": (
        RelatedPage(
            page_path="pages/cost_estimator.py",
            label="What would each option cost for your traffic?",
        ),
    ),
    "summary": (RelatedPage(page_path="pages/decide.py", label="Decide for your own use case"),),
    "knowledge-check": (
        RelatedPage(page_path="pages/quiz.py", label="Take the full self-study quiz"),
    ),
}


def step_count() -> int:
    """Number of steps in the walkthrough."""
    return len(STEPS)


def parse_step(raw: str | None) -> tuple[int, str | None]:
    """Turn a `?step=` value (1-based) into a step number and an optional notice.

    Anything that is not a whole number within range falls back to step 1, with a notice
    that says why, so a bad link never raises.
    """
    if raw is None or raw == "":
        return 1, None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() is True, int("²") fails
        return 1, f"“{safe_echo(text)}” is not a step number; showing step 1 of {step_count()}."
    number = int(text)
    if not 1 <= number <= step_count():
        return (
            1,
            f"There is no step {number} (the lesson has steps 1 to {step_count()}); "
            "showing step 1.",
        )
    return number, None


def clamp_step(number: int) -> int:
    """Keep a step number within 1..n (used by Previous/Next)."""
    return max(1, min(step_count(), number))


def step_at(number: int) -> LessonStep:
    """The step with this 1-based number."""
    return STEPS[clamp_step(number) - 1]


def check_seed_answer(question: SeedQuestion, chosen_index: int | None) -> AnswerFeedback:
    """Grade one knowledge-check answer and say so in words."""
    if chosen_index is None:
        return AnswerFeedback(
            correct=False,
            verdict="No answer yet",
            message="No answer yet. Choose an option, then check it.",
        )
    right = question.options[question.correct_index]
    if chosen_index == question.correct_index:
        return AnswerFeedback(correct=True, verdict="Correct", message=question.explanation)
    chosen = question.options[chosen_index]
    return AnswerFeedback(
        correct=False,
        verdict="Incorrect",
        message=(
            f"Incorrect. “{chosen}” is not the answer. The answer is “{right}”: "
            f"{question.explanation.removeprefix('Correct. ')}"
        ),
    )
