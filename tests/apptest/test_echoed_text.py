"""Every page opened with Markdown, HTML and `javascript:` payloads in each query parameter it
reads (and in one it does not): nothing from a payload renders as a link, an image or HTML, and
a 10 kB value is not echoed in full."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from deploycore.costing.inputs import CostInputs
from deploycore.costing.links import to_query_params
from tests.rendered_markdown import AUTOLINK, gfm_text, render

OpenPage = Callable[..., AppTest]
# Each fits in what is echoed (60 characters) so every form is tried; safe_echo's own tests try
# more forms one by one.
PAYLOADS = {
    # an outside image (protocol-relative), a javascript: link and HTML, in 54 characters
    "markup": "![PWN](//evil.example)[PWN](javascript:x)<b>PWN</b>",
    # a bare web address GitHub-flavoured Markdown would link, then 10 kB
    "autolink-and-long": "www.evil.example https://evil.example " + "Q" * 10_000,
}
# The query parameters each page reads (and "x", which no page reads).
PAGES = {
    "pages/home.py": ["x"],
    "pages/lesson.py": ["step", "x"],
    "pages/shirt_shop.py": ["item", "x"],
    "pages/weekly_forecast.py": ["x"],
    "pages/decide.py": ["x"],
    "pages/cost_estimator.py": [*to_query_params(CostInputs()), "preset", "x"],
    "pages/quiz.py": ["x"],
    "pages/join.py": ["code", "p", "x"],
    "pages/instructor.py": ["session", "x"],
}
# A live link or image to the payload's host or to javascript:, or payload text inside a tag.
_LIVE = re.compile(r"<(a|img)\s[^>]*(evil\.example|javascript:|onerror)|>PWN", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _no_scoring_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shirt shop's endpoint is not what is tested here: refuse to start it (quicker)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("not started in this test")

    monkeypatch.setattr("deploycore.scenarios.recommender.server.start_server", refuse)
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "echo test passcode")
    yield


def _shown_text(at: AppTest) -> list[str]:
    """Every Markdown body on the page: text elements, alerts, and widget labels."""
    bodies: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        bodies += [element.value for element in at.get(kind)]
    for kind in ("warning", "error", "info", "success", "toast"):
        bodies += [element.value for element in at.get(kind)]
    for kind in ("text_input", "selectbox", "number_input", "radio", "checkbox", "toggle"):
        bodies += [getattr(element, "label", "") for element in at.get(kind)]
    return [str(body) for body in bodies]


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_no_link_image_or_html_from_a_link_appears(
    open_page: OpenPage, page: str, payload: str
) -> None:
    text = PAYLOADS[payload]
    # Unlocked, so the instructor page reads its parameter too.
    at = open_page(page, 60, {"instructor-unlocked": True}, **{n: text for n in PAGES[page]})
    for body in _shown_text(at):
        assert not _LIVE.search(render(body)), (page, body[:200])
        linked = [m.group(0) for m in AUTOLINK.finditer(gfm_text(body)) if "evil" in m.group(0)]
        assert not linked, (page, body[:200])
        assert "javascript:" not in body.lower(), (page, body[:200])
        assert "Q" * 100 not in body, (page, len(body))
    for html in (str(element.value) for element in at.get("html")):  # server-rendered prose
        assert not _LIVE.search(html), (page, html[:200])
        assert "javascript:" not in html.lower(), (page, html[:200])
        assert "Q" * 100 not in html, (page, len(html))
