"""Page frame: presenter mode for projectors and the shared sidebar."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from deploycore.lesson.steps import RelatedPage

ROOT = Path(__file__).resolve().parent.parent

PRESENTER_KEY = "presenter_mode"

# Keyboard focus ring: 3:1 or more against the light and the dark theme's backgrounds
# (tests/unit/test_colour_contrast.py checks it).
FOCUS_RING_COLOUR = "#2f7fd8"

# Constant CSS only; no user text ever reaches st.html here.
# On every page (WCAG 2.1 AA, issue 17): a visible ring on whatever has keyboard focus; a
# button's shortcut hint (<kbd>) at the button's own text colour (Streamlit draws it at 60 %
# opacity: 2.8:1 on a primary button); a widget's label in the text colour even when the widget
# is disabled (an answered quiz question keeps "Choose one answer" readable; Streamlit's 40 %
# opacity gave 2.6:1); content kept at full strength while a script run replaces it (Streamlit
# dims it, down to 2.3:1 on the live quiz panels that refresh every 1.5-2 s; the running
# indicator at the top still shows a rerun).
_ACCESSIBLE_CSS = f"""
<style>
:focus-visible {{ outline: 3px solid {FOCUS_RING_COLOUR} !important; outline-offset: 2px; }}
button kbd {{ opacity: 1 !important; }}
label[data-testid="stWidgetLabel"] {{ color: inherit !important; }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
</style>
"""
_PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"] { display: none !important; }
div[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 3rem; }
div[data-testid="stMarkdownContainer"] p, div[data-testid="stMarkdownContainer"] li {
  font-size: 1.6rem !important; line-height: 1.5; }
h1 { font-size: 3.2rem !important; } h2 { font-size: 2.6rem !important; }
div[data-testid="stImage"] img { max-height: 62vh; width: auto !important; }
</style>
"""


def presenter_mode_on() -> bool:
    """Whether the presenter (projector) mode is switched on in this session."""
    return bool(st.session_state.get(PRESENTER_KEY, False))


def presenter_toggle() -> None:
    """A toggle at the top of every page; when on, hide the sidebar and enlarge everything."""
    _, right = st.columns([4, 1])
    right.toggle(
        "Presenter mode",
        key=PRESENTER_KEY,
        help="Larger text and diagrams, no sidebar: for a projector. Switch off here.",
    )
    st.html(_ACCESSIBLE_CSS + (_PRESENTER_CSS if presenter_mode_on() else ""))


def shared_sidebar() -> None:
    """What every page shows in the sidebar under the navigation."""
    with st.sidebar:
        st.caption(
            "Deployment decisions: learn when a model should answer in real time and when "
            "a batch job is the better, cheaper choice."
        )


def ensure_app_frame() -> None:
    """Make a page that was opened by its own URL run inside app.py's navigation.

    On a fresh server, Streamlit's legacy `pages/` discovery runs the page file directly for
    the first request to /<page> (before app.py has ever called st.navigation). Turning the
    legacy mode off and rerunning makes app.py run, with the same page requested.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def show_related_pages(related: Iterable[RelatedPage]) -> None:
    """Links to hands-on pages, for the pages that exist in this build of the app."""
    for item in related:
        if (ROOT / item.page_path).exists():
            st.page_link(
                item.page_path,
                label=item.label,
                icon=":material/arrow_outward:",
                query_params=item.query or None,
            )
