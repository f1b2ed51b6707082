"""The price catalog: one validated row per priced unit, loaded from CSV, with its age.

For reading the shipped catalog (`data/prices/catalog.csv`) or a user's upload, reporting each bad
row with its line number and reason, and looking prices up. Not for computing costs.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from deploycore.infra.settings import ROOT

CATALOG_PATH = ROOT / "data" / "prices" / "catalog.csv"
# A refresh (`python -m deploycore.costing.prices refresh`) writes `catalog-YYYY-MM-DD.csv` next
# to the shipped file; the newest one is the catalog in use. `PRICE_CATALOG_DIR` moves the folder.
CATALOG_DIR_VARIABLE = "PRICE_CATALOG_DIR"
SHIPPED_NAME = "catalog.csv"
_DATED_NAME = re.compile(r"^catalog-(\d{4}-\d{2}-\d{2})\.csv$")
STALE_AFTER_DAYS = 180
MAX_UPLOAD_BYTES = 1_000_000

Unit = Literal[
    "vcpu-second",
    "gb-second",
    "node-hour",
    "cluster-hour",
    "request",
    "serverless-gb-second",
]
Priority = Literal["dedicated", "low-priority"]
Provider = Literal["azure", "aws", "gcp"]
PROVIDERS: tuple[Provider, ...] = ("azure", "aws", "gcp")
PROVIDER_LABELS: dict[str, str] = {"azure": "Azure", "aws": "AWS", "gcp": "Google Cloud"}
COLUMNS: tuple[str, ...] = (
    "price_id",
    "provider",
    "service",
    "sku",
    "unit",
    "usd_per_unit",
    "region",
    "vcpu",
    "memory_gb",
    "priority",
    "source_url",
    "as_of",
    "confirmed",
    "note",
)
REQUIRED_COLUMNS = COLUMNS[:7] + ("source_url", "as_of")


class PriceRow(BaseModel):
    """One priced unit: what is sold, for how much, where, and who says so (and when)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    price_id: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    provider: Provider
    # Names reach Markdown on the page: plain characters only (no brackets, no markup).
    service: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    sku: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
    unit: Unit
    usd_per_unit: float = Field(ge=0)
    region: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
    vcpu: float | None = Field(default=None, gt=0)
    memory_gb: float | None = Field(default=None, gt=0)
    priority: Priority = "dedicated"
    source_url: str = Field(min_length=8, max_length=400, pattern=r"^https://")
    as_of: date
    confirmed: bool = False
    note: str = Field(default="", max_length=400)

    @field_validator("usd_per_unit")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("the price must be a finite number")
        return value


class CatalogError(BaseModel):
    """One problem found in a catalog file: its line (1 = header) and the reason in words."""

    model_config = ConfigDict(frozen=True)

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class PriceCatalog(BaseModel):
    """A set of price rows with unique ids."""

    model_config = ConfigDict(frozen=True)

    rows: tuple[PriceRow, ...]
    name: str = "shipped catalog"

    def by_id(self) -> dict[str, PriceRow]:
        return {row.price_id: row for row in self.rows}

    def find(
        self, service: str, sku: str | None = None, priority: Priority = "dedicated"
    ) -> list[PriceRow]:
        """Rows of a service (and SKU / priority when given)."""
        return [
            row
            for row in self.rows
            if row.service == service
            and (sku is None or row.sku == sku)
            and (row.priority == priority)
        ]

    def skus(self, service: str, priority: Priority = "dedicated") -> list[str]:
        """The SKUs a service offers at a priority, in catalog order."""
        seen: list[str] = []
        for row in self.find(service, priority=priority):
            if row.sku not in seen:
                seen.append(row.sku)
        return seen

    def regions(self, provider: str) -> list[str]:
        """The regions a provider has prices for, in catalog order (the first is its default)."""
        seen: list[str] = []
        for row in self.rows:
            if row.provider == provider and row.region not in seen:
                seen.append(row.region)
        return seen

    def default_region(self, provider: str) -> str | None:
        """The region of the provider's first row: what an estimate without a region uses."""
        regions = self.regions(provider)
        return regions[0] if regions else None

    def in_region(self, provider: str, region: str) -> PriceCatalog:
        """The same catalog with the provider's rows narrowed to one region (others untouched)."""
        rows = tuple(r for r in self.rows if r.provider != provider or r.region == region)
        return PriceCatalog(rows=rows, name=self.name)

    def missing_in_region(self, provider: str, region: str) -> list[PriceRow]:
        """Rows of the provider's other regions whose price (service, SKU, unit, priority) has
        no row in `region`: what the page must call "no price for this region"."""
        here = {_price_key(r) for r in self.rows if r.provider == provider and r.region == region}
        missing: dict[tuple[str, str, str, str], PriceRow] = {}
        for row in self.rows:
            key = _price_key(row)
            if row.provider == provider and key not in here and key not in missing:
                missing[key] = row
        return list(missing.values())

    def confirmed_count(self) -> int:
        return sum(1 for row in self.rows if row.confirmed)

    def oldest_as_of(self) -> date:
        return min(row.as_of for row in self.rows)

    def newest_as_of(self) -> date:
        return max(row.as_of for row in self.rows)

    def age_days(self, today: date) -> int:
        """Days since the oldest row's as-of date."""
        return (today - self.oldest_as_of()).days

    def is_stale(self, today: date, max_age_days: int = STALE_AFTER_DAYS) -> bool:
        return self.age_days(today) > max_age_days

    def stale_rows(self, today: date, max_age_days: int = STALE_AFTER_DAYS) -> list[PriceRow]:
        """Rows whose as-of date is more than `max_age_days` before `today`."""
        return [row for row in self.rows if (today - row.as_of).days > max_age_days]

    def unconfirmed(self) -> list[PriceRow]:
        return [row for row in self.rows if not row.confirmed]

    def with_overrides(self, overrides: dict[str, float]) -> PriceCatalog:
        """A copy where the listed rows carry the user's prices (marked in the row's note)."""
        if not overrides:
            return self
        rows = []
        for row in self.rows:
            if row.price_id in overrides:
                rows.append(
                    row.model_copy(
                        update={
                            "usd_per_unit": overrides[row.price_id],
                            "note": f"overridden by the user (catalog: {row.usd_per_unit:g})",
                        }
                    )
                )
            else:
                rows.append(row)
        return PriceCatalog(rows=tuple(rows), name=f"{self.name} with your prices")


def _price_key(row: PriceRow) -> tuple[str, str, str, str]:
    """What a row prices, whatever its region: service, SKU, unit and priority."""
    return (row.service, row.sku, row.unit, row.priority)


class CatalogLoadResult(BaseModel):
    """Either a catalog or the list of errors (never both: nothing from a bad file is used)."""

    model_config = ConfigDict(frozen=True)

    catalog: PriceCatalog | None
    errors: tuple[CatalogError, ...] = ()


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _describe(error: ValidationError) -> str:
    parts = []
    for detail in error.errors():
        where = ".".join(str(p) for p in detail["loc"]) or "row"
        message = str(detail["msg"])
        if detail["type"] == "string_pattern_mismatch":
            message = "use only letters, digits, spaces, '.', '_' and '-'"
            if where == "source_url":
                message = "give an https:// address"
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def parse_catalog_csv(text: str, name: str = "uploaded catalog") -> CatalogLoadResult:
    """Validate a catalog given as CSV text. Every bad row is reported with its line number."""
    if not text.strip():
        return CatalogLoadResult(catalog=None, errors=(CatalogError(line=1, reason="empty file"),))
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    errors: list[CatalogError] = []
    if missing:
        errors.append(CatalogError(line=1, reason=f"missing columns: {', '.join(missing)}"))
    if unknown:
        errors.append(CatalogError(line=1, reason=f"unknown columns: {', '.join(unknown)}"))
    if errors:
        return CatalogLoadResult(catalog=None, errors=tuple(errors))
    rows: list[PriceRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            errors.append(CatalogError(line=line, reason="more cells than columns"))
            continue
        values = {k.strip(): _clean(v) for k, v in record.items() if k is not None}
        if all(v is None for v in values.values()):
            continue
        data = {k: v for k, v in values.items() if v is not None}
        if "confirmed" in data:
            flag = str(data["confirmed"]).lower()
            if flag not in {"true", "false", "yes", "no", "1", "0"}:
                errors.append(CatalogError(line=line, reason="confirmed: write true or false"))
                continue
        try:
            row = PriceRow.model_validate(data)
        except ValidationError as error:
            errors.append(CatalogError(line=line, reason=_describe(error)))
            continue
        if row.price_id in seen:
            errors.append(
                CatalogError(
                    line=line,
                    reason=f"price_id {row.price_id!r} already used on line {seen[row.price_id]}",
                )
            )
            continue
        seen[row.price_id] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(CatalogError(line=2, reason="no price rows"))
    if errors:
        return CatalogLoadResult(catalog=None, errors=tuple(errors))
    return CatalogLoadResult(catalog=PriceCatalog(rows=tuple(rows), name=name))


def parse_catalog_bytes(content: bytes, name: str = "uploaded catalog") -> CatalogLoadResult:
    """Validate an uploaded file (UTF-8 CSV, at most MAX_UPLOAD_BYTES)."""
    if len(content) > MAX_UPLOAD_BYTES:
        reason = f"the file is larger than {MAX_UPLOAD_BYTES // 1000} kB"
        return CatalogLoadResult(catalog=None, errors=(CatalogError(line=1, reason=reason),))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = "the file is not UTF-8 text (save it as CSV UTF-8)"
        return CatalogLoadResult(catalog=None, errors=(CatalogError(line=1, reason=reason),))
    return parse_catalog_csv(text, name=name)


def catalog_dir() -> Path:
    """The folder of the shipped and the refreshed catalogs (`PRICE_CATALOG_DIR` or data/prices)."""
    configured = os.environ.get(CATALOG_DIR_VARIABLE)
    return Path(configured) if configured else CATALOG_PATH.parent


def refreshed_on(path: Path) -> date | None:
    """The date in a refreshed catalog's name (`catalog-2026-11-30.csv`), or None when shipped."""
    match = _DATED_NAME.match(path.name)
    return date.fromisoformat(match.group(1)) if match else None


def catalog_history(folder: Path | None = None) -> list[Path]:
    """The catalogs in a folder, oldest first: the shipped file, then the refreshed ones by date.

    The listing is reused while the folder is unchanged (its modification time): the cost page
    asks several times a run. A folder changed within the last 2 s is listed afresh, as two
    files written in one clock tick leave the same modification time.
    """
    folder = catalog_dir() if folder is None else folder
    try:
        changed_ns = folder.stat().st_mtime_ns
    except OSError:
        return []
    if time.time_ns() - changed_ns < _SETTLE_NS:
        return list(_list_history(folder))
    return list(_cached_history(folder, changed_ns))


_SETTLE_NS = 2_000_000_000


def _list_history(folder: Path) -> tuple[Path, ...]:
    dated = sorted(p for p in folder.glob("catalog-*.csv") if refreshed_on(p) is not None)
    shipped = folder / SHIPPED_NAME
    return ((shipped,) if shipped.exists() else ()) + tuple(dated)


@lru_cache(maxsize=8)
def _cached_history(folder: Path, changed_ns: int) -> tuple[Path, ...]:
    return _list_history(folder)


def current_catalog_path(folder: Path | None = None) -> Path:
    """The catalog in use: the newest refreshed one, else the shipped file."""
    history = catalog_history(folder)
    return history[-1] if history else (catalog_dir() if folder is None else folder) / SHIPPED_NAME


def catalog_name(path: Path) -> str:
    """How the page and the reports name a catalog file."""
    day = refreshed_on(path)
    return "shipped catalog" if day is None else f"catalog refreshed on {day.isoformat()}"


def load_catalog(path: Path | None = None) -> PriceCatalog:
    """The catalog in use (or the file given); a bad file there is a bug, so it raises with every
    error listed."""
    path = current_catalog_path() if path is None else path
    return _load_catalog(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_catalog(path: Path, mtime_ns: int) -> PriceCatalog:
    result = parse_catalog_csv(path.read_text(encoding="utf-8"), name=catalog_name(path))
    if result.catalog is None:
        listed = "; ".join(str(e) for e in result.errors)
        raise ValueError(f"{path.name} is invalid: {listed}")
    return result.catalog


def catalog_to_csv(catalog: PriceCatalog) -> str:
    """The catalog back as CSV (for a template to download and edit)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in catalog.rows:
        record = row.model_dump()
        record["as_of"] = row.as_of.isoformat()
        record["confirmed"] = "true" if row.confirmed else "false"
        record["vcpu"] = "" if row.vcpu is None else f"{row.vcpu:g}"
        record["memory_gb"] = "" if row.memory_gb is None else f"{row.memory_gb:g}"
        record["usd_per_unit"] = repr(row.usd_per_unit)
        writer.writerow(record)
    return buffer.getvalue()
