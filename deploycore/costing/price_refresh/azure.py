"""Azure prices from the Retail Prices API: anonymous JSON, an OData `$filter`, paged by
`NextPageLink`.

One request per kind of row and region (Container Instances, the AKS tiers, one VM size), so
each refreshed row's source is a URL a person can open to check it. Not for other providers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.parse import quote

from deploycore.costing.catalog import PriceRow
from deploycore.costing.price_refresh.http import GetJson, SourceError
from deploycore.costing.price_refresh.quotes import ProviderAnswer, Quote, single_price
from deploycore.costing.price_refresh.units import UnitError, price_for_row

URL_VARIABLE = "AZURE_RETAIL_PRICES_URL"
DEFAULT_URL = "https://prices.azure.com/api/retail/prices"
MAX_PAGES = 50  # 100 items a page; a filter here returns well under 1,000
VM_SERVICES = {"aks-node", "ml-online-endpoint", "ml-compute-cluster"}
ACI_METERS = {"linux-vcpu": "Standard vCPU Duration", "linux-memory": "Standard Memory Duration"}


def base_url() -> str:
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def filter_for(row: PriceRow) -> str | None:
    """The OData filter whose answer prices the row, or None for rows no meter prices."""
    where = f"armRegionName eq '{row.region}' and priceType eq 'Consumption'"
    if row.service == "container-instances":
        return f"serviceName eq 'Container Instances' and {where}"
    if row.service == "aks-control-plane" and row.sku == "standard":
        return f"serviceName eq 'Azure Kubernetes Service' and {where}"
    if row.service in VM_SERVICES:
        return f"serviceName eq 'Virtual Machines' and armSkuName eq '{row.sku}' and {where}"
    return None  # the AKS Free tier: no meter, a documented rule ($0)


def prices_row(row: PriceRow) -> bool:
    """Whether the Retail Prices API has a meter for this row."""
    return row.provider == "azure" and filter_for(row) is not None


def request_url(base: str, odata_filter: str) -> str:
    """The exact GET URL for a filter (spaces and quotes percent-encoded)."""
    return f"{base}?$filter={quote(odata_filter, safe='')}"


def fetch_items(url: str, get_json: GetJson) -> list[dict[str, object]]:
    """Every item of a filtered answer, following `NextPageLink` until it is empty."""
    items: list[dict[str, object]] = []
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if not next_url:
            return items
        page = get_json(next_url)
        if not isinstance(page, dict) or not isinstance(page.get("Items"), list):
            raise SourceError(f"the Azure answer for {next_url} has no Items list")
        items.extend(item for item in page["Items"] if isinstance(item, dict))
        link = page.get("NextPageLink")
        next_url = link if isinstance(link, str) and link else None
    raise SourceError(f"the Azure answer for {url} has more than {MAX_PAGES} pages")


def _text(item: dict[str, object], name: str) -> str:
    value = item.get(name)
    return value if isinstance(value, str) else ""


def matches(row: PriceRow, item: dict[str, object]) -> bool:
    """Whether an item is the meter that prices the row (pay-as-you-go, Linux, the priority)."""
    if _text(item, "type") != "Consumption" or _text(item, "armRegionName") != row.region:
        return False
    if item.get("currencyCode", "USD") != "USD" or item.get("tierMinimumUnits", 0) not in (0, 0.0):
        return False  # the first tier only, in USD
    if row.service == "container-instances":
        return _text(item, "meterName") == ACI_METERS.get(row.sku)
    if row.service == "aks-control-plane":
        return _text(item, "skuName") == "Standard" and "Uptime SLA" in _text(item, "meterName")
    sku_name = _text(item, "skuName")
    if _text(item, "armSkuName") != row.sku or "Windows" in _text(item, "productName"):
        return False
    if "Spot" in sku_name:
        return False
    return ("Low Priority" in sku_name) == (row.priority == "low-priority")


def quote_row(row: PriceRow, items: Iterable[dict[str, object]], url: str) -> Quote:
    """The row's price from the answer's items; raises LookupError / UnitError with a reason."""
    found = [item for item in items if matches(row, item)]
    primary = [item for item in found if item.get("isPrimaryMeterRegion") is True]
    found = primary or found  # a meter's primary region answers for it when both are listed
    if not found:
        raise LookupError(f"{row.price_id} ({row.sku}, {row.region}): not in the Azure answer")
    units = {_text(item, "unitOfMeasure") for item in found}
    if len(units) != 1:
        raise LookupError(f"{row.price_id}: the Azure answer mixes units {sorted(units)}")
    unit = units.pop()
    prices = {item.get("retailPrice") for item in found}
    if not all(isinstance(p, int | float) and not isinstance(p, bool) for p in prices):
        raise LookupError(f"{row.price_id}: the Azure answer has a retailPrice that is no number")
    price = single_price({float(str(p)) for p in prices}, row.price_id)
    converted, conversion = price_for_row(row, price, unit)
    meter = _text(found[0], "meterName")
    note = f"Azure Retail Prices API, meter '{meter}', retailPrice {price:g} USD {conversion}"
    return Quote(usd_per_unit=converted, source_url=url, note=note)


def fetch(targets: list[PriceRow], get_json: GetJson) -> ProviderAnswer:
    """Quotes for the Azure rows in `targets`; one request (with its pages) per filter."""
    answer = ProviderAnswer()
    base = base_url()
    cache: dict[str, list[dict[str, object]]] = {}
    for row in targets:
        odata_filter = filter_for(row)
        if odata_filter is None:
            continue
        url = request_url(base, odata_filter)
        if url not in cache:
            cache[url] = fetch_items(url, get_json)
        try:
            answer.quotes[row.price_id] = quote_row(row, cache[url], url)
        except (LookupError, UnitError) as problem:
            answer.problems[row.price_id] = str(problem)
    return answer
