"""The week-ahead forecasting inputs: one row per store x brand for the week to forecast.

A row carries what is known when the forecast is made: the planned price and promotions of the
target week and the store x brand's sales and promotions of the weeks before. This module
builds those rows from the sales history and turns validated rows into a numeric design matrix.
It does not validate raw input (see `scoring.py`) and does not fit anything (see `model.py`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from deploycore.scenarios.forecasting.oj_data import BRANDS, WEEKS_PER_YEAR

KEY_COLUMNS = ["store", "brand", "week"]
PLAN_COLUMNS = ["price", "feat", "deal"]
LAG_COLUMNS = [
    "price_lag1",
    "feat_lag1",
    "deal_lag1",
    "logmove_lag1",
    "logmove_lag2",
    "logmove_mean4",
]
INPUT_COLUMNS = [*KEY_COLUMNS, *PLAN_COLUMNS, *LAG_COLUMNS]
HISTORY_WEEKS_NEEDED = 4
BRAND_NAMES = list(BRANDS)


def add_lag_features(sales: pd.DataFrame) -> pd.DataFrame:
    """Every sales row with the lag columns of its store x brand (NaN where history is short)."""
    ordered = sales.sort_values(["store", "brand", "week"], ignore_index=True)
    grouped = ordered.groupby(["store", "brand"], sort=False)
    shifted = grouped[["price", "feat", "deal", "logmove"]].shift(1)
    lagged = ordered.assign(
        price_lag1=shifted["price"],
        feat_lag1=shifted["feat"],
        deal_lag1=shifted["deal"],
        logmove_lag1=shifted["logmove"],
        logmove_lag2=grouped["logmove"].shift(2),
        logmove_mean4=grouped["logmove"].transform(
            lambda series: series.shift(1).rolling(HISTORY_WEEKS_NEEDED).mean()
        ),
    )
    return lagged


def week_input(sales: pd.DataFrame, week: int) -> pd.DataFrame:
    """The scoring input for `week`: INPUT_COLUMNS only, no actual sales of that week."""
    weeks = sales["week"]
    if week - HISTORY_WEEKS_NEEDED < int(weeks.min()) or week > int(weeks.max()):
        raise ValueError(
            f"week {week} cannot be forecast from this history: pick a week from "
            f"{int(weeks.min()) + HISTORY_WEEKS_NEEDED} to {int(weeks.max())}"
        )
    window = sales[(weeks >= week - HISTORY_WEEKS_NEEDED) & (weeks <= week)]
    rows = add_lag_features(window)
    rows = rows[rows["week"] == week]
    return rows.sort_values(["store", "brand"], ignore_index=True)[INPUT_COLUMNS]


def feature_names() -> list[str]:
    """Column names of the design matrix, in order."""
    names = [f"brand={b}" for b in BRAND_NAMES]
    names += [f"log_price*brand={b}" for b in BRAND_NAMES]
    names += [f"log_price_lag1*brand={b}" for b in BRAND_NAMES]
    names += ["feat", "deal", "feat_lag1", "deal_lag1"]
    names += ["logmove_lag1", "logmove_lag2", "logmove_mean4", "season_cos", "season_sin"]
    return names


def design_matrix(
    brand_codes: np.ndarray,
    week: np.ndarray,
    plan: np.ndarray,
    lags: np.ndarray,
) -> np.ndarray:
    """Numeric features for validated rows.

    `brand_codes` are indexes into BRAND_NAMES, `plan` holds PLAN_COLUMNS and `lags` holds
    LAG_COLUMNS, both as float arrays with one row per input row.
    """
    n = len(brand_codes)
    onehot = np.zeros((n, len(BRAND_NAMES)))
    onehot[np.arange(n), brand_codes] = 1.0
    log_price = np.log(plan[:, 0])[:, None]
    log_price_lag = np.log(lags[:, 0])[:, None]
    angle = 2 * np.pi * week / WEEKS_PER_YEAR
    return np.hstack(
        [
            onehot,
            onehot * log_price,
            onehot * log_price_lag,
            plan[:, 1:3],
            lags[:, 1:3],
            lags[:, 3:6],
            np.cos(angle)[:, None],
            np.sin(angle)[:, None],
        ]
    )


def training_rows(sales: pd.DataFrame) -> pd.DataFrame:
    """Rows with full history, as input columns plus the actual `logmove` and `units`."""
    lagged = add_lag_features(sales).dropna(subset=LAG_COLUMNS)
    return lagged[[*INPUT_COLUMNS, "logmove", "units"]].reset_index(drop=True)


def matrix_for(rows: pd.DataFrame) -> np.ndarray:
    """Design matrix for clean rows that have INPUT_COLUMNS (training and evaluation)."""
    codes = rows["brand"].map({b: i for i, b in enumerate(BRAND_NAMES)}).to_numpy(dtype=np.int64)
    return design_matrix(
        codes,
        rows["week"].to_numpy(dtype=np.float64),
        rows[PLAN_COLUMNS].to_numpy(dtype=np.float64),
        rows[LAG_COLUMNS].to_numpy(dtype=np.float64),
    )
