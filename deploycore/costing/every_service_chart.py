"""The "every cloud at once" bar chart: each priced service's monthly cost, cheapest on top.

For drawing a `ServiceTable`; the table's `summary` is the chart's text alternative. Bars say
in text which one is marked and which miss the deadline (those are also hatched), so colour is
never the only signal. Not for pricing or words in the table; never imports streamlit.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from deploycore.costing.charts import BATCH_COLOUR, REALTIME_COLOUR
from deploycore.costing.every_service import ServiceRow, ServiceTable
from deploycore.costing.every_service_report import MARK_CHEAPEST, MARK_LATE, mark
from deploycore.units import usd
from deploycore.vocabulary import SIDE_WORDS, Side

LATE_PATTERN = "x"
# Short forms of the table's marks, to fit beside a bar.
BAR_CHEAPEST = "✓ cheapest in time"
BAR_LATE = "✗ misses the deadline"
_COLOURS = {Side.REAL_TIME: REALTIME_COLOUR, Side.BATCH: BATCH_COLOUR}


def bar_label(row: ServiceRow) -> str:
    """The bar's name on two lines: side and service, then size ("yours" for the own choice)."""
    yours = ", yours" if row.your_choice else ""
    return f"{SIDE_WORDS[row.side].capitalize()}: {row.service_label}<br>({row.sku}{yours})"


def bar_text(row: ServiceRow) -> str:
    """Dollars, plus a short mark when the row is the cheapest in time or misses the deadline."""
    words = mark(row)
    shown = {MARK_CHEAPEST: BAR_CHEAPEST, MARK_LATE: BAR_LATE}.get(words, "")
    return usd(row.usd_per_month or 0.0) + (f"  {shown}" if shown else "")


def every_service_figure(table: ServiceTable) -> go.Figure:
    """Horizontal bars of USD per month, one per priced row, in the table's order.

    Built from one specification, validated once, and styled by the page's theme: naming a
    Plotly template here would take four times as long as the rest of the figure.
    """
    rows = [row for row in table.rows if row.priced]
    bars: list[dict[str, Any]] = []
    for side in (Side.REAL_TIME, Side.BATCH):
        for late in (False, True):
            group = [row for row in rows if row.side is side and row.meets_deadline is not late]
            if not group:
                continue
            pattern = {"shape": LATE_PATTERN, "fillmode": "overlay", "fgcolor": "#ffffff"}
            bars.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": SIDE_WORDS[side].capitalize()
                    + (", misses the deadline (hatched)" * late),
                    "x": [row.usd_per_month for row in group],
                    "y": [bar_label(row) for row in group],
                    "text": [bar_text(row) for row in group],
                    "textposition": "auto",
                    "cliponaxis": False,
                    "marker": {"color": _COLOURS[side], "pattern": pattern if late else {}},
                    "hovertemplate": "%{y}: %{x:$,.2f} per month<extra></extra>",
                }
            )
    most = max((row.usd_per_month or 0.0 for row in rows), default=0.0)
    layout = {
        "title": {"text": "Every service's monthly cost for this workload, cheapest first"},
        "font": {"family": "sans-serif", "size": 14},
        "height": max(320, 160 + 46 * len(rows)),
        "margin": {"l": 20, "r": 30, "t": 90, "b": 60},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "barmode": "overlay",
        "xaxis": {
            "title": {"text": "USD per month"},
            "tickprefix": "$",
            # Room right of the dearest bar for its label when that falls outside the bar.
            "range": [0, most * 1.5 if most > 0 else 1.0],
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": [bar_label(row) for row in rows],
            "autorange": "reversed",
            "automargin": True,
        },
    }
    return go.Figure({"data": bars, "layout": layout})
