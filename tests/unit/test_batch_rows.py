"""Every bad input row is reported with its reason and skipped; the rest of the week is scored.

In process, without Dask: reading (`batch.read_input`), scoring one partition
(`scoring.score_frame`) and gathering the partitions (`scoring.gather`) are what the job runs.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd
import pytest

from deploycore.infra.db import make_engine
from deploycore.scenarios.forecasting import model as forecast_model
from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.batch import BatchOptions, read_input, run_week
from deploycore.scenarios.forecasting.features import INPUT_COLUMNS, week_input
from deploycore.scenarios.forecasting.sales import load_sales
from deploycore.scenarios.forecasting.scoring import MAX_STORE_ID, gather, score_frame

WEEK = 150


def _clean_lines() -> list[str]:
    rows = week_input(load_sales(), WEEK)
    return rows.to_csv(index=False, lineterminator="\n").splitlines()


def _write(tmp_path: Path, lines: list[str], raw: dict[int, bytes] | None = None) -> Path:
    """The lines as a CSV file; `raw` replaces whole lines (by line number) with bytes."""
    encoded = [line.encode() for line in lines]
    for number, content in (raw or {}).items():
        encoded[number - 1] = content
    path = tmp_path / "week.csv"
    path.write_bytes(b"\n".join(encoded) + b"\n")
    return path


def _set(lines: list[str], number: int, column: str, value: str) -> None:
    """Put `value` into `column` of file line `number` (1 = the header)."""
    cells = next(csv.reader(io.StringIO(lines[number - 1])))
    cells[INPUT_COLUMNS.index(column)] = value
    lines[number - 1] = ",".join(cells)


def _score(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    read = read_input(BatchOptions(week=WEEK, input_path=path))
    scored = score_frame(read.rows, forecast_model.load(), week=WEEK)
    predictions, rejected = gather([scored], read.rejected)
    return predictions, rejected, read.rows_in


def _reasons(rejected: pd.DataFrame) -> dict[int, str]:
    return dict(zip(rejected["line"].astype(int), rejected["reason"], strict=True))


def test_an_overflowing_store_id_is_rejected_not_stored_as_a_negative_store(
    tmp_path: Path,
) -> None:
    lines = _clean_lines()
    _set(lines, 12, "store", "99999999999999999999999")
    _set(lines, 13, "store", str(MAX_STORE_ID + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid value encountered in cast"
        predictions, rejected, _ = _score(_write(tmp_path, lines))
    assert predictions["store"].between(1, MAX_STORE_ID).all()
    reasons = _reasons(rejected)
    assert sorted(reasons) == [12, 13]
    assert all("store is not a whole number from 1 to" in reasons[n] for n in (12, 13))


def test_rows_with_extra_or_missing_cells_are_reported_and_the_rest_is_scored(
    tmp_path: Path,
) -> None:
    lines = _clean_lines()
    lines[33 - 1] += ",13th"
    lines[10 - 1] = lines[10 - 1].rsplit(",", 1)[0]
    predictions, rejected, rows_in = _score(_write(tmp_path, lines))
    reasons = _reasons(rejected)
    assert reasons == {
        10: "the row has 11 cells where the header has 12",
        33: "the row has 13 cells where the header has 12",
    }
    assert rows_in == 249 and len(predictions) == 247


def test_wrong_types_undecodable_text_and_duplicates_are_each_reported(tmp_path: Path) -> None:
    lines = _clean_lines()
    _set(lines, 14, "store", "abc")
    _set(lines, 15, "price", "n/a")
    _set(lines, 16, "feat", "yes")
    _set(lines, 17, "week", "1e400")
    lines[20 - 1] = "0" + lines[2 - 1]  # store "02": the same store and brand as line 2
    lines[21 - 1] = lines[3 - 1].replace(lines[3 - 1].split(",")[0], " 2.0", 1)
    raw = {22: lines[22 - 1].replace(",", ",\xff\xfe", 1).encode("latin-1")}
    predictions, rejected, _ = _score(_write(tmp_path, lines, raw))
    reasons = _reasons(rejected)
    assert sorted(reasons) == [14, 15, 16, 17, 20, 21, 22]
    assert "store is not a whole number" in reasons[14]
    assert "price is not a number" in reasons[15]
    assert "feat is not 0 or 1" in reasons[16]
    assert "week is not 150" in reasons[17]
    assert "brand is not one of" in reasons[22]
    assert "appear twice" in reasons[20] and "; line 2 was kept" in reasons[20]
    assert "appear twice" in reasons[21] and "; line 3 was kept" in reasons[21]
    assert not predictions.duplicated(["store", "brand"]).any()
    assert set(predictions["line"]) >= {2, 3}  # the first of each pair is kept
    assert len(predictions) == 249 - 7


def test_a_header_without_a_needed_column_fails_the_run_in_words_and_in_the_history(
    tmp_path: Path,
) -> None:
    lines = _clean_lines()
    lines[0] = lines[0].replace("price,", "cost,", 1)
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    options = BatchOptions(week=WEEK, input_path=_write(tmp_path, lines), database_url=url)
    with pytest.raises(ValueError, match="lacks the column price"):
        run_week(options)
    missing = BatchOptions(week=WEEK, input_path=tmp_path / "nope.csv", database_url=url)
    with pytest.raises(FileNotFoundError):
        run_week(missing)
    engine = make_engine(url)
    history = runs.list_runs(engine)
    engine.dispose()
    assert [r.status for r in history] == ["failed", "failed"]
    assert "nope.csv does not exist" in history[0].message
    assert "lacks the column price" in history[1].message
    assert history[1].input_name == "week.csv" and history[1].finished_at is not None
