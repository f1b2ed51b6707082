"""`safe_echo`, the one helper for quoting URL, file or user text: rendered as Markdown, no form
of link, image, HTML or styling survives, the text still reads as typed, and it is cut short."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.infra.text import ECHO_MAX_CHARS, safe_echo
from tests.rendered_markdown import AUTOLINK, gfm_text, render

LIVE = re.compile(r"<(?!/?p>)[a-z]", re.IGNORECASE)  # any tag but the paragraph around it


@pytest.mark.parametrize(
    "payload",
    [
        "[click](https://example.com)",
        "![t](https://evil.example.com/p.png)",
        "<img src=x onerror=alert(1)>",
        "<b>bold</b> <script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<https://evil.example>",
        "**bold** _it_ `code` ~~gone~~",
        "# heading",
        "- item\n- item",
        "$x^2$ :red[red] :material/home: :smile:",
        "&lt;b&gt;entity&lt;/b&gt;",
        "[ref]: https://evil.example",
        "a\u202eb\u200bc\x00d",
        "see www.evil.example or https://evil.example/y",
        "write to ann@evil.example",
    ],
)
def test_no_link_image_html_or_styling_survives(payload: str) -> None:
    echoed = safe_echo(payload, limit=200)
    assert not LIVE.search(render(echoed)), echoed
    assert not AUTOLINK.search(gfm_text(echoed)), echoed
    assert "javascript:" not in gfm_text(echoed).lower()


@given(st.text(max_size=300))
def test_any_text_renders_as_plain_text_within_the_limit(text: str) -> None:
    echoed = safe_echo(text)
    assert not LIVE.search(render(echoed))
    assert not AUTOLINK.search(gfm_text(echoed))
    assert "\n" not in echoed
    unescaped = echoed.replace("\\", "")
    assert len(unescaped) <= ECHO_MAX_CHARS + 1  # + "…"


def test_plain_words_read_as_typed_and_long_text_is_cut() -> None:
    assert render(safe_echo("Zoë's shirt: SH-004 (blue)")).strip() == (
        "<p>Zoë's shirt: SH-004 (blue)</p>"
    )
    assert safe_echo("Q" * 10_000) == "Q" * ECHO_MAX_CHARS + "…"
    assert safe_echo("see javascript:alert(1)") == "see javascript∶alert\\(1\\)"
    assert gfm_text(safe_echo("https://x.example")) == "https∶//x.example"
