"""Small pictures of catalog items drawn in their colour: a silhouette per category, as pixels.

The storefront shows these instead of product photos (none can be shipped). Pure numpy, plus
a minimal PNG writer (zlib): the page sends each picture inline as a `data:` address (about
320 characters), drawn and encoded once per process, so the browser fetches no picture and the
server encodes none per run. Not an image library.
"""

from __future__ import annotations

import base64
import struct
import zlib
from functools import lru_cache

import numpy as np

BACKGROUND = (246, 246, 244)
OUTLINE = (60, 60, 60)
SWATCH_PIXELS = 72


def hex_to_rgb(colour_hex: str) -> tuple[int, int, int]:
    """'#1F2F5C' -> (31, 47, 92)."""
    value = colour_hex.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour_hex!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mask(category: str, size: int) -> np.ndarray:
    """Boolean silhouette of a category on a size × size grid (coordinates 0..1)."""
    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    if category == "shirt":
        body = (abs(x - 0.5) < 0.22) & (y > 0.18) & (y < 0.92)
        sleeves = (abs(x - 0.5) < 0.42) & (y > 0.18) & (y < 0.45) & (y - 0.18 > abs(x - 0.5) - 0.3)
        collar = (abs(x - 0.5) < 0.1) & (y > 0.12) & (y < 0.2)
        return np.asarray(body | sleeves | collar)
    if category == "jacket":
        body = (abs(x - 0.5) < 0.24) & (y > 0.15) & (y < 0.9)
        shoulders = (abs(x - 0.5) < 0.42) & (y > 0.15) & (y < 0.24)
        sleeves = (abs(x - 0.5) > 0.27) & (abs(x - 0.5) < 0.42) & (y >= 0.24) & (y < 0.8)
        body = body | shoulders | sleeves
        lapel_gap = (abs(x - 0.5) < (y - 0.15) * 0.25) & (y < 0.5)
        return np.asarray(body & ~lapel_gap)
    if category == "tie":
        knot = (abs(x - 0.5) < 0.07) & (y > 0.08) & (y < 0.18)
        blade = (abs(x - 0.5) < 0.04 + (y - 0.18) * 0.16) & (y >= 0.18) & (y < 0.82)
        tip = (abs(x - 0.5) < (0.92 - y) * 1.2) & (y >= 0.82) & (y < 0.92)
        return np.asarray(knot | blade | tip)
    if category == "trousers":
        waist = (abs(x - 0.5) < 0.25) & (y > 0.08) & (y < 0.3)
        legs = (abs(x - 0.5) < 0.25) & (abs(x - 0.5) > 0.03) & (y >= 0.3) & (y < 0.94)
        return np.asarray(waist | legs)
    if category == "shoes":
        sole = (x > 0.08) & (x < 0.92) & (y > 0.62) & (y < 0.74)
        upper = ((x - 0.45) ** 2 / 0.14 + (y - 0.62) ** 2 / 0.05 < 1) & (y <= 0.62)
        toe = ((x - 0.72) ** 2 / 0.04 + (y - 0.62) ** 2 / 0.02 < 1) & (y <= 0.62)
        return np.asarray(sole | upper | toe)
    raise ValueError(f"no silhouette for category {category!r}")


def swatch(colour_hex: str, category: str, size: int = SWATCH_PIXELS) -> np.ndarray:
    """An RGB picture (size × size × 3, uint8) of the item's silhouette in its colour."""
    if not 16 <= size <= 512:
        raise ValueError("size must be between 16 and 512 pixels")
    mask = _mask(category, size)
    picture = np.empty((size, size, 3), dtype=np.uint8)
    picture[:] = BACKGROUND
    # A one-pixel outline keeps white and light items visible on the light background.
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    picture[grown & ~mask] = OUTLINE
    picture[mask] = hex_to_rgb(colour_hex)
    return picture


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bytes(picture: np.ndarray) -> bytes:
    """An RGB uint8 array (height × width × 3) as a PNG file (8-bit truecolour, no filter)."""
    if picture.ndim != 3 or picture.shape[2] != 3 or picture.dtype != np.uint8:
        raise ValueError("expected an RGB picture: height × width × 3, uint8")
    height, width = picture.shape[:2]
    rows = np.zeros((height, 1 + width * 3), dtype=np.uint8)  # filter byte 0 on every row
    rows[:, 1:] = picture.reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
        + _png_chunk(b"IEND", b"")
    )


@lru_cache(maxsize=256)
def swatch_data_url(colour_hex: str, category: str, size: int = SWATCH_PIXELS) -> str:
    """`swatch` as a `data:image/png;base64,...` address, drawn once per colour, category, size."""
    encoded = base64.b64encode(png_bytes(swatch(colour_hex, category, size))).decode("ascii")
    return f"data:image/png;base64,{encoded}"
