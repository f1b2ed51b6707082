"""A page opened by its own address connects on the first try, with or without a base folder.

Without `ServerAddressHint` (plain `streamlit run app.py`), Streamlit's browser code first asks
`/<page>/_stcore/health`, which fails, waits a retry timer and asks again at the root; the
last test shows that detour still exists, so the hint is still needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import ROOT, SERVED_APP, StreamlitServer, app_env, wait_for_app


def _open(page: Page, url: str) -> tuple[list[str], list[str]]:
    """Open `url`; the paths of every request and every WebSocket the page made."""
    requests: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.on("websocket", lambda w: sockets.append(urlsplit(w.url).path))
    page.goto(url)
    wait_for_app(page)
    return requests, sockets


def test_a_shared_page_link_connects_at_the_root_first(page: Page, app_url: str) -> None:
    requests, sockets = _open(page, f"{app_url}/cost_estimator?predictions_per_day=5000")
    expect(page.get_by_role("heading", name="Cost estimator: real-time or batch?")).to_be_visible()
    assert sockets == ["/_stcore/stream"]
    assert not [path for path in requests if path.startswith("/cost_estimator/")]
    assert requests.count("/_stcore/health") == 1
    assert "predictions_per_day=5000" in page.url  # the link's inputs stay in the address bar

    page.get_by_role("link", name="Lesson").first.click()
    expect(page.get_by_role("heading", name="Design a Model Deployment Solution")).to_be_visible()
    assert urlsplit(page.url).path == "/lesson"
    assert sockets == ["/_stcore/stream"]  # one connection throughout


def test_home_is_served_as_streamlit_serves_it(page: Page, app_url: str) -> None:
    requests, sockets = _open(page, f"{app_url}/")
    expect(page.get_by_role("link", name="Cost estimator").first).to_be_visible()
    assert sockets == ["/_stcore/stream"]
    assert requests.count("/_stcore/health") == 1


@pytest.fixture(scope="module")
def course_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served under /course (Streamlit's server.baseUrlPath)."""
    env = app_env(tmp_path_factory.mktemp("course"))
    with StreamlitServer(SERVED_APP, env=env, base_url_path="course") as server:
        yield server.url


def test_under_a_base_folder_the_page_finds_the_base(page: Page, course_url: str) -> None:
    requests, sockets = _open(page, f"{course_url}/cost_estimator")
    expect(page.get_by_role("heading", name="Cost estimator: real-time or batch?")).to_be_visible()
    assert sockets == ["/course/_stcore/stream"]
    assert not [path for path in requests if path.startswith("/course/cost_estimator/")]

    page.get_by_role("link", name="Home").first.click()
    expect(page).to_have_url(re.compile(r"/course/?$"))
    expect(page.get_by_role("link", name="Cost estimator").first).to_be_visible()


def test_the_base_folder_itself_is_home(page: Page, course_url: str) -> None:
    _, sockets = _open(page, course_url)
    expect(page.get_by_role("link", name="Cost estimator").first).to_be_visible()
    assert sockets == ["/course/_stcore/stream"]


def test_without_the_hint_a_page_link_asks_its_own_folder_first(
    browser: Browser, tmp_path: Path
) -> None:
    with StreamlitServer(ROOT / "app.py", env=app_env(tmp_path)) as plain:
        context = browser.new_context()
        try:
            requests, sockets = _open(context.new_page(), f"{plain.url}/cost_estimator")
        finally:
            context.close()
    assert "/cost_estimator/_stcore/health" in requests
    assert sockets == ["/_stcore/stream"]
