"""Read the two monthly figures back from a page by their shared labels.

Decide and the cost estimator both show `components.costing.totals.monthly_figure`; this finds
"Real-time, per month: $1,234.56" in Markdown source (`**` around the dollars) or in a
browser's text (no `**`).
"""

from __future__ import annotations

import re

from components.costing.totals import BATCH_FIGURE, REALTIME_FIGURE

_FIGURE = re.compile(
    rf"({re.escape(REALTIME_FIGURE)}|{re.escape(BATCH_FIGURE)}): (?:\*\*)?(\$[\d,]+(?:\.\d\d)?)"
)


def monthly_figures_in(text: str) -> dict[str, str]:
    """Each label's dollars ("$1,234" or "$12.34"); fails if a label appears twice."""
    found = _FIGURE.findall(text)
    figures = dict(found)
    assert len(figures) == len(found), f"a monthly figure is shown twice: {found}"
    return figures
