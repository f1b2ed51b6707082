"""The wizard's verdict on screen: recommendation, contradictions, one line per factor, flips.

Renders a `Recommendation` and its flips; every direction is said in words (never colour
alone), and the seed sentence behind each factor is shown next to it. No deciding here. The
prose is rendered on the server (`components.prose`): as browser-parsed Markdown it cost about
0.1 s of a fresh visit (README, *Page speed*).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.costing.totals import monthly_figures
from components.prose import show_prose
from deploycore.costing.links import to_query_params
from deploycore.deciding.costs import cost_inputs_for
from deploycore.deciding.flips import Flip
from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.rules import Kind
from deploycore.deciding.verdict import Recommendation
from deploycore.infra.settings import ROOT
from deploycore.infra.text import escape_markdown
from deploycore.vocabulary import Side

COST_PAGE = "pages/cost_estimator.py"
_GO_TO_COST = "decide-go-to-cost"
FACTORS_HEADING = "Why: factor by factor"
_ICONS = {
    Kind.REAL_TIME: ":material/bolt:",
    Kind.BATCH: ":material/schedule:",
    Kind.EITHER: ":material/balance:",
}


def show_recommendation(result: Recommendation) -> None:
    """The headline, compute, confidence and the top reason."""
    with st.container(border=True, key="decide-recommendation"):
        top = result.top_reason
        # One Markdown element: the heading and its paragraphs (each element is one more
        # message and block for the browser).
        paragraphs = [
            f"### {_ICONS[result.kind]} Recommendation: {result.headline}",
            f"Use {result.compute}.",
            f"**Confidence: {result.confidence}.**",
        ]
        if result.disagreement:
            paragraphs += [result.disagreement, f"Strongest factor ({top.factor}): {top.why}"]
        else:
            paragraphs.append(f"Main reason ({top.factor}): {top.why}")
        paragraphs.append(f":small[Seed, {top.seed_section}: “{top.seed_sentence}”]")
        show_prose("\n\n".join(paragraphs))


def show_contradictions(result: Recommendation) -> None:
    """Answers that do not fit together, pointed out (not silently resolved)."""
    if not result.contradictions:
        return
    with st.container(key="decide-contradictions"):
        for text in result.contradictions:
            st.warning(text, icon=":material/rule:")


def show_factors(result: Recommendation) -> None:
    """One line per factor: the answer, which way it points (in words), why, the seed.

    A Markdown list, not a table: the page's largest Markdown element was the factor table,
    about 94 ms of the browser's main thread before the first paint (README, *Page speed*).
    """
    lines = [
        f"- **{escape_markdown(row.factor)}** (your answer: {escape_markdown(row.answer)}): "
        f"points **{escape_markdown(row.points)}{' (decides it)' if row.decisive else ''}**. "
        f"{escape_markdown(row.why)} :small[The seed "
        f"({escape_markdown(row.seed_section.split(' › ')[-1])}): "
        f"“{escape_markdown(row.seed_sentence)}”]"
        for row in result.rows
    ]
    with st.container(key="decide-factors"):
        show_prose(f"### {FACTORS_HEADING}\n\n" + "\n".join(lines))


def show_flips(flips: Sequence[Flip]) -> None:
    """The smallest changes of answers that would change the recommendation."""
    if not flips:
        body = "No change of one or two answers changes this recommendation."
    else:  # one list
        body = "\n".join(f"- {flip.sentence}" for flip in flips)
    with st.container(key="decide-flips"):
        show_prose(f"### What would change the answer\n\n{body}")


def _request_cost_page() -> None:
    st.session_state[_GO_TO_COST] = True


def show_costs(result: Recommendation, inputs: DecisionInputs) -> None:
    """Monthly dollars for both options and the "Estimate the cost" button."""
    heading = "### What it would cost"
    with st.container(border=True, key="decide-costs"):
        costs = result.costs
        if costs is None:
            show_prose(f"{heading}\n\n{result.cheaper_basis}")
        else:
            comparison = costs.comparison
            # The heading, what each side runs on, the verdict, the notes and the two monthly
            # figures are one Markdown element. The figures were two `st.metric`s in a row: the
            # metric's browser code (with a number formatter) took about 110 ms of the
            # browser's main thread before the page was first drawn (README, *Page speed*).
            rt_word, bt_word = comparison.badge(Side.REAL_TIME), comparison.badge(Side.BATCH)
            sides = (
                f"- **Real-time:** {comparison.realtime.compute_words}"
                + (f": {rt_word}" if rt_word else "")
                + f"\n- **Batch:** {comparison.batch.compute_words}"
                + (f": {bt_word}" if bt_word else "")
            )
            notes = "".join(f"\n\n:small[{note}]" for note in costs.notes)
            show_prose(
                f"{heading}\n\n{sides}\n\n{comparison.verdict}{notes}\n\n"
                + monthly_figures(costs.realtime_usd_per_month, costs.batch_usd_per_month)
            )
        available = (ROOT / COST_PAGE).exists()
        st.button(
            "Estimate the cost",
            key="decide-estimate-cost",
            icon=":material/payments:",
            on_click=_request_cost_page,
            disabled=not available,
            help="Open the cost estimator with these answers filled in."
            if available
            else "The cost estimator page is not part of this app yet.",
        )
    if st.session_state.pop(_GO_TO_COST, False) and available:
        params = _cost_query_params(inputs)
        st.switch_page(COST_PAGE, query_params=params)


def _cost_query_params(inputs: DecisionInputs) -> dict[str, str]:
    return to_query_params(cost_inputs_for(inputs))
