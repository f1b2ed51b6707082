"""Vectorised scoring of one partition of a week's input: validate, predict, split good from bad.

Each rule is a whole-column check, so a partition is validated and scored with a handful of
numpy operations (no Python loop over rows, except to word the reasons of the few bad rows).
This is the function the Dask workers run; it is pure and does not touch files or databases.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from deploycore.scenarios.forecasting.features import (
    BRAND_NAMES,
    LAG_COLUMNS,
    PLAN_COLUMNS,
    design_matrix,
)
from deploycore.scenarios.forecasting.input_csv import REJECT_COLUMNS
from deploycore.scenarios.forecasting.model import ForecastModel

MAX_PRICE_USD = 20.0
MAX_STORE_ID = 2_147_483_647  # the largest the 32-bit store column (oj_forecasts.store) holds
MAX_WEEK = 10_000
MAX_LOGMOVE = 15.0  # about 3.3 million cartons a week: anything above is a data error
PREDICTION_COLUMNS = ["line", "store", "brand", "week", "predicted_logmove", "predicted_units"]
BRAND_DTYPE = pd.CategoricalDtype(BRAND_NAMES)


@dataclass
class ScoredPartition:
    """What one partition gives back: good predictions, rejected rows, and when it ran where."""

    partition: int
    predictions: pd.DataFrame
    rejected: pd.DataFrame
    started_at: float = 0.0
    finished_at: float = 0.0
    worker: str = ""
    rows_in: int = field(default=0)


def _numeric(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return np.asarray(pd.to_numeric(frame[column], errors="coerce"), dtype=np.float64)


def _rules(
    frame: pd.DataFrame, week: int | None
) -> tuple[list[tuple[str, np.ndarray]], dict[str, np.ndarray]]:
    store = _numeric(frame, "store")
    week_values = _numeric(frame, "week")
    plan = np.column_stack([_numeric(frame, c) for c in PLAN_COLUMNS])
    lags = np.column_stack([_numeric(frame, c) for c in LAG_COLUMNS])
    brand_text = frame["brand"].astype("string") if "brand" in frame else None
    codes = np.full(len(frame), -1, dtype=np.int64)
    if brand_text is not None:
        mapped = brand_text.str.strip().str.lower().map({b: i for i, b in enumerate(BRAND_NAMES)})
        codes = np.asarray(mapped.fillna(-1), dtype=np.int64)

    def not_flag(values: np.ndarray) -> np.ndarray:
        return ~np.isin(values, (0.0, 1.0))

    rules: list[tuple[str, np.ndarray]] = [
        (
            f"store is not a whole number from 1 to {MAX_STORE_ID:,}",
            ~((store >= 1) & (store <= MAX_STORE_ID) & (store == np.floor(store))),
        ),
        (f"brand is not one of {', '.join(BRAND_NAMES)}", codes < 0),
        (
            f"week is not a whole number from 1 to {MAX_WEEK}"
            if week is None
            else f"week is not {week}, the week being scored",
            ~(
                (week_values >= 1)
                & (week_values <= MAX_WEEK)
                & (week_values == np.floor(week_values))
            )
            if week is None
            else week_values != week,
        ),
        (
            f"price is not a number between 0 and {MAX_PRICE_USD:g} USD",
            ~((plan[:, 0] > 0) & (plan[:, 0] <= MAX_PRICE_USD)),
        ),
        ("feat is not 0 or 1", not_flag(plan[:, 1])),
        ("deal is not 0 or 1", not_flag(plan[:, 2])),
        (
            f"price_lag1 is not a number between 0 and {MAX_PRICE_USD:g} USD",
            ~((lags[:, 0] > 0) & (lags[:, 0] <= MAX_PRICE_USD)),
        ),
        ("feat_lag1 or deal_lag1 is not 0 or 1", not_flag(lags[:, 1]) | not_flag(lags[:, 2])),
        (
            f"a logmove lag is missing or outside 0 to {MAX_LOGMOVE:g}",
            np.asarray(~((lags[:, 3:6] >= 0) & (lags[:, 3:6] <= MAX_LOGMOVE)).all(axis=1)),
        ),
    ]
    parsed = {"store": store, "week": week_values, "plan": plan, "lags": lags, "codes": codes}
    return rules, parsed


def score_frame(
    frame: pd.DataFrame, model: ForecastModel, week: int | None = None, partition: int = 0
) -> ScoredPartition:
    """Validate and score rows; `frame["line"]` (if present) is each row's line in the file."""
    started = time.time()
    lines = (
        np.asarray(frame["line"], dtype=np.int64)
        if "line" in frame
        else np.arange(2, len(frame) + 2, dtype=np.int64)
    )
    rules, parsed = _rules(frame, week)
    bad = np.zeros(len(frame), dtype=bool)
    for _, mask in rules:
        bad |= mask
    good = ~bad
    codes = parsed["codes"][good]
    matrix = design_matrix(
        codes,
        parsed["week"][good],
        parsed["plan"][good],
        parsed["lags"][good],
    )
    logmove = model.predict_logmove(matrix)
    predictions = pd.DataFrame(
        {
            "line": lines[good],
            "store": parsed["store"][good].astype(np.int64),
            "brand": pd.Categorical.from_codes(codes.astype(np.int64), dtype=BRAND_DTYPE),
            "week": parsed["week"][good].astype(np.int64),
            "predicted_logmove": np.round(logmove, 5),
            "predicted_units": np.round(np.exp(logmove), 1),
        }
    )
    bad_index = np.flatnonzero(bad)
    reasons = np.full(len(bad_index), "", dtype=object)
    for text, mask in rules:
        hit = mask[bad_index]
        reasons[hit] = np.where(reasons[hit] == "", text, reasons[hit] + "; " + text)
    rejected = pd.DataFrame(
        {
            "line": lines[bad_index],
            "store": pd.Series(_cells(frame, "store", bad_index), dtype=str),
            "brand": pd.Series(_cells(frame, "brand", bad_index), dtype=str),
            "reason": pd.Series(reasons, dtype=str),
        },
        columns=REJECT_COLUMNS,
    )
    return ScoredPartition(
        partition=partition,
        predictions=predictions,
        rejected=rejected,
        started_at=started,
        finished_at=time.time(),
        rows_in=len(frame),
    )


def _cells(frame: pd.DataFrame, column: str, positions: np.ndarray) -> list[str]:
    """The raw cells of the rejected rows, as short text (for the report)."""
    if column not in frame:
        return [""] * len(positions)
    return [_cell(value) for value in frame[column].iloc[positions]]


def _cell(value: object) -> str:
    if pd.isna(value):  # type: ignore[call-overload]
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a store column read as floats because of a missing cell
    return str(value)[:40]


def gather(
    partitions: list[ScoredPartition], rejected_before: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All partitions' predictions and rejects; a repeated store and brand keeps its first line.

    Duplicates are found on the parsed values, so "2", "02" and " 2.0" are the same store.
    Predictions come back sorted by store and brand, rejects by line.
    """
    predictions = _concat([p.predictions for p in partitions], PREDICTION_COLUMNS)
    predictions = predictions.sort_values("line", ignore_index=True)
    keys = predictions[["store", "brand"]]
    repeated = keys.duplicated(keep="first").to_numpy()
    first_line = predictions.groupby(["store", "brand"], observed=True)["line"].transform("min")
    repeats = predictions.loc[repeated]
    duplicates = pd.DataFrame(
        {
            "line": repeats["line"],
            "store": repeats["store"].astype(str),
            "brand": repeats["brand"].astype(str),
            "reason": [
                f"store {store} and brand {brand} appear twice in this week; line {first} was kept"
                for store, brand, first in zip(
                    repeats["store"], repeats["brand"], first_line[repeated], strict=True
                )
            ],
        },
        columns=REJECT_COLUMNS,
    )
    rejected = _concat(
        [rejected_before, *[p.rejected for p in partitions], duplicates], REJECT_COLUMNS
    )
    kept = predictions.loc[~repeated].sort_values(["store", "brand"], ignore_index=True)
    return kept, rejected.astype({"line": "int64"}).sort_values("line", ignore_index=True)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    present = [frame for frame in frames if not frame.empty]
    if not present:
        return pd.DataFrame(columns=columns)
    return pd.concat(present, ignore_index=True)[columns]


# Test hook, read on the worker: take at least this long per partition, so a test can kill a
# worker while it holds a partition.
PARTITION_DELAY_ENV = "DEPLOY_BATCH_PARTITION_DELAY_S"


def score_partition_task(
    frame: pd.DataFrame, model: ForecastModel, week: int, partition: int
) -> ScoredPartition:
    """The Dask task: score one partition and note which worker ran it."""
    delay = os.environ.get(PARTITION_DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    scored = score_frame(frame, model, week=week, partition=partition)
    try:
        from distributed import get_worker

        scored.worker = str(get_worker().address)
    except ValueError:  # not running on a Dask worker (e.g. called directly)
        scored.worker = "local"
    return scored
