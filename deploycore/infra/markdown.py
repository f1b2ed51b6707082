"""Markdown built from data: escaped text and plain tables.

A Markdown table renders as an HTML `<table>` without the browser loading Streamlit's Arrow
and data-grid code (about 900 kB for `st.table` or `st.dataframe`), and a screen reader reads
it as a table. Every cell is escaped, so data never renders as a link, image, HTML or math.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from deploycore.infra.text import escape_markdown


def markdown_table(rows: Sequence[Mapping[str, object]]) -> str:
    """A Markdown table of `rows` (the first row's keys are the header), every cell escaped."""
    if not rows:
        return ""
    header = list(rows[0])
    lines = [
        "| " + " | ".join(escape_markdown(name) for name in header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += [
        "| " + " | ".join(escape_markdown(str(row.get(name, ""))) for name in header) + " |"
        for row in rows
    ]
    return "\n".join(lines)
