"""Explicit conversions from the providers' price units to the catalog's units.

Every pair that is accepted is listed here with its factor; anything else is refused with a
message, so a price in an unexpected unit never reaches the catalog. Not for fetching.
"""

from __future__ import annotations

from deploycore.costing.catalog import PriceRow, Unit
from deploycore.units import SECONDS_PER_HOUR


class UnitError(ValueError):
    """A price whose unit the catalog row cannot take; the text names both units."""


# (provider's unit, catalog unit) -> what one provider unit is worth in catalog units.
# A price per provider unit is divided by this count to give the price per catalog unit:
# $0.0405 per "1 Hour" of a vCPU is 0.0405 / 3600 per vcpu-second.
CATALOG_UNITS_PER_PROVIDER_UNIT: dict[tuple[str, Unit], float] = {
    # Azure Retail Prices API `unitOfMeasure`
    ("1 Hour", "node-hour"): 1.0,
    ("1 Hour", "cluster-hour"): 1.0,
    ("1 Hour", "vcpu-second"): SECONDS_PER_HOUR,  # a vCPU-duration meter priced per hour
    ("1 Hour", "gb-second"): SECONDS_PER_HOUR,  # a memory-duration meter priced per GB-hour
    ("1 GB Hour", "gb-second"): SECONDS_PER_HOUR,
    ("1 Second", "vcpu-second"): 1.0,
    ("1 Second", "gb-second"): 1.0,
    ("1 GB Second", "gb-second"): 1.0,
    ("100 Seconds", "vcpu-second"): 100.0,
    ("100 Seconds", "gb-second"): 100.0,
    # AWS Price List `unit`
    ("Hrs", "node-hour"): 1.0,
    ("Hour", "node-hour"): 1.0,
    ("GB-Second", "serverless-gb-second"): 1.0,
    ("Second", "serverless-gb-second"): 1.0,  # per second of a 1-GB serverless size
    # Google Cloud Billing Catalog `pricingExpression.usageUnit`
    ("h", "node-hour"): 1.0,
}
# GCP prices Vertex AI nodes per vCPU-hour and per GiB-hour of memory; a node-hour is built
# from both (`gcp.py`). These are the only usage units accepted for the two parts.
GCP_CORE_HOUR_UNIT = "h"
GCP_RAM_GIB_HOUR_UNIT = "GiBy.h"


def to_catalog_unit(price: float, provider_unit: str, catalog_unit: Unit) -> float:
    """The price per catalog unit of a price given per `provider_unit`; refuses other units."""
    count = CATALOG_UNITS_PER_PROVIDER_UNIT.get((provider_unit.strip(), catalog_unit))
    if count is None:
        raise UnitError(
            f"a price per '{provider_unit}' cannot be stored per {catalog_unit} (no conversion "
            "is defined for that pair)"
        )
    return price / count


def describe_conversion(provider_unit: str, catalog_unit: Unit) -> str:
    """The conversion in words, for the row's note (e.g. "per 1 Hour / 3600 = per vcpu-second")."""
    count = CATALOG_UNITS_PER_PROVIDER_UNIT[(provider_unit.strip(), catalog_unit)]
    if count == 1.0:
        return f"per {provider_unit} = per {catalog_unit}"
    return f"per {provider_unit} / {count:g} = per {catalog_unit}"


def price_for_row(row: PriceRow, price: float, provider_unit: str) -> tuple[float, str]:
    """A provider's price in the row's unit, and the conversion in words; refuses other units
    with a message naming the row."""
    try:
        converted = to_catalog_unit(price, provider_unit, row.unit)
    except UnitError as error:
        raise UnitError(f"{row.price_id} ({row.sku}, {row.region}): {error}") from None
    return converted, describe_conversion(provider_unit, row.unit)
