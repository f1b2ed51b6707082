"""Fixtures shared by every test folder: database URLs for SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.scratch_db import postgres_admin_url, scratch_postgres_database

# No per-example deadline (a loaded 2-core machine is slow, not wrong). CI replays a fixed
# sequence of examples so a green run stays green; locally every run explores anew. Properties
# marked `tests.randomised.always_random` draw fresh examples in CI too.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory and the SQLite default, never the real one."""
    monkeypatch.setenv("DEPLOY_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _postgres_url() -> Iterator[str]:
    with scratch_postgres_database(postgres_admin_url(os.environ)) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite in tmp_path, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _postgres_url()
