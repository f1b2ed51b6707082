"""The page bench's baseline: `streamlit hello`'s visits on two servers, pooled."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from bench.ttc import Timing, Visit, pooled

_visits = st.lists(
    st.tuples(st.floats(100, 10_000), st.floats(0, 5_000)).map(
        lambda pair: Visit(pair[0], pair[0] + pair[1])
    ),
    min_size=1,
    max_size=20,
)


def _timing(visits: list[Visit]) -> Timing:
    return Timing(tuple(visits))


@given(_visits, _visits)
def test_the_pooled_baseline_is_the_median_of_every_visit(
    first: list[Visit], second: list[Visit]
) -> None:
    both = pooled(_timing(first), _timing(second))
    assert both.visits == len(first) + len(second)
    assert both.median_ms == statistics.median(v.content_ms for v in first + second)
    assert both.drawn_median_ms == statistics.median(v.drawn_ms for v in first + second)
    # A median of the pool lies between the two servers' own medians.
    low, high = sorted((_timing(first).median_ms, _timing(second).median_ms))
    assert low <= both.median_ms <= high or len(first) != len(second)


def test_a_worked_example() -> None:
    one = _timing([Visit(1000, 1100), Visit(1200, 1300), Visit(1400, 1500)])
    two = _timing([Visit(1100, 1150), Visit(1900, 2000), Visit(1500, 1600)])
    both = pooled(one, two)
    assert (both.median_ms, both.drawn_median_ms, both.visits) == (1300, 1400, 6)
