"""How prices moved between two catalogs: old and new USD per row, in %.

Shared by the refresh (which prints every row) and the cost page (which shows the biggest
changes since the previous catalog). Not for reading or writing catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from deploycore.costing.catalog import PriceCatalog


@dataclass(frozen=True)
class PriceChange:
    """One row's price before and after (None where the row is missing on that side)."""

    price_id: str
    region: str
    unit: str
    old_usd: float | None
    new_usd: float | None

    @property
    def percent(self) -> float | None:
        """The change in %; None for a new, a removed or a formerly free row."""
        if self.old_usd is None or self.new_usd is None or self.old_usd == 0:
            return None
        return (self.new_usd - self.old_usd) / self.old_usd * 100.0

    @property
    def changed(self) -> bool:
        return self.old_usd != self.new_usd

    def describe(self) -> str:
        """The change in words: `x (eastus): 0.096 -> 0.1 USD per node-hour, +4.2 %`."""
        where = f"{self.price_id} ({self.region})"
        if self.old_usd is None:
            return f"{where}: new, {self.new_usd:.6g} USD per {self.unit}"
        if self.new_usd is None:
            return f"{where}: removed (was {self.old_usd:.6g} USD per {self.unit})"
        percent = self.percent
        moved = "was free" if percent is None and self.changed else f"{percent or 0.0:+.1f} %"
        return f"{where}: {self.old_usd:.6g} -> {self.new_usd:.6g} USD per {self.unit}, {moved}"


def price_changes(old: PriceCatalog, new: PriceCatalog) -> list[PriceChange]:
    """Every row of either catalog, matched by price id, in the new catalog's order."""
    before = old.by_id()
    after = new.by_id()
    changes = [
        PriceChange(
            price_id=row.price_id,
            region=row.region,
            unit=row.unit,
            old_usd=before[row.price_id].usd_per_unit if row.price_id in before else None,
            new_usd=row.usd_per_unit,
        )  # fmt: skip
        for row in new.rows
    ]
    changes += [
        PriceChange(row.price_id, row.region, row.unit, row.usd_per_unit, None)
        for row in old.rows
        if row.price_id not in after
    ]
    return changes


def biggest_changes(changes: list[PriceChange], count: int = 5) -> list[PriceChange]:
    """The rows that moved most (by |%|; new, removed and formerly free rows after them)."""
    moved = [c for c in changes if c.changed]
    return sorted(moved, key=lambda c: -abs(c.percent) if c.percent is not None else 0.0)[:count]
