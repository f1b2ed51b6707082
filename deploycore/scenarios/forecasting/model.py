"""The week-ahead sales model: a ridge regression on log units, stored as a JSON artifact.

A linear model on log units matches how orange-juice demand is usually modelled (constant price
elasticity, multiplicative promotion lifts) and predicts with one matrix product, which is what
lets the batch job score hundreds of thousands of rows per second. The artifact is plain JSON
(coefficients, metrics, version), so loading it never unpickles code. Fitting lives here;
the command-line training script is `train.py`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from deploycore.infra.settings import ROOT
from deploycore.scenarios.forecasting.features import feature_names, matrix_for, training_rows

MODEL_DIR = ROOT / "data" / "models"
MODEL_PATH = MODEL_DIR / "oj_forecast.json"
HOLDOUT_WEEKS = 20
RIDGE_ALPHAS = (0.01, 0.1, 1.0, 10.0)


class ForecastMetrics(BaseModel):
    """Held-out accuracy of the model next to the naive "same as last week" forecast."""

    train_weeks: str
    holdout_weeks: str
    holdout_rows: int = Field(ge=1)
    model_mape_percent: float = Field(ge=0)
    naive_last_week_mape_percent: float = Field(ge=0)


class ForecastModel(BaseModel):
    """Coefficients of the fitted model; `predict_logmove` needs only numpy."""

    version: str
    trained_at_utc: str
    features: list[str]
    coefficients: list[float]
    intercept: float
    alpha: float
    metrics: ForecastMetrics

    def predict_logmove(self, matrix: np.ndarray) -> np.ndarray:
        """Predicted natural-log units for each row of a design matrix."""
        weights = np.asarray(self.coefficients, dtype=np.float64)
        return np.asarray(matrix @ weights + self.intercept, dtype=np.float64)


def mape_percent(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Mean absolute percentage error, in percent, of forecasts of positive actuals."""
    actual = np.asarray(actual, dtype=np.float64)
    forecast = np.asarray(forecast, dtype=np.float64)
    return float(np.mean(np.abs(forecast - actual) / actual) * 100.0)


def fit(sales: pd.DataFrame, holdout_weeks: int = HOLDOUT_WEEKS) -> ForecastModel:
    """Fit on all but the last `holdout_weeks` weeks and report MAPE on those held-out weeks."""
    rows = training_rows(sales)
    last_week = int(rows["week"].max())
    cutoff = last_week - holdout_weeks
    train = rows[rows["week"] <= cutoff]
    holdout = rows[rows["week"] > cutoff]
    if train.empty or holdout.empty:
        raise ValueError("not enough weeks of history to train and hold out")
    from sklearn.linear_model import RidgeCV  # only training needs scikit-learn, not workers

    regression = RidgeCV(alphas=RIDGE_ALPHAS).fit(matrix_for(train), train["logmove"])
    coefficients = [float(c) for c in regression.coef_]
    intercept = float(regression.intercept_)
    digest = hashlib.sha256(json.dumps([coefficients, intercept]).encode()).hexdigest()[:10]
    model = ForecastModel(
        version=f"oj-ridge-{digest}",
        trained_at_utc=datetime.now(UTC).replace(microsecond=0).isoformat(),
        features=feature_names(),
        coefficients=coefficients,
        intercept=intercept,
        alpha=float(regression.alpha_),
        metrics=ForecastMetrics(
            train_weeks=f"{int(train['week'].min())}-{cutoff}",
            holdout_weeks=f"{cutoff + 1}-{last_week}",
            holdout_rows=len(holdout),
            model_mape_percent=0.0,
            naive_last_week_mape_percent=0.0,
        ),
    )
    actual = holdout["units"].to_numpy(dtype=np.float64)
    predicted = np.exp(model.predict_logmove(matrix_for(holdout)))
    naive = np.exp(holdout["logmove_lag1"].to_numpy(dtype=np.float64))
    model.metrics.model_mape_percent = round(mape_percent(actual, predicted), 3)
    model.metrics.naive_last_week_mape_percent = round(mape_percent(actual, naive), 3)
    return model


def save(model: ForecastModel, path: Path = MODEL_PATH) -> Path:
    """Write the artifact as indented JSON (atomically: a half-written file is never read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(model.model_dump_json(indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def load(path: Path = MODEL_PATH) -> ForecastModel:
    """The saved model; a clear error when it has not been trained yet."""
    if not path.exists():
        raise FileNotFoundError(
            f"no forecasting model at {path.name}: run "
            "`python -m deploycore.scenarios.forecasting.train`"
        )
    return ForecastModel.model_validate_json(path.read_text(encoding="utf-8"))
