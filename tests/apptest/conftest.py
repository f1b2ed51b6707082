"""AppTest helpers: run the real app.py so navigation, sidebar and presenter mode are included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """Open a page of the app (path relative to the repo), optionally with query parameters and
    session state set before the first run (`state=`: what a browser brings, such as its key)."""

    def _open(
        page: str, timeout: float = 30, state: dict[str, object] | None = None, **query: str
    ) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=timeout)
        for name, value in (state or {}).items():
            at.session_state[name] = value
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/home.py":
            at.switch_page(page)
            for key, value in query.items():
                at.query_params[key] = value
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return _open
