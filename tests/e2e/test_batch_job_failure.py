"""A batch job process that dies shows as failed on the Weekly forecast page: its exit status and
the last lines of its log, in words. The job here misses `tqdm`, as a runtime-only install once
did: a module of that name on the job's path raises ModuleNotFoundError (the app never imports
it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import SERVED_APP, StreamlitServer, app_env, wait_for_app


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app whose batch job cannot import tqdm (this module only)."""
    shadow = tmp_path_factory.mktemp("no-tqdm")
    (shadow / "tqdm.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'tqdm'\", name='tqdm')\n", encoding="utf-8"
    )
    env = app_env(tmp_path_factory.mktemp("jobfailure"), PYTHONPATH=str(shadow))
    with StreamlitServer(SERVED_APP, env=env) as server:
        yield server.url


def test_a_dying_batch_job_shows_its_status_and_log(app_url: str, page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app_url}/weekly_forecast")
    wait_for_app(page)
    expect(page.get_by_text("No batch run yet")).to_be_visible()
    page.get_by_role("button", name="Start batch run").click()
    failed = page.locator(".st-key-forecast-job-failed")
    expect(failed).to_contain_text("failed with exit status 1", timeout=60_000)
    expect(failed.get_by_role("alert")).to_contain_text("No module named 'tqdm'")
    expect(failed.locator("code")).to_contain_text("No module named 'tqdm'")
    screenshot("failed-job")
