"""Write the shipped orange-juice files: `data/oj/oj_sales.csv` and the demo week's input.

Seeded, so running it again gives identical files. The demo input (`week_150_input.csv`) is the
scoring input of week 150 built from the history, with a few deliberately bad rows mixed in so
the batch job has something to report and skip. Run: `python scripts/generate_oj_data.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from deploycore.scenarios.forecasting.features import week_input  # noqa: E402
from deploycore.scenarios.forecasting.oj_data import generate_sales  # noqa: E402
from deploycore.scenarios.forecasting.sales import DEMO_INPUT_PATH, DEMO_WEEK, SALES_PATH  # noqa: E402


def demo_input(sales: pd.DataFrame) -> pd.DataFrame:
    """Week DEMO_WEEK's input with five bad rows: each breaks a different rule."""
    rows = week_input(sales, DEMO_WEEK).round({"logmove_mean4": 5})
    rows = rows.astype({"feat_lag1": int, "deal_lag1": int, "price": object, "store": object})
    rows.loc[3, "price"] = "n/a"  # not a number
    rows.loc[10, "price"] = -1.99  # negative price
    rows.loc[17, "brand"] = "florida.gold"  # unknown brand
    rows.loc[25, "store"] = None  # missing store
    rows.loc[40, "logmove_lag1"] = None  # missing history
    return rows


def main() -> None:
    sales = generate_sales()
    SALES_PATH.parent.mkdir(parents=True, exist_ok=True)
    sales.to_csv(SALES_PATH, index=False)
    demo_input(sales).to_csv(DEMO_INPUT_PATH, index=False)
    print(f"wrote {len(sales)} sales rows and the week {DEMO_WEEK} demo input")


if __name__ == "__main__":
    main()
