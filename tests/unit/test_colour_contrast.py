"""Every colour the app draws charts, diagrams and focus rings with meets WCAG 2.1 contrast.

Graphical objects need 3:1 against what they sit on (SC 1.4.11); text needs 4.5:1 (SC 1.4.3).
Plotly charts inherit the page's background, so their colours must pass on the light and on
the dark theme. The colours are collected from the built figures, not only from the named
constants, so a literal colour added to a figure later is checked too.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from components.layout import FOCUS_RING_COLOUR
from deploycore.costing import charts as cost_charts
from deploycore.costing.catalog import load_catalog
from deploycore.costing.estimate import estimate
from deploycore.costing.every_service import price_every_service
from deploycore.costing.every_service_chart import every_service_figure
from deploycore.costing.inputs import CostInputs
from deploycore.infra.contrast import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    NON_TEXT_MINIMUM,
    TEXT_MINIMUM,
    THEME_BACKGROUNDS,
    contrast_ratio,
    over,
    relative_luminance,
)
from deploycore.lesson import diagrams
from deploycore.quiz.live.results import Distribution, OptionCount
from deploycore.quiz.live_charts import distribution_figure
from deploycore.scenarios.forecasting import charts as forecast_charts

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _colours(node: Any) -> Iterator[str]:
    """Every "#rrggbb" value under a "color"/"fgcolor" key of a figure dict, however deep;
    not fonts (text on a label box is checked on its own)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "font":
                continue
            if key in ("color", "fgcolor") and isinstance(value, str | list | tuple):
                values = [value] if isinstance(value, str) else list(value)
                yield from (v for v in values if isinstance(v, str) and HEX.match(v))
            else:
                yield from _colours(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _colours(item)


def _figure_dict(figure: Any) -> dict[str, Any]:
    """A figure's data and layout, without Plotly's own template (Streamlit replaces it)."""
    if isinstance(figure, dict):
        return figure
    plain: dict[str, Any] = figure.to_plotly_json()
    plain["layout"].pop("template", None)
    return plain


@pytest.fixture(scope="module")
def cost_figures() -> list[dict[str, Any]]:
    """Every cost chart, for a workload where batch misses its deadline (all marks drawn)."""
    catalog = load_catalog()
    result = estimate(CostInputs(tolerated_delay_minutes=1.0), catalog)
    return [
        cost_charts.breakdown_figure(result.comparison),
        cost_charts.break_even_figure(result.break_even),
        cost_charts.timeline_figure(result.comparison),
        cost_charts.tornado_figure(result.tornado),
        _figure_dict(every_service_figure(price_every_service(CostInputs(), catalog))),
    ]


# ------------------------------------------------------------------------- the helper


def test_contrast_ratio_matches_the_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # axe-core's report for the issue (it cuts to two decimals): #828180 on #ffffff is 3.88,
    # #7f7e7d on #f8f8f7 3.81.
    assert math.floor(100 * contrast_ratio("#828180", "#ffffff")) == 388
    assert math.floor(100 * contrast_ratio("#7f7e7d", "#f8f8f7")) == 381
    # #767676 is the lightest grey that passes 4.5:1 on white.
    assert contrast_ratio("#767676", "#fff") >= TEXT_MINIMUM > contrast_ratio("#777777", "#fff")
    assert contrast_ratio("#123456", "#abcdef") == contrast_ratio("#abcdef", "#123456")


def test_luminance_and_blending() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    # Streamlit draws captions in the text colour at 60 % opacity: #2f2d2b gave #828180.
    assert over("#2f2d2b", "#ffffff", 0.6) == "#828180"
    with pytest.raises(ValueError):
        relative_luminance("blue")


# ------------------------------------------------------------------------------ theme


def test_captions_reach_4_5_to_1_in_both_themes() -> None:
    """Captions are the theme's text colour at 60 % opacity; sidebar and code backgrounds
    are Streamlit 1.67's defaults for each theme."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    backgrounds = {
        "light": ("#ffffff", "#f8f8f7", "#fafafa", "#f1f0ee"),
        "dark": ("#171614", "#21201d", "#2d2b27"),
    }
    for name, grounds in backgrounds.items():
        text = theme[name]["textColor"]
        for ground in grounds:
            caption = over(text, ground, 0.6)
            assert contrast_ratio(caption, ground) >= TEXT_MINIMUM, (name, text, ground)


def test_series_colours_of_the_theme_pass_on_both_backgrounds() -> None:
    """Charts that name no colours (right-sizing, quiz history, all stores) use these."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for colour in theme["chartCategoricalColors"]:
        for ground in THEME_BACKGROUNDS:
            assert contrast_ratio(colour, ground) >= NON_TEXT_MINIMUM, (colour, ground)


def test_the_focus_ring_is_visible_on_both_themes() -> None:
    for ground in (*THEME_BACKGROUNDS, "#f8f8f7", "#21201d"):
        assert contrast_ratio(FOCUS_RING_COLOUR, ground) >= NON_TEXT_MINIMUM, ground


# ----------------------------------------------------------------------------- charts


def test_every_cost_chart_colour_reaches_3_to_1_on_both_backgrounds(
    cost_figures: list[dict[str, Any]],
) -> None:
    seen = set()
    for figure in cost_figures:
        for colour in _colours(figure):
            if colour.lower() == "#ffffff":  # the hatch drawn over a late bar, not a series
                continue
            seen.add(colour)
            for ground in THEME_BACKGROUNDS:
                assert contrast_ratio(colour, ground) >= NON_TEXT_MINIMUM, (colour, ground)
    named = {
        cost_charts.REALTIME_COLOUR,
        cost_charts.BATCH_COLOUR,
        cost_charts.REALTIME_IDLE_COLOUR,
        cost_charts.CONTROL_PLANE_COLOUR,
        cost_charts.BATCH_STARTUP_COLOUR,
        cost_charts.BATCH_IDLE_COLOUR,
        cost_charts.MARK_COLOUR,
        cost_charts.LOW_VALUE_COLOUR,
        cost_charts.HIGH_VALUE_COLOUR,
    }
    assert named <= seen, named - seen  # the figures really use the checked constants


def test_the_labels_on_the_break_even_chart_are_dark_on_a_white_box(
    cost_figures: list[dict[str, Any]],
) -> None:
    notes = cost_figures[1]["layout"]["annotations"]
    assert notes
    for note in notes:
        box = note["bgcolor"]
        assert box.startswith("rgba(255,255,255,")
        # The box is at least 90 % opaque: the worst case is over the dark background.
        seen_box = over("#ffffff", DARK_BACKGROUND, float(box.rstrip(")").split(",")[-1]))
        assert contrast_ratio(note["font"]["color"], seen_box) >= TEXT_MINIMUM


def test_live_answer_bars_reach_3_to_1_before_and_after_the_reveal() -> None:
    distribution = Distribution(
        question_id="q1",
        options=[
            OptionCount(option_id="a", label="Batch", count=3, correct=True),
            OptionCount(option_id="b", label="Real-time", count=2, correct=False),
        ],
        answered=5,
        participants=5,
        correct_count=3,
    )
    for revealed in (False, True):
        figure = _figure_dict(distribution_figure(distribution, revealed=revealed))
        colours = set(_colours(figure))
        assert colours
        for colour in colours:
            for ground in THEME_BACKGROUNDS:
                assert contrast_ratio(colour, ground) >= NON_TEXT_MINIMUM, (colour, ground)


def test_forecast_chart_colours_reach_3_to_1_on_both_backgrounds() -> None:
    frame = pd.DataFrame(
        {"store": [2, 2], "brand": ["a", "b"], "units": [10.0, 20.0],
         "predicted_units": [12.0, 18.0]}
    )  # fmt: skip
    figure = _figure_dict(forecast_charts.forecast_vs_actual_figure(frame, 2))
    colours = set(_colours(figure)) | {
        forecast_charts.WORKER_COLOUR,
        forecast_charts.PARTITION_COLOUR,
        forecast_charts.FORECAST_COLOUR,
        forecast_charts.ACTUAL_COLOUR,
    }
    for colour in colours:
        for ground in THEME_BACKGROUNDS:
            assert contrast_ratio(colour, ground) >= NON_TEXT_MINIMUM, (colour, ground)
    # The partition bars are drawn on top of the worker's bar.
    assert contrast_ratio(forecast_charts.PARTITION_COLOUR, forecast_charts.WORKER_COLOUR) > 1.0


# --------------------------------------------------------------------------- diagrams


def test_diagram_borders_and_arrows_reach_3_to_1_and_text_4_5_to_1() -> None:
    for border, fill in diagrams.BORDERS_ON_FILLS.items():
        assert contrast_ratio(border, diagrams.BACKGROUND) >= NON_TEXT_MINIMUM, border
        assert contrast_ratio(border, fill) >= NON_TEXT_MINIMUM, (border, fill)
        assert contrast_ratio(diagrams.TEXT, fill) >= TEXT_MINIMUM, fill
    assert contrast_ratio(diagrams.GREY, diagrams.BACKGROUND) >= NON_TEXT_MINIMUM
    # Every colour the DOT sources use is one of the checked ones.
    checked = {c.lower() for c in (*diagrams.BORDERS_ON_FILLS, *diagrams.BORDERS_ON_FILLS.values(),
                                   diagrams.GREY, diagrams.BACKGROUND)}  # fmt: skip
    for diagram in diagrams.DIAGRAMS.values():
        used = {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}", diagram.dot)}
        assert used <= checked, (diagram.name, used - checked)
    assert LIGHT_BACKGROUND == diagrams.BACKGROUND
