"""What a provider module hands back: a quote per catalog row it found, and its warnings.

Shared by `azure`, `aws` and `gcp`; the refresh merges quotes into rows. Not for fetching.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    """A price read from a provider's answer, already in the catalog row's unit."""

    usd_per_unit: float
    source_url: str  # the exact request whose answer held the price (never an API key)
    note: str  # what was matched and how the unit was converted


@dataclass
class ProviderAnswer:
    """Quotes keyed by catalog `price_id`, and the reason for each row that could not be priced
    (missing from the answer, ambiguous, or in a unit the row cannot take)."""

    quotes: dict[str, Quote] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def single_price(prices: set[float], what: str) -> float:
    """The one price an answer gave for a row; several different prices are ambiguous."""
    if len(prices) != 1:
        listed = ", ".join(f"{p:g}" for p in sorted(prices))
        raise LookupError(f"{what}: the answer has {len(prices)} different prices ({listed})")
    return next(iter(prices))
