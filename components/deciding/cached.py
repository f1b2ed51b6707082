"""The wizard's verdict and flips, computed once per distinct set of answers per process.

`decide` prices both options and `what_would_change` re-decides every change of one or two
answers: together about 50-180 ms a run, and the same answers come back on every rerun (a
button, an expander, another use case added to the comparison). Answers are frozen, hashable
models and the results are never modified, so every session can share them. The price
catalog in use is part of the key: a refreshed catalog prices the answers afresh.
"""

from __future__ import annotations

from functools import lru_cache

from deploycore.costing.catalog import current_catalog_path
from deploycore.deciding.flips import Flip, what_would_change
from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.verdict import Recommendation, decide

_ENTRIES = 256


def _catalog_stamp() -> tuple[str, int]:
    path = current_catalog_path()
    return str(path), path.stat().st_mtime_ns


def recommendation(inputs: DecisionInputs) -> Recommendation:
    """`decide(inputs)`, reused for the same answers and catalog."""
    return _recommendation(inputs, _catalog_stamp())


def flips(inputs: DecisionInputs) -> tuple[Flip, ...]:
    """`what_would_change(inputs)`, reused for the same answers and catalog."""
    return _flips(inputs, _catalog_stamp())


@lru_cache(maxsize=_ENTRIES)
def _recommendation(inputs: DecisionInputs, catalog: tuple[str, int]) -> Recommendation:
    return decide(inputs)


@lru_cache(maxsize=_ENTRIES)
def _flips(inputs: DecisionInputs, catalog: tuple[str, int]) -> tuple[Flip, ...]:
    return tuple(what_would_change(inputs))
