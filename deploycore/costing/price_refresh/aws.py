"""AWS SageMaker prices from the Price List bulk offer file: anonymous JSON per service and
region (`products` with attributes, `terms.OnDemand` with `pricePerUnit.USD` and `unit`).

One file per region; real-time hosting, batch transform and serverless inference rows are read
from it. Not for other providers.
"""

from __future__ import annotations

import os
import re

from deploycore.costing.catalog import PriceRow
from deploycore.costing.price_refresh.http import GetJson, SourceError
from deploycore.costing.price_refresh.quotes import ProviderAnswer, Quote, single_price
from deploycore.costing.price_refresh.units import UnitError, price_for_row

URL_VARIABLE = "AWS_PRICE_LIST_URL"
DEFAULT_URL = "https://pricing.us-east-1.amazonaws.com"
OFFER_PATH = "/offers/v1.0/aws/AmazonSageMaker/current/{region}/index.json"
# `attributes.component` of an instance product, per catalog service (compared without case
# and spaces).
COMPONENTS = {"sagemaker-realtime": {"hosting"}, "sagemaker-batch-transform": {"batchtransform"}}
_SERVERLESS = re.compile(r"ServerlessInf.*Mem-(\d+(?:\.\d+)?)GB$")


def base_url() -> str:
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def offer_url(region: str) -> str:
    """The exact URL of the SageMaker offer file of one region."""
    return base_url().rstrip("/") + OFFER_PATH.format(region=region)


def prices_row(row: PriceRow) -> bool:
    """Whether the offer file prices this row."""
    return row.provider == "aws" and (
        row.service in COMPONENTS or row.service == "sagemaker-serverless"
    )


def _attributes(product: object) -> dict[str, str]:
    if not isinstance(product, dict) or not isinstance(product.get("attributes"), dict):
        return {}
    return {k: v for k, v in product["attributes"].items() if isinstance(v, str)}


def _on_demand(offer: dict[str, object], sku: str) -> list[tuple[float, str]]:
    """(USD per unit, unit) of every on-demand price dimension of a product."""
    terms = offer.get("terms")
    on_demand = terms.get("OnDemand") if isinstance(terms, dict) else None
    by_sku = on_demand.get(sku) if isinstance(on_demand, dict) else None
    found: list[tuple[float, str]] = []
    for term in (by_sku or {}).values() if isinstance(by_sku, dict) else ():
        dimensions = term.get("priceDimensions") if isinstance(term, dict) else None
        for dimension in (dimensions or {}).values() if isinstance(dimensions, dict) else ():
            price = (dimension.get("pricePerUnit") or {}).get("USD")
            if isinstance(price, str) and isinstance(dimension.get("unit"), str):
                found.append((float(price), dimension["unit"]))
    return found


def _matches(row: PriceRow, attributes: dict[str, str]) -> float | None:
    """None when the product is not the row's; else how many GB one priced unit covers."""
    if attributes.get("regionCode", row.region) != row.region:
        return None
    if row.service == "sagemaker-serverless":
        found = _SERVERLESS.search(attributes.get("usagetype", ""))
        return float(found.group(1)) if found else None
    component = attributes.get("component", "").replace(" ", "").lower()
    if component in COMPONENTS[row.service] and attributes.get("instanceName") == row.sku:
        return 1.0
    return None


def quote_row(row: PriceRow, offer: dict[str, object], url: str) -> Quote:
    """The row's price from a regional offer file; raises LookupError / UnitError with a reason."""
    products = offer.get("products")
    if not isinstance(products, dict):
        raise SourceError(f"the AWS offer file {url} has no products")
    dimensions: list[tuple[float, str, float]] = []
    for sku, product in products.items():
        size = _matches(row, _attributes(product))
        if size is not None:
            dimensions += [(usd, unit, size) for usd, unit in _on_demand(offer, sku)]
    if row.service == "sagemaker-serverless" and dimensions:
        smallest = min(size for _, _, size in dimensions)  # one memory size is enough
        dimensions = [d for d in dimensions if d[2] == smallest]
    if not dimensions:
        raise LookupError(f"{row.price_id} ({row.sku}, {row.region}): not in the AWS offer file")
    units = {unit for _, unit, _ in dimensions}
    if len(units) != 1:
        raise LookupError(f"{row.price_id}: the AWS offer file mixes units {sorted(units)}")
    unit, size = units.pop(), dimensions[0][2]
    price = single_price({usd for usd, _, _ in dimensions}, row.price_id)
    converted, conversion = price_for_row(row, price / size, unit)
    per_size = f" for {size:g} GB / {size:g}" if row.service == "sagemaker-serverless" else ""
    note = f"AWS Price List offer file, on-demand {price:g} USD{per_size} {conversion}"
    return Quote(usd_per_unit=converted, source_url=url, note=note)


def fetch(targets: list[PriceRow], get_json: GetJson) -> ProviderAnswer:
    """Quotes for the AWS rows in `targets`; one offer file per region."""
    answer = ProviderAnswer()
    files: dict[str, dict[str, object]] = {}
    for row in targets:
        if not prices_row(row):
            continue
        url = offer_url(row.region)
        if url not in files:
            offer = get_json(url)
            if not isinstance(offer, dict):
                raise SourceError(f"the AWS offer file {url} is not a JSON object")
            files[url] = offer
        try:
            answer.quotes[row.price_id] = quote_row(row, files[url], url)
        except (LookupError, UnitError) as problem:
            answer.problems[row.price_id] = str(problem)
    return answer
