"""What a Markdown body becomes on a page, for tests that check echoed text stays inert:
CommonMark with raw HTML (links, images, tags), plus the GitHub-flavoured autolinks Streamlit's
renderer adds to text after backslash escapes are resolved (mdast-util-gfm-autolink-literal)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_COMMONMARK = MarkdownIt("commonmark", {"html": True})
AUTOLINK = re.compile(
    r"(https?://|www(?=\.))[-.\w]+|[-.+\w]+@[-\w]+(\.[-\w]+)+", re.IGNORECASE
)  # fmt: skip


def render(body: str) -> str:
    """The body as CommonMark HTML."""
    return _COMMONMARK.render(body)


def gfm_text(body: str) -> str:
    """The text a renderer sees once backslash escapes are resolved (what autolinks scan)."""
    return re.sub(r"\\(.)", r"\1", body)
