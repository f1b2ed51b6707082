"""The shipped orange-juice files: the weekly sales history and the demo week with bad rows.

Only locations and loading; generation is `oj_data.py`, the script that writes these files is
`scripts/generate_oj_data.py`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from deploycore.infra.settings import ROOT

OJ_DIR = ROOT / "data" / "oj"
SALES_PATH = OJ_DIR / "oj_sales.csv"
DEMO_WEEK = 150
DEMO_INPUT_PATH = OJ_DIR / f"week_{DEMO_WEEK}_input.csv"


def _stamp(path: Path) -> tuple[int, int]:
    """The file's modification time and size: a rewritten file is read again."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def _read_sales(path: Path, stamp: tuple[int, int]) -> pd.DataFrame:
    del stamp  # part of the cache key only
    return pd.read_csv(path, dtype={"brand": str})


def load_sales(path: Path = SALES_PATH) -> pd.DataFrame:
    """The weekly sales history (store, brand, week, units, logmove, price, feat, deal).

    Read once per file version (about 20 ms; the weekly forecast page asks on every run); each
    caller gets its own copy to change as it likes.
    """
    return _read_sales(path, _stamp(path)).copy()


@lru_cache(maxsize=4)
def _week_range(path: Path, stamp: tuple[int, int]) -> tuple[int, int]:
    weeks = _read_sales(path, stamp)["week"]
    return int(weeks.min()) + 4, int(weeks.max())


def actuals_for_week(week: int, path: Path = SALES_PATH) -> pd.DataFrame:
    """Actual units of one week per store and brand (for forecasts-against-actuals)."""
    sales = load_sales(path)
    return sales.loc[sales["week"] == week, ["store", "brand", "week", "units"]].reset_index(
        drop=True
    )


def available_weeks(path: Path = SALES_PATH) -> tuple[int, int]:
    """First and last week that can be forecast from the shipped history (4 weeks of lags)."""
    return _week_range(path, _stamp(path))
