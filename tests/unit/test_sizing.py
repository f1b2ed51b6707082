"""Sizing: Little's law, Erlang C, p95 wait and replicas per hour, against hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploycore.costing import queueing as sizing


def _erlang_c_direct(c: int, a: float) -> float:
    """The textbook formula, term by term (fine for small c)."""
    top = a**c / math.factorial(c) * c / (c - a)
    bottom = sum(a**k / math.factorial(k) for k in range(c)) + top
    return top / bottom


def test_littles_law_multiplies_rate_by_time_in_system() -> None:
    """20 requests/s × 0.05 s = 1.0 request in flight."""
    assert sizing.littles_law_concurrency(np.array([20.0]), 0.05)[0] == pytest.approx(1.0)


def test_erlang_c_of_one_server_is_its_utilisation() -> None:
    """M/M/1: the probability of waiting equals rho; A = 0.5 on 1 server gives 0.5."""
    assert sizing.erlang_c(np.array([1]), np.array([0.5]))[0] == pytest.approx(0.5)


def test_erlang_c_two_servers_by_hand() -> None:
    """c = 2, A = 1: top = 1²/2! × 2/(2−1) = 1; bottom = 1 + 1 + 1 = 3; C = 1/3."""
    assert sizing.erlang_c(np.array([2]), np.array([1.0]))[0] == pytest.approx(1 / 3)


def test_erlang_c_is_one_when_overloaded_and_zero_without_traffic() -> None:
    values = sizing.erlang_c(np.array([2, 2, 3]), np.array([2.0, 5.0, 0.0]))
    assert list(values) == [1.0, 1.0, 0.0]


@given(c=st.integers(min_value=1, max_value=40), share=st.floats(min_value=0.01, max_value=0.99))
def test_erlang_c_matches_the_textbook_formula(c: int, share: float) -> None:
    a = c * share
    fast = sizing.erlang_c(np.array([c]), np.array([a]))[0]
    assert fast == pytest.approx(_erlang_c_direct(c, a), rel=1e-7, abs=1e-12)


def test_p95_wait_of_mm1_by_hand() -> None:
    """λ = 5/s, service 0.1 s (μ = 10/s), c = 1: C = 0.5;
    p95 wait = ln(C / 0.05) / (cμ − λ) = ln(10) / 5 = 0.4605 s."""
    wait = sizing.p95_wait_s(np.array([1]), np.array([5.0]), 0.1)[0]
    assert wait == pytest.approx(math.log(10) / 5)


def test_p95_wait_is_zero_when_few_arrivals_wait() -> None:
    """c = 3, A = 0.3: C ≈ 0.0036 < 5 %, so 95 % of requests do not wait at all."""
    assert sizing.p95_wait_s(np.array([3]), np.array([3.0]), 0.1)[0] == 0.0


def test_servers_needed_by_utilisation_then_by_p95_wait() -> None:
    """λ = 20/s, service 0.1 s: A = 2. Target 70 %: c = ceil(2 / 0.7) = 3.
    At c = 3, C = (2³/3! × 3/1) / (1 + 2 + 2 + 4) = 4/9 and the p95 wait is
    ln((4/9)/0.05) / (30 − 20) = 0.218 s: fine for a 1 s budget, too long for 0.1 s.
    At c = 4, C = 1.333/7.667 = 0.174 and the wait is ln(3.478)/20 = 0.062 s ≤ 0.1 s."""
    relaxed = sizing.servers_needed(np.array([20.0]), 0.1, 0.7, 1.0)
    strict = sizing.servers_needed(np.array([20.0]), 0.1, 0.7, 0.1)
    assert relaxed[0] == 3
    assert strict[0] == 4


def test_no_traffic_needs_no_servers() -> None:
    assert sizing.servers_needed(np.array([0.0]), 0.1, 0.7, 0.1)[0] == 0


def test_replicas_never_below_minimum_and_flat_without_autoscaling() -> None:
    """Busiest hour 20/s needs 3 servers (above); quiet hours need 1 → raised to min 2.
    Without autoscaling every hour runs the busiest hour's 3."""
    rps = np.array([[1.0] * 23 + [20.0]])
    scaled = sizing.replicas_per_hour(rps, 100.0, 1, 0.7, 900.0, 2, autoscaling=True)
    fixed = sizing.replicas_per_hour(rps, 100.0, 1, 0.7, 900.0, 2, autoscaling=False)
    assert list(scaled[0]) == [2] * 23 + [3]
    assert list(fixed[0]) == [3] * 24


def test_replicas_share_slots_per_replica() -> None:
    """4 servers needed with 2 request slots per replica → 2 replicas."""
    rps = np.array([[20.0] * 24])
    assert sizing.replicas_per_hour(rps, 100.0, 2, 0.7, 100.0, 1, True)[0, 0] == 2


def test_shapes_are_normalised_and_custom_needs_24_weights() -> None:
    for shape in sizing.SHAPE_WEIGHTS:
        assert sizing.shape_weights(shape).sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="24"):
        sizing.shape_weights("custom", (1.0,) * 23)


def test_hourly_rate_uses_peak_for_busiest_hour_and_mean_otherwise() -> None:
    """Flat: mean = 86,400/day / 24 / 3600 = 1/s; a peak of 3/s lifts every hour (flat shape)
    to 3/s; a peak below the mean (0.5/s) changes nothing."""
    weights = sizing.shape_weights("flat")
    assert sizing.hourly_arrival_rps(86_400.0, weights, 3.0)[0] == pytest.approx(3.0)
    assert sizing.hourly_arrival_rps(86_400.0, weights, 0.5)[0] == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(
    low=st.floats(min_value=0.0, max_value=500.0),
    extra=st.floats(min_value=0.0, max_value=500.0),
    latency_ms=st.floats(min_value=1.0, max_value=2000.0),
)
def test_more_traffic_never_needs_fewer_servers(
    low: float, extra: float, latency_ms: float
) -> None:
    service = latency_ms / 1000
    rates = np.array([low, low + extra])
    servers = sizing.servers_needed(rates, service, 0.7, service * 2)
    assert servers[0] <= servers[1]
