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
# A URL scheme that runs code or embeds content, and any "scheme://": the colon is replaced, so
# the text can never be pasted or rendered as such a link. Backslash escapes alone are not
# enough: GitHub-flavoured Markdown links "https://...", "www." and "a@b.c" found in the text
# after escapes are resolved, so those are broken with look-alike characters too.
_SCHEME = re.compile(r"\b(javascript|vbscript|data|file|mailto|xmpp)(\s*):", re.IGNORECASE)
_BEFORE_SLASHES = re.compile(r":(?=\s*//)")  # "https://", "ftp://", any "scheme://"
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_RATIO = "\u2236"  # "∶", looks like a colon, is not a scheme separator
_DOT_LEADER = "\u2024"  # "․", looks like a full stop, is not one
_FULLWIDTH_AT = "\uff20"  # "＠", so no e-mail address is linked
# Invisible characters that reorder or hide text: controls, bidi overrides, zero-width marks.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_ESCAPES = {ord(c): "\\" + c for c in string.punctuation}


def escape_markdown(text: object) -> str:
    """`text` shown literally in Markdown (for the app's own data, such as table cells): every
    ASCII punctuation character backslash-escaped, whitespace runs as one space. Text from a
    URL, a file or another user goes through `safe_echo`, which also breaks autolinks and cuts.
    """
    return " ".join(str(text).split()).translate(_ESCAPES)


def safe_echo(text: object, limit: int = ECHO_MAX_CHARS) -> str:
    """`text` fit to quote inside Markdown: shown as typed, never as a link, image, HTML,
    emphasis, code, maths, emoji or colour.

    Whitespace runs (newlines too) become one space, invisible characters are dropped, the
    colon of `javascript:` (`vbscript:`, `data:`, `file:`, `mailto:`, any `scheme://`), the dot
    of `www.` and every `@` become look-alikes, the text is cut to `limit` characters (with
    "…"), and then every ASCII punctuation character is escaped with a backslash, which
    CommonMark always renders as the character itself.
    """
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in str(text)
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )
    kept = " ".join(visible.split())
    kept = _BEFORE_SLASHES.sub(
        _RATIO, _SCHEME.sub(lambda m: m.group(1) + m.group(2) + _RATIO, kept)
    )
    kept = _WWW.sub(lambda m: m.group(1) + _DOT_LEADER, kept).replace("@", _FULLWIDTH_AT)
    if len(kept) > limit:
        kept = kept[:limit].rstrip() + "…"
    return escape_markdown(kept)
