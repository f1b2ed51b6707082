"""Which catalog is in use and what changed since the one before it, for the cost page.

Reads the catalog folder (`catalog.csv`, then `catalog-YYYY-MM-DD.csv` from refreshes). Not for
writing catalogs (`price_refresh/`) nor for validating rows (`catalog.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from deploycore.costing.catalog import (
    catalog_dir,
    catalog_history,
    catalog_name,
    load_catalog,
    refreshed_on,
)
from deploycore.costing.price_changes import PriceChange, biggest_changes, price_changes

BIGGEST_CHANGES_SHOWN = 5


@dataclass(frozen=True)
class CatalogProvenance:
    """The catalog in use, the one before it, and the rows that moved most between them."""

    name: str
    file_name: str
    refreshed_on: date | None
    previous_name: str | None
    changed_rows: int  # rows in both catalogs whose price moved
    new_rows: int  # rows only in the catalog in use (e.g. a region added by a refresh)
    biggest: tuple[PriceChange, ...]


def catalog_provenance(folder: Path | None = None) -> CatalogProvenance:
    """Where the catalog in use comes from (cached until a catalog file changes)."""
    history = catalog_history(catalog_dir() if folder is None else folder)
    stamp = tuple((path, path.stat().st_mtime_ns) for path in history[-2:])
    return _provenance(stamp)


@lru_cache(maxsize=4)
def _provenance(stamp: tuple[tuple[Path, int], ...]) -> CatalogProvenance:
    current = stamp[-1][0]
    previous = stamp[0][0] if len(stamp) == 2 else None
    changes: list[PriceChange] = []
    if previous is not None:
        changes = price_changes(load_catalog(previous), load_catalog(current))
    return CatalogProvenance(
        name=catalog_name(current), file_name=current.name, refreshed_on=refreshed_on(current),
        previous_name=None if previous is None else catalog_name(previous),
        changed_rows=sum(1 for c in changes if c.changed and c.old_usd is not None),
        new_rows=sum(1 for c in changes if c.old_usd is None),
        biggest=tuple(biggest_changes(changes, BIGGEST_CHANGES_SHOWN)),
    )  # fmt: skip
