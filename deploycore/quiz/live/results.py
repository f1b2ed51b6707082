"""What the live classroom hands back to the pages: join outcomes, rejoin state, answer
distributions and leaderboard rows, as frozen pydantic models. Counting answers into a
distribution is here; reading them from the store is `classroom.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from deploycore.quiz.grading import matched_option
from deploycore.quiz.models import FULL_WEIGHT, Question
from deploycore.quiz.responses import response_from_json
from deploycore.quiz.storage import LiveAnswer, LiveSession, Participant


class JoinResult(BaseModel):
    """The outcome of a join: the participant, or a message saying what to do."""

    model_config = ConfigDict(frozen=True)

    participant: Participant | None = None
    message: str = ""
    retry_after_s: float = Field(default=0.0, ge=0)


class OptionCount(BaseModel):
    """How many answered with one option (or, for numeric questions, one value band)."""

    model_config = ConfigDict(frozen=True)

    option_id: str
    label: str
    count: int = Field(ge=0)
    correct: bool


class Distribution(BaseModel):
    """The answers to one question so far."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    answered: int = Field(ge=0)
    participants: int = Field(ge=0)
    options: list[OptionCount]
    correct_count: int = Field(ge=0)

    def summary(self) -> str:
        """The distribution in words (the text alternative of its chart)."""
        parts = [f"{o.label}: {o.count}{' (correct)' if o.correct else ''}" for o in self.options]
        return (
            f"{self.answered} of {self.participants} answered; "
            f"{self.correct_count} correct. " + "; ".join(parts) + "."
        )


class LeaderboardRow(BaseModel):
    """A participant's running total."""

    model_config = ConfigDict(frozen=True)

    rank: int = Field(ge=1)
    nickname: str
    points: float
    correct: int = Field(ge=0)
    answered: int = Field(ge=0)


class SessionProgress(BaseModel):
    """Where a live session stands, as learners' screens show it: which question, revealed or
    not, leaderboard shown, ended. A learner's page redraws only when this changes."""

    model_config = ConfigDict(frozen=True)

    current_index: int
    revealed: bool
    show_leaderboard: bool
    finished: bool

    @classmethod
    def of(cls, session: LiveSession) -> SessionProgress:
        """The progress of a session just read from the store."""
        return cls(
            current_index=session.current_index,
            revealed=session.revealed,
            show_leaderboard=session.show_leaderboard,
            finished=session.finished,
        )


class Rejoin(BaseModel):
    """What a reloaded learner page gets back: who they are and what they answered."""

    model_config = ConfigDict(frozen=True)

    participant: Participant
    session: LiveSession
    answers: dict[str, LiveAnswer]

    def with_answer(self, answer: LiveAnswer) -> Rejoin:
        """The same learner with `answer` (just stored for them) among their answers."""
        if answer.participant_id != self.participant.id:
            raise ValueError("the answer is another participant's")
        return self.model_copy(update={"answers": {**self.answers, answer.question_id: answer}})


def distribution_of(
    question: Question, answers: Sequence[LiveAnswer], participants: int
) -> Distribution:
    """Counts per option for choice questions; per accepted answer (and "other") for short
    answer; full / partial / no credit bands for numeric ones."""
    correct_count = sum(a.is_correct for a in answers)
    if question.type == "numeric":
        partial = sum(0 < a.points < 1 for a in answers)
        options = [
            OptionCount(option_id="right", label="Within tolerance", count=correct_count,
                        correct=True),
            OptionCount(option_id="wrong", label="Outside tolerance",
                        count=len(answers) - correct_count - partial, correct=False),
        ]  # fmt: skip
        if any(0 < n.weight < FULL_WEIGHT for n in question.numeric_answers):
            options.insert(1, OptionCount(option_id="partial", label="Partly right",
                                          count=partial, correct=False))  # fmt: skip
    elif question.type == "short_answer":
        counts = dict.fromkeys((o.id for o in question.options), 0)
        other = 0
        for answer in answers:
            typed = response_from_json(question.id, answer.response).text_value or ""
            match = matched_option(question, typed)
            if match is None:
                other += 1
            else:
                counts[match.id] += 1
        options = [
            OptionCount(option_id=o.id, label=f"“{o.text}”", count=counts[o.id], correct=o.correct)
            for o in question.options
        ]
        options.append(OptionCount(option_id="other", label="Any other answer", count=other,
                                   correct=False))  # fmt: skip
    else:
        counts = dict.fromkeys((o.id for o in question.options), 0)
        for answer in answers:
            for option_id in response_from_json(question.id, answer.response).selected_option_ids:
                if option_id in counts:
                    counts[option_id] += 1
        options = [
            OptionCount(option_id=o.id, label=o.text, count=counts[o.id], correct=o.correct)
            for o in question.options
        ]
    return Distribution(
        question_id=question.id,
        answered=len(answers),
        participants=max(participants, len(answers)),
        options=options,
        correct_count=correct_count,
    )
