"""Hypothesis strategies for the Decide wizard's answers, shared by its property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from deploycore.deciding.inputs import (
    WIZARD_SHAPES,
    Complexity,
    Deadline,
    DecisionInputs,
    Destination,
    Frequency,
    IdleCost,
    RowsPerRequest,
)


def wizard_inputs(max_latency_ms: float = 60_000) -> st.SearchStrategy[DecisionInputs]:
    """Any use case the wizard accepts, with model latencies up to `max_latency_ms`."""
    return st.builds(
        DecisionInputs,
        frequency=st.sampled_from(Frequency),
        deadline=st.sampled_from(Deadline),
        rows=st.sampled_from(RowsPerRequest),
        predictions_per_day=st.integers(1, 50_000_000),
        daily_shape=st.sampled_from(WIZARD_SHAPES),
        complexity=st.sampled_from(Complexity),
        latency_ms=st.floats(0.5, max_latency_ms),
        destination=st.sampled_from(Destination),
        idle_cost=st.sampled_from(IdleCost),
        low_priority=st.booleans(),
    )
