"""What an import hands back: the questions it could read and every one it refused, with why.

Shared by the GIFT reader, the YAML reader and uploads; it reads and grades nothing itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.bank import Problem
from deploycore.quiz.models import Question, QuestionBank


class Refusal(BaseModel):
    """One problem that keeps a question out: where, what kind of question, and why."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(ge=1)
    type: str = Field(description="matching, essay, description, cloze, or the question's type")
    reason: str
    question_line: int = Field(ge=1, description="the first line of the refused question")


class ImportResult(BaseModel):
    """The questions of one file that can be graded here, and the refused ones."""

    model_config = ConfigDict(frozen=True)

    file: str
    questions: tuple[Question, ...] = ()
    refused: tuple[Refusal, ...] = ()

    @property
    def refused_count(self) -> int:
        """How many questions were refused (a question may have several problems)."""
        return len({refusal.question_line for refusal in self.refused})

    @property
    def bank(self) -> QuestionBank:
        """The importable questions as a bank."""
        return QuestionBank(questions=self.questions)

    def problems(self) -> list[Problem]:
        """Every refusal as `FILE:LINE: reason`, in line order."""
        ordered = sorted(self.refused, key=lambda refusal: refusal.line)
        return [Problem(file=self.file, line=r.line, reason=r.reason) for r in ordered]

    def summary(self) -> dict[str, Any]:
        """{imported, by_type, refused: [{line, type, reason}]}, as `make quiz-import` prints."""
        return {
            "imported": len(self.questions),
            "by_type": dict(sorted(Counter(q.type for q in self.questions).items())),
            "refused": [
                {"line": r.line, "type": r.type, "reason": r.reason}
                for r in sorted(self.refused, key=lambda refusal: refusal.line)
            ],
        }
