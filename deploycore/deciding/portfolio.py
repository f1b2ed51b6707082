"""Compare mode: several use cases in one table, exported as CSV and Markdown.

One row per use case with its recommendation, confidence, key reason, compute, the monthly cost
of both options and what would change it, so a team can review a whole portfolio of models at
once. CSV cells that a spreadsheet would run as a formula are defused. It renders nothing itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from pydantic import BaseModel, ConfigDict

from deploycore.deciding.flips import what_would_change
from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.verdict import decide
from deploycore.infra import csv_export
from deploycore.units import usd


class PortfolioRow(BaseModel):
    """One use case in compare mode."""

    model_config = ConfigDict(frozen=True)

    use_case: str
    recommendation: str
    confidence: str
    key_reason: str
    compute: str
    realtime_usd_per_month: str
    batch_usd_per_month: str
    what_would_change: str
    contradictions: str


# Column headings, in order, for every export and the table on the page.
COLUMNS: Final[dict[str, str]] = {
    "use_case": "Use case",
    "recommendation": "Recommendation",
    "confidence": "Confidence",
    "key_reason": "Key reason",
    "compute": "Compute",
    "realtime_usd_per_month": "Real-time $/month",
    "batch_usd_per_month": "Batch $/month",
    "what_would_change": "What would change it",
    "contradictions": "Answers to check",
}


@lru_cache(maxsize=512)
def portfolio_row(inputs: DecisionInputs) -> PortfolioRow:
    """Decide one use case and summarise it as a row (cached: inputs are frozen)."""
    result = decide(inputs)
    flips = what_would_change(inputs)
    top = result.top_reason
    costs = result.costs
    return PortfolioRow(
        use_case=inputs.name,
        recommendation=result.headline,
        confidence=str(result.confidence),
        key_reason=f"{top.factor}: {top.why}",
        compute=result.compute,
        realtime_usd_per_month=usd(costs.realtime_usd_per_month) if costs else "not priced",
        batch_usd_per_month=usd(costs.batch_usd_per_month) if costs else "not priced",
        what_would_change=flips[0].sentence if flips else "No change of one or two answers.",
        contradictions=" ".join(result.contradictions) or "none",
    )


def portfolio(cases: Iterable[DecisionInputs]) -> tuple[PortfolioRow, ...]:
    """One row per use case, in the order given."""
    return tuple(portfolio_row(inputs) for inputs in cases)


def records(rows: Sequence[PortfolioRow]) -> list[dict[str, str]]:
    """Rows as dicts keyed by column heading (for a table widget)."""
    return [{COLUMNS[key]: value for key, value in row.model_dump().items()} for row in rows]


def to_csv(rows: Sequence[PortfolioRow]) -> str:
    """The table as CSV with a heading row; every cell guarded against formula injection."""
    return csv_export.to_csv(
        list(COLUMNS.values()), [list(row.model_dump().values()) for row in rows]
    )


def _markdown_cell(value: str) -> str:
    flat = " ".join(value.split())
    return flat.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(rows: Sequence[PortfolioRow]) -> str:
    """The table as a GitHub-flavoured Markdown table (pipes escaped, one line per row)."""
    lines = [
        "| " + " | ".join(COLUMNS.values()) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    for row in rows:
        cells = (_markdown_cell(value) for value in row.model_dump().values())
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
