"""Entry point: page config, navigation over pages/, the shared sidebar and presenter mode."""

from __future__ import annotations

import streamlit as st

from components.layout import presenter_toggle, shared_sidebar

st.set_page_config(
    page_title="Deployment decisions: real-time or batch?",
    page_icon=":material/rocket_launch:",
    layout="wide",
)

# Every page must be registered here: with st.navigation, pages/ is not auto-discovered.
# Sections with no page yet are left out (no placeholder pages).
SECTIONS: dict[str, list[st.Page]] = {
    "Learn": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/lesson.py", title="Lesson", icon=":material/school:", url_path="lesson"),
    ],
    "Try": [],
    "Decide": [
        st.Page(
            "pages/decide.py",
            title="Decide: real-time or batch?",
            icon=":material/alt_route:",
            url_path="decide",
        ),
        st.Page(
            "pages/cost_estimator.py",
            title="Cost estimator",
            icon=":material/payments:",
            url_path="cost",
        ),
    ],
    "Quiz": [],
    "Instructor": [],
}

navigation = st.navigation({name: pages for name, pages in SECTIONS.items() if pages})
presenter_toggle()
shared_sidebar()
navigation.run()
