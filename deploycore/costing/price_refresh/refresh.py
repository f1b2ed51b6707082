"""Building the refreshed catalog: which rows to price in which regions, and merging the
providers' quotes into them.

A quoted row becomes `confirmed=true` with the request URL and today's date; a row the answer
did not price stays as it was, with a warning; a region new to the catalog gets only the rows
that were priced there (never a copy of another region's price). Not for fetching or writing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from deploycore.costing.catalog import PROVIDERS, PriceCatalog, PriceRow, Provider
from deploycore.costing.price_changes import PriceChange, price_changes
from deploycore.costing.price_refresh.quotes import ProviderAnswer

# How a bare region name tells its provider (`provider:region` is always accepted too).
REGION_PATTERNS: dict[Provider, re.Pattern[str]] = {
    "aws": re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$"),  # us-east-1, eu-west-1
    "gcp": re.compile(r"^[a-z]+-[a-z]+\d+$"),  # us-central1, europe-west4
    "azure": re.compile(r"^[a-z]+[a-z0-9]*$"),  # eastus, westeurope, eastus2
}
# Rows that no price list prices: documented rules kept as they are, and copied to new regions.
REGION_FREE_RULES = {("aks-control-plane", "free")}

Fetch = Callable[[list[PriceRow]], ProviderAnswer]


class RegionError(ValueError):
    """A region name the refresh cannot assign to a provider."""


def parse_regions(text: str) -> dict[Provider, list[str]]:
    """`eastus,westeurope,aws:eu-west-1` -> regions per provider, in the order given."""
    regions: dict[Provider, list[str]] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, sep, region = item.partition(":")
        provider: Provider | None = None
        if sep:
            provider = next((p for p in PROVIDERS if p == name), None)
            if provider is None or not region:
                raise RegionError(f"'{item}': write provider:region with azure, aws or gcp")
        else:
            region = item
            provider = next((p for p, rx in REGION_PATTERNS.items() if rx.match(item)), None)
            if provider is None:
                raise RegionError(
                    f"'{item}' is not an Azure, AWS or Google Cloud region name "
                    "(e.g. eastus, us-east-1, us-central1; or write azure:NAME)"
                )
        if region not in regions.setdefault(provider, []):
            regions[provider].append(region)
    return regions


def regional_id(base_id: str, region: str) -> str:
    """The price id of a row copied to another region: `aks-node-d2s-v3.westeurope`."""
    return f"{base_id}.{re.sub(r'[^a-z0-9_-]+', '-', region.lower())}"


def _key(row: PriceRow) -> tuple[str, str, str, str]:
    return (row.service, row.sku, row.unit, row.priority)


def plan_targets(catalog: PriceCatalog, provider: str, regions: Iterable[str]) -> list[PriceRow]:
    """The rows to price for a provider: its default region's rows in every listed region
    (the existing row where the catalog has one, else a copy to fill)."""
    default = catalog.default_region(provider)
    templates = [r for r in catalog.rows if r.provider == provider and r.region == default]
    existing = {(_key(r), r.region): r for r in catalog.rows if r.provider == provider}
    targets: list[PriceRow] = []
    for region in regions:
        for template in templates:
            row = existing.get((_key(template), region))
            if row is None:
                row = template.model_copy(
                    update={"price_id": regional_id(template.price_id, region), "region": region}
                )
            targets.append(row)
    return targets


@dataclass
class RefreshResult:
    """The new catalog, what it confirmed, what it could not, and the change per row."""

    catalog: PriceCatalog
    confirmed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[PriceChange] = field(default_factory=list)


def merge(
    catalog: PriceCatalog,
    targets: list[PriceRow],
    answer: ProviderAnswer,
    today: date,
) -> RefreshResult:
    """The catalog with the quoted rows replaced (or added, for a new region)."""
    by_id = {row.price_id: row for row in catalog.rows}
    rows = list(catalog.rows)
    result = RefreshResult(catalog=catalog)
    for target in targets:
        quote = answer.quotes.get(target.price_id)
        is_new = target.price_id not in by_id
        if quote is not None:
            new = target.model_copy(
                update={
                    "usd_per_unit": quote.usd_per_unit, "source_url": quote.source_url,
                    "as_of": today, "confirmed": True, "note": quote.note[:400],
                }
            )  # fmt: skip
            result.confirmed.append(new.price_id)
        elif (target.service, target.sku) in REGION_FREE_RULES:
            if not is_new:
                continue  # kept as it is: a documented rule, no meter to read
            new = target.model_copy(update={"note": f"{target.note} (a rule for every region)"})
        else:
            reason = answer.problems.get(
                target.price_id,
                f"{target.price_id} ({target.sku}, {target.region}): no price list covers this row",
            )
            if is_new:
                result.warnings.append(
                    f"{reason}; no row written for {target.region} (no price for this region, "
                    "never a copy of another region's)"
                )
            else:
                status = "confirmed" if target.confirmed else "unconfirmed"
                result.warnings.append(
                    f"{reason}; the row is kept as it was ({status}, as of "
                    f"{target.as_of.isoformat()})"
                )
            continue
        if is_new:
            rows.append(new)
        else:
            rows[rows.index(by_id[target.price_id])] = new
        by_id[new.price_id] = new
    result.catalog = PriceCatalog(rows=tuple(rows), name=catalog.name)
    return result


def refresh_catalog(
    catalog: PriceCatalog,
    regions: dict[Provider, list[str]],
    fetchers: dict[Provider, tuple[Fetch, Callable[[PriceRow], bool]]],
    today: date,
) -> RefreshResult:
    """Ask each provider in `fetchers` for its rows in its regions (default: the regions the
    catalog has for it) and merge the answers; the diff is against `catalog`."""
    current = catalog
    confirmed: list[str] = []
    warnings: list[str] = []
    for provider, (fetch, fetched) in fetchers.items():
        wanted = regions.get(provider) or catalog.regions(provider)
        targets = plan_targets(current, provider, wanted)
        answer = fetch([t for t in targets if fetched(t)])
        step = merge(current, targets, answer, today)
        current = step.catalog
        confirmed += step.confirmed
        warnings += step.warnings
    return RefreshResult(
        catalog=current, confirmed=confirmed, warnings=warnings,
        changes=price_changes(catalog, current),
    )  # fmt: skip
