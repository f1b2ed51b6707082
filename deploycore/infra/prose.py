"""Markdown to safe HTML on the server, for long prose that the browser would otherwise parse.

Streamlit's Markdown element ships the Markdown source and parses it in the browser, on the
thread that draws the page. For Decide's long result text that cost about 0.1 s of a fresh
visit (README, *Page speed*), so such prose is rendered here with markdown-it-py (CommonMark)
and shown with `st.html`.

Safe by construction: raw HTML in the text is switched off, so a `<` in any text, typed by a user
or not, comes out escaped; links, autolinks, images and fenced code are switched off too (the
app's prose has none), so no text can make a link, an image or an attribute. Streamlit
sanitises the result once more in the browser.

Two of Streamlit's own Markdown extensions are supported, because the app's prose uses them:
`:small[text]` becomes `<small>text</small>` and `:material/name:` an icon from the Material
Symbols font that Streamlit already loads (hidden from screen readers: decoration only).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

SMALL_OPEN = ":small["
ICON_CLASS = "prose-icon"
_ICON = re.compile(r":material/([a-z0-9_]+):")


def _small(state: StateInline, silent: bool) -> bool:
    """Inline rule: `:small[...]` (its content is parsed as Markdown too)."""
    start = state.pos
    if not state.src.startswith(SMALL_OPEN, start):
        return False
    content_start = start + len(SMALL_OPEN)
    # markdown-it's own bracket matching (nesting, escapes, code spans), as for a link's label.
    close = parseLinkLabel(state, content_start - 1)
    if close < 0:
        return False
    if not silent:
        state.push("small_open", "small", 1)
        outer_max = state.posMax
        state.pos, state.posMax = content_start, close
        state.md.inline.tokenize(state)
        state.posMax = outer_max
        state.push("small_close", "small", -1)
    state.pos = close + 1
    return True


def _icon(state: StateInline, silent: bool) -> bool:
    """Inline rule: `:material/name:`, drawn with Streamlit's icon font."""
    match = _ICON.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = f'<span class="{ICON_CLASS}" aria-hidden="true">{match.group(1)}</span>'
    state.pos = match.end()
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # No links, images or fenced code: nothing in a text can make a link, an image or an
    # attribute (a fence's info string would become a class).
    parser.disable(["link", "image", "autolink", "fence"])
    parser.inline.ruler.before("link", "streamlit_small", _small)
    parser.inline.ruler.before("link", "streamlit_icon", _icon)
    return parser


def html_of(markdown: str) -> str:
    """The Markdown as HTML (raw HTML in it escaped; `:small[]` and icons as described above)."""
    html: str = _parser().render(markdown)
    return html
