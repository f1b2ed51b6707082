"""The two monthly totals as Markdown, one source for every page that shows them.

Decide and the cost estimator show the same dollars with the same labels (tests read the
figures back by these labels). Markdown, not `st.metric`: the metric's browser code (a number
formatter, a theme chunk and a chart loader) cost about 110 ms of the browser's main thread
before a page was first drawn (README, *Page speed*).
"""

from __future__ import annotations

from deploycore.units import usd
from deploycore.vocabulary import Side

REALTIME_FIGURE = "Real-time, per month"
BATCH_FIGURE = "Batch, per month"
FIGURE_LABELS: dict[Side, str] = {Side.REAL_TIME: REALTIME_FIGURE, Side.BATCH: BATCH_FIGURE}


def monthly_figure(side: Side, usd_per_month: float) -> str:
    """One side's monthly total as one Markdown line: label, then bold dollars."""
    return f"{FIGURE_LABELS[side]}: **{usd(usd_per_month)}**"


def monthly_figures(realtime_usd: float, batch_usd: float) -> str:
    """Both monthly totals as two Markdown lines (real-time first)."""
    return (
        f"{monthly_figure(Side.REAL_TIME, realtime_usd)}  \n{monthly_figure(Side.BATCH, batch_usd)}"
    )
