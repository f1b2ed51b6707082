"""Page frame: presenter mode for projectors and the shared sidebar."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from deploycore.infra.prose import ICON_CLASS
from deploycore.lesson.steps import RelatedPage

ROOT = Path(__file__).resolve().parent.parent

PRESENTER_KEY = "presenter_mode"
# `?present=1` in any page's address switches presenter mode on (and keeps it on across reloads).
PRESENTER_QUERY = "present"
_REFOCUS_KEY = "_presenter_refocus"

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
# indicator at the top still shows a rerun); icons in server-rendered prose (components.prose)
# in Streamlit's own icon font.
_ACCESSIBLE_CSS = f"""
<style>
:focus-visible {{ outline: 3px solid {FOCUS_RING_COLOUR} !important; outline-offset: 2px; }}
button kbd {{ opacity: 1 !important; }}
label[data-testid="stWidgetLabel"] {{ color: inherit !important; }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
.{ICON_CLASS} {{ font-family: "Material Symbols Rounded"; font-weight: 400; font-style: normal;
  line-height: 1; vertical-align: -0.15em; user-select: none; }}
</style>
"""
_PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"] { display: none !important; }
div[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 3rem; }
div[data-testid="stMarkdownContainer"] p, div[data-testid="stMarkdownContainer"] li,
div[data-testid="stHtml"] p, div[data-testid="stHtml"] li {
  font-size: 1.6rem !important; line-height: 1.5; }
h1 { font-size: 3.2rem !important; } h2 { font-size: 2.6rem !important; }
h3 { font-size: 2.1rem !important; }
div[data-testid="stCaptionContainer"], div[data-testid="stCaptionContainer"] p {
  font-size: 1.35rem !important; }
div[data-testid="stMetricLabel"] p { font-size: 1.5rem !important; }
div[data-testid="stMetricValue"] { font-size: 3.4rem !important; }
div[data-testid="stMetricDelta"] { font-size: 1.4rem !important; }
div[data-testid="stTable"] table, div[data-testid="stTable"] th, div[data-testid="stTable"] td,
div[data-testid="stMarkdownContainer"] table, div[data-testid="stMarkdownContainer"] th,
div[data-testid="stMarkdownContainer"] td { font-size: 1.5rem !important; }
div[data-testid="stDataFrame"] { zoom: 1.5; }
div[data-testid="stPlotlyChart"] .gtitle, div[data-testid="stPlotlyChart"] .xtick text,
div[data-testid="stPlotlyChart"] .ytick text, div[data-testid="stPlotlyChart"] .legendtext,
div[data-testid="stPlotlyChart"] .g-xtitle text, div[data-testid="stPlotlyChart"] .g-ytitle text,
div[data-testid="stPlotlyChart"] .annotation-text { font-size: 22px !important; }
div[data-testid="stWidgetLabel"] p, div[role="radiogroup"] p { font-size: 1.5rem !important; }
div[data-testid="stImage"] img { max-height: 44vh; width: auto !important;
  max-width: 100% !important; object-fit: contain; }
</style>
"""
# Constant script, emitted once after the toggle changes: take keyboard focus off the toggle so
# a clicker's Page Down (a button shortcut; Streamlit ignores shortcuts while an input has focus)
# works at once.
_REFOCUS_JS = """
<script>
(() => {
  const doc = window.parent ? window.parent.document : document;
  const active = doc.activeElement;
  if (active && active.blur) { active.blur(); }
  const main = doc.querySelector('section[data-testid="stMain"]') || doc.body;
  if (main) { if (!main.hasAttribute("tabindex")) { main.setAttribute("tabindex", "-1"); }
    main.focus({ preventScroll: true }); }
})();
</script>
"""


def presenter_mode_on() -> bool:
    """Whether the presenter (projector) mode is switched on in this session."""
    return bool(st.session_state.get(PRESENTER_KEY, False))


def _presenter_changed() -> None:
    """After the toggle: mirror it in the address and hand keyboard focus back to the page."""
    if st.session_state.get(PRESENTER_KEY):
        st.query_params[PRESENTER_QUERY] = "1"
    elif PRESENTER_QUERY in st.query_params:
        del st.query_params[PRESENTER_QUERY]
    st.session_state[_REFOCUS_KEY] = True


def _sync_presenter_with_address() -> None:
    """`?present=1` switches presenter mode on for a new session (a link, a reload); while it is
    on, the address keeps `present=1` (st.navigation drops query parameters on a page switch)."""
    asked = st.query_params.get(PRESENTER_QUERY) == "1"
    if PRESENTER_KEY not in st.session_state:
        st.session_state[PRESENTER_KEY] = asked
    elif presenter_mode_on() and not asked:
        st.query_params[PRESENTER_QUERY] = "1"


def presenter_toggle() -> None:
    """A toggle at the top of every page; when on, hide the sidebar and enlarge everything."""
    _sync_presenter_with_address()
    # One right-aligned row: one block, where st.columns made three.
    row = st.container(horizontal=True, horizontal_alignment="right", key="presenter-row")
    row.toggle(
        "Presenter mode",
        key=PRESENTER_KEY,
        on_change=_presenter_changed,
        help="Larger text and diagrams, no sidebar: for a projector. Switch off here. "
        "A link with ?present=1 opens any page in presenter mode.",
        width="content",
    )
    # st.html, not Markdown with unsafe_allow_html: Markdown's raw-HTML support is 189 kB of
    # browser code, st.html's sanitiser 30 kB (measured with Playwright, Streamlit 1.67).
    st.html(_ACCESSIBLE_CSS + (_PRESENTER_CSS if presenter_mode_on() else ""))
    if st.session_state.pop(_REFOCUS_KEY, False):
        st.html(_REFOCUS_JS, unsafe_allow_javascript=True)


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
