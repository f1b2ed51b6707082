"""`python -m deploycore.costing.prices refresh`: fetch the providers' public prices, write a
new dated catalog, print the change of every row.

Exit status: 0 written (warnings may remain), 1 a provider could not be reached or answered
badly (nothing written), 2 bad arguments. Not imported by the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from deploycore.costing.catalog import (
    PROVIDERS,
    PriceRow,
    Provider,
    catalog_dir,
    catalog_name,
    current_catalog_path,
    load_catalog,
)
from deploycore.costing.price_refresh import aws, azure, gcp
from deploycore.costing.price_refresh.http import (
    GetJson,
    SourceError,
    SourceUnreachable,
    http_get_json,
    new_client,
)
from deploycore.costing.price_refresh.quotes import ProviderAnswer
from deploycore.costing.price_refresh.refresh import (
    Fetch,
    RegionError,
    parse_regions,
    refresh_catalog,
)
from deploycore.costing.price_refresh.writer import dated_path, write_catalog


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m deploycore.costing.prices")
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser("refresh", help="fetch current prices and write a new catalog")
    refresh.add_argument(
        "--regions", default="",
        help="regions to price, comma-separated (eastus,westeurope,us-east-1,us-central1 or "
        "azure:NAME); a provider with none listed refreshes the regions the catalog has",
    )  # fmt: skip
    refresh.add_argument(
        "--providers", default=",".join(PROVIDERS), help="azure,aws,gcp (default: all three)"
    )
    refresh.add_argument(
        "--catalog-dir", type=Path, default=None,
        help="folder of catalog.csv and the refreshed catalogs (default: data/prices)",
    )  # fmt: skip
    refresh.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    return parser


def fetchers(
    providers: Sequence[Provider], get_json: GetJson, say: Callable[[str], None]
) -> dict[Provider, tuple[Fetch, Callable[[PriceRow], bool]]]:
    """The fetch function and row filter of each provider asked for (GCP only with a key)."""
    chosen: dict[Provider, tuple[Fetch, Callable[[PriceRow], bool]]] = {}
    for provider in providers:
        if provider == "azure":
            chosen["azure"] = (lambda rows: azure.fetch(rows, get_json), azure.prices_row)
        elif provider == "aws":
            chosen["aws"] = (lambda rows: aws.fetch(rows, get_json), aws.prices_row)
        elif provider == "gcp":
            key = gcp.api_key()
            if key is None:
                say(
                    f"Google Cloud skipped: set {gcp.KEY_VARIABLE} to a Cloud Billing API key to "
                    "refresh its rows (they stay as they are)."
                )
                continue

            def fetch_gcp(rows: list[PriceRow], key: str = key) -> ProviderAnswer:
                return gcp.fetch(rows, get_json, key)

            chosen["gcp"] = (fetch_gcp, gcp.prices_row)
    return chosen


def refresh(args: argparse.Namespace, get_json: GetJson | None = None) -> int:
    """Run one refresh; `get_json` replaces the network (tests)."""
    folder = args.catalog_dir or catalog_dir()
    current = current_catalog_path(folder)
    stays = f"the {catalog_name(current)} ({current.name}) stays in use"
    try:
        regions = parse_regions(args.regions)
        providers = [p.strip() for p in args.providers.split(",") if p.strip()]
        unknown = [p for p in providers if p not in PROVIDERS]
        if unknown:
            raise RegionError(f"unknown provider(s) {', '.join(unknown)}: use azure, aws, gcp")
    except RegionError as error:
        print(f"prices refresh: {error}", file=sys.stderr)
        return 2
    catalog = load_catalog(current)
    today = date.today()
    client = new_client() if get_json is None else None
    getter: GetJson = get_json if get_json is not None else http_get_json(client or new_client())
    try:
        chosen = fetchers([p for p in PROVIDERS if p in providers], getter, print)
        result = refresh_catalog(catalog, regions, chosen, today)
    except SourceUnreachable as error:
        print(f"Could not reach {error.host}, so nothing was changed and {stays}.", file=sys.stderr)
        return 1
    except SourceError as error:
        print(f"A price list answered badly ({error}), so nothing was changed and {stays}.",
              file=sys.stderr)  # fmt: skip
        return 1
    finally:
        if client is not None:
            client.close()
    print("Old and new price of every row (confirmed: read now; kept: as it was; new: a region):")
    for change in result.changes:
        status = "confirmed" if change.price_id in result.confirmed else "kept"
        if change.old_usd is None:
            status = "new"
        print(f"  {status:<9}  {change.describe()}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    total = len(result.catalog.rows)
    summary = (
        f"{len(result.confirmed)} price(s) confirmed by this refresh; "
        f"{result.catalog.confirmed_count()} of {total} rows confirmed in all"
    )
    if args.dry_run:
        print(f"{summary}; dry run, nothing written.")
        return 0
    try:
        path = write_catalog(result.catalog, dated_path(folder, today))
    except (OSError, ValueError) as error:
        print(f"Writing the catalog failed ({error}), so {stays}.", file=sys.stderr)
        return 1
    print(f"{summary}; wrote {path} (now the catalog in use).")
    return 0


def main(argv: Sequence[str] | None = None, get_json: GetJson | None = None) -> int:
    args = _parser().parse_args(argv)
    return refresh(args, get_json)
