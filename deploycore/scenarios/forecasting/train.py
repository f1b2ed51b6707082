"""Train the orange-juice forecasting model: `python -m deploycore.scenarios.forecasting.train`.

Reads the shipped weekly sales (`data/oj/oj_sales.csv`), fits the ridge model, prints held-out
MAPE next to the naive last-week baseline, and saves the artifact under `data/models/`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deploycore.scenarios.forecasting import model
from deploycore.scenarios.forecasting.sales import load_sales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=model.MODEL_PATH, help="artifact path")
    args = parser.parse_args(argv)
    fitted = model.fit(load_sales())
    path = model.save(fitted, args.out)
    print(
        json.dumps(
            {"artifact": path.name, "version": fitted.version, **fitted.metrics.model_dump()}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
