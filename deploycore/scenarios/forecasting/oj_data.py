"""Seeded weekly orange-juice sales shaped like Dominick's store x brand x week data.

The real Dominick's Finer Foods orange-juice panel (83 Chicago stores, weeks 40-160) cannot be
shipped here, so this module generates data with the same columns and the same structure:
per-brand price elasticity, feature (advert) and deal (in-store display) lifts, yearly
seasonality, store size effects and a persistent store x brand demand level. It is for the batch
scenario's training and scoring data; it is not a model of any real store.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 20_260_125
FIRST_WEEK = 40
LAST_WEEK = 160
STORE_COUNT = 83
# Brand: (regular shelf price in USD per 64 oz carton, own-price elasticity, base log units).
BRANDS: dict[str, tuple[float, float, float]] = {
    "tropicana": (3.00, -2.6, 9.1),
    "minute.maid": (2.60, -3.0, 8.9),
    "dominicks": (1.90, -3.6, 8.6),
}
# Lifts on log units (so exp(0.55) is about +73 % units in a featured week).
FEATURE_LIFT = 0.55
DEAL_LIFT = 0.35
SEASONAL_AMPLITUDE = 0.12  # about +-12 % units over a year: more juice in winter
WEEKS_PER_YEAR = 52.0
COLUMNS = ["store", "brand", "week", "units", "logmove", "price", "feat", "deal"]


def generate_sales(
    seed: int = SEED,
    store_count: int = STORE_COUNT,
    first_week: int = FIRST_WEEK,
    last_week: int = LAST_WEEK,
) -> pd.DataFrame:
    """Weekly sales for every store x brand x week; identical output for identical arguments.

    Columns: store (int, 2..), brand (str), week (int), units (cartons sold), logmove
    (natural log of units, the target the Dominick's literature forecasts), price (USD per
    carton), feat (1 when the brand was in that week's store flyer), deal (1 when on an
    in-store display with a temporary price reduction).
    """
    if store_count < 1 or last_week <= first_week:
        raise ValueError("need at least one store and last_week after first_week")
    rng = np.random.default_rng(seed)
    stores = np.arange(2, 2 + store_count)
    weeks = np.arange(first_week, last_week + 1)
    brand_names = list(BRANDS)
    n_stores, n_brands, n_weeks = len(stores), len(brand_names), len(weeks)

    store_size = rng.normal(0.0, 0.35, size=n_stores)  # big and small stores
    store_price_index = rng.normal(1.0, 0.04, size=n_stores)  # some stores price higher
    store_brand_taste = rng.normal(0.0, 0.15, size=(n_stores, n_brands))

    regular = np.array([BRANDS[b][0] for b in brand_names])
    elasticity = np.array([BRANDS[b][1] for b in brand_names])
    base = np.array([BRANDS[b][2] for b in brand_names])

    shape = (n_stores, n_brands, n_weeks)
    # Promotions are chain-wide per brand and week (the flyer), with some store variation.
    chain_feat = rng.random((n_brands, n_weeks)) < 0.18
    feat = chain_feat[None, :, :] & (rng.random(shape) < 0.85)
    deal = (rng.random(shape) < 0.12) | (feat & (rng.random(shape) < 0.5))
    discount = np.where(deal | feat, rng.uniform(0.12, 0.30, size=shape), 0.0)
    price_noise = rng.normal(0.0, 0.03, size=shape)
    raw_price = (
        regular[None, :, None]
        * store_price_index[:, None, None]
        * (1.0 - discount)
        * (1.0 + price_noise)
    )
    price = np.asarray(np.round(np.clip(raw_price, 0.8, 5.0), 2), dtype=np.float64)

    season = SEASONAL_AMPLITUDE * np.cos(2 * np.pi * (weeks - 2) / WEEKS_PER_YEAR)
    # A slowly drifting store x brand demand level (AR(1)), which is what makes last week's
    # sales informative and a naive forecast not useless.
    level = np.zeros(shape)
    shocks = rng.normal(0.0, 0.05, size=shape)
    for t in range(1, n_weeks):
        level[:, :, t] = 0.85 * level[:, :, t - 1] + shocks[:, :, t]
    noise = rng.normal(0.0, 0.08, size=shape)

    logmove = (
        base[None, :, None]
        + store_size[:, None, None]
        + store_brand_taste[:, :, None]
        + elasticity[None, :, None] * np.log(price / regular[None, :, None])
        + FEATURE_LIFT * feat
        + DEAL_LIFT * deal
        + season[None, None, :]
        + level
        + noise
    )
    units = np.maximum(np.rint(np.exp(logmove)), 1.0)

    grid = pd.MultiIndex.from_product(
        [stores, brand_names, weeks], names=["store", "brand", "week"]
    ).to_frame(index=False)
    frame = grid.assign(
        units=units.reshape(-1).astype(np.int64),
        logmove=np.round(np.log(units.reshape(-1)), 5),
        price=price.reshape(-1),
        feat=feat.reshape(-1).astype(np.int64),
        deal=deal.reshape(-1).astype(np.int64),
    )
    return frame.sort_values(["week", "store", "brand"], ignore_index=True)[COLUMNS]
