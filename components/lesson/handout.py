"""The lesson's printable handout as a download (one self-contained HTML page)."""

from __future__ import annotations

import streamlit as st

from components.lesson.diagram_view import IMG
from deploycore.lesson.handout import HANDOUT_FILE_NAME, handout_html


@st.cache_data(show_spinner=False)
def _handout() -> str:
    return handout_html(IMG)


def handout_download() -> None:
    """A download button for the whole lesson on one page, to print or read offline."""
    st.download_button(
        "Download the printable handout (HTML)",
        data=_handout,
        file_name=HANDOUT_FILE_NAME,
        mime="text/html",
        icon=":material/print:",
        help="The whole lesson with its diagrams and the knowledge check with answers, on one "
        "page: open it in a browser and print it.",
        key="lesson-handout",
    )
