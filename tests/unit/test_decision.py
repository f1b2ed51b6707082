"""The decision rules: the example table, the issue's properties, seed citations, flips."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from deploycore.deciding import flips, verdict
from deploycore.deciding.costs import monthly_costs
from deploycore.deciding.flips import what_would_change
from deploycore.deciding.inputs import (
    Complexity,
    Deadline,
    DecisionInputs,
    Frequency,
    RowsPerRequest,
)
from deploycore.deciding.rules import RULES, Kind
from deploycore.deciding.use_cases import USE_CASES_FILE, load_use_cases, parse_use_cases, use_case
from deploycore.deciding.verdict import Recommendation, decide, kind_of
from deploycore.units import usd
from tests.unit.wizard_strategies import wizard_inputs

SEED = (
    Path(__file__).resolve().parents[2] / "data" / "seed" / "design-a-model-deployment-solution.md"
)
# Order on the real-time <-> batch scale: real-time above "either", "either" above batch.
LEVEL = {Kind.REAL_TIME: 1, Kind.EITHER: 0, Kind.BATCH: -1}


def _seed_text() -> str:
    text = SEED.read_text(encoding="utf-8").replace("**", "")
    return re.sub(r"\s+", " ", text)


inputs_strategy = wizard_inputs()


# ---- the table of examples -----------------------------------------------------------------

CASES = load_use_cases()


def test_the_seed_examples_and_at_least_eight_more_are_shipped() -> None:
    ids = {case.id for case in CASES}
    assert {"shirt-recommender", "orange-juice-weekly", "patient-mobile-app"} <= ids
    assert sum(case.source == "everyday" for case in CASES) >= 8
    assert {case.expected for case in CASES} == set(Kind)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_example_gets_its_expected_answer_and_top_reason(case: Any) -> None:
    result = decide(case.inputs)
    assert result.kind is case.expected, result.rows
    assert result.top_reason.rule_key == case.expected_top_reason
    assert not result.contradictions, result.contradictions


@pytest.mark.parametrize(
    ("case_id", "kind", "top"),
    [
        ("shirt-recommender", Kind.REAL_TIME, "timeliness"),
        ("orange-juice-weekly", Kind.BATCH, "timeliness"),
        ("patient-mobile-app", Kind.REAL_TIME, "timeliness"),
    ],
)
def test_the_seed_examples_pinned_independently_of_the_data_file(
    case_id: str, kind: Kind, top: str
) -> None:
    result = decide(use_case(case_id).inputs)
    assert (result.kind, result.top_reason.rule_key) == (kind, top)


def test_the_patient_app_runs_on_containers_on_one_instance() -> None:
    """The knowledge check: containers are cost-effective for always-available models."""
    result = decide(use_case("patient-mobile-app").inputs)
    assert "always-on containers" in result.compute
    assert "managed online endpoint, 1 × Standard_DS2_v2" in result.compute


def test_production_scale_runs_several_instances() -> None:
    busy = use_case("card-fraud-check").inputs.model_copy(
        update={"predictions_per_day": 20_000_000}
    )
    result = decide(busy)
    assert result.costs is not None
    count = result.costs.comparison.realtime.peak_nodes
    assert count >= 3 and f"{count} × Standard_DS3_v2" in result.compute


def test_batch_answers_name_an_on_demand_cluster() -> None:
    result = decide(use_case("orange-juice-weekly").inputs)
    assert "on-demand compute cluster" in result.compute
    assert result.confidence == "high"


def test_either_names_the_cheaper_side_or_says_they_cost_the_same() -> None:
    result = decide(use_case("delivery-eta-board").inputs)
    assert result.kind is Kind.EITHER and result.confidence == "low"
    assert result.headline.startswith("Either works;")
    assert result.disagreement.startswith("The factors disagree. Towards real-time: ")
    assert "Where results go" in result.disagreement.split("Towards batch")[0]
    assert decide(use_case("shirt-recommender").inputs).disagreement == ""


def test_the_data_file_is_validated() -> None:
    text = USE_CASES_FILE.read_text(encoding="utf-8").replace("deadline: days", "deadline: soon")
    with pytest.raises(ValidationError):
        parse_use_cases(text)


# ---- properties from the issue -------------------------------------------------------------


def _later(deadline: Deadline) -> list[Deadline]:
    order = list(Deadline)
    return order[order.index(deadline) + 1 :]


@settings(max_examples=150, deadline=None)
@given(inputs=inputs_strategy, data=st.data())
def test_tolerating_more_delay_never_turns_batch_into_real_time(
    inputs: DecisionInputs, data: st.DataObject
) -> None:
    later = _later(inputs.deadline)
    if not later:
        return
    relaxed = inputs.model_copy(update={"deadline": data.draw(st.sampled_from(later))})
    assert LEVEL[kind_of(relaxed)] <= LEVEL[kind_of(inputs)]
    if kind_of(inputs) is Kind.BATCH:
        assert kind_of(relaxed) is Kind.BATCH


@settings(max_examples=150, deadline=None)
@given(inputs=inputs_strategy, data=st.data())
def test_more_frequent_more_urgent_individual_never_turns_real_time_into_batch(
    inputs: DecisionInputs, data: st.DataObject
) -> None:
    frequencies, deadlines = list(Frequency), list(Deadline)
    pushed = inputs.model_copy(
        update={
            "frequency": data.draw(
                st.sampled_from(frequencies[: frequencies.index(inputs.frequency) + 1])
            ),
            "deadline": data.draw(
                st.sampled_from(deadlines[: deadlines.index(inputs.deadline) + 1])
            ),
            "rows": data.draw(st.sampled_from([inputs.rows, RowsPerRequest.ONE_ROW])),
        }
    )
    assert LEVEL[kind_of(pushed)] >= LEVEL[kind_of(inputs)]
    if kind_of(inputs) is Kind.REAL_TIME:
        assert kind_of(pushed) is Kind.REAL_TIME


@settings(max_examples=150, deadline=None)
@given(inputs=inputs_strategy)
def test_every_answer_has_a_reason_that_cites_the_seed(inputs: DecisionInputs) -> None:
    result = decide(inputs)
    seed = _seed_text()
    assert len(result.rows) == len(RULES)
    assert result.top_reason.why
    assert result.top_reason.seed_sentence in seed
    assert all(row.seed_sentence in seed for row in result.rows)


def test_every_seed_sentence_a_rule_can_cite_is_verbatim_in_the_seed() -> None:
    seed = _seed_text()
    for rule in RULES:
        assert rule.seed_sentence in seed, rule.key
        for lean in rule.leans.values():
            assert lean.seed_sentence is None or lean.seed_sentence in seed, rule.key
            assert lean.seed_section is None or lean.seed_section.split(" › ")[-1] in seed


def test_every_rule_covers_every_answer_it_reads() -> None:
    for rule in RULES:
        answers = {rule.read(case.inputs) for case in CASES}
        assert answers <= set(rule.leans), rule.key
        assert len({type(a) for a in rule.leans}) == 1, rule.key
        assert set(type(next(iter(rule.leans)))) == set(rule.leans), rule.key


def test_one_row_per_factor_says_which_way_and_why() -> None:
    result = decide(use_case("orange-juice-weekly").inputs)
    assert [row.rule_key for row in result.rows] == [rule.key for rule in RULES]
    timeliness = result.rows[0]
    assert timeliness.points == "towards batch"
    assert "days" in timeliness.answer


# ---- contradictions ------------------------------------------------------------------------


def _inputs(**changes: Any) -> DecisionInputs:
    return use_case("shirt-recommender").inputs.model_copy(update=changes)


def test_weekly_but_under_a_second_is_pointed_out_not_resolved() -> None:
    odd = _inputs(frequency=Frequency.WEEKLY, deadline=Deadline.UNDER_A_SECOND)
    found = odd.contradictions()
    assert any("weekly" in text and "under a second" in text for text in found)
    assert decide(odd).contradictions == tuple(found)


def test_a_model_slower_than_its_deadline_is_pointed_out() -> None:
    slow = _inputs(latency_ms=2500.0, complexity=Complexity.COMPLEX)
    assert any("2,500 ms" in text for text in slow.contradictions())


def test_results_to_an_app_that_may_wait_days_is_pointed_out() -> None:
    odd = _inputs(deadline=Deadline.DAYS, frequency=Frequency.DAILY)
    assert any("straight back to an app" in text for text in odd.contradictions())


def test_consistent_answers_have_no_contradictions() -> None:
    assert _inputs().contradictions() == []


def test_out_of_range_numbers_are_refused() -> None:
    with pytest.raises(ValidationError):
        _inputs_validated(predictions_per_day=0)
    with pytest.raises(ValidationError):
        _inputs_validated(latency_ms=-5)


def _inputs_validated(**changes: Any) -> DecisionInputs:
    raw = use_case("shirt-recommender").inputs.model_dump()
    return DecisionInputs.model_validate({**raw, **changes})


# ---- what would change the answer ----------------------------------------------------------


def test_a_ten_minute_delay_turns_the_shirt_recommender_away_from_real_time() -> None:
    flips = what_would_change(use_case("shirt-recommender").inputs)
    first = flips[0]
    assert [c.field for c in first.changes] == ["deadline"]
    assert first.changes[0].new_value == Deadline.FIVE_TO_TEN_MINUTES
    assert first.sentence.startswith("If a 10-minute delay were acceptable,")
    assert any(flip.new_kind is Kind.BATCH for flip in flips)


def test_the_weekly_forecast_would_need_results_within_seconds_to_be_real_time() -> None:
    flips = what_would_change(use_case("orange-juice-weekly").inputs)
    assert flips[0].new_kind is Kind.REAL_TIME
    assert flips[0].sentence.startswith(
        "If results were needed within seconds, a real-time endpoint would do, at about $"
    )
    assert flips[0].sentence.endswith("more a month.")


def test_each_flip_says_what_it_saves_or_costs_a_month() -> None:
    inputs = use_case("orange-juice-weekly").inputs
    flip = what_would_change(inputs)[0]
    now, then = monthly_costs(inputs), monthly_costs(flip.new_inputs)
    assert now is not None and then is not None and flip.usd_per_month_saved is not None
    assert flip.usd_per_month_saved == pytest.approx(
        now.batch_usd_per_month - then.realtime_usd_per_month
    )
    assert usd(abs(flip.usd_per_month_saved)) in flip.sentence


def test_without_prices_the_recommendation_stands_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(verdict, "monthly_costs", lambda *_: None)
    monkeypatch.setattr(flips, "monthly_costs", lambda *_: None)
    result = decide(use_case("delivery-eta-board").inputs)
    assert result.kind is Kind.EITHER and result.costs is None
    assert "No prices available" in result.cheaper_basis
    changes = what_would_change(use_case("orange-juice-weekly").inputs)
    assert changes[0].usd_per_month_saved is None and "$" not in changes[0].sentence


@settings(max_examples=60, deadline=None)
@given(inputs=inputs_strategy)
def test_every_use_case_can_be_priced_by_the_cost_engine(inputs: DecisionInputs) -> None:
    costs = monthly_costs(inputs)
    assert costs is not None
    assert costs.realtime_usd_per_month >= 0 and costs.batch_usd_per_month >= 0


@settings(max_examples=60, deadline=None)
@given(inputs=inputs_strategy)
def test_every_flip_really_changes_the_answer_and_is_minimal(inputs: DecisionInputs) -> None:
    before = kind_of(inputs)
    flips = what_would_change(inputs)
    assert flips, "some change of at most two answers always moves the verdict"
    for flip in flips:
        assert flip.new_kind is not before
        assert kind_of(flip.new_inputs) is flip.new_kind
    if len(flips[0].changes) == 2:
        # No single change reaches that verdict.
        assert all(len(flip.changes) == 2 for flip in flips if flip.new_kind is flips[0].new_kind)


def test_recommendation_is_a_pydantic_model_that_round_trips() -> None:
    result = decide(use_case("shirt-recommender").inputs)
    assert Recommendation.model_validate(result.model_dump()) == result
