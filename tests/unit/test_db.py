"""The shared engine works on both databases and SQLite runs in WAL mode."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from deploycore.infra.db import make_engine
from deploycore.infra.settings import database_url as configured_url


def test_engine_round_trips_on_both_databases(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    engine.dispose()


def test_sqlite_default_uses_wal_under_the_data_dir(tmp_path: object) -> None:
    url = configured_url()
    assert url.startswith("sqlite:///") and url.endswith("app.db")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    engine.dispose()


@pytest.mark.postgres
def test_after_the_server_drops_its_connections_one_statement_fails_then_the_pool_recovers(
    tmp_path: object,
) -> None:
    """No ping before each use: a dropped connection costs one failed statement (the page
    says so), then SQLAlchemy has discarded the whole pool and the next statement works."""
    from tests.scratch_db import postgres_admin_url, scratch_postgres_database

    with scratch_postgres_database(postgres_admin_url(os.environ), "dropped") as url:
        engine = make_engine(url)
        try:
            for _ in range(3):  # three pooled connections
                with engine.connect() as connection:
                    assert connection.execute(text("SELECT 1")).scalar() == 1
            name = engine.url.database
            admin = create_engine(postgres_admin_url(os.environ))
            with admin.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                connection.commit()
            admin.dispose()
            failures = 0
            for _ in range(3):
                try:
                    with engine.connect() as connection:
                        connection.execute(text("SELECT 1"))
                except OperationalError:
                    failures += 1
            assert failures == 1
        finally:
            engine.dispose()
