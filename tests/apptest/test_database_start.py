"""At start the app brings its database to the newest schema; when it cannot, every page says so
in one sentence naming `make migrate`, with no SQL and no traceback on the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from deploycore.infra.migrations import current_revision, head_revision
from deploycore.infra.settings import database_url

OpenPage = Callable[..., AppTest]


def test_the_app_upgrades_its_database_at_start(open_page: OpenPage) -> None:
    open_page("pages/lesson.py")
    assert current_revision(database_url()) == head_revision()


def test_a_database_that_cannot_be_upgraded_is_refused_in_one_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "not-a-database.db").write_text("this file is not SQLite")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-database.db'}")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    (error,) = at.error
    assert "`make migrate`" in error.value and error.value.count(".") == 1
    assert "SELECT" not in error.value and "sqlite" not in error.value.lower()
