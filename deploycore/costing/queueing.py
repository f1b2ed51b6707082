"""Real-time sizing with numpy: Little's law, an M/M/c (Erlang C) queue, replicas per hour.

For turning traffic and latency into whole replicas for each hour of the day, for one scenario
or thousands at once (arrays broadcast). Not for prices (see `prices.py` and `engine.py`).
Assumptions: Poisson arrivals and exponential service times (the M/M/c model).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import gammaincc, gammaln

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

HOURS_PER_DAY = 24
SECONDS_PER_HOUR = 3600.0
P95_TAIL = 0.05
_MAX_SEARCH_STEPS = 10_000

# Daily shapes: relative traffic per hour of the day (00:00 to 23:00); only the ratios matter.
SHAPE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "flat": (1.0,) * 24,
    # Office hours 08:00-18:00 carry the traffic; a trickle outside them.
    "business-hours": (0.05,) * 8 + (1.0,) * 10 + (0.05,) * 6,
    # Shoppers: quiet at night, steady by day, a peak from 18:00 to 22:00.
    "evening-peak": (0.1,) * 7 + (0.5,) * 11 + (2.0,) * 4 + (0.5, 0.2),
    # A few bursts a day: a morning and an afternoon hour (09:00 and 16:00).
    "few-bursts": tuple(1.0 if hour in (9, 16) else 0.0 for hour in range(24)),
}


def shape_weights(shape: str, custom: tuple[float, ...] | None = None) -> FloatArray:
    """The 24 hourly weights of a daily shape, normalised to sum to 1."""
    if shape == "custom":
        if custom is None or len(custom) != HOURS_PER_DAY:
            raise ValueError("a custom daily shape needs 24 hourly weights")
        weights = np.asarray(custom, dtype=np.float64)
    else:
        weights = np.asarray(SHAPE_WEIGHTS[shape], dtype=np.float64)
    total = float(weights.sum())
    if total <= 0:
        raise ValueError("at least one hourly weight must be above zero")
    return weights / total


def hourly_arrival_rps(
    predictions_per_day: FloatArray | float,
    weights: FloatArray,
    peak_requests_per_second: FloatArray | float = 0.0,
) -> FloatArray:
    """Arrival rate (requests/s) to size each hour for; shape (..., 24).

    The mean rate of hour h is predictions_per_day * weight_h / 3600. The peak applies to the
    busiest hour and scales the others in proportion, and never lowers a mean:
    rate_h = max(mean_h, peak * weight_h / max(weight)).
    """
    volume = np.asarray(predictions_per_day, dtype=np.float64)[..., np.newaxis]
    peak = np.asarray(peak_requests_per_second, dtype=np.float64)[..., np.newaxis]
    mean = volume * weights / SECONDS_PER_HOUR
    shaped_peak = peak * weights / float(weights.max())
    result: FloatArray = np.maximum(mean, shaped_peak)
    return result


def littles_law_concurrency(
    arrival_rps: FloatArray, time_in_system_s: FloatArray | float
) -> FloatArray:
    """Little's law: requests in flight L = arrival rate (1/s) x time in the system (s)."""
    result: FloatArray = np.asarray(arrival_rps, dtype=np.float64) * time_in_system_s
    return result


def erlang_c(servers: IntArray | FloatArray, offered_load: FloatArray) -> FloatArray:
    """Probability that an arrival waits in an M/M/c queue (Erlang C), element-wise.

    Uses Erlang B = Poisson pmf(c; A) / Poisson cdf(c; A) (stable for large c), then
    C = B / (1 - rho (1 - B)) with rho = A / c. Returns 1 where rho >= 1 and 0 where A = 0.
    """
    c = np.asarray(servers, dtype=np.float64)
    a = np.asarray(offered_load, dtype=np.float64)
    c, a = np.broadcast_arrays(c, a)
    result = np.ones_like(a)
    zero = a <= 0
    result[zero] = 0.0
    ok = (~zero) & (c > 0) & (a < c)
    if np.any(ok):
        cc, aa = c[ok], a[ok]
        log_pmf = cc * np.log(aa) - aa - gammaln(cc + 1.0)
        cdf = gammaincc(cc + 1.0, aa)
        erlang_b = np.exp(log_pmf) / np.maximum(cdf, 1e-300)
        rho = aa / cc
        result[ok] = erlang_b / (1.0 - rho * (1.0 - erlang_b))
    out: FloatArray = np.clip(result, 0.0, 1.0)
    return out


def p95_wait_s(
    servers: IntArray | FloatArray, arrival_rps: FloatArray, service_s: FloatArray | float
) -> FloatArray:
    """95th percentile of the queueing wait (s): P(W > t) = C e^{-(c mu - lambda) t} = 5 %."""
    c = np.asarray(servers, dtype=np.float64)
    lam = np.asarray(arrival_rps, dtype=np.float64)
    mu = 1.0 / np.asarray(service_s, dtype=np.float64)
    prob_wait = erlang_c(c, lam / mu)
    spare = c * mu - lam
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = np.where(prob_wait > P95_TAIL, np.log(prob_wait / P95_TAIL) / spare, 0.0)
    wait = np.where(spare <= 0, np.inf, wait)
    result: FloatArray = np.maximum(
        np.broadcast_to(wait, np.broadcast_shapes(c.shape, lam.shape)), 0.0
    )
    return result


def servers_needed(
    arrival_rps: FloatArray,
    service_s: FloatArray | float,
    target_utilisation: FloatArray | float,
    max_p95_wait_s: FloatArray | float,
) -> IntArray:
    """Fewest servers (parallel request slots) with utilisation <= target and p95 wait <= max.

    Starts at ceil(A / target) with A = lambda x service time (Little's law: the busy servers)
    and adds servers where the Erlang C p95 wait is still too long. Zero traffic needs 0.
    """
    lam = np.asarray(arrival_rps, dtype=np.float64)
    service = np.broadcast_to(np.asarray(service_s, dtype=np.float64), lam.shape)
    target = np.broadcast_to(np.asarray(target_utilisation, dtype=np.float64), lam.shape)
    max_wait = np.broadcast_to(np.asarray(max_p95_wait_s, dtype=np.float64), lam.shape)
    load = lam * service
    servers = np.ceil(load / target - 1e-9)
    servers = np.where(lam > 0, np.maximum(servers, 1.0), 0.0)
    servers = np.where((lam > 0) & (servers <= load), np.floor(load) + 1.0, servers)
    flat_servers = servers.ravel().copy()
    flat_lam, flat_service, flat_wait = lam.ravel(), service.ravel(), max_wait.ravel()
    # Erlang C <= 1, so the p95 wait is at most ln(1/0.05) / (c mu - lambda): where even that
    # bound fits the budget, the starting count is already enough (saves most evaluations).
    with np.errstate(divide="ignore"):
        bound = np.log(1.0 / P95_TAIL) / (flat_servers / flat_service - flat_lam)
    todo = np.flatnonzero((flat_lam > 0) & (bound > flat_wait))
    for _ in range(_MAX_SEARCH_STEPS):
        if todo.size == 0:
            break
        wait = p95_wait_s(flat_servers[todo], flat_lam[todo], flat_service[todo])
        late = wait > flat_wait[todo]
        todo = todo[late]
        flat_servers[todo] += 1.0
    result: IntArray = flat_servers.reshape(lam.shape).astype(np.int64)
    return result


def replicas_per_hour(
    hourly_rps: FloatArray,
    latency_ms: FloatArray | float,
    servers_per_replica: int,
    target_utilisation: FloatArray | float,
    max_p95_wait_ms: FloatArray | float,
    min_replicas: FloatArray | int,
    autoscaling: bool,
) -> IntArray:
    """Whole replicas for each hour (..., 24), never below the minimum.

    Without autoscaling the busiest hour's count runs all day.
    """
    service_s = np.asarray(latency_ms, dtype=np.float64) / 1000.0
    wait_s = np.asarray(max_p95_wait_ms, dtype=np.float64) / 1000.0
    if np.ndim(service_s):
        service_s = service_s[..., np.newaxis]
    if np.ndim(wait_s):
        wait_s = wait_s[..., np.newaxis]
    target = np.asarray(target_utilisation, dtype=np.float64)
    if np.ndim(target):
        target = target[..., np.newaxis]
    servers = servers_needed(hourly_rps, service_s, target, wait_s)
    replicas = np.ceil(servers / max(servers_per_replica, 1)).astype(np.int64)
    minimum = np.asarray(min_replicas, dtype=np.int64)
    if np.ndim(minimum):
        minimum = minimum[..., np.newaxis]
    replicas = np.maximum(replicas, minimum)
    if not autoscaling:
        replicas = np.broadcast_to(replicas.max(axis=-1, keepdims=True), replicas.shape).copy()
    result: IntArray = replicas
    return result
