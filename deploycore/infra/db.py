"""SQLAlchemy 2 engine and declarative base shared by every stored feature.

SQLite (the default) gets WAL mode, foreign keys and a busy timeout; PostgreSQL is used as is.
Feature modules declare their tables on `Base` and call `create_tables(engine)`, which applies the
Alembic revisions in `deploycore/infra/migrations/` (never `create_all`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from deploycore.infra import migrations
from deploycore.infra.settings import database_url


class Base(DeclarativeBase):
    """Declarative base for every table of the app."""


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    # Switching to WAL takes a lock that SQLite may refuse at once (no busy wait) while another
    # process opens the same file; WAL is persistent, so only a new file needs the switch.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database), ready for concurrent use."""
    target = url or database_url()
    if target.startswith("sqlite"):
        engine = create_engine(target, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    # No ping before each use (a round trip per statement, 11 % of a loaded replica's samples):
    # a connection the server dropped fails one statement, SQLAlchemy then discards the whole
    # pool, and the page says the database was unreachable; connections are renewed hourly.
    return create_engine(target, pool_recycle=3600, pool_size=10, max_overflow=40)


def create_tables(engine: Engine) -> None:
    """Bring the engine's database to the newest schema (every migration; a no-op when there)."""
    migrations.upgrade(engine.url.render_as_string(hide_password=False))


def session_factory(engine: Engine) -> sessionmaker[Any]:
    """Sessions bound to `engine`; use `with factory.begin() as session:` for a transaction."""
    return sessionmaker(engine, expire_on_commit=False)
