"""Parsing the providers' price lists into catalog rows, against hand-written samples.

The samples in `price_samples/` follow each provider's documented schema; their prices are
made up (see price_samples/README.md). Nothing here touches the network.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.costing.catalog import PriceCatalog, PriceRow, load_catalog
from deploycore.costing.price_refresh import aws, azure, gcp
from deploycore.costing.price_refresh.units import (
    CATALOG_UNITS_PER_PROVIDER_UNIT,
    UnitError,
    to_catalog_unit,
)

SAMPLES = Path(__file__).parent / "price_samples"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def shipped() -> PriceCatalog:
    return load_catalog(Path(__file__).resolve().parents[2] / "data" / "prices" / "catalog.csv")


def rows(*ids: str) -> list[PriceRow]:
    by_id = shipped().by_id()
    return [by_id[i] for i in ids]


class Answers:
    """A stand-in for the network: URL -> parsed JSON, and the URLs asked for, in order."""

    def __init__(self, answers: dict[str, Any], default: Any = None) -> None:
        self.answers = answers
        self.default = default
        self.asked: list[str] = []

    def __call__(self, url: str) -> object:
        self.asked.append(url)
        if url in self.answers:
            return self.answers[url]
        if self.default is None:
            raise AssertionError(f"unexpected request {url}")
        return self.default


def azure_vm_url(sku: str = "Standard_D2s_v3", region: str = "eastus") -> str:
    row = rows("aks-node-d2s-v3")[0].model_copy(update={"sku": sku, "region": region})
    odata = azure.filter_for(row)
    assert odata is not None
    return azure.request_url(azure.DEFAULT_URL, odata)


# ------------------------------------------------------------------------ Azure


def test_azure_answer_is_read_across_pages_until_next_page_link_is_empty() -> None:
    page1 = sample("azure_vm_page1.json")
    answers = Answers({azure_vm_url(): page1, page1["NextPageLink"]: sample("azure_vm_page2.json")})
    items = azure.fetch_items(azure_vm_url(), answers)
    assert len(items) == 5 and answers.asked == [azure_vm_url(), page1["NextPageLink"]]
    # The Linux pay-as-you-go price is on the second page, after Windows and Spot on the first.
    quote = azure.quote_row(rows("aks-node-d2s-v3")[0], items, azure_vm_url())
    assert quote.usd_per_unit == pytest.approx(0.101)
    assert quote.source_url == azure_vm_url()


def test_azure_request_url_is_the_documented_filter_percent_encoded() -> None:
    assert azure_vm_url() == (
        "https://prices.azure.com/api/retail/prices?$filter=serviceName%20eq%20%27Virtual"
        "%20Machines%27%20and%20armSkuName%20eq%20%27Standard_D2s_v3%27%20and%20armRegionName"
        "%20eq%20%27eastus%27%20and%20priceType%20eq%20%27Consumption%27"
    )


def test_azure_low_priority_row_reads_the_low_priority_meter_not_spot_or_windows() -> None:
    items = sample("azure_vm_page1.json")["Items"] + sample("azure_vm_page2.json")["Items"]
    low = rows("amlc-ds2-v2-lp")[0].model_copy(update={"sku": "Standard_D2s_v3"})
    assert azure.quote_row(low, items, "https://x").usd_per_unit == pytest.approx(0.0202)


def test_azure_aci_vcpu_hour_is_stored_per_second() -> None:
    quote = azure.quote_row(
        rows("aci-linux-vcpu")[0], sample("azure_aci.json")["Items"], "https://x"
    )
    assert quote.usd_per_unit == pytest.approx(0.0441 / 3600)
    assert "1 Hour / 3600" in quote.note


def test_azure_price_in_an_unexpected_unit_is_refused_with_a_message() -> None:
    with pytest.raises(UnitError, match=r"aci-linux-memory.*'1 GB Month'.*gb-second"):
        azure.quote_row(rows("aci-linux-memory")[0], sample("azure_aci.json")["Items"], "https://x")
    answer = azure.fetch(rows("aci-linux-memory"), Answers({}, default=sample("azure_aci.json")))
    assert answer.quotes == {}
    assert "1 GB Month" in answer.problems["aci-linux-memory"]


def test_azure_sku_missing_from_the_answer_is_reported_not_guessed() -> None:
    answer = azure.fetch(rows("aks-node-d8s-v3"), Answers({}, default={"Items": []}))
    assert answer.quotes == {}
    assert "not in the Azure answer" in answer.problems["aks-node-d8s-v3"]


def test_azure_prefers_the_primary_meter_region_and_refuses_two_prices() -> None:
    linux = sample("azure_vm_page2.json")["Items"][0]
    secondary = {**linux, "retailPrice": 0.5, "isPrimaryMeterRegion": False}
    row = rows("aks-node-d2s-v3")[0]
    assert azure.quote_row(row, [secondary, linux], "https://x").usd_per_unit == 0.101
    with pytest.raises(LookupError, match="2 different prices"):
        azure.quote_row(row, [linux, {**linux, "retailPrice": 0.2}], "https://x")


def test_azure_free_tier_needs_no_request() -> None:
    assert not azure.prices_row(rows("aks-tier-free")[0])
    assert azure.prices_row(rows("aks-tier-standard")[0])


# ------------------------------------------------------------------------ AWS


def test_aws_offer_file_maps_hosting_batch_transform_and_serverless_rows() -> None:
    offer = sample("aws_sagemaker_offer.json")
    url = aws.offer_url("us-east-1")
    assert url == (
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/"
        "us-east-1/index.json"
    )
    answer = aws.fetch(
        rows("smrt-m5-large", "smrt-m5-xlarge", "smbt-m5-large", "smbt-m5-xlarge", "sms-gb-second"),
        Answers({url: offer}),
    )
    assert answer.quotes["smrt-m5-large"].usd_per_unit == pytest.approx(0.121)  # not Training
    assert answer.quotes["smrt-m5-xlarge"].usd_per_unit == pytest.approx(0.242)
    assert answer.quotes["smbt-m5-large"].usd_per_unit == pytest.approx(0.122)
    # Per second of the 1 GB size = per GB-second.
    assert answer.quotes["sms-gb-second"].usd_per_unit == pytest.approx(0.000021)
    assert answer.quotes["smrt-m5-large"].source_url == url
    assert "not in the AWS offer file" in answer.problems["smbt-m5-xlarge"]


def test_aws_one_offer_file_per_region() -> None:
    eu = [r.model_copy(update={"region": "eu-west-1"}) for r in rows("smrt-m5-large")]
    answers = Answers({}, default={"products": {}, "terms": {"OnDemand": {}}})
    aws.fetch(rows("smrt-m5-large", "smbt-m5-large") + eu, answers)
    assert answers.asked == [aws.offer_url("us-east-1"), aws.offer_url("eu-west-1")]


# ------------------------------------------------------------------------ Google Cloud


def gcp_answers() -> Answers:
    services = gcp._url("/v1/services", "SECRET", pageSize=str(gcp.PAGE_SIZE))
    skus = gcp._url(
        "/v1/services/SAMP-LEVX-AI00/skus", "SECRET", currencyCode="USD",
        pageSize=str(gcp.PAGE_SIZE),
    )  # fmt: skip
    return Answers(
        {
            services: sample("gcp_services.json"),
            skus: sample("gcp_skus_page1.json"),
            skus + "&pageToken=sample-token-2": sample("gcp_skus_page2.json"),
        }
    )


def test_gcp_node_hour_is_vcpus_times_core_plus_memory_times_ram_across_pages() -> None:
    answer = gcp.fetch(rows("vxo-n1-standard-2", "vxb-n1-standard-4"), gcp_answers(), "SECRET")
    # n1-standard-2: 2 x 0.041 + 7.5 x 0.0044; on-demand only (the preemptible SKU is ignored).
    assert answer.quotes["vxo-n1-standard-2"].usd_per_unit == pytest.approx(
        2 * 0.041 + 7.5 * 0.0044
    )
    assert answer.quotes["vxb-n1-standard-4"].usd_per_unit == pytest.approx(4 * 0.041 + 15 * 0.0044)


def test_gcp_api_key_never_reaches_the_catalog_source() -> None:
    answer = gcp.fetch(rows("vxo-n1-standard-2"), gcp_answers(), "SECRET")
    source = answer.quotes["vxo-n1-standard-2"].source_url
    assert "SECRET" not in source and "key=" not in source
    assert source.startswith("https://cloudbilling.googleapis.com/v1/services/SAMP-LEVX-AI00/skus?")


def test_gcp_region_without_skus_is_reported() -> None:
    europe = [r.model_copy(update={"region": "europe-west4"}) for r in rows("vxo-n1-standard-2")]
    answer = gcp.fetch(europe, gcp_answers(), "SECRET")
    assert "europe-west4" in answer.problems["vxo-n1-standard-2"]


def test_gcp_price_in_another_usage_unit_is_refused() -> None:
    sku = sample("gcp_skus_page2.json")["skus"][0]
    with pytest.raises(UnitError, match="GiBy.h"):
        gcp.unit_price(sku, "h", "core")


# ------------------------------------------------------------------------ units


def test_units_hour_to_second_is_divided_by_3600() -> None:
    assert to_catalog_unit(0.0405, "1 Hour", "vcpu-second") == pytest.approx(0.00001125)
    assert to_catalog_unit(0.096, "1 Hour", "node-hour") == 0.096
    assert to_catalog_unit(0.115, "Hrs", "node-hour") == 0.115


@pytest.mark.parametrize(
    ("unit", "catalog_unit"),
    [
        ("1 GB Month", "gb-second"),
        ("1/Month", "node-hour"),
        ("Hrs", "vcpu-second"),
        ("", "request"),
    ],
)
def test_units_without_a_defined_conversion_are_refused(unit: str, catalog_unit: Any) -> None:
    with pytest.raises(UnitError, match="no conversion"):
        to_catalog_unit(1.0, unit, catalog_unit)


@given(
    price=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    pair=st.sampled_from(sorted(CATALOG_UNITS_PER_PROVIDER_UNIT)),
)
def test_units_conversion_round_trips_and_keeps_order(price: float, pair: tuple[str, Any]) -> None:
    converted = to_catalog_unit(price, *pair)
    count = CATALOG_UNITS_PER_PROVIDER_UNIT[pair]
    assert converted >= 0 and math.isclose(converted * count, price, rel_tol=1e-12, abs_tol=1e-300)
    assert to_catalog_unit(price * 2, *pair) >= converted
