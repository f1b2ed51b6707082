"""The one way to quote text that came from a URL, a file or another user back on a page.

Everything Streamlit shows as text (st.markdown, st.warning, captions, labels) is Markdown, and
Markdown turns `[a](b)`, `![a](b)`, `<b>`, bare `https://...` and `:red[...]` into live links,
images, HTML and styling. `safe_echo` makes such text inert. Not for HTML: nothing here is ever
passed through `unsafe_allow_html`.
"""

from __future__ import annotations

import re
import string
import unicodedata

ECHO_MAX_CHARS = 60  # enough for a name, an id or a value; a 10 kB link value is not echoed
# A URL scheme that runs code or embeds content: its colon is replaced, so the text can never be
# pasted or rendered as such a link.
_DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data|file)(\s*):", re.IGNORECASE)
_RATIO = "\u2236"  # "∶", looks like a colon, is not a scheme separator
# Invisible characters that reorder or hide text: controls, bidi overrides, zero-width marks.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_ESCAPES = {ord(c): "\\" + c for c in string.punctuation}


def safe_echo(text: object, limit: int = ECHO_MAX_CHARS) -> str:
    """`text` fit to quote inside Markdown: shown as typed, never as a link, image, HTML,
    emphasis, code, maths, emoji or colour.

    Whitespace runs (newlines too) become one space, invisible characters are dropped, a
    `javascript:` (or `vbscript:`, `data:`, `file:`) colon is replaced, the text is cut to
    `limit` characters (with "…"), and then every ASCII punctuation character is escaped with a
    backslash, which CommonMark always renders as the character itself (a bare URL is no longer
    auto-linked either).
    """
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in str(text)
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )
    kept = " ".join(visible.split())
    kept = _DANGEROUS_SCHEME.sub(lambda m: m.group(1) + m.group(2) + _RATIO, kept)
    if len(kept) > limit:
        kept = kept[:limit].rstrip() + "…"
    return kept.translate(_ESCAPES)
