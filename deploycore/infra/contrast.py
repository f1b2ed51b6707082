"""WCAG 2.1 colour contrast: relative luminance, contrast ratio and the backgrounds charts sit on.

For checking the app's own colour constants (chart series, diagram borders, the focus ring) in
unit tests; not for choosing colours at run time. Formulas from WCAG 2.1, "contrast ratio" and
"relative luminance" (sRGB), as axe-core computes them.
"""

from __future__ import annotations

# Streamlit 1.67's page backgrounds, which Plotly charts inherit (st.plotly_chart's theme).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#171614"
THEME_BACKGROUNDS = (LIGHT_BACKGROUND, DARK_BACKGROUND)

# WCAG 2.1 minimums: SC 1.4.11 for graphical objects, SC 1.4.3 for normal-size text.
NON_TEXT_MINIMUM = 3.0
TEXT_MINIMUM = 4.5


def _channels(colour: str) -> tuple[int, int, int]:
    """#rrggbb (or #rgb) as three 0-255 integers."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    """0 for black to 1 for white, weighting the linearised sRGB channels."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 for equal colours, 21 for black on white."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(colour: str, background: str, opacity: float) -> str:
    """The colour seen when `colour` at `opacity` (0-1) is drawn over `background`."""
    top, bottom = _channels(colour), _channels(background)
    mixed = (round(opacity * t + (1 - opacity) * b) for t, b in zip(top, bottom, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)
