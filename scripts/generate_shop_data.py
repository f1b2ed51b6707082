"""Regenerate data/shop/products.csv and sessions.csv from the seeded generator.

Usage: python scripts/generate_shop_data.py [--seed N] [--sessions N] [--out DIR]
The generator and its built-in structure are documented in
deploycore/scenarios/recommender/catalog_data.py.
After regenerating, retrain: python -m deploycore.scenarios.recommender.train
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploycore.scenarios.recommender.catalog_data import (  # noqa: E402
    DEFAULT_SEED,
    DEFAULT_SESSIONS,
    SHOP_DIR,
    generate_shop,
    write_shop,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS)
    parser.add_argument("--out", type=Path, default=SHOP_DIR)
    args = parser.parse_args()
    shop = generate_shop(args.seed, args.sessions)
    for path in write_shop(shop, args.out):
        print(f"wrote {path}")
    print(f"{len(shop.products)} products, {len(shop.sessions)} sessions")


if __name__ == "__main__":
    main()
