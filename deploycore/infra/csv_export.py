"""Spreadsheet-safe CSV: every export of the app goes through here.

A cell that starts with = + - @, or with a tab, CR or LF, or with blanks and then one of = + - @,
would run as a formula when the file is opened in a spreadsheet (CSV injection); such text gets
a leading quote. Cells holding CR, LF or tabs are quoted, so they round-trip. Numbers pass
unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Final, TypeVar

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_BLANKS: Final = " \t\r\n"

T = TypeVar("T")


def guard_cell(value: T) -> T | str:
    """Prefix text a spreadsheet would run as a formula with `'`; non-text passes unchanged."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip(_BLANKS).startswith(FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def to_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a heading row, every cell passed through `guard_cell`."""
    buffer = io.StringIO()
    # RFC 4180 line ends: the writer then also quotes a cell holding a bare CR.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([guard_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([guard_cell(cell) for cell in row])
    return buffer.getvalue()
