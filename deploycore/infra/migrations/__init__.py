"""The app's database schema as Alembic revisions (`versions/`), and bringing a database to it.

`upgrade(url)` takes the schema lock (PostgreSQL: an advisory lock; SQLite: the write lock), so
replicas starting together migrate once. A database made before migrations existed (by
`create_all`, no `alembic_version` table) is first stamped with the revision its tables match.
Not for defining tables: the models live with their features and must match these revisions
(a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.pool import NullPool

HERE = Path(__file__).resolve().parent
# Any fixed 64-bit number: the advisory lock every app process takes while migrating.
_PG_LOCK_KEY = 7_415_902_113
_LIVE_SESSIONS = "quiz_live_sessions"


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    """The newest revision: the schema this code expects."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


@contextmanager
def _locked(url: str) -> Iterator[Connection]:
    """One connection in a transaction that holds the schema lock until it commits."""
    if url.startswith("sqlite"):
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _manual(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, up front

    else:
        engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
                )
            yield connection
    finally:
        engine.dispose()


def _stamp_unversioned(connection: Connection) -> None:
    """Record which revision a pre-migrations database is at, judged by its tables."""
    found = inspect(connection)
    if found.has_table("alembic_version") or not found.has_table(_LIVE_SESSIONS):
        return
    columns = {column["name"] for column in found.get_columns(_LIVE_SESSIONS)}
    revision = "live_open_question" if "open_question_id" in columns else "quiz_baseline"
    MigrationContext.configure(connection).stamp(_scripts(), revision)


def upgrade(url: str, target: str = "head") -> None:
    """Bring the database at `url` to `target` (default: the newest revision)."""
    scripts = _scripts()
    with _locked(url) as connection:
        _stamp_unversioned(connection)
        with EnvironmentContext(
            Config(),
            scripts,
            fn=lambda revision, _context: scripts._upgrade_revs(target, revision),
            destination_rev=target,
        ) as environment:
            environment.configure(connection=connection, target_metadata=None)
            with environment.begin_transaction():
                environment.run_migrations()


def current_revision(url: str) -> str | None:
    """The revision the database at `url` is at (None: empty or made before migrations)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
