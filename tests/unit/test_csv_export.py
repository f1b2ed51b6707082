"""Every CSV the app exports is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from deploycore.infra.csv_export import FORMULA_PREFIXES, guard_cell, to_csv


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula_and_text_survives(cells: list[str]) -> None:
    text = to_csv(["a"] * len(cells), [cells])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    for original, read_back in zip(cells, rows[1], strict=True):
        assert not read_back.startswith(FORMULA_PREFIXES)
        assert read_back.removeprefix("'") == original or read_back == original


def test_numbers_stay_numbers() -> None:
    assert guard_cell(-1.5) == -1.5
    assert guard_cell("=1+1") == "'=1+1"
