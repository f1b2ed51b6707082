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
    """One browser context visits every page in turn (a request answered from its cache was
    recorded on the page that first made it) and records every request the pages make."""
    own_host = urlsplit(app_url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    seen: dict[str, list[str]] = {}
    address = ""
    page.on("request", lambda request: seen.setdefault(address, []).append(request.url))
    for address in _addresses():
        page.goto(f"{app_url}{address}")
        wait_for_app(page, 60_000)
        page.wait_for_timeout(500)  # late requests: favicon, lazily loaded fonts and pictures
    context.close()
    assert all(any(urlsplit(u).netloc == own_host for u in seen.get(a, [])) for a in _addresses())
    outside = {
        where: sorted({u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
                      - {u for u in urls if urlsplit(u).netloc == own_host})
        for where, urls in seen.items()
    }  # fmt: skip
    outside = {where: urls for where, urls in outside.items() if urls}
    assert not outside, f"pages asked other hosts: {outside}"
