"""Long prose as HTML rendered on the server (see `deploycore.infra.prose` for why and how)."""

from __future__ import annotations

import streamlit as st

from deploycore.infra.prose import html_of


def show_prose(markdown: str) -> None:
    """Draw Markdown prose (with `:small[]` and `:material/...:` icons) as one HTML element.

    For text a page computes, not widgets' labels. Any `<` in the text is escaped on the server
    (raw HTML is off), and Streamlit sanitises the HTML again in the browser.
    """
    st.html(html_of(markdown))
