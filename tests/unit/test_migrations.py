"""Alembic migrations: a database from before `open_question_id` (and one made by `create_all`
before migrations existed) upgrades with nothing lost, on SQLite and PostgreSQL, and the models
match the revisions exactly (autogenerate finds nothing to do)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.pool import NullPool

import deploycore.scenarios.forecasting.runs  # noqa: F401  (puts the batch tables on Base)
from deploycore.infra.db import Base
from deploycore.infra.migrations import current_revision, head_revision, upgrade
from deploycore.quiz.storage import QuizStore, SubmitStatus
from deploycore.quiz.storage import tables as quiz_tables
from tests.unit import old_quiz_schema as old

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
QUESTIONS = [{"id": "q1", "prompt": "First?"}, {"id": "q2", "prompt": "Second?"}]


def _differences(url: str) -> list[object]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))
    finally:
        engine.dispose()


def _fill_old_database(url: str) -> None:
    """An old database with a class in it: a finished attempt, two sessions, answers."""
    engine = create_engine(url, poolclass=NullPool)
    old.OLD.create_all(engine)
    with engine.begin() as db:
        db.execute(
            insert(old.question_sets).values(
                id="all-1", title="All", questions=QUESTIONS, updated_at=NOW
            )
        )
        db.execute(
            insert(old.learners).values(id=1, name_key="ada", display_name="Ada", created_at=NOW)
        )
        db.execute(
            insert(old.attempts).values(
                id="a" * 32,
                learner_id=1,
                mode="exam",
                selection="all",
                question_ids=["q1", "q2"],
                seed=7,
                started_at=NOW,
                finished_at=NOW,
                duration_s=61.5,
                score=1.0,
                max_score=2.0,
            )
        )
        db.execute(
            insert(old.answers).values(
                attempt_id="a" * 32,
                question_id="q1",
                response={"selected": ["b"]},
                is_correct=True,
                points=1.0,
                confidence="high",
                answered_at=NOW,
            )
        )
        for number, (code, index, revealed) in enumerate(
            [("KQMPRS", 0, False), ("TUVWXY", 1, True)], start=1
        ):
            db.execute(
                insert(old.live_sessions).values(
                    id=number,
                    code=code,
                    question_set_id="all-1",
                    question_ids=["q1", "q2"],
                    current_index=index,
                    revealed=revealed,
                    show_leaderboard=False,
                    finished=False,
                    created_at=NOW,
                )
            )
        db.execute(
            insert(old.participants).values(
                id=1, session_id=1, nickname="Sam", nickname_key="sam", token="t-sam", joined_at=NOW
            )
        )
        db.execute(
            insert(old.participants).values(
                id=2, session_id=1, nickname="Kim", nickname_key="kim", token="t-kim", joined_at=NOW
            )
        )
        db.execute(
            insert(old.live_answers).values(
                session_id=1,
                participant_id=1,
                question_id="q1",
                response={"selected": ["a"]},
                is_correct=True,
                points=1.0,
                answered_at=NOW,
            )
        )
    engine.dispose()  # fmt: skip


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as db:
            return {
                table.name: int(db.execute(select(func.count()).select_from(table)).scalar_one())
                for table in old.OLD.sorted_tables
            }
    finally:
        engine.dispose()


def test_models_and_migrations_agree(database_url: str) -> None:
    upgrade(database_url)
    assert current_revision(database_url) == head_revision()
    assert _differences(database_url) == []


def test_a_database_from_before_open_question_id_upgrades_with_nothing_lost(
    database_url: str,
) -> None:
    _fill_old_database(database_url)
    before = _row_counts(database_url)
    store = QuizStore(database_url)  # what the app does at start: upgrade, then use
    try:
        assert _row_counts(database_url) == before
        showing = store.live_session("KQMPRS")
        assert showing is not None and showing.current_question_id == "q1"
        sam = store.participant("t-sam")
        assert sam is not None and sam.nickname == "Sam"
        assert store.participant_answers(sam.id)["q1"].response == {"selected": ["a"]}
        (attempt,) = store.history("Ada")
        assert attempt.score == 1.0 and attempt.duration_s == 61.5
        assert store.answers(attempt.id)[0].confidence == "high"
        # The open question was filled in: Kim can still answer q1; the revealed one is closed.
        kim = store.participant("t-kim")
        assert kim is not None
        stored = store.record_live_answer(kim, "q1", response={}, is_correct=False, points=0)
        assert stored.status is SubmitStatus.STORED
        with store.engine.connect() as db:
            open_ids = db.execute(
                text("SELECT code, open_question_id FROM quiz_live_sessions ORDER BY id")
            ).all()
        assert [tuple(row) for row in open_ids] == [("KQMPRS", "q1"), ("TUVWXY", None)]
    finally:
        store.dispose()
    assert current_revision(database_url) == head_revision()
    assert _differences(database_url) == []


def test_a_database_made_by_create_all_before_migrations_is_adopted(database_url: str) -> None:
    upgrade(database_url, "batch_runs")  # the tables create_all made up to now ...
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.begin() as db:
        db.execute(text("DROP TABLE alembic_version"))  # ... with no record of a revision
        db.execute(insert(quiz_tables.QuestionSetRow).values(
            id="s", title="S", questions=QUESTIONS, updated_at=NOW))  # fmt: skip
    engine.dispose()
    upgrade(database_url)
    assert current_revision(database_url) == head_revision()
    store = QuizStore(database_url)
    try:
        kept = store.question_set("s")
        assert kept is not None and kept.questions == QUESTIONS
    finally:
        store.dispose()
    assert _differences(database_url) == []


def test_app_processes_starting_together_migrate_once(database_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(database_url)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and current_revision(database_url) == head_revision()
