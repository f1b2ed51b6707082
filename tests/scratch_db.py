"""A throwaway PostgreSQL database for one test or benchmark run, dropped afterwards."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError


def postgres_admin_url(environ: Mapping[str, str]) -> str:
    """`TEST_DATABASE_URL`; without it, skip on a developer's machine and fail when CI is set.

    CI must run the PostgreSQL tests: a missing server there is an error, not a quiet skip.
    """
    admin_url = environ.get("TEST_DATABASE_URL")
    if admin_url:
        return admin_url
    if environ.get("CI"):
        pytest.fail(
            "TEST_DATABASE_URL is not set but CI is set: the PostgreSQL tests must run in CI "
            "(`make test` starts PostgreSQL and sets it)",
            pytrace=False,
        )
    pytest.skip("TEST_DATABASE_URL not set: `make test` starts PostgreSQL and sets it")


@contextmanager
def scratch_postgres_database(admin_url: str, prefix: str = "test") -> Iterator[str]:
    """Create a uniquely named database through `admin_url`, yield its URL, then drop it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(admin_url, name)


def _drop(admin_url: str, name: str, tries: int = 10) -> None:
    """Drop database `name`; a refusal (an autovacuum worker busy in it, which a role without
    `pg_signal_backend` may not end) is tried again for a few seconds."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(tries):
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                if attempt == tries - 1:
                    raise
                time.sleep(0.5)
    finally:
        admin.dispose()
