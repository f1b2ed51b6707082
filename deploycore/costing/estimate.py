"""The cost page's one call: compare both sides, sweep volumes for break-even, rank the inputs.

For `pages/cost_estimator.py` and the reports, which must show the same numbers. Not for the
pieces (`engine.py`, `breakeven.py`, `sensitivity.py`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from deploycore.costing.breakeven import BreakEven, break_even_sweep
from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.results import CostComparison
from deploycore.costing.sensitivity import Tornado, sensitivity


class CostEstimate(BaseModel):
    """Everything the page shows: the comparison, the break-even sweep and the tornado."""

    model_config = ConfigDict(frozen=True)

    comparison: CostComparison
    break_even: BreakEven
    tornado: Tornado


def estimate(inputs: CostInputs, catalog: PriceCatalog | None = None) -> CostEstimate:
    """The page's one call: compare both options, sweep volumes, and rank the inputs."""
    base = catalog if catalog is not None else load_catalog()
    return CostEstimate(
        comparison=compare_monthly_costs(inputs, base),
        break_even=break_even_sweep(inputs, base),
        tornado=sensitivity(inputs, base),
    )
