"""The answer of one /score call: related items, round-trip latency, address and curl command."""

from __future__ import annotations

import streamlit as st

from components.recommender.storefront import item_picture
from deploycore.scenarios.recommender.catalog_data import Product
from deploycore.scenarios.recommender.client import ScoreCall


def endpoint_caption(base_url: str) -> None:
    """Where the scoring endpoint answers (on this machine's loopback interface).

    Plain text, not code: code text loads a monospace font (90 kB) before the page is complete.
    Without the scheme, so the address is not made a link (a link in a caption is under AA's
    contrast, and a loopback address only opens on this machine).
    """
    address = base_url.removeprefix("http://")
    st.caption(
        f"Scoring endpoint: {address} (HTTP) on this machine's loopback interface; "
        "OpenAPI docs at its /docs path."
    )


def recommendations(call: ScoreCall, products: dict[str, Product]) -> None:
    """The picked shirt, the items customers chose with it, and how the call was made."""
    picked = products[call.item_id]
    with st.container(key="shop-result"):
        st.subheader(f"Customers who chose the {picked.name} also chose")
        picture, words = st.columns([1, 3], vertical_alignment="center")
        with picture:
            item_picture(picked, width=56)
        words.caption(f"You picked {picked.item_id}, ${picked.price_usd:,.2f}.")
        latency, version = st.columns(2)
        latency.metric("Round-trip latency", f"{call.round_trip_ms:.1f} ms", border=True)
        version.metric("Model version", call.response.model_version, border=True)
        for item in call.response.items:
            with st.container(border=True, key=f"shop-related-{item.item_id}"):
                picture, words = st.columns([1, 3], vertical_alignment="center")
                with picture:
                    item_picture(products[item.item_id], width=56)
                words.markdown(f"**{item.name}**")
                words.caption(
                    f"{item.category} · {item.item_id} · ${item.price_usd:,.2f} · "
                    f"similarity {item.score:.3f}"
                )
        st.markdown("**Web address** the app called (POST):")
        st.code(call.endpoint_url, language=None)
        st.markdown("**The same call with curl:**")
        st.code(call.curl, language="bash", wrap_lines=True)
