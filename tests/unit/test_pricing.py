"""Price catalog: the shipped file's coverage, line-numbered errors for bad uploads, age."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from deploycore.costing.catalog import (
    CATALOG_PATH,
    catalog_to_csv,
    load_catalog,
    parse_catalog_bytes,
    parse_catalog_csv,
)

HEADER = (
    "price_id,provider,service,sku,unit,usd_per_unit,region,vcpu,memory_gb,priority,"
    "source_url,as_of,confirmed,note"
)
GOOD = "node-a,azure,ml-compute-cluster,Standard_X,node-hour,1.0,eastus,4,16,dedicated,https://example.org/p,2026-01-01,true,"


def test_shipped_catalog_covers_every_required_service() -> None:
    catalog = load_catalog()
    units = {(row.service, row.unit) for row in catalog.rows}
    assert ("container-instances", "vcpu-second") in units
    assert ("container-instances", "gb-second") in units
    assert {r.sku for r in catalog.find("aks-control-plane")} >= {"free", "standard"}
    assert len(catalog.skus("aks-node")) >= 3
    assert catalog.skus("ml-compute-cluster", "dedicated")
    assert catalog.skus("ml-compute-cluster", "low-priority")
    for service in (
        "ml-online-endpoint",
        "sagemaker-realtime",
        "sagemaker-serverless",
        "sagemaker-batch-transform",
        "vertex-online-prediction",
        "vertex-batch-prediction",
    ):
        assert catalog.find(service), service


def test_every_shipped_row_has_a_source_and_date_and_unconfirmed_rows_say_so() -> None:
    for row in load_catalog().rows:
        assert row.source_url.startswith("https://")
        assert row.as_of <= date(2026, 12, 31)
        if not row.confirmed:
            assert "unconfirmed" in row.note.lower() or "not found" in row.note.lower(), row


def test_bad_rows_are_reported_with_their_line_and_nothing_is_used() -> None:
    """Line 1 is the header; line 2 is fine; 3 has a negative price; 4 an unknown unit;
    5 repeats line 2's id; 6 has no source URL."""
    text = "\n".join(
        [
            HEADER,
            GOOD,
            GOOD.replace("node-a", "node-b").replace(",1.0,", ",-2,"),
            GOOD.replace("node-a", "node-c").replace("node-hour", "parsec"),
            GOOD,
            GOOD.replace("node-a", "node-d").replace("https://example.org/p", ""),
        ]
    )
    result = parse_catalog_csv(text)
    assert result.catalog is None
    lines = [error.line for error in result.errors]
    assert lines == [3, 4, 5, 6]
    assert "usd_per_unit" in result.errors[0].reason
    assert "unit" in result.errors[1].reason
    assert "already used on line 2" in result.errors[2].reason
    assert "source_url" in result.errors[3].reason


def test_missing_columns_are_reported_on_line_one() -> None:
    result = parse_catalog_csv("price_id,provider\nx,azure\n")
    assert result.catalog is None
    assert result.errors[0].line == 1
    assert "missing columns" in result.errors[0].reason


def test_non_utf8_and_empty_uploads_are_refused_in_words() -> None:
    assert "UTF-8" in parse_catalog_bytes(b"\xff\xfe\x00bad").errors[0].reason
    assert parse_catalog_bytes(b"").errors[0].reason == "empty file"


def test_a_good_upload_is_accepted() -> None:
    result = parse_catalog_bytes((HEADER + "\n" + GOOD + "\n").encode())
    assert result.catalog is not None
    assert result.catalog.by_id()["node-a"].usd_per_unit == 1.0


def test_age_and_staleness_after_180_days() -> None:
    catalog = load_catalog()
    oldest = catalog.oldest_as_of()
    assert catalog.age_days(oldest + timedelta(days=180)) == 180
    assert not catalog.is_stale(oldest + timedelta(days=180))
    assert catalog.is_stale(oldest + timedelta(days=181))
    assert oldest in {row.as_of for row in catalog.stale_rows(oldest + timedelta(days=181))}
    assert catalog.stale_rows(oldest) == []


def test_overrides_replace_only_the_named_price() -> None:
    catalog = load_catalog()
    changed = catalog.with_overrides({"aks-tier-standard": 0.25})
    assert changed.by_id()["aks-tier-standard"].usd_per_unit == 0.25
    assert "overridden" in changed.by_id()["aks-tier-standard"].note
    assert changed.by_id()["aci-linux-vcpu"] == catalog.by_id()["aci-linux-vcpu"]


def test_catalog_csv_round_trips() -> None:
    catalog = load_catalog()
    again = parse_catalog_csv(catalog_to_csv(catalog))
    assert again.catalog is not None
    assert again.catalog.rows == catalog.rows


def test_shipped_file_is_where_the_docs_say() -> None:
    assert CATALOG_PATH.parts[-3:] == ("data", "prices", "catalog.csv")


@pytest.mark.parametrize("flag", ["maybe", "2"])
def test_confirmed_must_be_true_or_false(flag: str) -> None:
    result = parse_catalog_csv(HEADER + "\n" + GOOD.replace(",true,", f",{flag},"))
    assert result.catalog is None
    assert result.errors[0].line == 2


def test_names_that_could_render_as_markup_are_refused() -> None:
    bad = GOOD.replace("Standard_X", "[x](https://example.org)")
    result = parse_catalog_csv(HEADER + "\n" + bad)
    assert result.catalog is None
    assert result.errors[0].line == 2 and "sku" in result.errors[0].reason
