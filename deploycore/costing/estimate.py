"""The cost page's one call: compare both sides, sweep volumes for break-even, rank the inputs.

For `pages/cost_estimator.py` and the reports, which must show the same numbers. Not for the
pieces (`engine.py`, `breakeven.py`, `sensitivity.py`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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


# Recent estimates, shared by every session: a rerun that changes nothing the estimate depends
# on (a tab, an expander, a download) or returns to earlier inputs costs no recomputation. The
# key holds the catalog's id and the entry the catalog itself, so the id cannot be reused
# while the entry lives.
_RECENT_MAX = 64
_recent: OrderedDict[tuple[str, int], CostEstimate] = OrderedDict()
_recent_lock = threading.Lock()


def estimate(inputs: CostInputs, catalog: PriceCatalog | None = None) -> CostEstimate:
    """The page's one call: compare both options; the sweep and the ranking follow on demand."""
    catalog = catalog if catalog is not None else load_catalog()
    key = (inputs.model_dump_json(), id(catalog))
    with _recent_lock:
        found = _recent.get(key)
        if found is not None:
            _recent.move_to_end(key)
            return found
    result = CostEstimate(inputs, catalog)
    with _recent_lock:
        _recent[key] = result
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return result
