"""Figures for the live classroom: the answer distribution bar chart.

Builds plotly figures only; the words that go with them come from `Distribution.summary()`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from deploycore.quiz.live import Distribution


def distribution_figure(distribution: Distribution, revealed: bool) -> go.Figure:
    """Horizontal bars, one per option, labelled with counts; after the reveal the right
    option(s) are marked with a tick and the word "correct" (not by colour alone)."""
    labels = []
    for option in distribution.options:
        mark = " ✓ correct" if revealed and option.correct else ""
        labels.append(f"{option.label}{mark}")
    counts = [option.count for option in distribution.options]
    colours = [
        "#2e7d32" if revealed and option.correct else "#5c6bc0" for option in distribution.options
    ]
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            text=[str(count) for count in counts],
            textposition="outside",
            textfont={"size": 20},
            marker={"color": colours, "pattern": {"shape": [
                "/" if revealed and option.correct else "" for option in distribution.options
            ]}},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )  # fmt: skip
    top = max(counts + [1])
    figure.update_layout(
        xaxis={
            "title": {"text": "Answers", "font": {"size": 18}},
            "range": [0, top * 1.2 + 0.5],
            "dtick": max(1, top // 5),
            "tickfont": {"size": 16},
        },
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 20}},
        height=120 + 60 * len(labels),
        margin={"l": 10, "r": 20, "t": 20, "b": 40},
        font={"size": 18},
    )
    return figure
