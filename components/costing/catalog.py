"""Cost estimator prices: the catalog's age, your own prices, and uploading a catalog file.

For choosing which prices the estimate uses; validation is in `deploycore.costing.catalog`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.costing.region_currency import chosen_region
from components.costing.state import (
    OVERRIDES_KEY,
    UPLOADED_CATALOG_KEY,
    clear_price_overrides,
    set_price_override,
)
from deploycore.costing.catalog import (
    PROVIDERS,
    STALE_AFTER_DAYS,
    PriceCatalog,
    catalog_to_csv,
    load_catalog,
    parse_catalog_bytes,
)
from deploycore.costing.catalog_provenance import catalog_provenance
from deploycore.infra.text import safe_echo


def active_catalog() -> PriceCatalog:
    """The uploaded catalog when one was accepted, else the shipped one."""
    uploaded = st.session_state.get(UPLOADED_CATALOG_KEY)
    if isinstance(uploaded, PriceCatalog):
        return uploaded
    return load_catalog()


def regional_view(catalog: PriceCatalog) -> PriceCatalog:
    """The catalog narrowed to the region chosen for each provider (what the estimate uses)."""
    for provider in PROVIDERS:
        region = chosen_region(catalog, provider)
        if region is not None:
            catalog = catalog.in_region(provider, region)
    return catalog


def _which_catalog(catalog: PriceCatalog) -> str:
    """Which catalog is in use, in words, with how many of its prices are confirmed."""
    confirmed = f"{catalog.confirmed_count()} of {len(catalog.rows)} prices are confirmed"
    if catalog.name != load_catalog().name:
        return f"Prices: {catalog.name}; {confirmed}"
    provenance = catalog_provenance()
    if provenance.refreshed_on is None:
        return (
            # “make prices” in quotes, not code: code text loads a monospace font (90 kB) before
            # the page is complete.
            f"Prices: the shipped catalog ({provenance.file_name}, never refreshed: “make "
            f"prices” reads the providers' public price lists); {confirmed}"
        )
    return (
        f"Prices: refreshed from the providers' public price lists on "
        f"{provenance.refreshed_on:%d %b %Y} ({provenance.file_name}); {confirmed}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def catalog_status(catalog: PriceCatalog, today: date) -> None:
    """Which catalog is in use, what changed since the previous one, and the prices' age."""
    age = catalog.age_days(today)
    with st.container(key="cost-catalog-status"):
        st.caption(
            f"{_which_catalog(catalog)}; oldest price as of {catalog.oldest_as_of():%d %b %Y} "
            f"({age} days ago); {len(catalog.unconfirmed())} unconfirmed (see the price table)."
        )
        provenance = catalog_provenance()
        if catalog.name == provenance.name and provenance.previous_name is not None:
            if provenance.biggest:
                moved = "".join(f"\n- {change.describe()}" for change in provenance.biggest)
                counts = _count(provenance.changed_rows, "price") + " changed"
                if provenance.new_rows:
                    counts += f", {_count(provenance.new_rows, 'row')} new"
                st.caption(
                    f"Biggest changes since the {provenance.previous_name} ({counts}):{moved}"
                )
            else:
                st.caption(f"No price changed since the {provenance.previous_name}.")
        if catalog.is_stale(today):
            stale = catalog.stale_rows(today)
            names = ", ".join(row.price_id for row in stale[:6])
            more = f" and {len(stale) - 6} more" if len(stale) > 6 else ""
            st.warning(
                f"{len(stale)} price(s) are older than {STALE_AFTER_DAYS} days ({names}{more}; "
                f"oldest: {catalog.oldest_as_of():%d %b %Y}). Check them against their sources, "
                "use your own prices below or upload a newer catalog.",
                icon=":material/schedule:",
            )


def _on_upload() -> None:
    upload = st.session_state.get("cost_catalog_upload")
    if upload is None:
        st.session_state[UPLOADED_CATALOG_KEY] = None
        st.session_state["cost_state_upload_errors"] = ()
        return
    result = parse_catalog_bytes(upload.getvalue(), name="your uploaded catalog")
    st.session_state[UPLOADED_CATALOG_KEY] = result.catalog
    st.session_state["cost_state_upload_errors"] = tuple(str(e) for e in result.errors)


def _apply_override() -> None:
    price_id = st.session_state.get("cost_override_id")
    value = st.session_state.get("cost_override_usd")
    if isinstance(price_id, str) and isinstance(value, float):
        set_price_override(price_id, value)


def _sync_override_value(catalog: PriceCatalog) -> None:
    rows = catalog.by_id()
    chosen = st.session_state.get("cost_override_id")
    if isinstance(chosen, str) and chosen in rows:
        overrides = st.session_state.get(OVERRIDES_KEY, {})
        st.session_state["cost_override_usd"] = float(
            overrides.get(chosen, rows[chosen].usd_per_unit)
        )


def price_panel(catalog: PriceCatalog) -> None:
    """The price table, per-price overrides and the catalog upload, in one expander."""
    overrides: dict[str, float] = dict(st.session_state.get(OVERRIDES_KEY, {}))
    label = "Prices: sources, your own prices, upload a catalog"
    if overrides:
        label += f" ({len(overrides)} of your prices in use)"
    panel = st.expander(label, icon=":material/sell:", key="cost-prices", on_change="rerun")
    errors = st.session_state.get("cost_state_upload_errors", ())
    if not panel.open and not errors:
        return  # the table and its widgets are built only while the panel is open
    regional = regional_view(catalog)
    missing = [
        (row, region)
        for provider in PROVIDERS
        if (region := chosen_region(catalog, provider)) is not None
        for row in catalog.missing_in_region(provider, region)
    ]
    with panel:
        st.caption(
            "The rows of the regions chosen under Region and currency; rows the catalog has only "
            "for other regions are listed as 'no price for this region'."
        )
        table = pd.DataFrame(
            [
                {
                    "price id": row.price_id,
                    "service": row.service,
                    "SKU": row.sku,
                    "priority": row.priority,
                    "unit": row.unit,
                    "USD per unit": row.usd_per_unit,
                    "your price": overrides.get(row.price_id),
                    "region": row.region,
                    "as of": row.as_of,
                    "status": "confirmed" if row.confirmed else "unconfirmed",
                    "source": row.source_url,
                    "note": row.note,
                }
                for row in regional.rows
            ]
            + [
                {
                    "price id": row.price_id,
                    "service": row.service,
                    "SKU": row.sku,
                    "priority": row.priority,
                    "unit": row.unit,
                    "USD per unit": None,
                    "your price": None,
                    "region": region,
                    "as of": None,
                    "status": "no price for this region",
                    "source": None,
                    "note": f"the catalog has this price only for {row.region}",
                }  # fmt: skip
                for row, region in missing
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            key="cost-price-table",
            column_config={"source": st.column_config.LinkColumn("source")},
        )
        ids = [row.price_id for row in regional.rows]
        if st.session_state.get("cost_override_id") not in ids:
            st.session_state["cost_override_id"] = ids[0]
            _sync_override_value(catalog)
        if "cost_override_usd" not in st.session_state:
            _sync_override_value(catalog)
        pick, value, apply, reset = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
        pick.selectbox(
            "Price to change", options=ids, key="cost_override_id",
            on_change=_sync_override_value, args=(catalog,),
        )  # fmt: skip
        value.number_input(
            "Your price (USD per unit)", min_value=0.0, format="%.10g", key="cost_override_usd"
        )
        apply.button("Use my price", key="cost_override_apply", on_click=_apply_override)
        reset.button(
            "Catalog prices", key="cost_override_reset", on_click=clear_price_overrides,
            disabled=not overrides, help="Forget all your prices.",
        )  # fmt: skip
        st.divider()
        st.file_uploader(
            "Upload your own catalog (CSV with the same columns as the template)",
            type=["csv"], key="cost_catalog_upload", on_change=_on_upload,
            max_upload_size=1,
        )  # fmt: skip
        if errors:
            st.error(
                "Nothing from this file is used. Fix these rows and upload it again:\n\n"
                + "\n".join(f"- {safe_echo(e, limit=300)}" for e in errors),
                icon=":material/error:",
            )
        st.caption("An uploaded catalog is not part of the shareable link; your own prices are.")
        st.download_button(
            "Download the catalog as a template (CSV)",
            data=catalog_to_csv(load_catalog()),
            file_name="price-catalog.csv",
            mime="text/csv",
            key="cost_catalog_template",
            on_click="ignore",
        )
