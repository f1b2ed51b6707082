"""The Decide page through AppTest: defaults, one-click examples, contradictions, bad input,
the YAML export and compare mode."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from components.costing.totals import BATCH_FIGURE, REALTIME_FIGURE
from components.deciding.compare import COMPARE_OPEN_KEY, PORTFOLIO_KEY
from components.deciding.export import EXPORT_OPEN_KEY
from components.deciding.result import FACTORS_HEADING
from deploycore.deciding.inputs import Deadline, Frequency
from deploycore.deciding.rules import RULES, Kind
from deploycore.deciding.use_cases import load_use_cases, use_case
from deploycore.deciding.verdict import decide
from tests.monthly_figures import monthly_figures_in
from tests.prose_text import prose_of

OpenPage = Callable[..., AppTest]
HEADLINE_START = {
    Kind.REAL_TIME: "Real-time endpoint",
    Kind.BATCH: "Batch endpoint",
    Kind.EITHER: "Either works;",
}


def _headings(at: AppTest) -> list[str]:
    """The section headings: each section is one prose element opening with `### `."""
    return [p.split("\n", 1)[0][4:] for p in prose_of(at) if p.startswith("### ")]


def _section(at: AppTest, heading: str) -> str:
    """The text under a section heading (its prose element without the heading line)."""
    found = [p for p in prose_of(at) if p.startswith(f"### {heading}")]
    assert len(found) == 1, _headings(at)
    return found[0].split("\n", 1)[1].strip()


def _figures(at: AppTest) -> dict[str, str]:
    """The two monthly figures under "What it would cost", by label ("$1,234")."""
    body = _section(at, "What it would cost")
    found = monthly_figures_in(body)
    assert set(found) == {REALTIME_FIGURE, BATCH_FIGURE}, body
    return found


def _cost_page_figures(at: AppTest) -> dict[str, str]:
    """The cost estimator's two monthly totals, by the labels Decide uses."""
    found = monthly_figures_in("\n\n".join(m.value for m in at.markdown))
    assert set(found) == {REALTIME_FIGURE, BATCH_FIGURE}, found
    return found


def _headline(at: AppTest) -> str:
    found = [h for h in _headings(at) if "Recommendation:" in h]
    assert len(found) == 1, _headings(at)
    return found[0].split("Recommendation: ", 1)[1]


def _code_blocks(at: AppTest) -> list[str]:
    return [c.value for c in at.code]


def _open_export(at: AppTest) -> AppTest:
    at.session_state[EXPORT_OPEN_KEY] = True
    return at.run()


_FACTOR_LINE = re.compile(
    r"- (?P<Factor>.+?) \(your answer: (?P<answer>.+?)\): "
    r"points (?P<Points>.+?)\. (?P<Why>.+) The seed \((?P<section>.+?)\): "
    r"“(?P<seed>.+)”"
)


def _factor_rows(at: AppTest) -> list[dict[str, str]]:
    """The factor list's lines, read back from its text."""
    body = _section(at, FACTORS_HEADING)
    rows = []
    for line in body.splitlines():
        found = _FACTOR_LINE.fullmatch(line)
        assert found, line
        rows.append(found.groupdict())
    return rows


def test_the_page_answers_with_defaults_and_one_line_per_factor(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    assert at.title[0].value == "Decide: real-time or batch?"
    assert _headline(at) == "Real-time endpoint"
    factors = _factor_rows(at)
    assert [row["Factor"] for row in factors] == [rule.factor for rule in RULES]
    assert {row["Points"].replace(" (decides it)", "") for row in factors} <= {
        "towards real-time",
        "towards batch",
        "neither way",
    }
    assert all(row["answer"] and row["Why"] and row["seed"] for row in factors)
    assert any("Confidence:" in p for p in prose_of(at))


@pytest.mark.parametrize("case", load_use_cases(), ids=lambda c: c.id)
def test_each_example_loads_in_one_click_with_its_expected_answer(
    open_page: OpenPage, case: object
) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value(case.id).run()  # type: ignore[attr-defined]
    assert not at.exception
    assert at.text_input(key="decide-name").value == case.title  # type: ignore[attr-defined]
    assert _headline(at).startswith(HEADLINE_START[case.expected])  # type: ignore[attr-defined]
    assert not at.warning, [w.value for w in at.warning]


def test_the_seed_patient_app_is_real_time_on_containers(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value("patient-mobile-app").run()
    assert _headline(at) == "Real-time endpoint"
    assert any("always-on containers" in p for p in prose_of(at))


def test_contradictory_answers_are_pointed_out_in_words(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-frequency").set_value(Frequency.WEEKLY)
    at.radio(key="decide-deadline").set_value(Deadline.UNDER_A_SECOND).run()
    warnings = [w.value for w in at.warning]
    assert any("weekly" in w and "under a second" in w for w in warnings)


def test_a_missing_name_is_explained_and_loses_no_answer(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-frequency").set_value(Frequency.DAILY)
    at.text_input(key="decide-name").set_value("   ").run()
    assert not at.exception
    assert any("Give the use case a name" in e.value for e in at.error)
    assert at.radio(key="decide-frequency").value == Frequency.DAILY
    assert not [h for h in _headings(at) if "Recommendation:" in h]
    at.text_input(key="decide-name").set_value("Daily job").run()
    assert not at.error
    assert _headline(at)


def test_what_would_change_is_listed(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value("shirt-recommender").run()
    flips = _section(at, "What would change the answer").splitlines()
    assert flips and all(flip.startswith("- If ") for flip in flips)
    assert flips[0].startswith("- If a 10-minute delay were acceptable")


def test_costs_are_shown_in_dollars(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value("orange-juice-weekly").run()
    labels = _figures(at)
    assert labels[BATCH_FIGURE].startswith("$")
    assert labels[REALTIME_FIGURE].startswith("$")
    paragraphs = _section(at, "What it would cost").split("\n\n")
    assert paragraphs[0].startswith("- Real-time: Azure ML managed online endpoint")
    assert "\n- Batch: Azure ML batch endpoint" in paragraphs[0]
    assert ": cheaper" in paragraphs[0] and ": dearer" in paragraphs[0]
    assert paragraphs[1].startswith("Batch is cheaper: ")


def test_batch_export_has_cluster_endpoint_and_deployment(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    _open_export(at.radio(key="decide-example").set_value("orange-juice-weekly").run())
    blocks = "\n".join(_code_blocks(at))
    assert "az ml compute create -f compute.yml" in blocks
    assert "min_instances: 0" in blocks
    assert "tier: dedicated" in blocks
    assert "batchEndpoint.schema.json" in blocks
    assert "batchDeployment.schema.json" in blocks
    downloads = at.get("download_button")
    assert len(downloads) >= 3


def test_low_priority_answer_reaches_the_cluster(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    _open_export(at.radio(key="decide-example").set_value("orange-juice-weekly").run())
    at.checkbox(key="decide-low-priority").check().run()
    assert "tier: low_priority" in "\n".join(_code_blocks(at))


def test_realtime_export_has_online_endpoint_and_deployment(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    _open_export(at.radio(key="decide-example").set_value("card-fraud-check").run())
    blocks = "\n".join(_code_blocks(at))
    assert "managedOnlineEndpoint.schema.json" in blocks
    priced = decide(use_case("card-fraud-check").inputs).costs
    assert priced is not None
    assert f"instance_count: {priced.comparison.realtime.peak_nodes}" in blocks
    assert f"instance_type: {priced.comparison.realtime.sku}" in blocks
    assert "az ml online-deployment create -f deployment.yml --all-traffic" in blocks


def test_a_bad_endpoint_name_is_explained(open_page: OpenPage) -> None:
    at = _open_export(open_page("pages/decide.py"))
    key = next(t.key for t in at.text_input if t.key and t.key.startswith("decide-endpoint-name"))
    at.text_input(key=key).set_value("9-lives!").run()
    errors = [e.value for e in at.error]
    assert any("Endpoint name must be 3 to 32 letters" in e for e in errors)
    assert not [c for c in _code_blocks(at) if "$schema" in c]


def test_compare_mode_collects_use_cases_and_exports_them(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    # Closed, the section builds nothing: no buttons, no table.
    assert not [b for b in at.button if str(b.key).startswith("decide-compare-")]
    at.text_input(key="decide-name").set_value("Our own model").run()
    at.session_state[COMPARE_OPEN_KEY] = True
    at.run()
    at.button(key="decide-compare-add").click().run()
    at.button(key="decide-compare-examples").click().run()
    table = at.dataframe[0].value
    assert len(table) == len(load_use_cases()) + 1
    assert table["Use case"].iloc[0] == "Our own model"
    assert {"Recommendation", "Key reason"} <= set(table.columns)
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download CSV" in labels and "Download Markdown" in labels
    # Closed again, the collected use cases stay in session state.
    at.session_state[COMPARE_OPEN_KEY] = False
    at.run()
    assert not at.dataframe
    assert len(at.session_state[PORTFOLIO_KEY]) == len(load_use_cases()) + 1
    at.session_state[COMPARE_OPEN_KEY] = True
    at.run()
    assert len(at.dataframe[0].value) == len(load_use_cases()) + 1
    at.button(key="decide-compare-clear").click().run()
    assert not at.dataframe


def test_estimate_the_cost_opens_the_estimator_with_the_same_figures(
    open_page: OpenPage,
) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value("orange-juice-weekly").run()
    mine = _figures(at)
    at.button(key="decide-estimate-cost").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Cost estimator")
    assert at.query_params["latency_ms"] == "200"
    assert at.query_params["batch_schedule"] == "weekly"
    assert at.query_params["predictions_per_day"] == "5000"
    # The estimator's two totals, read by the same labels: the same dollars.
    theirs = _cost_page_figures(at)
    assert theirs == mine
    # The estimator read every value from the link (it would warn about any it ignored).
    assert not [w.value for w in at.warning if "link" in w.value.lower()]
    # The shared link, opened by someone else, shows the same compute and dollars.
    link = {key: at.query_params[key] for key in at.query_params}
    shared = open_page("pages/cost_estimator.py", **{k: str(v) for k, v in link.items()})
    assert _cost_page_figures(shared) == theirs
    # And back on Decide, the whole use case is still there.
    at.switch_page("pages/decide.py").run()
    assert _figures(at) == mine


def test_answers_survive_a_visit_to_another_page(open_page: OpenPage) -> None:
    at = open_page("pages/decide.py")
    at.radio(key="decide-frequency").set_value(Frequency.DAILY)
    at.text_input(key="decide-name").set_value("Kept answers").run()
    at.switch_page("pages/lesson.py").run()
    at.switch_page("pages/decide.py").run()
    assert at.radio(key="decide-frequency").value == Frequency.DAILY
    assert at.text_input(key="decide-name").value == "Kept answers"


def test_without_the_cost_page_the_button_is_disabled_and_the_verdict_stands(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    import components.deciding.result as decide_result

    monkeypatch.setattr(decide_result, "COST_PAGE", "pages/not_there.py")
    at = open_page("pages/decide.py")
    assert at.button(key="decide-estimate-cost").disabled
    assert _headline(at) == "Real-time endpoint"


def test_an_example_loads_again_after_its_answers_were_edited(open_page: OpenPage) -> None:
    """The examples' radio is cleared after each load, as a button would be: choosing the same
    example again restores its answers."""
    at = open_page("pages/decide.py")
    at.radio(key="decide-example").set_value("patient-mobile-app").run()
    assert at.radio(key="decide-example").value is None
    title = at.text_input(key="decide-name").value
    at.text_input(key="decide-name").set_value("Edited").run()
    at.radio(key="decide-frequency").set_value(Frequency.WEEKLY).run()
    at.radio(key="decide-example").set_value("patient-mobile-app").run()
    assert at.text_input(key="decide-name").value == title
    assert at.radio(key="decide-frequency").value != Frequency.WEEKLY
