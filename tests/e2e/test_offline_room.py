"""An offline room: no page asks another host for anything (fonts, favicon, images, scripts)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from tests.e2e.helpers import ROOT, wait_for_app

# The lesson's diagram step too: its picture must come from the app itself.
EXTRA_ADDRESSES = ("/lesson?step=3",)


def _addresses() -> list[str]:
    pages = re.findall(r'st\.Page\(\s*"pages/(\w+)\.py"', (ROOT / "app.py").read_text())
    return [f"/{name}" if name != "home" else "/" for name in pages] + list(EXTRA_ADDRESSES)


def test_no_page_load_requests_another_host(browser: Browser, app_url: str) -> None:
    own_host = urlsplit(app_url).netloc
    outside: dict[str, set[str]] = {}
    for address in _addresses():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request, seen=seen: seen.append(request.url))
        page.goto(f"{app_url}{address}")
        wait_for_app(page, 60_000)
        page.wait_for_load_state("networkidle")
        context.close()
        assert any(urlsplit(url).netloc == own_host for url in seen), address
        elsewhere = {url for url in seen if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
        elsewhere = {url for url in elsewhere if urlsplit(url).netloc != own_host}
        if elsewhere:
            outside[address] = elsewhere
    assert not outside, f"pages asked other hosts: {outside}"
