"""Google Cloud Vertex AI prediction prices from the Cloud Billing Catalog API (`services`,
`services/{id}/skus`, paged by `nextPageToken`; needs an API key).

A Vertex AI prediction node is priced per vCPU-hour and per GiB-hour of memory; a node-hour is
vCPUs x the core price + memory x the RAM price. Not for other providers.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from deploycore.costing.catalog import PriceRow
from deploycore.costing.price_refresh.http import GetJson, SourceError
from deploycore.costing.price_refresh.quotes import ProviderAnswer, Quote, single_price
from deploycore.costing.price_refresh.units import (
    GCP_CORE_HOUR_UNIT,
    GCP_RAM_GIB_HOUR_UNIT,
    UnitError,
)

URL_VARIABLE = "GCP_BILLING_CATALOG_URL"
KEY_VARIABLE = "GCP_BILLING_API_KEY"
DEFAULT_URL = "https://cloudbilling.googleapis.com"
SERVICE_DISPLAY_NAME = "Vertex AI"
MAX_PAGES = 50
PAGE_SIZE = 5000
NODE_SERVICES = {"vertex-online-prediction", "vertex-batch-prediction"}
# The SKU descriptions of a prediction node's parts, per machine family (n1-standard-2 -> N1).
_PART = {"core": "Instance Core", "ram": "Instance Ram"}


def base_url() -> str:
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def api_key() -> str | None:
    """The Cloud Billing API key from `GCP_BILLING_API_KEY`, or None."""
    return os.environ.get(KEY_VARIABLE) or None


def prices_row(row: PriceRow) -> bool:
    return row.provider == "gcp" and row.service in NODE_SERVICES and row.vcpu is not None


def _url(path: str, key: str, **params: str) -> str:
    return f"{base_url().rstrip('/')}{path}?{urlencode({**params, 'key': key})}"


def shown_url(url: str) -> str:
    """A request URL as the catalog records it: the same, without the API key."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "key"])
    return urlunsplit(parts._replace(query=query))


def fetch_pages(url: str, field: str, get_json: GetJson) -> list[dict[str, object]]:
    """Every entry of a paged list answer (`services` or `skus`), following `nextPageToken`."""
    entries: list[dict[str, object]] = []
    page_url = url
    for _ in range(MAX_PAGES):
        page = get_json(page_url)
        if not isinstance(page, dict) or not isinstance(page.get(field, []), list):
            raise SourceError(f"the Cloud Billing answer for {shown_url(url)} has no {field}")
        entries.extend(e for e in page.get(field, []) if isinstance(e, dict))
        token = page.get("nextPageToken")
        if not isinstance(token, str) or not token:
            return entries
        page_url = f"{url}&{urlencode({'pageToken': token})}"
    raise SourceError(f"the Cloud Billing answer for {shown_url(url)} has too many pages")


def unit_price(sku: dict[str, object], expected_unit: str, what: str) -> float:
    """USD per usage unit of a SKU's current single-tier price (units + nanos / 1e9)."""
    infos = sku.get("pricingInfo")
    info = infos[-1] if isinstance(infos, list) and infos else {}
    expression = info.get("pricingExpression", {}) if isinstance(info, dict) else {}
    unit = expression.get("usageUnit") if isinstance(expression, dict) else None
    if unit != expected_unit:
        raise UnitError(f"{what}: a price per '{unit}' where '{expected_unit}' is expected")
    rates = expression.get("tieredRates")
    if not isinstance(rates, list) or not rates:
        raise LookupError(f"{what}: no tieredRates in the answer")
    prices = set()
    for rate in rates:
        money = rate.get("unitPrice", {}) if isinstance(rate, dict) else {}
        if money.get("currencyCode", "USD") != "USD":
            raise LookupError(f"{what}: a price in {money.get('currencyCode')}, not USD")
        prices.add(int(str(money.get("units", "0"))) + int(money.get("nanos", 0)) / 1e9)
    return single_price(prices, what)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _part(row: PriceRow, skus: list[dict[str, object]], part: str) -> dict[str, object]:
    family = row.sku.split("-", 1)[0].upper()
    pattern = re.compile(rf"Prediction.*\b{family} Predefined {_PART[part]}\b", re.IGNORECASE)
    found = [
        sku for sku in skus
        if pattern.search(str(sku.get("description", "")))
        and row.region in _list(sku.get("serviceRegions"))
        and _dict(sku.get("category")).get("usageType") == "OnDemand"
    ]  # fmt: skip
    if len(found) != 1:
        what = "not in" if not found else f"{len(found)} matching SKUs in"
        raise LookupError(
            f"{row.price_id} ({row.sku} {part}, {row.region}): {what} the Cloud Billing answer"
        )
    return found[0]


def quote_row(row: PriceRow, skus: list[dict[str, object]], url: str) -> Quote:
    """A node-hour from the core and RAM SKUs; raises LookupError / UnitError with a reason."""
    if row.vcpu is None or row.memory_gb is None or row.unit != "node-hour":
        raise UnitError(f"{row.price_id}: only node-hour rows with vcpu and memory_gb are priced")
    core = unit_price(_part(row, skus, "core"), GCP_CORE_HOUR_UNIT, f"{row.price_id} core")
    ram = unit_price(_part(row, skus, "ram"), GCP_RAM_GIB_HOUR_UNIT, f"{row.price_id} RAM")
    node = row.vcpu * core + row.memory_gb * ram
    note = (
        f"Cloud Billing Catalog: {row.vcpu:g} vCPU x {core:g} USD per vCPU-hour + "
        f"{row.memory_gb:g} GiB x {ram:g} USD per GiB-hour = per node-hour"
    )
    return Quote(usd_per_unit=node, source_url=shown_url(url), note=note)


def vertex_service_id(key: str, get_json: GetJson) -> str:
    """The Vertex AI service's id, looked up by its display name."""
    services = fetch_pages(_url("/v1/services", key, pageSize=str(PAGE_SIZE)), "services", get_json)
    for service in services:
        if service.get("displayName") == SERVICE_DISPLAY_NAME:
            return str(service.get("serviceId"))
    raise SourceError(f"the Cloud Billing service list has no '{SERVICE_DISPLAY_NAME}'")


def fetch(targets: list[PriceRow], get_json: GetJson, key: str) -> ProviderAnswer:
    """Quotes for the Google Cloud rows in `targets` (one paged SKU list for all regions)."""
    answer = ProviderAnswer()
    rows = [row for row in targets if prices_row(row)]
    if not rows:
        return answer
    service = vertex_service_id(key, get_json)
    url = _url(f"/v1/services/{service}/skus", key, currencyCode="USD", pageSize=str(PAGE_SIZE))
    skus = fetch_pages(url, "skus", get_json)
    for row in rows:
        try:
            answer.quotes[row.price_id] = quote_row(row, skus, url)
        except (LookupError, UnitError) as problem:
            answer.problems[row.price_id] = str(problem)
    return answer
