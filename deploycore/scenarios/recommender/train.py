"""Train the shirt recommender: `python -m deploycore.scenarios.recommender.train [--out DIR]`.

Reads data/shop/, holds out a share of the sessions, fits the item-item model on the rest,
prints hit-rate@5 next to the most-popular baseline, and saves the versioned artifact
(data/models/recommender-v1.npz + .json with the metrics). Not a general training framework.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from deploycore.scenarios.recommender import model as recommender_model
from deploycore.scenarios.recommender.catalog_data import (
    PRODUCTS_CSV,
    SESSIONS_CSV,
    SHOP_DIR,
    read_shop,
)
from deploycore.scenarios.recommender.evaluation import (
    SPLIT_SEED,
    TEST_SHARE,
    evaluate,
    split_sessions,
)

EVAL_K = 5


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(
    shop_dir: Path = SHOP_DIR, out_dir: Path = recommender_model.MODELS_DIR
) -> dict[str, Any]:
    """Fit, evaluate on held-out sessions, save the artifact; return its metadata."""
    shop = read_shop(shop_dir)
    item_ids = [product.item_id for product in shop.products]
    train_sessions, test_sessions = split_sessions(shop.sessions)
    model = recommender_model.fit(train_sessions, item_ids)
    rates = evaluate(model, test_sessions, k=EVAL_K)
    metadata: dict[str, Any] = {
        "model": "item-item cosine similarity over purchase sessions, shrunk by co-purchases",
        "parameters": {
            "max_neighbours": int(model.neighbours.shape[1]),
            "shrinkage": recommender_model.SHRINKAGE,
            "test_share": TEST_SHARE,
            "split_seed": SPLIT_SEED,
        },
        "metrics": {
            f"hit_rate_at_{EVAL_K}": round(rates.model_hit_rate, 4),
            f"popular_baseline_hit_rate_at_{EVAL_K}": round(rates.popular_hit_rate, 4),
            "lift_over_baseline": round(rates.lift, 2),
            "test_sessions": rates.test_sessions,
        },
        "training": {"items": len(item_ids), "train_sessions": len(train_sessions)},
        "data_sha256": {
            PRODUCTS_CSV: _sha256(shop_dir / PRODUCTS_CSV),
            SESSIONS_CSV: _sha256(shop_dir / SESSIONS_CSV),
        },
    }
    recommender_model.save(model, metadata, out_dir)
    return {"version": model.version, **metadata}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shop", type=Path, default=SHOP_DIR, help="folder with the shop CSVs")
    parser.add_argument("--out", type=Path, default=recommender_model.MODELS_DIR)
    args = parser.parse_args(argv)
    metadata = train(args.shop, args.out)
    metrics = metadata["metrics"]
    print(
        f"hit-rate@{EVAL_K} on {metrics['test_sessions']} held-out sessions: "
        f"model {metrics[f'hit_rate_at_{EVAL_K}']:.3f}, most-popular baseline "
        f"{metrics[f'popular_baseline_hit_rate_at_{EVAL_K}']:.3f} "
        f"({metrics['lift_over_baseline']:.1f}× the baseline)"
    )
    print(json.dumps(metadata["metrics"], indent=2))
    arrays, _ = recommender_model.artifact_paths(args.out, metadata["version"])
    print(f"saved {arrays} and its .json metadata")


if __name__ == "__main__":
    main()
