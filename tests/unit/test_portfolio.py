"""Compare mode: one row per use case, CSV with formula-injection guard, Markdown table."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from deploycore.deciding.portfolio import COLUMNS, portfolio, to_csv, to_markdown
from deploycore.deciding.use_cases import load_use_cases
from deploycore.infra.csv_export import guard_cell


def _examples() -> list:  # type: ignore[type-arg]
    return [case.inputs for case in load_use_cases()]


def test_one_row_per_use_case_with_its_recommendation_and_key_reason() -> None:
    cases = load_use_cases()
    rows = portfolio(case.inputs for case in cases)
    assert [row.use_case for row in rows] == [case.title for case in cases]
    by_name = {row.use_case: row for row in rows}
    shirt = by_name["Shirt recommender on a shop website"]
    assert shirt.recommendation == "Real-time endpoint"
    assert shirt.key_reason.startswith("Timeliness of results:")
    juice = by_name["Weekly orange-juice sales forecast"]
    assert juice.recommendation == "Batch endpoint"
    assert juice.batch_usd_per_month.startswith("$")
    assert juice.realtime_usd_per_month.startswith("$")


def test_csv_has_a_heading_and_every_row() -> None:
    rows = portfolio(_examples())
    parsed = list(csv.reader(io.StringIO(to_csv(rows))))
    assert parsed[0] == list(COLUMNS.values())
    assert len(parsed) == len(rows) + 1


def test_csv_defuses_formulas_in_use_case_names() -> None:
    hostile = _examples()[0].model_copy(update={"name": '=HYPERLINK("http://x","y")'})
    parsed = list(csv.reader(io.StringIO(to_csv(portfolio([hostile])))))
    assert parsed[1][0] == '\'=HYPERLINK("http://x","y")'


@settings(max_examples=100, deadline=None)
@given(text=st.text())
def test_no_guarded_cell_starts_like_a_formula(text: str) -> None:
    guarded = guard_cell(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert guarded.endswith(text)


def test_markdown_escapes_pipes_and_keeps_one_line_per_row() -> None:
    odd = _examples()[1].model_copy(update={"name": "Sales | forecast\nweekly"})
    text = to_markdown(portfolio([odd, _examples()[0]]))
    lines = text.strip().split("\n")
    assert len(lines) == 4
    assert "Sales \\| forecast weekly" in lines[2]
    for line in lines:
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        assert len(cells) == len(COLUMNS)
