"""The cost page's one call: compare both sides, sweep volumes for break-even, rank the inputs.

For `pages/cost_estimator.py` and the reports, which must show the same numbers. Not for the
pieces (`engine.py`, `breakeven.py`, `sensitivity.py`).
"""

from __future__ import annotations

from functools import cached_property

from deploycore.costing.breakeven import BreakEven, break_even_sweep
from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.results import CostComparison
from deploycore.costing.sensitivity import Tornado, sensitivity


class CostEstimate:
    """Everything the page shows: the comparison now, the break-even sweep and the tornado when
    first read (the page builds only the chart that is open, so a rerun pays for what it shows).
    """

    def __init__(self, inputs: CostInputs, catalog: PriceCatalog) -> None:
        self.inputs = inputs
        self.catalog = catalog
        self.comparison: CostComparison = compare_monthly_costs(inputs, catalog)

    @cached_property
    def break_even(self) -> BreakEven:
        return break_even_sweep(self.inputs, self.catalog)

    @cached_property
    def tornado(self) -> Tornado:
        return sensitivity(self.inputs, self.catalog)


def estimate(inputs: CostInputs, catalog: PriceCatalog | None = None) -> CostEstimate:
    """The page's one call: compare both options; the sweep and the ranking follow on demand."""
    return CostEstimate(inputs, catalog if catalog is not None else load_catalog())
