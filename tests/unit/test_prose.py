"""Server-rendered prose: Markdown in, HTML out, with no tag, link or image a text could add."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from deploycore.infra.prose import ICON_CLASS, html_of

# Every tag CommonMark without links, images and raw HTML can produce, plus <small> and the
# icon's <span>.
ALLOWED_TAGS = {
    "p", "strong", "em", "small", "code", "pre", "blockquote", "hr", "br", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "span",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_markdown_and_streamlit_small_text() -> None:
    html = html_of("### Heading\n\nUse **this**. :small[Seed: “a [note]” **b**]\n\n- one\n- two")
    assert "<h3>Heading</h3>" in html
    assert "<strong>this</strong>" in html
    assert "<small>Seed: “a [note]” <strong>b</strong></small>" in html
    assert "<li>one</li>" in html


def test_an_icon_is_decoration_in_streamlits_icon_font() -> None:
    html = html_of("### :material/bolt: Recommendation")
    assert f'<span class="{ICON_CLASS}" aria-hidden="true">bolt</span> Recommendation' in html


def test_html_links_and_images_in_text_stay_text() -> None:
    text = "<b>x</b> <script>alert(1)</script> [a](javascript:x) ![i](//evil.example) <https://e.x>"
    html = html_of(text)
    assert [tag for tag, _ in _tags(html)] == ["p"]
    assert "&lt;script&gt;" in html


def test_an_unclosed_small_stays_text() -> None:
    assert html_of(":small[never closed") == "<p>:small[never closed</p>\n"


_PIECES = [
    *"ab <>/&\"'[]()!:*_`#-\n\\",
    ":small[",
    ":material/x:",
    "<img src=x>",
    "1. ",
    "```",
    "~~~",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_no_text_makes_a_tag_outside_the_allowed_set(text: str) -> None:
    for tag, attrs in _tags(html_of(text)):
        assert tag in ALLOWED_TAGS, (tag, text)
        if tag == "span":
            assert ("class", ICON_CLASS) in attrs, (attrs, text)
        else:
            assert not attrs or tag == "ol", (tag, attrs, text)
