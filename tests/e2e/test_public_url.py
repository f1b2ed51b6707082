"""With PUBLIC_URL set, the instructor's join link and QR code use it, whatever address the
instructor's browser opened (here loopback), and no loopback warning is shown. Without it, a
loopback page address is replaced by the machine's LAN address, with a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from deploycore.infra.public_url import lan_ip
from tests.e2e.helpers import (
    SERVED_APP,
    StreamlitServer,
    app_env,
    click_and_wait,
    wait_for_app,
)

PASSCODE = "e2e passcode for the public address"
PUBLIC = "https://quiz.example.org/ml"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a passcode and PUBLIC_URL configured (this module only)."""
    env = app_env(
        tmp_path_factory.mktemp("publicurl"), INSTRUCTOR_PASSCODE=PASSCODE, PUBLIC_URL=PUBLIC
    )
    with StreamlitServer(SERVED_APP, env=env) as server:
        yield server.url


def _create_session(page: Page, app_url: str) -> tuple[Locator, str]:
    page.goto(f"{app_url}/instructor")
    wait_for_app(page)
    page.locator(".st-key-instructor-passcode input").fill(PASSCODE)
    page.get_by_role("button", name="Unlock").click()
    wait_for_app(page)
    click_and_wait(page, ".st-key-instructor-create-session button")
    banner = page.locator(".st-key-instructor-join-code")
    code = banner.locator("h1").first
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    return banner, code.inner_text().strip()


def test_the_join_link_uses_public_url(app_url: str, page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    banner, code = _create_session(page, app_url)
    expect(banner.locator("code")).to_have_text(f"{PUBLIC}/join?code={code}")
    expect(page.get_by_text("loopback address")).to_have_count(0)
    screenshot("instructor-join-link")


def test_a_loopback_address_is_replaced_with_a_warning(
    tmp_path: Path,
    page: Page,
    screenshot,  # type: ignore[no-untyped-def]
) -> None:
    env = app_env(tmp_path, INSTRUCTOR_PASSCODE=PASSCODE)
    with StreamlitServer(SERVED_APP, env=env) as server:
        banner, code = _create_session(page, server.url)
        lan = lan_ip()
        if lan is None:
            pytest.skip("this machine has no network address")
        expect(page.get_by_role("alert").filter(has_text="loopback address")).to_contain_text(lan)
        expect(banner.locator("code")).to_have_text(f"http://{lan}:{server.port}/join?code={code}")
        screenshot("instructor-loopback-warning")
