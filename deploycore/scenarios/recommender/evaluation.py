"""Held-out evaluation of the recommender: hit-rate@k against a most-popular baseline.

A held-out session counts as a hit when any item bought with its shirt is among the k items
recommended for that shirt. Not for training (see `model`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field

from deploycore.scenarios.recommender.model import Recommender

TEST_SHARE = 0.2
SPLIT_SEED = 7


class HitRates(BaseModel):
    """Hit-rate@k of the model and of the most-popular baseline on held-out sessions."""

    k: int = Field(ge=1)
    test_sessions: int = Field(ge=0)
    model_hit_rate: float = Field(ge=0, le=1)
    popular_hit_rate: float = Field(ge=0, le=1)

    @property
    def lift(self) -> float:
        """How many times the baseline's hit-rate the model reaches."""
        return self.model_hit_rate / self.popular_hit_rate if self.popular_hit_rate else np.inf


def split_sessions(
    sessions: Sequence[list[str]], test_share: float = TEST_SHARE, seed: int = SPLIT_SEED
) -> tuple[list[list[str]], list[list[str]]]:
    """(train, test) by whole sessions, shuffled reproducibly from `seed`."""
    order = np.random.default_rng(seed).permutation(len(sessions))
    n_test = int(round(len(sessions) * test_share))
    test = {int(i) for i in order[:n_test]}
    train = [s for i, s in enumerate(sessions) if i not in test]
    held_out = [s for i, s in enumerate(sessions) if i in test]
    return train, held_out


def hit_rate(
    sessions: Sequence[Sequence[str]], recommend: Callable[[str], Sequence[str]]
) -> tuple[float, int]:
    """(share of sessions whose other items meet the shirt's recommendations, sessions used)."""
    used = hits = 0
    for session in sessions:
        if len(session) < 2:
            continue
        used += 1
        hits += bool(set(recommend(session[0])) & set(session[1:]))
    return (hits / used if used else 0.0), used


def evaluate(model: Recommender, test: Sequence[Sequence[str]], k: int = 5) -> HitRates:
    """Hit-rate@k of `model` and of recommending the k most popular training items."""
    index = model.index_of()
    popular_ids = [model.item_ids[int(i)] for i in model.popular[: k + 1]]

    def by_model(item_id: str) -> list[str]:
        return [item for item, _ in model.recommend_row(index[item_id], k)]

    def by_popularity(item_id: str) -> list[str]:
        return [item for item in popular_ids if item != item_id][:k]

    model_rate, used = hit_rate(test, by_model)
    popular_rate, _ = hit_rate(test, by_popularity)
    return HitRates(
        k=k, test_sessions=used, model_hit_rate=model_rate, popular_hit_rate=popular_rate
    )
