"""Who the app is for and where each kind of visitor should start (the home page's content).

Links name page files; the home page shows only those that exist in this build.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from deploycore.lesson.steps import RelatedPage


class Audience(BaseModel):
    """One kind of visitor, what they came for, and the pages that serve them, in order."""

    model_config = ConfigDict(frozen=True)

    key: str
    icon: str
    title: str
    pitch: str
    links: tuple[RelatedPage, ...]


AUDIENCES: tuple[Audience, ...] = (
    Audience(
        key="trainer",
        icon=":material/co_present:",
        title="Trainers",
        pitch=(
            "Walk the class through the lesson step by step. Switch on **Presenter mode** (top "
            "right) for large text and diagrams; Page Down / Page Up move between steps. Then "
            "run a live quiz the room joins with a code."
        ),
        links=(
            RelatedPage(page_path="pages/lesson.py", label="Start the lesson"),
            RelatedPage(page_path="pages/shirt_shop.py", label="Demo: a real-time endpoint"),
            RelatedPage(page_path="pages/weekly_forecast.py", label="Demo: a batch job"),
            RelatedPage(page_path="pages/instructor.py", label="Run a live quiz"),
        ),
    ),
    Audience(
        key="learner",
        icon=":material/person:",
        title="Learners",
        pitch=(
            "Study at your own pace: read each step, look at the diagrams, try both scenarios, "
            "and check your understanding with quizzes that explain every answer."
        ),
        links=(
            RelatedPage(page_path="pages/lesson.py", label="Read the lesson"),
            RelatedPage(
                page_path="pages/lesson.py",
                label="The lesson's knowledge check",
                query={"step": "10"},
            ),
            RelatedPage(page_path="pages/quiz.py", label="Self-study quiz"),
            RelatedPage(page_path="pages/join.py", label="Join a live quiz"),
        ),
    ),
    Audience(
        key="stakeholder",
        icon=":material/groups:",
        title="ML engineers and product owners",
        pitch=(
            "Preparing a decision with stakeholders? Real-time endpoints cost money every hour, "
            "batch clusters scale to zero when idle: see what that means for your use case and "
            "your traffic, with sources for every price."
        ),
        links=(
            RelatedPage(page_path="pages/decide.py", label="Decide: real-time or batch?"),
            RelatedPage(page_path="pages/cost_estimator.py", label="Estimate the monthly cost"),
            RelatedPage(
                page_path="pages/lesson.py", label="The cost of compute", query={"step": "8"}
            ),
        ),
    ),
)
