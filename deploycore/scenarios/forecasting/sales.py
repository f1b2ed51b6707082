"""The shipped orange-juice files: the weekly sales history and the demo week with bad rows.

Only locations and loading; generation is `oj_data.py`, the script that writes these files is
`scripts/generate_oj_data.py`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from deploycore.infra.settings import ROOT

OJ_DIR = ROOT / "data" / "oj"
SALES_PATH = OJ_DIR / "oj_sales.csv"
DEMO_WEEK = 150
DEMO_INPUT_PATH = OJ_DIR / f"week_{DEMO_WEEK}_input.csv"


def load_sales(path: Path = SALES_PATH) -> pd.DataFrame:
    """The weekly sales history (store, brand, week, units, logmove, price, feat, deal)."""
    return pd.read_csv(path, dtype={"brand": str})


def actuals_for_week(week: int, path: Path = SALES_PATH) -> pd.DataFrame:
    """Actual units of one week per store and brand (for forecasts-against-actuals)."""
    sales = load_sales(path)
    return sales.loc[sales["week"] == week, ["store", "brand", "week", "units"]].reset_index(
        drop=True
    )


def available_weeks(path: Path = SALES_PATH) -> tuple[int, int]:
    """First and last week that can be forecast from the shipped history (4 weeks of lags)."""
    sales = load_sales(path)
    return int(sales["week"].min()) + 4, int(sales["week"].max())
