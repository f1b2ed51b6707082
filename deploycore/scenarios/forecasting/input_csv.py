"""Read a week's input CSV row by row, so one malformed row is reported instead of sinking all.

A row with more or fewer cells than the header, or that the CSV parser cannot read, becomes a
rejected row with its file line and reason; bytes that are not UTF-8 are read as U+FFFD and the
row is then refused by the value rules. The header must name every input column. Cells stay
text here: values are checked and converted in `scoring.py`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from deploycore.scenarios.forecasting.features import INPUT_COLUMNS

REJECT_COLUMNS = ["line", "store", "brand", "reason"]
_CELL_CHARS = 40  # cells quoted in a reject report are cut to this length


def _rejected(line: int, cells: list[str], header: list[str], reason: str) -> dict[str, object]:
    def cell(name: str) -> str:
        index = header.index(name) if name in header else -1
        return cells[index][:_CELL_CHARS] if 0 <= index < len(cells) else ""

    return {"line": line, "store": cell("store"), "brand": cell("brand"), "reason": reason}


def read_week_csv(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The well-formed rows (text cells, with a `line` column) and the rejected malformed ones.

    Raises ValueError, in words, when the file has no header or lacks an input column.
    """
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[dict[str, object]] = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        if not any(header):
            raise ValueError(f"the input {path.name} is empty: it has no header row")
        repeated = sorted({name for name in header if header.count(name) > 1 and name})
        if repeated:
            raise ValueError(f"the input {path.name} names {', '.join(repeated)} twice")
        missing = [name for name in INPUT_COLUMNS if name not in header]
        if missing:
            raise ValueError(
                f"the input {path.name} lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; its header must name {', '.join(INPUT_COLUMNS)}"
            )
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                rejected.append(_rejected(line, [], header, f"the row cannot be read: {error}"))
                continue
            if not cells:
                continue  # a blank line is not a row
            if len(cells) != len(header):
                reason = f"the row has {len(cells)} cells where the header has {len(header)}"
                rejected.append(_rejected(line, cells, header, reason))
                continue
            rows.append(cells)
            lines.append(line)
    frame = pd.DataFrame(rows, columns=header, dtype="string")[INPUT_COLUMNS]
    frame.insert(0, "line", pd.Series(lines, dtype="int64"))
    return frame, pd.DataFrame(rejected, columns=REJECT_COLUMNS)
