"""The shared engine works on both databases and SQLite runs in WAL mode."""

from __future__ import annotations

from sqlalchemy import text

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
