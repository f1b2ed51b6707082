"""The refresh as a whole: regions, merging answers into rows, the dated catalog written
atomically, the printed diff, the offline refusal, and the engine pricing one region.

Providers' answers come from the hand-written samples in `price_samples/` (made-up prices).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from deploycore.costing.catalog import (
    PriceCatalog,
    catalog_history,
    catalog_name,
    current_catalog_path,
    load_catalog,
)
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import CostInputs
from deploycore.costing.price_changes import biggest_changes, price_changes
from deploycore.costing.price_refresh import azure, cli
from deploycore.costing.price_refresh.refresh import RegionError, parse_regions, regional_id
from deploycore.costing.price_refresh.writer import dated_path, write_catalog
from deploycore.costing.prices import CostInputError
from tests.unit.test_price_refresh_providers import Answers, azure_vm_url, sample

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "prices" / "catalog.csv"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A catalog folder holding a copy of the shipped catalog."""
    shutil.copy(SHIPPED, tmp_path / "catalog.csv")
    return tmp_path


def snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def azure_answers() -> Answers:
    """Azure answers: D2s_v3 in East US over two pages, Container Instances; nothing else."""
    page1 = sample("azure_vm_page1.json")
    westeurope = {
        "Items": [
            {**item, "armRegionName": "westeurope", "retailPrice": 0.11}
            for item in sample("azure_vm_page2.json")["Items"]
        ],
        "NextPageLink": None,
    }
    return Answers(
        {
            azure_vm_url(): page1,
            page1["NextPageLink"]: sample("azure_vm_page2.json"),
            azure_vm_url(region="westeurope"): westeurope,
            azure.request_url(
                azure.DEFAULT_URL,
                "serviceName eq 'Container Instances' and armRegionName eq 'eastus' and "
                "priceType eq 'Consumption'",
            ): sample("azure_aci.json"),
        },
        default={"Items": [], "NextPageLink": None},
    )


# ------------------------------------------------------------------------ regions


def test_region_names_are_assigned_to_their_provider() -> None:
    assert parse_regions("eastus,westeurope,us-east-1,europe-west4,azure:uksouth") == {
        "azure": ["eastus", "westeurope", "uksouth"],
        "aws": ["us-east-1"],
        "gcp": ["europe-west4"],
    }
    assert parse_regions("") == {}


@pytest.mark.parametrize("text", ["East US!", "oracle:phx", "azure:"])
def test_unknown_region_names_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(RegionError):
        parse_regions(text)


# ------------------------------------------------------------------------ refresh end to end


def test_refresh_writes_a_dated_catalog_with_confirmed_rows_and_prints_a_diff(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = load_catalog(folder / "catalog.csv")
    code = cli.main(
        ["refresh", "--catalog-dir", str(folder), "--providers", "azure",
         "--regions", "eastus,westeurope"],
        get_json=azure_answers(),
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    written = dated_path(folder, date.today())
    assert current_catalog_path(folder) == written
    assert catalog_name(written) == f"catalog refreshed on {date.today().isoformat()}"
    after = load_catalog(written).by_id()
    node = after["aks-node-d2s-v3"]
    assert node.confirmed and node.usd_per_unit == pytest.approx(0.101)
    assert node.as_of == date.today() and node.source_url == azure_vm_url()
    assert after["amlc-ds2-v2-lp"].usd_per_unit == before.by_id()["amlc-ds2-v2-lp"].usd_per_unit
    assert after["aci-linux-vcpu"].confirmed
    # The row in an unexpected unit, and SKUs missing from the answers, are kept unconfirmed.
    assert after["aci-linux-memory"] == before.by_id()["aci-linux-memory"]
    assert after["aks-node-d8s-v3"] == before.by_id()["aks-node-d8s-v3"]
    assert "warning: aci-linux-memory" in out and "1 GB Month" in out
    assert "warning: aks-node-d8s-v3 (Standard_D8s_v3, eastus): not in the Azure answer" in out
    assert "kept as it was (unconfirmed" in out
    # A new region gets only what was priced there, never a copy of East US.
    westeurope = after[regional_id("aks-node-d2s-v3", "westeurope")]
    assert westeurope.region == "westeurope" and westeurope.usd_per_unit == pytest.approx(0.11)
    assert regional_id("mlo-f4s-v2", "westeurope") not in after
    assert "no row written for westeurope" in out
    assert after[regional_id("aks-tier-free", "westeurope")].usd_per_unit == 0
    # The diff: old and new price per row, in %.
    assert "aks-node-d2s-v3 (eastus): 0.096 -> 0.101 USD per node-hour, +5.2 %" in out
    assert "aks-node-d8s-v3 (eastus): 0.384 -> 0.384 USD per node-hour, +0.0 %" in out
    # AWS and Google Cloud rows are untouched.
    assert after["smrt-m5-large"] == before.by_id()["smrt-m5-large"]


def test_gcp_is_skipped_with_a_message_when_no_api_key_is_set(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GCP_BILLING_API_KEY", raising=False)
    code = cli.main(
        ["refresh", "--catalog-dir", str(folder), "--providers", "gcp", "--dry-run"],
        get_json=Answers({}),
    )
    assert code == 0
    assert "Google Cloud skipped: set GCP_BILLING_API_KEY" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["catalog.csv"]


# ------------------------------------------------------------------------ never half-written


def test_a_failed_write_leaves_the_previous_catalog_and_no_temporary_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(folder / "catalog.csv")
    target = folder / "catalog.csv"
    before = snapshot(folder)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    changed = PriceCatalog(
        rows=tuple(r.model_copy(update={"usd_per_unit": 9.0}) for r in catalog.rows)
    )
    with pytest.raises(OSError, match="disk full"):
        write_catalog(changed, target)
    assert snapshot(folder) == before


def test_write_replaces_the_file_whole_and_reads_back(folder: Path) -> None:
    catalog = load_catalog(folder / "catalog.csv")
    path = write_catalog(catalog, dated_path(folder, date(2026, 12, 1)))
    assert load_catalog(path).rows == catalog.rows
    assert sorted(p.name for p in folder.iterdir()) == ["catalog-2026-12-01.csv", "catalog.csv"]
    assert catalog_history(folder) == [folder / "catalog.csv", path]


# ------------------------------------------------------------------------ offline


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_offline_refresh_fails_fast_names_the_host_and_changes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    host = f"127.0.0.1:{closed_port()}"
    monkeypatch.setenv("AZURE_RETAIL_PRICES_URL", f"http://{host}/api/retail/prices")
    monkeypatch.setenv("PRICE_REFRESH_CONNECT_TIMEOUT_SECONDS", "2")
    before = snapshot(folder)
    started = time.monotonic()
    code = cli.main(["refresh", "--catalog-dir", str(folder)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err.strip()
    assert code == 1 and elapsed < 5
    assert err == (
        f"Could not reach {host}, so nothing was changed and the shipped catalog (catalog.csv) "
        "stays in use."
    )
    assert snapshot(folder) == before


def test_offline_refresh_from_the_command_line_exits_non_zero(folder: Path) -> None:
    env = {
        **os.environ,
        "AZURE_RETAIL_PRICES_URL": f"http://127.0.0.1:{closed_port()}/api/retail/prices",
        "PRICE_REFRESH_CONNECT_TIMEOUT_SECONDS": "2",
    }
    before = snapshot(folder)
    done = subprocess.run(
        [sys.executable, "-m", "deploycore.costing.prices", "refresh", "--catalog-dir",
         str(folder), "--regions", "eastus"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Could not reach 127.0.0.1:" in done.stderr and "stays in use" in done.stderr
    assert snapshot(folder) == before


# ------------------------------------------------------------------------ diff


def test_price_changes_in_percent_and_the_biggest_first() -> None:
    old = load_catalog(SHIPPED)
    moved = {"aks-node-d2s-v3": 0.12, "smrt-m5-large": 0.1035}
    new = PriceCatalog(
        rows=tuple(
            r.model_copy(update={"usd_per_unit": moved.get(r.price_id, r.usd_per_unit)})
            for r in old.rows
        )
    )
    changes = price_changes(old, new)
    assert len(changes) == len(old.rows)
    top = biggest_changes(changes)
    assert [c.price_id for c in top] == ["aks-node-d2s-v3", "smrt-m5-large"]
    assert top[0].percent == pytest.approx(25.0) and top[1].percent == pytest.approx(-10.0)


# ------------------------------------------------------------------------ engine and regions


def two_region_catalog() -> PriceCatalog:
    shipped = load_catalog(SHIPPED)
    extra = [
        r.model_copy(
            update={
                "price_id": regional_id(r.price_id, "westeurope"),
                "region": "westeurope",
                "usd_per_unit": r.usd_per_unit * 2,
            }
        )  # fmt: skip
        for r in shipped.rows
        if r.provider == "azure" and r.sku != "Standard_F4s_v2"
    ]
    return PriceCatalog(rows=shipped.rows + tuple(extra))


def test_the_engine_prices_the_chosen_region() -> None:
    catalog = two_region_catalog()
    base = CostInputs.from_preset("shirt-recommender")
    east = compare_monthly_costs(base, catalog)
    west = compare_monthly_costs(base.model_copy(update={"azure_region": "westeurope"}), catalog)
    assert west.realtime.total_usd_per_month == pytest.approx(2 * east.realtime.total_usd_per_month)
    assert {row.region for row in west.sources if row.provider == "azure"} == {"westeurope"}


def test_a_size_without_a_price_in_the_region_is_refused_not_borrowed() -> None:
    inputs = CostInputs.from_preset(
        "shirt-recommender", realtime_service="azure-ml-online-endpoint",
        realtime_node_sku="Standard_F4s_v2", azure_region="westeurope",
    )  # fmt: skip
    with pytest.raises(CostInputError, match="No price for Standard_F4s_v2 .* in this region"):
        compare_monthly_costs(inputs, two_region_catalog())
    assert two_region_catalog().missing_in_region("azure", "westeurope")[0].sku == (
        "Standard_F4s_v2"
    )
