"""The instructor's item analysis: per-question table, KR-20 in words, CSV downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.reports import responses_csv, session_report, statistics_csv
from deploycore.quiz.storage import LiveSession

READING_GUIDE = (
    "**Facility** is a question's mean score as a share of its mark, partial credit included "
    "(0 to 1: very low means hard or unclear). **Discrimination** is the corrected item–rest "
    "correlation of those scores: how well the question separates learners who did well on "
    "the rest from those who did not (below 0.2 deserves a look; negative usually means a "
    "misleading question or key). **Answers per option** shows which distractors attracted "
    "answers and, for typed answers, the most common wrong ones. **KR-20** is the set's "
    "reliability (coefficient alpha when there is partial credit; 0 to 1, about 0.7 or more "
    "is good for a class quiz)."
)

# The instructor's final screen (leaderboard and item analysis, in containers keyed
# `final-results-…`) is read from the back of a room: large type without presenter mode too.
# Constant CSS, no user text. Injected from here, outside the live panel's fragment: `st.html`
# inside a fragment that reruns on a timer made the elements after the fragment disappear.
FINAL_RESULTS_CSS = """
<style>
div[class*="st-key-final-results"] h2 { font-size: 2.6rem !important; }
div[class*="st-key-final-results"] div[data-testid="stMarkdownContainer"] p,
div[class*="st-key-final-results"] div[data-testid="stMarkdownContainer"] li {
  font-size: 1.4rem !important; line-height: 1.5; }
div[class*="st-key-final-results"] div[data-testid="stDataFrame"] { zoom: 1.4; }
</style>
"""


def item_analysis_section(classroom: LiveClassroom, session: LiveSession) -> None:
    """Item analysis of the session so far (complete once the session has ended)."""
    report = session_report(classroom.store, session, classroom.questions_of(session))
    if session.finished:  # the projector's final screen
        st.html(FINAL_RESULTS_CSS)
        frame = st.container(key="final-results-analysis")
        frame.header("Item analysis")
    else:  # folded while the class is running: it names the right answers
        frame = st.expander("Item analysis so far (shows the right answers)", expanded=False)
    with frame:
        with st.container(key="instructor-analysis"):
            st.markdown(report.summary())
            st.markdown(READING_GUIDE)
            if report.statistics.learner_count:
                st.dataframe(pd.DataFrame(report.item_rows()), hide_index=True,
                             key="instructor-item-table")  # fmt: skip
            left, right = st.columns(2)
            left.download_button(
                "Download responses (CSV)",
                data=responses_csv(report),
                file_name=f"quiz-{session.code}-responses.csv",
                mime="text/csv",
                icon=":material/download:",
                key="instructor-download-responses",
            )
            right.download_button(
                "Download statistics (CSV)",
                data=statistics_csv(report),
                file_name=f"quiz-{session.code}-statistics.csv",
                mime="text/csv",
                icon=":material/download:",
                key="instructor-download-statistics",
            )
