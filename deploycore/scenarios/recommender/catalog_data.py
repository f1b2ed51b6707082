"""Seeded generator and CSV files for the shop: products and purchase sessions.

No open data set of outfit purchases could be shipped, so the data is generated with real
structure built in (see `generate_shop`): each customer has a style and a colour palette, a
session starts with a shirt and adds a few items of other categories that match the shirt's
style and colour, and item popularity is skewed (Zipf-like). Not for training anything else.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from deploycore.infra.settings import ROOT

SHOP_DIR = ROOT / "data" / "shop"
PRODUCTS_CSV = "products.csv"
SESSIONS_CSV = "sessions.csv"
DEFAULT_SEED = 20260612
DEFAULT_SESSIONS = 12_000

Category = Literal["shirt", "tie", "trousers", "jacket", "shoes"]
CATEGORIES: tuple[Category, ...] = ("shirt", "tie", "trousers", "jacket", "shoes")
# How many items of each category the catalog has (305 in all).
CATEGORY_COUNTS: dict[Category, int] = {
    "shirt": 110,
    "tie": 50,
    "trousers": 55,
    "jacket": 45,
    "shoes": 45,
}
ID_PREFIX: dict[Category, str] = {
    "shirt": "SH",
    "tie": "TI",
    "trousers": "TR",
    "jacket": "JK",
    "shoes": "FW",
}
NOUNS: dict[Category, tuple[str, ...]] = {
    "shirt": ("oxford shirt", "poplin shirt", "linen shirt", "flannel shirt", "twill shirt"),
    "tie": ("silk tie", "knit tie", "woven tie"),
    "trousers": ("chinos", "wool trousers", "cords", "slim trousers"),
    "jacket": ("blazer", "sport coat", "field jacket", "wool jacket"),
    "shoes": ("derbies", "loafers", "oxfords", "trainers", "boots"),
}
# Base price in USD per category; style multiplies it.
BASE_PRICE_USD: dict[Category, float] = {
    "shirt": 45.0,
    "tie": 30.0,
    "trousers": 60.0,
    "jacket": 140.0,
    "shoes": 95.0,
}

STYLES: tuple[str, ...] = ("formal", "business", "casual", "outdoor")
STYLE_PRICE_FACTOR: dict[str, float] = {
    "formal": 1.4,
    "business": 1.15,
    "casual": 0.9,
    "outdoor": 1.0,
}
# Hex colours the app draws swatches with.
COLOURS: dict[str, str] = {
    "white": "#F4F4F2",
    "light blue": "#A7C7E7",
    "navy": "#1F2F5C",
    "black": "#1A1A1A",
    "grey": "#8A8D91",
    "burgundy": "#7B1E2B",
    "olive": "#6B7B3A",
    "beige": "#D8C8A8",
    "brown": "#6B4226",
    "pink": "#E8A0B4",
    "green": "#2E6B4A",
    "red": "#B22222",
}
# Palettes: colours that customers combine. A colour may sit in more than one palette.
PALETTES: dict[str, tuple[str, ...]] = {
    "classic": ("white", "light blue", "navy", "grey", "black"),
    "earthy": ("beige", "brown", "olive", "green", "white"),
    "bold": ("burgundy", "pink", "red", "navy", "black"),
}
# Styles that are worn together (the style itself is always the best match).
STYLE_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "formal": ("business",),
    "business": ("formal", "casual"),
    "casual": ("business", "outdoor"),
    "outdoor": ("casual",),
}
# Affinity weights used when a session picks its items.
SAME_STYLE_WEIGHT = 6.0
NEIGHBOUR_STYLE_WEIGHT = 2.0
OTHER_STYLE_WEIGHT = 0.3
SHARED_PALETTE_WEIGHT = 4.0
OTHER_COLOUR_WEIGHT = 0.4
RANDOM_EXTRA_SHARE = 0.1  # share of added items picked by popularity alone (noise)
POPULARITY_EXPONENT = 0.9  # Zipf-like skew of item popularity within a category


class Product(BaseModel):
    """One catalog item."""

    model_config = ConfigDict(frozen=True)

    item_id: str = Field(pattern=r"^[A-Z]{2}-\d{3}$")
    name: str = Field(min_length=1, max_length=80)
    category: Category
    style: str
    colour: str
    colour_hex: str = Field(pattern=r"^#[0-9A-F]{6}$")
    price_usd: float = Field(gt=0, le=10_000)


@dataclass(frozen=True)
class Shop:
    """The catalog and the sessions (each a list of item ids, the shirt first)."""

    products: list[Product]
    sessions: list[list[str]]

    def product_index(self) -> dict[str, Product]:
        return {product.item_id: product for product in self.products}


def _palettes_of(colour: str) -> set[str]:
    return {name for name, colours in PALETTES.items() if colour in colours}


def _make_products(rng: np.random.Generator) -> tuple[list[Product], np.ndarray]:
    """The catalog and each item's popularity weight (Zipf-like within its category)."""
    products: list[Product] = []
    popularity: list[float] = []
    colour_names = list(COLOURS)
    for category in CATEGORIES:
        count = CATEGORY_COUNTS[category]
        ranks = rng.permutation(count) + 1
        for number in range(1, count + 1):
            style = STYLES[int(rng.integers(len(STYLES)))]
            colour = colour_names[int(rng.integers(len(colour_names)))]
            noun = NOUNS[category][int(rng.integers(len(NOUNS[category])))]
            price = BASE_PRICE_USD[category] * STYLE_PRICE_FACTOR[style]
            price *= float(rng.lognormal(mean=0.0, sigma=0.2))
            products.append(
                Product(
                    item_id=f"{ID_PREFIX[category]}-{number:03d}",
                    name=f"{colour.capitalize()} {style} {noun}",
                    category=category,
                    style=style,
                    colour=colour,
                    colour_hex=COLOURS[colour],
                    price_usd=round(price, 2),
                )
            )
            popularity.append(1.0 / float(ranks[number - 1]) ** POPULARITY_EXPONENT)
    return products, np.asarray(popularity)


def _style_weight(style: str, wanted: str) -> float:
    if style == wanted:
        return SAME_STYLE_WEIGHT
    if style in STYLE_NEIGHBOURS[wanted]:
        return NEIGHBOUR_STYLE_WEIGHT
    return OTHER_STYLE_WEIGHT


def _colour_weight(colour: str, palettes: set[str]) -> float:
    return SHARED_PALETTE_WEIGHT if _palettes_of(colour) & palettes else OTHER_COLOUR_WEIGHT


def _normalised(weights: np.ndarray) -> np.ndarray:
    normalised: np.ndarray = weights / weights.sum()
    return normalised


def generate_shop(seed: int = DEFAULT_SEED, n_sessions: int = DEFAULT_SESSIONS) -> Shop:
    """Generate the catalog and `n_sessions` purchase sessions, reproducibly from `seed`.

    A session: a customer with a favourite style and palette picks a shirt (popularity ×
    style × palette), then adds 1–4 items of other categories; each is drawn with weight
    popularity × style match with the shirt × colour match with the shirt's palettes, except
    a `RANDOM_EXTRA_SHARE` of them, drawn by popularity alone.
    """
    rng = np.random.default_rng(seed)
    products, popularity = _make_products(rng)
    by_category: dict[str, np.ndarray] = {
        c: np.array([i for i, p in enumerate(products) if p.category == c]) for c in CATEGORIES
    }
    extras = [c for c in CATEGORIES if c != "shirt"]
    palette_names = list(PALETTES)
    # Per item, per wanted style / palette: precomputed affinity weights.
    style_w = {
        s: np.array([_style_weight(p.style, s) for p in products], dtype=float) for s in STYLES
    }
    colour_w = {
        name: np.array([_colour_weight(p.colour, {name}) for p in products], dtype=float)
        for name in palette_names
    }
    sessions: list[list[str]] = []
    for _ in range(n_sessions):
        style = STYLES[int(rng.integers(len(STYLES)))]
        palette = palette_names[int(rng.integers(len(palette_names)))]
        shirts = by_category["shirt"]
        weights = popularity[shirts] * style_w[style][shirts] * colour_w[palette][shirts]
        shirt = int(rng.choice(shirts, p=_normalised(weights)))
        session = [products[shirt].item_id]
        shirt_style = products[shirt].style
        shirt_palettes = _palettes_of(products[shirt].colour)
        n_extra = min(1 + int(rng.poisson(1.0)), len(extras))
        for category in rng.choice(extras, size=n_extra, replace=False):
            members = by_category[str(category)]
            weights = popularity[members].copy()
            if rng.random() >= RANDOM_EXTRA_SHARE:
                weights *= style_w[shirt_style][members]
                weights *= np.array(
                    [_colour_weight(products[i].colour, shirt_palettes) for i in members]
                )
            session.append(products[int(rng.choice(members, p=_normalised(weights)))].item_id)
        sessions.append(session)
    return Shop(products=products, sessions=sessions)


def write_shop(shop: Shop, folder: Path = SHOP_DIR) -> list[Path]:
    """Write products.csv and sessions.csv (one row per item in a session) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    products_path = folder / PRODUCTS_CSV
    with products_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(Product.model_fields))
        for product in shop.products:
            writer.writerow(list(product.model_dump().values()))
    sessions_path = folder / SESSIONS_CSV
    with sessions_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["session_id", "position", "item_id"])
        for number, session in enumerate(shop.sessions, start=1):
            for position, item_id in enumerate(session):
                writer.writerow([number, position, item_id])
    return [products_path, sessions_path]


def read_products(folder: Path = SHOP_DIR) -> list[Product]:
    """The catalog from products.csv, validated row by row."""
    with (folder / PRODUCTS_CSV).open(newline="", encoding="utf-8") as handle:
        return [Product.model_validate(row) for row in csv.DictReader(handle)]


def read_sessions(folder: Path = SHOP_DIR) -> list[list[str]]:
    """The sessions from sessions.csv, items in purchase order."""
    grouped: dict[int, list[tuple[int, str]]] = {}
    with (folder / SESSIONS_CSV).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            grouped.setdefault(int(row["session_id"]), []).append(
                (int(row["position"]), row["item_id"])
            )
    return [[item for _, item in sorted(grouped[key])] for key in sorted(grouped)]


def read_shop(folder: Path = SHOP_DIR) -> Shop:
    """Products and sessions as shipped in data/shop/."""
    return Shop(products=read_products(folder), sessions=read_sessions(folder))


def shirts(products: Sequence[Product]) -> list[Product]:
    """The shirts of the catalog, in catalog order (the storefront's choices)."""
    return [product for product in products if product.category == "shirt"]
