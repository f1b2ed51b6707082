"""Quiz storage on SQLite and PostgreSQL: round trips, idempotent submits, rejoin, concurrency,
and durability of an acknowledged answer when the process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from deploycore.quiz.grading import Response
from deploycore.quiz.responses import response_from_json, response_to_json
from deploycore.quiz.storage import (
    LiveAnswerRow,
    Participant,
    QuizStore,
    SubmitStatus,
)

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [{"id": "q-one", "prompt": "One?"}, {"id": "q-two", "prompt": "Two?"}]


@pytest.fixture
def store(database_url: str) -> Iterator[QuizStore]:
    quiz_store = QuizStore(database_url)
    quiz_store.save_question_set("seed", "Seed questions", QUESTIONS)
    yield quiz_store
    quiz_store.dispose()


def _open_session(store: QuizStore, code: str = "ABCDEF") -> int:
    live = store.create_live_session(code, "seed", ["q-one", "q-two"])
    store.update_live_session(live.id, current_index=0)
    return live.id


def test_question_set_round_trips_and_is_replaced_on_save(store: QuizStore) -> None:
    stored = store.question_set("seed")
    assert stored is not None and stored.questions == QUESTIONS
    store.save_question_set("seed", "Seed v2", QUESTIONS[:1])
    again = store.question_set("seed")
    assert again is not None and again.title == "Seed v2" and again.questions == QUESTIONS[:1]
    assert store.question_set("missing") is None


def test_attempt_round_trip_with_history_per_chosen_name(store: QuizStore) -> None:
    attempt = store.start_attempt(
        "Ana  Lima", mode="exam", selection="all", question_ids=["q-two", "q-one"], seed=7
    )
    store.record_answer(
        attempt.id, "q-two", response=[1], is_correct=True, points=1, confidence="high"
    )
    store.record_answer(attempt.id, "q-one", response=[0], is_correct=False, points=0)
    finished = store.finish_attempt(attempt.id, score=1, max_score=2, certainty_score=1.5)
    assert finished.finished_at is not None and finished.duration_s is not None
    assert finished.finished_at.tzinfo is not None
    answers = store.answers(attempt.id)
    assert [(a.question_id, a.is_correct, a.confidence) for a in answers] == [
        ("q-two", True, "high"),
        ("q-one", False, None),
    ]
    history = store.history(" ana lima ")  # case and spacing do not matter
    assert [(h.id, h.score, h.max_score, h.question_ids) for h in history] == [
        (attempt.id, 1, 2, ["q-two", "q-one"])
    ]
    assert store.history("somebody else") == []


def test_unfinished_attempts_stay_out_of_history(store: QuizStore) -> None:
    store.start_attempt("Bo", mode="practice", selection="all", question_ids=["q-one"], seed=1)
    assert store.history("Bo") == []


def test_finishing_twice_keeps_the_first_result(store: QuizStore) -> None:
    attempt = store.start_attempt(
        "Cy", mode="exam", selection="all", question_ids=["q-one"], seed=1
    )
    first = store.finish_attempt(attempt.id, score=1, max_score=1, certainty_score=None)
    second = store.finish_attempt(attempt.id, score=0, max_score=1, certainty_score=None)
    assert second.score == 1 and second.finished_at == first.finished_at


def test_a_double_submit_of_a_self_study_answer_is_stored_once(store: QuizStore) -> None:
    attempt = store.start_attempt(
        "Di", mode="exam", selection="all", question_ids=["q-one"], seed=1
    )
    first, created = store.record_answer(
        attempt.id, "q-one", response=[2], is_correct=True, points=1
    )
    again, created_again = store.record_answer(
        attempt.id, "q-one", response=[0], is_correct=False, points=0
    )
    assert created and not created_again
    assert again == first and again.response == [2]
    assert len(store.answers(attempt.id)) == 1


def test_a_double_submit_of_a_live_answer_is_stored_once(store: QuizStore) -> None:
    session_id = _open_session(store)
    person = store.add_participant(session_id, "Eve", "token-eve")
    assert person is not None
    first = store.record_live_answer(person, "q-one", response=[1], is_correct=True, points=1)
    second = store.record_live_answer(person, "q-one", response=[0], is_correct=False, points=0)
    assert first.status is SubmitStatus.STORED
    assert second.status is SubmitStatus.ALREADY_STORED and second.answer == first.answer
    assert len(store.live_answers(session_id, "q-one")) == 1


def test_live_answers_are_refused_unless_the_question_is_open(store: QuizStore) -> None:
    live = store.create_live_session("LOBBY2", "seed", ["q-one", "q-two"])
    person = store.add_participant(live.id, "Fay", "token-fay")
    assert person is not None
    lobby = store.record_live_answer(person, "q-one", response=[1], is_correct=True, points=1)
    assert lobby.status is SubmitStatus.CLOSED  # nothing shown yet
    store.update_live_session(live.id, current_index=0)
    ahead = store.record_live_answer(person, "q-two", response=[1], is_correct=True, points=1)
    assert ahead.status is SubmitStatus.CLOSED  # not the current question
    store.update_live_session(live.id, revealed=True)
    late = store.record_live_answer(person, "q-one", response=[1], is_correct=True, points=1)
    assert late.status is SubmitStatus.CLOSED  # answer already revealed
    assert store.live_answers(live.id) == []


def test_nicknames_are_unique_per_session_ignoring_case(store: QuizStore) -> None:
    session_id = _open_session(store)
    assert store.add_participant(session_id, "Gus", "token-1") is not None
    assert store.add_participant(session_id, "  gus ", "token-2") is None
    other = store.create_live_session("OTHER2", "seed", ["q-one"])
    assert store.add_participant(other.id, "Gus", "token-3") is not None
    assert store.participant_count(session_id) == 1


def test_rejoin_with_the_token_returns_the_existing_answers(store: QuizStore) -> None:
    session_id = _open_session(store)
    person = store.add_participant(session_id, "Hal", "token-hal")
    assert person is not None
    store.record_live_answer(person, "q-one", response=[3], is_correct=False, points=0)
    rejoined = store.participant("token-hal")
    assert rejoined == person
    answers = store.participant_answers(rejoined.id)
    assert list(answers) == ["q-one"] and answers["q-one"].response == [3]
    assert store.participant("not-a-token") is None


def test_forty_learners_answering_at_once_are_each_stored_exactly_once(
    store: QuizStore,
) -> None:
    session_id = _open_session(store)
    people: list[Participant] = []
    for number in range(40):
        person = store.add_participant(session_id, f"learner {number}", f"token-{number}")
        assert person is not None
        people.append(person)
    start = threading.Barrier(40)
    outcomes: list[SubmitStatus] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def answer(person: Participant) -> None:
        try:
            start.wait()
            for _ in range(2):  # every learner double-submits
                result = store.record_live_answer(
                    person, "q-one", response=[person.id % 4], is_correct=True, points=1
                )
                with lock:
                    outcomes.append(result.status)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=answer, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert Counter(outcomes) == {SubmitStatus.STORED: 40, SubmitStatus.ALREADY_STORED: 40}
    stored = store.live_answers(session_id, "q-one")
    assert sorted(a.participant_id for a in stored) == sorted(p.id for p in people)
    with store.engine.connect() as connection:
        rows = connection.execute(select(func.count()).select_from(LiveAnswerRow)).scalar_one()
    assert rows == 40


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from deploycore.quiz.storage import QuizStore
    store = QuizStore(sys.argv[1])
    person = store.participant("token-killed")
    result = store.record_live_answer(person, "q-one", response=[2], is_correct=True, points=1)
    print(result.status.value, flush=True)
    time.sleep(120)
    """
)


def test_an_acknowledged_answer_survives_the_process_being_killed(
    store: QuizStore, database_url: str
) -> None:
    session_id = _open_session(store)
    assert store.add_participant(session_id, "Ivy", "token-killed") is not None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, database_url],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert writer.stdout is not None
        acknowledged = writer.stdout.readline().strip()
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert acknowledged == "stored"
    store.dispose()
    reopened = QuizStore(database_url)
    try:
        answers = reopened.live_answers(session_id, "q-one")
        assert [a.response for a in answers] == [[2]]
    finally:
        reopened.dispose()


@given(
    selected=st.frozensets(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True), max_size=4),
    number=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32)),
    confidence=st.sampled_from([None, 1, 2, 3]),
)
def test_a_response_survives_its_json_form(
    selected: frozenset[str], number: float | None, confidence: Literal[1, 2, 3] | None
) -> None:
    response = Response(question_id="q", selected_option_ids=selected, numeric_value=number,
                        confidence=confidence)  # fmt: skip
    assert response_from_json("q", json.loads(json.dumps(response_to_json(response)))) == response
