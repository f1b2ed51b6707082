"""Item analysis of a stored live session against a hand-worked example, and safe CSV exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.infra.csv_export import guard_cell, to_csv
from deploycore.quiz import Question, Response
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.reports import responses_csv, session_report, statistics_csv
from deploycore.quiz.storage import QuizStore


def _question(number: int) -> Question:
    return Question.model_validate(
        {
            "id": f"q{number}", "topic": "batch", "difficulty": "easy", "kind": "scenario",
            "type": "single", "prompt": f"Question {number}?",
            "options": [
                {"id": "right", "text": "Right one", "correct": True, "explanation": "Yes."},
                {"id": "wrong", "text": "Wrong one", "explanation": "No."},
            ],
            "explanation": "Because.",
        }
    )  # fmt: skip


QUESTIONS = [_question(1), _question(2), _question(3)]
# Hand-worked example: 4 learners x 3 items (1 = right).
#   totals 3, 2, 1, 0 -> mean 1.5, variance 1.25; p = .75, .5, .25 -> sum(pq) = .625
#   KR-20 = 3/2 * (1 - .625 / 1.25) = 0.75
#   item-rest correlations: q1 0.75 / sqrt(.75 * 2.75) = 0.5222, q2 1 / sqrt(2) = 0.7071,
#   q3 0.5222 (worked by hand in the comments of the test below).
SCORES = {"=cmd|' /C calc'!A0": [1, 1, 1], "Bo": [1, 1, 0], "+Cy": [1, 0, 0], "@Di": [0, 0, 0]}


@pytest.fixture
def classroom(database_url: str) -> Iterator[LiveClassroom]:
    store = QuizStore(database_url)
    yield LiveClassroom(store)
    store.dispose()


def _run_class(classroom: LiveClassroom) -> str:
    session = classroom.create_session("hand", "Hand-worked", QUESTIONS)
    people = {name: classroom.join(session.code, name, name).participant for name in SCORES}
    for index, question in enumerate(QUESTIONS):
        session = classroom.go_to(session, index)
        for name, person in people.items():
            assert person is not None
            option = "right" if SCORES[name][index] else "wrong"
            classroom.submit(
                person, Response(question_id=question.id, selected_option_ids=frozenset([option]))
            )
    classroom.finish(session)
    return session.code


def test_item_statistics_match_the_hand_worked_example(classroom: LiveClassroom) -> None:
    code = _run_class(classroom)
    session = classroom.session(code)
    assert session is not None
    report = session_report(classroom.store, session, classroom.questions_of(session))
    stats = report.statistics
    assert stats.learner_count == 4 and stats.kr20 == pytest.approx(0.75)
    assert [i.facility for i in stats.items] == pytest.approx([0.75, 0.5, 0.25])
    assert [i.discrimination for i in stats.items] == pytest.approx(
        [0.5222, 0.7071, 0.5222], abs=1e-4
    )
    assert [i.option_counts for i in stats.items] == [
        {"right": 3, "wrong": 1},
        {"right": 2, "wrong": 2},
        {"right": 1, "wrong": 3},
    ]
    rows = report.item_rows()
    assert rows[0]["Answers per option"] == "Right one (right): 3 · Wrong one: 1"
    assert "KR-20 reliability 0.75" in report.summary()


def test_only_questions_shown_so_far_are_analysed(classroom: LiveClassroom) -> None:
    session = classroom.go_to(classroom.create_session("hand", "Hand", QUESTIONS), 0)
    report = session_report(classroom.store, session, classroom.questions_of(session))
    assert [q.id for q in report.questions] == ["q1"]
    assert "Nobody has answered yet" in report.summary()


def test_exports_neutralise_spreadsheet_formulas(classroom: LiveClassroom) -> None:
    code = _run_class(classroom)
    session = classroom.session(code)
    assert session is not None
    report = session_report(classroom.store, session, classroom.questions_of(session))
    responses = list(csv.DictReader(io.StringIO(responses_csv(report))))
    assert len(responses) == 12
    nicknames = {row["nickname"] for row in responses}
    assert nicknames == {"'=cmd|' /C calc'!A0", "Bo", "'+Cy", "'@Di"}
    assert {row["result"] for row in responses} == {"correct", "incorrect"}
    statistics = list(csv.reader(io.StringIO(statistics_csv(report))))
    assert statistics[0][:3] == ["question_id", "question", "learners"]
    assert statistics[-1][0] == "KR-20 (whole set)" and statistics[-1][-1] == "0.75"


@pytest.mark.parametrize("dangerous", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_get_a_leading_quote(dangerous: str) -> None:
    assert guard_cell(dangerous) == "'" + dangerous
    assert guard_cell(-1.5) == -1.5  # real numbers stay numbers


@given(st.lists(st.text(max_size=20), min_size=1, max_size=6))
def test_no_exported_cell_starts_like_a_formula(cells: list[str]) -> None:
    for row in csv.reader(io.StringIO(to_csv(["h"] * len(cells), [cells]), newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
