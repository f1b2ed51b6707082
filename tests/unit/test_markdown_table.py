"""Markdown tables from data: every cell shows literally, as a table, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from deploycore.infra.markdown import markdown_table
from deploycore.infra.text import escape_markdown

RENDER = MarkdownIt("commonmark").enable("table")


class _Cells(HTMLParser):
    """The text of each table cell, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: set[str] = set()
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def _parsed(markdown: str) -> _Cells:
    cells = _Cells()
    cells.feed(RENDER.render(markdown))
    return cells


# Printable text with every Markdown-significant character well represented.
cell_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.sampled_from(list("\\`*_{}[]()<>#+-.!|~$:& \t\n")),
    max_size=30,
)


@given(st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=4))
def test_every_cell_reads_back_literally_and_nothing_renders_as_markup(
    pairs: list[tuple[str, str]],
) -> None:
    rows = [{"name": a, "value": b} for a, b in pairs]
    cells = _parsed(markdown_table(rows))
    expected = ["name", "value"] + [" ".join(v.split()) for a, b in pairs for v in (a, b)]
    assert cells.cells == expected
    assert cells.tags <= {"table", "thead", "tbody", "tr", "th", "td"}


def test_links_images_html_and_math_are_shown_as_text() -> None:
    payload = "[click](https://example.com) ![t](https://evil.example/p.png) <b>x</b> $1 $2"
    html = RENDER.render(escape_markdown(payload))
    assert "<a" not in html and "<img" not in html and "<b>" not in html
    assert "[click](https://example.com)" in html


def test_no_rows_is_no_table() -> None:
    assert markdown_table([]) == ""
