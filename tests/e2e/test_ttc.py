"""The page benchmarks' clock (`bench/ttc.py`): content shown, then every element drawn.

A widget whose lazily loaded browser code has not arrived is a grey placeholder; the second
clock must not stop while one is left. Here the radio's and number input's code is held back
until the test lets it through, so the placeholders are there for sure at "content shown".
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Browser, Route

from bench.ttc import ALL_DRAWN_JS, CONTENT_SHOWN_JS, PLACEHOLDERS, Target, expect_text, visit
from tests.e2e.helpers import EXPECT_TIMEOUT_MS, StreamlitServer

_SCRIPT = """
import streamlit as st

st.markdown("Text before the widgets")
st.radio("Size", ["Small", "Large"], key="size")
st.number_input("Count", value=1, key="count")
"""
# The two widgets' lazily loaded browser code (Streamlit's chunk names start so).
_HELD_CHUNKS = ("/Radio.", "/NumberInput.")


def test_the_second_clock_waits_for_every_placeholder(browser: Browser, tmp_path: Path) -> None:
    script = tmp_path / "widgets.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    with StreamlitServer(script) as server:
        context = browser.new_context()
        page = context.new_page()
        held: list[Route] = []

        def hold_widget_code(route: Route) -> None:
            if any(name in route.request.url for name in _HELD_CHUNKS):
                held.append(route)
            else:
                route.continue_()

        page.route("**/static/js/**", hold_widget_code)
        page.goto(server.url)
        page.wait_for_function(CONTENT_SHOWN_JS, polling=5, timeout=EXPECT_TIMEOUT_MS)
        # The browser may show the text before it asks for the second widget's code: wait
        # until both requests are held (held, so neither widget can be drawn meanwhile).
        deadline = time.monotonic() + EXPECT_TIMEOUT_MS / 1000
        while len(held) < 2 and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        # Content is shown, the widgets are placeholders: the second clock is still running.
        assert len(held) == 2, [r.request.url for r in held]
        assert page.locator(f"[data-testid='stMain'] :is({PLACEHOLDERS})").count() == 2
        assert page.locator("[data-testid='stNumberInput'] input").count() == 0
        assert page.evaluate(ALL_DRAWN_JS) is False

        for route in held:
            route.continue_()
        page.wait_for_function(ALL_DRAWN_JS, polling=5, timeout=EXPECT_TIMEOUT_MS)
        assert page.locator("[data-testid='stNumberInput'] input").count() == 1
        assert page.locator("[data-testid='stRadio'] input[type='radio']").count() == 2
        context.close()

        # A whole visit, as the benchmark makes it: both clocks, the second never earlier.
        timed = visit(browser, Target(server.url, expect_text("[data-testid='stMain']", "Size")))
        assert 0 < timed.content_ms <= timed.drawn_ms
