"""The "every cloud at once" table in words: its columns (with units), marks and CSV export.

For the page's dataframe and the download, which must show the same cells. Not for pricing
(`every_service.py`) nor for the chart (`every_service_chart.py`).
"""

from __future__ import annotations

from typing import Final

from deploycore.costing.every_service import PROVIDER_WORDS, ServiceRow, ServiceTable
from deploycore.infra.csv_export import to_csv
from deploycore.vocabulary import SIDE_WORDS

# The marks say it in words and with a symbol, never by colour alone.
MARK_CHEAPEST: Final = "✓ cheapest that meets the deadline"
MARK_CHEAPEST_OF_SIDE: Final = "✓ cheapest {side} that meets the deadline"
MARK_LATE: Final = "✗ misses the deadline"
MARK_UNPRICED: Final = "— cannot be priced"
USD_COLUMN: Final = "USD per month"
COLUMNS: Final = (
    "mark",
    "side",
    "provider",
    "service",
    "size",
    "what runs",
    "count",
    "count is",
    USD_COLUMN,
    "meets the deadline",
    "time to result",
    "prices confirmed",
    "prices as of",
    "your choice",
    "note",
)


def mark(row: ServiceRow) -> str:
    """The row's mark: cheapest that meets the deadline (overall or of its side), late, unpriced."""
    if not row.priced:
        return MARK_UNPRICED
    if row.cheapest_meeting_deadline:
        return MARK_CHEAPEST
    if row.cheapest_of_side_meeting_deadline:
        return MARK_CHEAPEST_OF_SIDE.format(side=SIDE_WORDS[row.side])
    if not row.meets_deadline:
        return MARK_LATE
    return ""


def _cells(row: ServiceRow) -> tuple[object, ...]:
    usd = None if row.usd_per_month is None else round(row.usd_per_month, 2)
    return (
        mark(row),
        SIDE_WORDS[row.side],
        PROVIDER_WORDS[row.provider],
        row.service_label,
        row.sku,
        row.compute_words,
        row.count,
        row.count_words.removeprefix(f"{row.count} ") if row.count is not None else "",
        usd,
        ("yes" if row.meets_deadline else "no") if row.priced else "",
        row.delivery_words,
        ("all confirmed" if row.prices_confirmed else "unconfirmed") if row.priced else "",
        row.prices_as_of.isoformat() if row.prices_as_of else "",
        "yes" if row.your_choice else "",
        row.note,
    )


def table_columns(table: ServiceTable) -> dict[str, list[object]]:
    """Column name (with its unit) -> cells, one per row in the table's order (cheapest first)."""
    cells = [_cells(row) for row in table.rows]
    return {name: [row[i] for row in cells] for i, name in enumerate(COLUMNS)}


def table_csv(table: ServiceTable) -> str:
    """The table as spreadsheet-safe CSV (through `deploycore.infra.csv_export.to_csv`)."""
    return to_csv(COLUMNS, (["" if cell is None else cell for cell in _cells(row)]
                            for row in table.rows))  # fmt: skip
