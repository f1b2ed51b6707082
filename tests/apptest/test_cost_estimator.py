"""Cost estimator through AppTest: links, presets, edits, bad inputs, prices and uploads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DateInput, Radio, Selectbox, TextInput, Toggle

from components.costing.form import SECTION_KEY, SECTIONS
from components.costing.totals import BATCH_FIGURE, REALTIME_FIGURE
from deploycore.costing.engine import compare_monthly_costs
from deploycore.costing.inputs import BATCH_SCHEDULES, DAILY_SHAPES, CostInputs
from deploycore.costing.links import to_query_params
from deploycore.units import usd
from tests.monthly_figures import monthly_figures_in

OpenPage = Callable[..., AppTest]
PAGE = "pages/cost_estimator.py"


def totals_text(at: AppTest) -> str:
    """The text of the two total boxes (their Markdown: total, service and word, sizing)."""
    return "\n\n".join(m.value for m in at.markdown if m.value.startswith("### ") and (
        m.value[4:].startswith((REALTIME_FIGURE, BATCH_FIGURE))
    ))  # fmt: skip


def shown_totals(at: AppTest) -> list[str]:
    """The real-time and batch monthly totals shown ("$36.06"), by their shared labels; none
    while the estimate is not shown."""
    found = monthly_figures_in(totals_text(at))
    return [found[label] for label in (REALTIME_FIGURE, BATCH_FIGURE) if label in found]


def whole_page(at: AppTest) -> AppTest:
    """Draw the whole page again after an edit that reran only the estimate's fragment.

    Such an edit's run draws only the fragment, and AppTest's tree then holds only what that run
    drew (a browser keeps the rest of the page). A run without changes draws everything.
    """
    if SECTION_KEY not in [r.key for r in at.radio]:
        at.run()
    return at


def open_section(at: AppTest, name: str) -> AppTest:
    """Choose an input section in the selector (only the chosen one is drawn)."""
    whole_page(at).radio(key=SECTION_KEY).set_value(name).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _expected(inputs: CostInputs) -> list[str]:
    result = compare_monthly_costs(inputs)
    return [usd(result.realtime_usd_per_month), usd(result.batch_usd_per_month)]


def test_default_page_shows_both_options_side_by_side_in_words(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert shown_totals(at) == _expected(CostInputs())
    boxes = totals_text(at)
    assert "**: cheaper" in boxes and "**: dearer" in boxes
    assert at.success and "cheaper" in at.success[0].value
    assert not at.error


def test_latency_link_from_other_pages_is_used_and_mirrored(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE, latency_ms="12.5"), "Model")
    assert at.number_input(key="cost_latency_ms").value == 12.5
    assert at.query_params["latency_ms"] == "12.5"
    assert shown_totals(at) == _expected(CostInputs(latency_ms=12.5))


def test_full_link_reproduces_the_estimate(open_page: OpenPage) -> None:
    inputs = CostInputs.from_preset(
        "orange-juice-weekly",
        latency_ms=80.0,
        realtime_service="azure-kubernetes-service-standard",
        realtime_node_sku="Standard_D4s_v3",
        price_overrides={"amlc-ds3-v2-lp": 0.05},
    )
    at = open_page(PAGE, **to_query_params(inputs))
    assert shown_totals(at) == _expected(inputs)
    assert dict(at.query_params) == to_query_params(inputs)


@pytest.mark.parametrize("preset", ["shirt-recommender", "orange-juice-weekly", "my-own"])
def test_presets_fill_every_input(open_page: OpenPage, preset: str) -> None:
    at = open_page(PAGE)
    at.radio(key="cost_preset").set_value(preset).run()
    assert not at.exception
    assert shown_totals(at) == _expected(CostInputs.from_preset(preset))
    assert at.query_params["preset"] == preset


def test_shirt_recommender_says_batch_is_too_slow(open_page: OpenPage) -> None:
    at = open_page(PAGE, preset="shirt-recommender")
    verdicts = [w.value for w in at.warning]
    assert any("but cannot deliver within the deadline" in v for v in verdicts)
    assert any("results are needed immediately" in v for v in verdicts)
    assert "**: misses the deadline" in totals_text(at)


def test_model_presets_change_latency_and_cost(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE), "Model")
    at.selectbox(key="cost_model_preset").set_value("complex-model").run()
    assert at.number_input(key="cost_latency_ms").value == 250.0
    complex_model = CostInputs.from_preset("my-own", model_preset="complex-model")
    assert shown_totals(at) == _expected(complex_model)
    at.number_input(key="cost_latency_ms").set_value(300.0).run()
    assert at.selectbox(key="cost_model_preset").value == "custom"


def test_editing_an_input_updates_numbers_and_link(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE), "Real-time")
    before = shown_totals(at)
    at.number_input(key="cost_min_replicas").set_value(3).run()
    assert shown_totals(at) != before
    assert at.query_params["min_replicas"] == "3"
    assert shown_totals(at) == _expected(CostInputs(min_replicas=3))


def test_invalid_inputs_give_a_message_not_an_exception(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE), "Real-time")
    at.number_input(key="cost_p95_latency_target_ms").set_value(10.0).run()
    assert not at.exception
    assert at.error and "p95 latency target" in at.error[0].value
    whole_page(at)
    assert at.error and "p95 latency target" in at.error[0].value
    assert at.number_input(key="cost_p95_latency_target_ms").value == 10.0  # nothing lost
    open_section(at, "Workload")
    at.radio(key="cost_daily_shape").set_value("custom").run()
    at.text_input(key="cost_hourly_weights").input("1, 2, three").run()
    assert not at.exception
    assert any("Hourly weights" in e.value for e in at.error)
    assert whole_page(at).text_input(key="cost_hourly_weights").value == "1, 2, three"
    # Invalid entries survive a switch to another section and back.
    open_section(open_section(at, "Real-time"), "Workload")
    assert at.text_input(key="cost_hourly_weights").value == "1, 2, three"
    assert open_section(at, "Real-time").number_input(key="cost_p95_latency_target_ms").value == 10


def test_model_larger_than_node_is_explained(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE), "Model")
    at.number_input(key="cost_replica_vcpu").set_value(16.0).run()
    assert not at.exception
    assert at.error and "larger size or a smaller model" in at.error[0].value


def test_old_prices_are_flagged_with_their_ids(open_page: OpenPage) -> None:
    """The shipped AKS Standard price dates from May 2020: the page names it as stale."""
    at = open_page(PAGE)
    assert any("older than 180 days" in w.value and "aks-tier-standard" in w.value
               for w in at.warning)  # fmt: skip
    caption = " ".join(c.value for c in at.caption)
    assert "oldest price as of 13 May 2020" in caption


@pytest.mark.parametrize(
    "link",
    [
        {"latency_ms": "0.0001"},
        {"replica_vcpu": "0.01"},
        {"min_replicas": "2.5"},
        {"target_utilisation_percent": "99"},
        {"batch_start_hour": "24"},
        {"predictions_per_day": "-5"},
        {"hourly_weights": "1,2"},
        {"realtime_service": "mainframe"},
    ],
)
def test_out_of_range_link_values_never_raise(open_page: OpenPage, link: dict[str, str]) -> None:
    at = open_page(PAGE, **link)
    assert not at.exception
    assert any(next(iter(link)) in w.value for w in at.warning)
    assert shown_totals(at) == _expected(CostInputs())


def test_bad_link_values_warn_and_fall_back(open_page: OpenPage) -> None:
    at = open_page(PAGE, latency_ms="fast", min_replicas="0")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "latency_ms" in warnings and "min_replicas" in warnings
    assert shown_totals(at) == _expected(CostInputs())


def test_price_override_changes_the_estimate_and_the_link(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert "cost_override_id" not in at.session_state  # the closed panel builds nothing
    at.session_state["cost-prices"] = True  # open the prices panel
    at.run()
    at.selectbox(key="cost_override_id").set_value("amlc-ds3-v2").run()
    at.number_input(key="cost_override_usd").set_value(1.0).run()
    at.button(key="cost_override_apply").click().run()
    assert at.query_params["price_overrides"] == "amlc-ds3-v2:1"
    assert shown_totals(at) == _expected(CostInputs(price_overrides={"amlc-ds3-v2": 1.0}))
    at.session_state["cost-prices"] = True  # AppTest does not keep an expander open by itself
    at.run()
    at.button(key="cost_override_reset").click().run()
    assert "price_overrides" not in at.query_params
    assert shown_totals(at) == _expected(CostInputs())


def test_service_switch_picks_a_node_size_that_exists(open_page: OpenPage) -> None:
    at = open_section(open_page(PAGE), "Real-time")
    at.selectbox(key="cost_realtime_service").set_value("gcp-vertex-online-prediction").run()
    assert not at.exception
    assert at.selectbox(key="cost_realtime_node_sku").value == "n1-standard-2"
    open_section(at, "Batch")
    at.selectbox(key="cost_batch_service").set_value("aws-sagemaker-batch-transform").run()
    assert at.selectbox(key="cost_batch_node_sku").value == "ml.m5.large"


def test_only_the_open_chart_and_panels_are_built_and_each_has_words(
    open_page: OpenPage,
) -> None:
    at = open_page(PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert "Little's law" not in text  # "How was this computed?" is closed
    assert not at.get("plotly_chart")  # the first view is words and one line per side
    assert any(t.startswith("Real-time costs") for t in (m.value for m in at.markdown))
    assert any(
        "\n\n- **Real\\-time**, USD per month: compute in use **" in m.value for m in at.markdown
    )
    assert any("\n- **Batch**, USD per month: processing **" in m.value for m in at.markdown)
    assert len(at.get("download_button")) >= 3
    at.session_state["cost-how"] = True
    at.session_state["cost-charts"] = "Break-even"
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Little's law" in text
    assert "In words:" in text
    assert len(at.get("plotly_chart")) == 1  # the open tab's chart only
    assert any("Monthly cost against daily volume" in str(c.proto) for c in at.get("plotly_chart"))


# One non-default value per section, set through its widget: (section, kind, key, value).
EDITS: list[tuple[str, str, str, object]] = [
    ("Workload", "number_input", "cost_predictions_per_day", 2_500_000.0),
    ("Workload", "radio", "cost_batch_schedule", "hourly"),
    ("Workload", "number_input", "cost_tolerated_delay_minutes", 90.0),
    ("Model", "number_input", "cost_latency_ms", 40.0),
    ("Real-time", "number_input", "cost_min_replicas", 2),
    ("Real-time", "toggle", "cost_autoscaling", False),
    ("Batch", "number_input", "cost_max_nodes", 7),
    ("Batch", "toggle", "cost_low_priority", True),
    ("Region and currency", "selectbox", "cost_display_currency", "EUR"),
]


def _widget_values(at: AppTest) -> dict[str, object]:
    """Every input's value, read from its widget with its section open."""
    values: dict[str, object] = {}
    for section in SECTIONS:
        open_section(at, section)
        for kind in ("number_input", "selectbox", "radio", "toggle", "text_input"):
            for widget in at.get(kind):
                if widget.key and widget.key.startswith("cost_") and widget.key != "cost_preset":
                    values[widget.key] = widget.value
    return values


def test_switching_sections_and_back_keeps_every_value_and_the_total(
    open_page: OpenPage,
) -> None:
    at = open_page(PAGE, preset="orange-juice-weekly")
    assert SECTION_KEY in [r.key for r in at.radio]
    for section, kind, widget_key, value in EDITS:
        open_section(at, section)
        getattr(at, kind)(key=widget_key).set_value(value).run()
    open_section(at, "Workload")
    shown, link = shown_totals(at), dict(at.query_params)
    assert shown != _expected(CostInputs.from_preset("orange-juice-weekly"))
    assert link["preset"] == "orange-juice-weekly" and link["max_nodes"] == "7"
    values = _widget_values(at)
    for _, _, widget_key, value in EDITS:
        assert values[widget_key] == value, widget_key
    # Only the open section's widgets exist; every other section's values stay meanwhile.
    open_section(at, "Batch")
    assert not [w for w in at.number_input if w.key == "cost_predictions_per_day"]
    for section in (*SECTIONS, *reversed(SECTIONS), "Workload"):
        open_section(at, section)
        assert shown_totals(at) == shown, section
    assert _widget_values(at) == values
    assert dict(at.query_params) == link


# Fields of an element's message that are not what it shows: a widget's value (the person's
# input, kept by the browser; sent only when the server sets it) and a download's file id
# (new every run; the file's content is checked in the browser test).
_NOT_SHOWN = re.compile(r"^(value|raw_value|set_value|deferred_file_id): .*\n", re.MULTILINE)


def _drawn(at: AppTest) -> set[str]:
    """Every element in AppTest's tree, as its message (blocks are walked, not counted)."""
    drawn: set[str] = set()
    nodes: list[object] = [at._tree]
    while nodes:
        node = nodes.pop()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            nodes.extend(children.values())
        elif hasattr(node, "proto"):
            drawn.add(f"{type(node).__name__}: {_NOT_SHOWN.sub('', str(node.proto))}")
    return drawn


def _open_estimate(open_page: OpenPage) -> AppTest:
    """The page with a display currency and every panel that depends on the inputs open."""
    at = open_page(PAGE, predictions_per_day="2000000", display_currency="EUR",
                   currency_per_usd="0.9", exchange_rate_date="2026-11-01")  # fmt: skip
    at.session_state["cost-how"] = True  # "How was this computed?"
    at.session_state["cost-every-open"] = True  # "Every cloud at once"
    at.session_state["cost-prices"] = True  # the prices panel
    return at


def _edit_and_compare(at: AppTest, widget: Any, value: object) -> tuple[set[str], set[str]]:
    """Set a widget; return (what a full run draws differently afterwards, what the edit's
    run drew)."""
    before = _drawn(whole_page(at))
    if isinstance(widget, Selectbox):
        widget.select_index(widget.options.index(str(value)))
    else:
        widget.set_value(value)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    redrawn = _drawn(at)
    return _drawn(whole_page(at)) - before, redrawn


def test_predictions_per_day_reruns_only_the_estimate_and_it_holds_every_change(
    open_page: OpenPage,
) -> None:
    at = open_section(_open_estimate(open_page), "Workload")
    widget = at.number_input(key="cost_predictions_per_day")
    changed, redrawn = _edit_and_compare(at, widget, 3_000_000.0)
    # Only the fragments ran: no radio outside them (the preset, the inputs) was redrawn; the
    # chart view selector is inside the estimate's.
    assert not [r for r in redrawn if r.startswith("Radio:") and "-cost-charts" not in r]
    assert any(f"### {REALTIME_FIGURE}: " in c for c in changed)  # the totals
    assert any("In EUR:" in c for c in changed)  # the converted totals
    assert any("cheapest" in c for c in changed)  # every cloud at once
    assert any("predictions_per_day=3000000" in c for c in changed)  # the share link
    assert any("3,000,000 (follows the daily volume)" in c for c in changed)  # rows hint
    assert changed <= redrawn, sorted(changed - redrawn)


# The radios' values (AppTest sets a radio by value, and shows only the labels).
_RADIO_VALUES: dict[str, tuple[object, ...]] = {
    "cost_daily_shape": tuple(DAILY_SHAPES),
    "cost_batch_schedule": tuple(BATCH_SCHEDULES),
}
_INPUT_KINDS = ("number_input", "selectbox", "radio", "toggle", "text_input", "date_input")


def _another_value(widget: Any) -> object:
    """A valid value different from the widget's current one (a select box: its label)."""
    if isinstance(widget, Selectbox):
        return next(o for o in reversed(widget.options) if widget.index is None
                    or o != widget.options[widget.index])  # fmt: skip
    if isinstance(widget, Radio):
        return next(v for v in reversed(_RADIO_VALUES[widget.key]) if v != widget.value)
    if isinstance(widget, Toggle):
        return not widget.value
    if isinstance(widget, TextInput):
        return ", ".join(["1"] * 12 + ["2"] * 12)
    if isinstance(widget, DateInput):
        return date(2026, 10, 1)
    value = widget.value if widget.value is not None else 1000
    return type(value)(value * 2) if value else type(value)(1)


def _inputs(at: AppTest) -> list[Any]:
    """The open section's enabled input widgets."""
    return [
        w for kind in _INPUT_KINDS for w in at.get(kind)
        if w.key and w.key.startswith("cost_") and not w.proto.disabled
    ]  # fmt: skip


def test_every_input_redraws_everything_that_depends_on_it(open_page: OpenPage) -> None:
    """Each input in turn: what a full run would draw differently after the edit must be among
    what the edit's run drew. An estimate-only callback on an input that changes another
    input's drawing (a service's sizes, the custom shape's weights) fails here."""
    at = _open_estimate(open_page)
    edited = []
    for section in SECTIONS:
        for widget_key in [w.key for w in _inputs(open_section(at, section))]:
            if widget_key.startswith("cost_override") or widget_key == "cost_preset":
                continue  # the prices panel's own widgets (inside the estimate); the preset
            widget = next(w for w in _inputs(open_section(at, section)) if w.key == widget_key)
            changed, redrawn = _edit_and_compare(at, widget, _another_value(widget))
            assert changed <= redrawn, (widget_key, sorted(changed - redrawn))
            edited.append(widget_key)
    assert len(edited) >= 25, edited


# Streamlit's browser loads its emoji plugin and the emoji list it uses (about 260 kB of code)
# for any Markdown (label, option, body) with an emoji shortcode in it; its test, copied from
# the frontend (StreamlitMarkdown). "Business hours (08:00-18:00)" was one.
_EMOJI_SHORTCODE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(node: Any) -> Iterator[str]:
    """Every string in the protos of a block's elements (labels, options, bodies, help)."""
    for child in getattr(node, "children", {}).values():
        yield from _texts(child)
    proto = getattr(node, "proto", None)
    if proto is not None and not getattr(node, "children", None):
        yield from _strings(MessageToDict(proto))


def test_the_first_paint_has_no_emoji_shortcode(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    texts = list(_texts(at.main))
    assert any("Business hours" in text for text in texts)  # the daily shape's options
    assert [text for text in texts if _EMOJI_SHORTCODE.search(text)] == []
