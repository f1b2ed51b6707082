"""After a live session: its item analysis (via the core's `stats.py`), a table of it, and CSV
exports of responses and statistics guarded against spreadsheet formula injection.

Reads from `QuizStore`; the statistics themselves are computed by `stats.analyse_items`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from deploycore.infra.csv_export import to_csv
from deploycore.quiz.grading import Response
from deploycore.quiz.models import FULL_WEIGHT, Option, Question
from deploycore.quiz.responses import response_from_json
from deploycore.quiz.self_study import chosen_text
from deploycore.quiz.stats import SetStatistics, analyse_items
from deploycore.quiz.storage import LiveAnswer, LiveSession, Participant, QuizStore


class SessionReport(BaseModel):
    """A session's questions, participants, answers and item statistics."""

    model_config = ConfigDict(frozen=True)

    session: LiveSession
    questions: list[Question]
    participants: list[Participant]
    answers: list[LiveAnswer]
    statistics: SetStatistics

    def item_rows(self) -> list[dict[str, Any]]:
        """One row per question for the on-screen table (facility and discrimination rounded)."""
        rows = []
        for number, (question, item) in enumerate(
            zip(self.questions, self.statistics.items, strict=True), start=1
        ):
            rows.append(
                {
                    "No.": number,
                    "Question": question.prompt,
                    "Answered": item.answered_count,
                    "Full credit": item.correct_count,
                    "Facility": None if item.facility is None else round(item.facility, 2),
                    "Discrimination": None
                    if item.discrimination is None
                    else round(item.discrimination, 2),
                    "Answers per option": option_counts_text(
                        question, item.option_counts, item.wrong_answers
                    ),
                }
            )
        return rows

    def summary(self) -> str:
        """The set's figures in words."""
        stats = self.statistics
        if not stats.learner_count:
            return "Nobody has answered yet, so there are no statistics."
        reliability = (
            "KR-20 cannot be computed (it needs at least two questions and two learners whose "
            "totals differ)"
            if stats.kr20 is None
            else f"KR-20 reliability {stats.kr20:.2f}"
        )
        return (
            f"{stats.learner_count} learner{'s' if stats.learner_count != 1 else ''} answered; "
            f"{stats.item_count} question{'s' if stats.item_count != 1 else ''} shown; "
            f"mean score {stats.mean_score or 0:.2f} (partial credit counts); "
            f"{reliability}."
        )


def option_counts_text(
    question: Question, counts: dict[str, int], wrong: tuple[tuple[str, int], ...] = ()
) -> str:
    """`Batch (right): 3 · Real-time: 1`; numeric questions have no options; short answers
    add the most common wrong typed answers."""
    if question.type == "numeric":
        return "numeric answer (no options)"

    def mark(option: Option) -> str:
        if option.weight is None or option.weight >= FULL_WEIGHT:
            return " (right)" if option.correct else ""
        return f" ({option.weight:g} %)" if option.weight else ""

    text = " · ".join(f"{o.text}{mark(o)}: {counts.get(o.id, 0)}" for o in question.options)
    if question.type == "short_answer":
        common = ", ".join(f"“{typed}” ×{count}" for typed, count in wrong)
        text += f" · most common wrong answers: {common or 'none'}"
    return text


def session_report(
    store: QuizStore, session: LiveSession, questions_by_id: dict[str, Question]
) -> SessionReport:
    """Everything stored for `session`: the questions shown so far (in order), analysed over
    the participants who answered anything."""
    shown = session.question_ids[: max(session.current_index + 1, 0)]
    questions = [questions_by_id[qid] for qid in shown]
    participants = store.participants(session.id)
    answers = store.live_answers(session.id)
    by_learner: dict[str, list[Response]] = {}
    for answer in answers:
        by_learner.setdefault(str(answer.participant_id), []).append(
            response_from_json(answer.question_id, answer.response)
        )
    return SessionReport(
        session=session,
        questions=questions,
        participants=participants,
        answers=answers,
        statistics=analyse_items(questions, by_learner),
    )


def responses_csv(report: SessionReport) -> str:
    """One line per answer: nickname, question, the answer in words, right or not, points."""
    names = {p.id: p.nickname for p in report.participants}
    by_id = {q.id: q for q in report.questions}
    rows = []
    for answer in report.answers:
        question = by_id.get(answer.question_id)
        if question is None:
            continue
        response = response_from_json(question.id, answer.response)
        rows.append(
            [
                report.session.code,
                names.get(answer.participant_id, ""),
                question.id,
                question.prompt,
                chosen_text(question, response),
                "correct" if answer.is_correct else "incorrect",
                answer.points,
                answer.answered_at.isoformat(),
            ]
        )
    header = ["session", "nickname", "question_id", "question", "answer", "result", "points",
              "answered_at_utc"]  # fmt: skip
    return to_csv(header, rows)


def statistics_csv(report: SessionReport) -> str:
    """One line per question (facility, discrimination, per-option counts), then KR-20."""
    rows: list[list[Any]] = []
    for question, item in zip(report.questions, report.statistics.items, strict=True):
        rows.append(
            [
                question.id,
                question.prompt,
                item.learner_count,
                item.answered_count,
                item.correct_count,
                "" if item.facility is None else round(item.facility, 4),
                "" if item.discrimination is None else round(item.discrimination, 4),
                option_counts_text(question, item.option_counts, item.wrong_answers),
            ]
        )
    kr20 = report.statistics.kr20
    rows.append(["KR-20 (whole set)", "", report.statistics.learner_count, "", "", "", "",
                 "" if kr20 is None else round(kr20, 4)])  # fmt: skip
    header = ["question_id", "question", "learners", "answered", "right", "facility",
              "discrimination", "answers_per_option"]  # fmt: skip
    return to_csv(header, rows)
