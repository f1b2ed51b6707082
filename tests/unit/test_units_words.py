"""The core's shared units: durations in words (the one function every page's text goes through)."""

from __future__ import annotations

import pytest

from deploycore.costing.catalog import load_catalog
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.units import minutes_words


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(0, "0 ms"), (0.25 / 60, "250 ms"), (0.6 / 60, "600 ms"), (1 / 60, "1 s"), (5.1, "5.1 min"),
     (180, "3.0 h"), (10080, "7.0 days")],
)  # fmt: skip
def test_durations_read_in_the_unit_a_person_uses(minutes: float, words: str) -> None:
    """One second tolerated reads "1 s", not "0.0166667 min" (the cost page's sizing line)."""
    assert minutes_words(minutes) == words


def test_the_verdict_says_a_short_deadline_as_the_sizing_line_does() -> None:
    """The verdict and the sizing line write a 1 s deadline the same way (one function)."""
    inputs = CostInputs.model_validate(
        {**CostInputs().model_dump(), "tolerated_delay_minutes": 1 / 60}
    )
    comparison = compare_monthly_costs(inputs, load_catalog())
    assert not comparison.batch.meets_tolerated_delay
    assert f"the {minutes_words(1 / 60)} the business can wait" in comparison.verdict
    assert "the 1 s the business can wait" in comparison.verdict
