"""Five simulated learners (`bench/class_learner.py`, the driver of `make bench-class`) join a
live session on one app server over PostgreSQL, each from its own loopback address, answer two
questions, and every acknowledged answer is in the database exactly once."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest

from bench.class_learner import LearnerRecord, count_answers, run_learners
from deploycore.infra.migrations import upgrade
from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.storage import QuizStore
from tests.e2e.helpers import SERVED_APP, StreamlitServer
from tests.scratch_db import postgres_admin_url, scratch_postgres_database

pytestmark = pytest.mark.postgres

LEARNERS = 5
QUESTIONS = 2


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with scratch_postgres_database(postgres_admin_url(os.environ), "classdriver") as url:
        upgrade(url)
        yield url


def test_simulated_learners_answer_and_every_acknowledged_answer_is_stored_once(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEPLOY_DATA_DIR": str(tmp_path_factory.mktemp("classdriver")),
    }
    classroom = LiveClassroom(QuizStore(database_url))
    questions = load_bank().questions[:QUESTIONS]
    session = classroom.create_session("smoke", "Smoke", questions)
    records = [LearnerRecord(f"Sim{n}", f"127.0.0.{10 + n}") for n in range(LEARNERS)]

    async def instructor() -> None:
        async def until(done: object) -> None:
            for _ in range(1200):
                if callable(done) and done():
                    return
                if any(r.error for r in records):
                    return
                await asyncio.sleep(0.05)
            raise AssertionError("the learners did not get there in 60 s")

        await until(lambda: all(r.join_ms is not None for r in records))
        for number in range(1, QUESTIONS + 1):
            classroom.next_question(classroom.session(session.code) or session)
            await until(lambda n=number: all(n in r.acked for r in records))
        classroom.next_question(classroom.session(session.code) or session)  # finishes

    async def scenario(url: str) -> None:
        await asyncio.gather(
            instructor(),
            run_learners(
                url,
                session.code,
                records,
                questions=QUESTIONS,
                think_max_s=0.5,
                seed=7,
                timeout_s=45,
            ),  # fmt: skip
        )

    with StreamlitServer(SERVED_APP, env=env) as server:
        asyncio.run(scenario(server.url))

    assert [r.error for r in records] == [""] * LEARNERS
    prompts = {r.questions[1].prompt for r in records}
    assert prompts == {questions[0].prompt}  # what the driver read is the question shown
    acked = [
        (r.nickname, questions[n - 1].id) for r in records for n in r.acked
    ]  # every learner's acknowledged answers
    assert len(acked) == LEARNERS * QUESTIONS
    count = count_answers(database_url, session.code, acked)
    assert (count.expected, count.stored, count.lost, count.duplicated) == (10, 10, 0, 0)
    assert all(r.join_ms is not None and r.join_ms > 0 for r in records)
