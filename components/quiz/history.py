"""A learner's past attempts: a progress chart with its text alternative, and a table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from deploycore.infra.text import safe_echo
from deploycore.quiz.self_study import describe_duration, history_figure, history_summary
from deploycore.quiz.storage import Attempt


def show_history(name: str, attempts: Sequence[Attempt]) -> None:
    """Progress over the finished attempts of `name` (a chart, its summary and a table)."""
    with st.container(key="quiz-history"):
        st.subheader(f"Past attempts of {safe_echo(name)}")
        if not attempts:
            st.info("No finished attempts under this name yet.", icon=":material/history:")
            return
        st.markdown(history_summary(attempts))
        if len(attempts) > 1:
            st.plotly_chart(
                history_figure(attempts), key="quiz-history-chart", alt=history_summary(attempts)
            )
        table = pd.DataFrame(
            {
                "Attempt": range(1, len(attempts) + 1),
                "Finished (UTC)": [
                    a.finished_at.strftime("%Y-%m-%d %H:%M") if a.finished_at else ""
                    for a in attempts
                ],
                "Questions": [a.selection for a in attempts],
                "Mode": [a.mode for a in attempts],
                "Score": [f"{a.score or 0:g} of {a.max_score or 0:g}" for a in attempts],
                "Score (%)": [
                    round(100 * (a.score or 0) / a.max_score, 1) if a.max_score else 0.0
                    for a in attempts
                ],
                "Certainty-based (per question)": [
                    "" if a.certainty_score is None else f"{a.certainty_score:+.2f}"
                    for a in attempts
                ],
                "Time taken": [describe_duration(a.duration_s or 0) for a in attempts],
            }
        )
        st.dataframe(table, hide_index=True, key="quiz-history-table")
