"""Cost estimator: the region priced for each provider, and an optional display currency.

Widgets only (keys `cost_<field>` like every input); the engine narrows the catalog to the
chosen regions and `deploycore.costing.currency` converts. Not for computing prices.
"""

from __future__ import annotations

import streamlit as st

from components.costing.state import KEEP, key, rerun_estimate
from deploycore.costing.catalog import PROVIDER_LABELS, PROVIDERS, PriceCatalog
from deploycore.costing.currency import (
    CURRENCY_CHOICES,
    currency_problem,
    display_currency,
)
from deploycore.costing.estimate import CostEstimate
from deploycore.costing.inputs import CostInputs


def chosen_region(catalog: PriceCatalog, provider: str) -> str | None:
    """The region the estimate prices for a provider: the user's choice or the catalog's first."""
    chosen = st.session_state.get(key(f"{provider}_region"))
    return chosen if isinstance(chosen, str) else catalog.default_region(provider)


def region_inputs(catalog: PriceCatalog) -> None:
    """One region per provider, from the regions the catalog has prices for."""
    st.caption(
        "Prices differ by region. A refresh (`make prices REGIONS=eastus,westeurope`) adds "
        "regions; a price the catalog lacks for the chosen region is never taken from another."
    )
    columns = st.columns(len(PROVIDERS))
    for column, provider in zip(columns, PROVIDERS, strict=True):
        options = catalog.regions(provider)
        current = st.session_state.get(key(f"{provider}_region"))
        if isinstance(current, str) and current not in options:
            options = [*options, current]  # from a link: kept, and said to have no prices
        default = catalog.default_region(provider) or "none"
        column.selectbox(
            f"{PROVIDER_LABELS[provider]} region", options=options, index=None,
            key=key(f"{provider}_region"), placeholder=f"{default} (the catalog's first)",
            persist_state=KEEP,
        )  # fmt: skip
        region = chosen_region(catalog, provider)
        if region is None:
            continue
        missing = catalog.missing_in_region(provider, region)
        if region not in catalog.regions(provider):
            column.warning(
                f"No price for this region: the catalog has no {PROVIDER_LABELS[provider]} "
                f"prices for {region}.",
                icon=":material/block:",
            )
        elif missing:
            names = ", ".join(f"{row.sku} ({row.service})" for row in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            column.warning(
                f"No price for this region ({region}) for {names}{more}; estimates that need "
                "them say so instead of using another region's price.",
                icon=":material/block:",
            )


def currency_inputs() -> None:
    """The display currency, its rate per USD and the rate's date, all entered by hand."""
    st.caption(
        "The catalog and the calculation stay in USD. To show the totals in another currency, "
        "enter the rate you want to use and its date; both are stated wherever the figures go."
    )
    code, rate, day = st.columns(3)
    code.selectbox(
        "Display currency", options=CURRENCY_CHOICES, index=None,
        key=key("display_currency"), placeholder="USD (no conversion)", persist_state=KEEP,
    )  # fmt: skip
    chosen = st.session_state.get(key("display_currency"))
    if not chosen:
        # The rate and its date only once a currency is chosen: the date picker's browser code
        # (about 200 kB) then loads only for the people who convert.
        return
    rate.number_input(
        f"{chosen} per 1 USD", min_value=0.000001, max_value=1_000_000.0, value=None,
        format="%.6g", key=key("currency_per_usd"), persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip
    day.date_input(
        "Date of that rate", value=None, key=key("exchange_rate_date"), persist_state=KEEP,
        on_change=rerun_estimate,
    )  # fmt: skip


def region_and_currency(catalog: PriceCatalog) -> None:
    """The tab's content: regions first, then the currency."""
    region_inputs(catalog)
    st.divider()
    currency_inputs()


def currency_totals(inputs: CostInputs, result: CostEstimate) -> None:
    """Both monthly totals in the display currency, with the rate and its date."""
    problem = currency_problem(inputs)
    if problem is not None:
        st.info(problem, icon=":material/currency_exchange:")
        return
    currency = display_currency(inputs)
    if currency is None:
        return
    comparison = result.comparison
    with st.container(key="cost-currency-totals"):
        st.markdown(
            f"**In {currency.code}:** real-time {currency.money(comparison.realtime_usd_per_month)}"
            f" / month, batch {currency.money(comparison.batch_usd_per_month)} / month "
            f"({currency.statement()}; every other figure on this page is in USD)."
        )
