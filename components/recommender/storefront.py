"""The shirt shop's storefront: catalog loading, item pictures, filters and a grid of shirts."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from deploycore.scenarios.recommender.catalog_data import (
    COLOURS,
    STYLES,
    Product,
    read_products,
    shirts,
)
from deploycore.scenarios.recommender.swatches import swatch_data_url

PAGE_SIZE = 12
GRID_COLUMNS = 3
LIMIT_KEY = "shop-limit"
ANY = "Any"


@st.cache_resource(show_spinner=False)
def catalog() -> list[Product]:
    """The shop's products (read once per server process)."""
    return read_products()


def item_picture(product: Product, width: int = 72) -> None:
    """The item's silhouette in its colour, with a text alternative that names the colour."""
    st.image(
        swatch_data_url(product.colour_hex, product.category),
        width=width,
        alt=f"{product.colour} {product.category}",
    )


def _show_more() -> None:
    st.session_state[LIMIT_KEY] = st.session_state.get(LIMIT_KEY, PAGE_SIZE) + PAGE_SIZE


def _reset_limit() -> None:
    st.session_state[LIMIT_KEY] = PAGE_SIZE


def storefront(products: list[Product], on_pick: Callable[[str], None], picked: str | None) -> None:
    """Filters by style and colour, then a grid of shirt cards, each with a Choose button."""
    # Radio buttons, not select boxes: a select box loads about 115 kB of browser code (its menu
    # and combo box) before the page is complete; every choice is also visible at once.
    style = st.radio(
        "Style", [ANY, *STYLES], key="shop-style", on_change=_reset_limit, horizontal=True
    )
    colour = st.radio(
        "Colour", [ANY, *COLOURS], key="shop-colour", on_change=_reset_limit, horizontal=True
    )
    matching = [
        p
        for p in shirts(products)
        if (style == ANY or p.style == style) and (colour == ANY or p.colour == colour)
    ]
    if not matching:
        st.info("No shirt has that style and colour. Choose another colour or style.")
        return
    limit = int(st.session_state.get(LIMIT_KEY, PAGE_SIZE))
    columns = st.columns(GRID_COLUMNS)
    for number, product in enumerate(matching[:limit]):
        with columns[number % GRID_COLUMNS].container(
            border=True, key=f"shop-card-{product.item_id}"
        ):
            item_picture(product)
            # Name, id and price in one element (12 cards: fewer elements to send and draw).
            st.markdown(
                f"**{product.name}**  \n:gray[{product.item_id} · \\${product.price_usd:,.2f}]"
            )
            chosen = product.item_id == picked
            st.button(
                "Chosen" if chosen else "Choose",
                key=f"shop-pick-{product.item_id}",
                icon=":material/check:" if chosen else ":material/touch_app:",
                type="primary" if chosen else "secondary",
                on_click=on_pick,
                args=(product.item_id,),
                width="stretch",
            )
    shown = min(limit, len(matching))
    st.caption(f"Showing {shown} of {len(matching)} shirts.")
    if shown < len(matching):
        st.button("Show more shirts", key="shop-more", on_click=_show_more)
