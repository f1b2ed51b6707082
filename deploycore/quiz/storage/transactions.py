"""How the quiz store reaches its database: pooled read and write transactions, at most DB_SLOTS
statements in flight per process, and SQLite writers taken one at a time. What is read or
written is `store.py`'s business, not this module's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from deploycore.infra.db import Base, create_tables, make_engine, session_factory

DB_SLOTS = 10  # = the shared engine's PostgreSQL pool_size (deploycore.infra.db.make_engine)
_WRITE_OPTION = "quiz_write_transaction"


def _serialise_sqlite_writes(engine: Engine) -> None:
    """Make SQLite write transactions start with BEGIN IMMEDIATE.

    A deferred transaction that reads and then writes can fail with "database is locked" when
    another writer commits in between; taking the write lock up front makes concurrent writers
    wait (busy timeout) instead. Read transactions keep a plain BEGIN so they never wait.
    """

    @event.listens_for(engine, "connect")
    def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Transactions:
    """An engine on `url` with its tables created, and the read and write transactions over it.

    Write transactions are serialised on SQLite; every statement waits for one of DB_SLOTS.
    """

    def __init__(self, url: str | None = None) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            _serialise_sqlite_writes(self.engine)
        create_tables(self.engine)
        # At most DB_SLOTS statements in flight per process: a burst of 40 learners then queues
        # here for a pooled connection instead of opening (and later closing) overflow ones.
        # SQLite takes one writer at a time anyway; queueing writers here wakes them in turn
        # rather than leaving them to SQLite's sleeping busy handler.
        self._slots = threading.BoundedSemaphore(DB_SLOTS)
        self._writer = threading.Lock() if self.dialect == "sqlite" else nullcontext()
        # PostgreSQL reads run in autocommit: one round trip per statement instead of BEGIN,
        # statement and ROLLBACK (each statement still sees only committed data).
        reads = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.dialect == "postgresql"
            else self.engine
        )
        self._reads = session_factory(reads)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._writes = session_factory(self._write_engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._slots, self._writer, self._writes.begin() as session:
            yield session

    @contextmanager
    def _write_connection(self) -> Iterator[Connection]:
        with self._slots, self._writer, self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._slots, self._reads() as session:
            yield session

    def _insert(self, table: type[Base]) -> Any:
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)
