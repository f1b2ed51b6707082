"""Entry point: page config, navigation over pages/, the shared sidebar and presenter mode."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.database import database_ready
from components.layout import presenter_toggle, shared_sidebar
from components.memory import freeze_imported_objects
from components.theme_options import keep_theme_options

keep_theme_options()

st.set_page_config(
    page_title="Deployment decisions: real-time or batch?",
    # A local picture: a Material icon here makes the browser fetch the favicon from an outside
    # font host, which fails in an offline room.
    page_icon=str(Path(__file__).parent / "img" / "favicon.png"),
    layout="wide",
)

# Every page must be registered here: with st.navigation, pages/ is not auto-discovered.
# No url_path: a page's address is its file name (/lesson, /cost_estimator). On a fresh server
# Streamlit's legacy pages/ discovery answers the first request by file name, so any other
# address would flash "Page not found" once.
# Sections with no page yet are left out (no placeholder pages).
SECTIONS: dict[str, list[st.Page]] = {
    "Learn": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/lesson.py", title="Lesson", icon=":material/school:"),
    ],
    "Try": [
        st.Page("pages/shirt_shop.py", title="Shirt shop (real-time)", icon=":material/checkroom:"),
        st.Page(
            "pages/weekly_forecast.py",
            title="Weekly forecast (batch)",
            icon=":material/calendar_month:",
        ),
    ],
    "Decide": [
        st.Page(
            "pages/decide.py", title="Decide: real-time or batch?", icon=":material/alt_route:"
        ),
        st.Page("pages/cost_estimator.py", title="Cost estimator", icon=":material/payments:"),
    ],
    "Quiz": [
        st.Page("pages/quiz.py", title="Self-study quiz", icon=":material/quiz:"),
        st.Page("pages/join.py", title="Join a live quiz", icon=":material/groups:"),
    ],
    "Instructor": [
        st.Page("pages/instructor.py", title="Instructor", icon=":material/co_present:"),
    ],
}

navigation = st.navigation({name: pages for name, pages in SECTIONS.items() if pages})
presenter_toggle()
shared_sidebar()
# Upgrades the schema once per process (Alembic); refuses every page in one sentence if it cannot.
if not database_ready():
    st.stop()
try:
    navigation.run()
finally:
    # Also when the page stops or reruns: the imports are done either way.
    freeze_imported_objects()
