"""Cost estimator outputs: both options side by side, charts with summaries, sizing, exports.

Renders a `CostEstimate` from the core; computes nothing itself.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.costing.totals import monthly_figure
from deploycore.costing import charts as cost_charts
from deploycore.costing import report as cost_report
from deploycore.costing.estimate import CostEstimate
from deploycore.infra.text import escape_markdown
from deploycore.units import minutes_words
from deploycore.vocabulary import SCHEDULE_LABELS, Side


def share_link(params: dict[str, str], page_path: str = "cost_estimator") -> str:
    """The page's address with every input in the query string."""
    base = (st.context.url or "").rstrip("/")
    if base.endswith(f"/{page_path}"):  # the browser's URL may already name this page
        base = base[: -len(page_path) - 1]
    return f"{base}/{page_path}?{urlencode(params, safe=',:')}"


def side_by_side(result: CostEstimate) -> None:
    """Both monthly totals side by side, each with what it runs on, then the verdict.

    Each box is one Markdown element: the total as a heading line (the same figure and label
    as on Decide, `totals.monthly_figure`), the service and its word, the sizing in small
    print. They were a `st.metric` and a caption: the metric's browser code cost the page
    about 110 ms before its first paint, and each element is one more message.
    """
    comparison = result.comparison
    rt, bt = comparison.realtime, comparison.batch
    with st.container(key="cost-summary", border=True):
        # One row of two equal boxes: two blocks fewer than st.columns (columns and each column).
        row = st.container(horizontal=True)
        low, high = min(rt.replicas_by_hour), max(rt.replicas_by_hour)
        count = f"{high}" if low == high else f"{low} to {high}"
        realtime_sizing = (
            f"{rt.sku}; {count} replica{'' if high == 1 else 's'}, "
            f"{rt.replica_hours_per_month:,.0f} replica-hours per month; p95 wait in the "
            f"busiest hour {rt.p95_wait_ms_busiest_hour:,.1f} ms."
        )
        delay = (
            "meets the tolerated delay"
            if bt.meets_tolerated_delay
            else "does NOT meet the tolerated delay"
        )
        warm = "; nodes stay up between runs" if bt.nodes_stay_warm else ""
        batch_sizing = (
            f"{bt.nodes_used} × {bt.sku} ({bt.priority}), {SCHEDULE_LABELS[bt.schedule]}, "
            f"{bt.rows_per_run:,.0f} rows per run, {bt.runs_per_month:,.2f} runs per month"
            f"{warm}; time to result {minutes_words(bt.time_to_result_minutes)} vs "
            f"{minutes_words(bt.tolerated_delay_minutes)} tolerated: {delay}."
        )
        for side, total, service, sizing, box in (
            (Side.REAL_TIME, rt.total_usd_per_month, rt.service_label, realtime_sizing,
             "cost-realtime-total"),
            (Side.BATCH, bt.total_usd_per_month, bt.service_label, batch_sizing,
             "cost-batch-total"),
        ):  # fmt: skip
            word = comparison.badge(side)
            with row.container(key=box):
                st.markdown(
                    f"### {monthly_figure(side, total)}\n\n"
                    f"**{service}**{': ' + word if word else ''}\n\n"
                    f":small[{sizing}]"
                )
        with st.container(key="cost-verdict"):
            if comparison.choice is not None and not comparison.cheaper_misses_deadline:
                st.success(comparison.verdict, icon=":material/check_circle:")
            else:
                st.warning(comparison.verdict, icon=":material/timer:")
    for text in comparison.warnings:
        st.info(text, icon=":material/info:")


def _chart(figure_key: str, figure: object, summary: str) -> None:
    st.plotly_chart(figure, key=figure_key, alt=summary)
    with st.container(key=f"{figure_key}-summary"):
        st.markdown(f"**In words:** {summary}")


CHART_VIEWS = ("In words", "Cost breakdown", "Break-even", "24-hour timeline", "What matters most")


def charts(result: CostEstimate) -> None:
    """Words or one of four charts, chosen in a horizontal radio; only the chosen view is built.

    A radio, not `st.tabs`: the tabs were six blocks on the first paint (the bar and five
    panels, four of them empty); the radio is one element, and its browser code is on the
    page already (the preset).
    """
    comparison = result.comparison
    view = st.radio(
        "Show", options=CHART_VIEWS, horizontal=True, key="cost-charts",
        label_visibility="collapsed",
    )  # fmt: skip
    if view == "Cost breakdown":
        _chart(
            "cost-chart-breakdown",
            cost_charts.breakdown_figure(comparison),
            cost_charts.breakdown_summary(comparison),
        )
    elif view == "Break-even":
        _chart(
            "cost-chart-breakeven",
            cost_charts.break_even_figure(result.break_even),
            cost_charts.break_even_summary(result.break_even),
        )
        st.caption(
            "Peak requests per second grows in proportion to the daily volume and each "
            "batch run scores the volume of the days it covers; everything else stays as "
            "entered. A switch is where the cheaper side changes, found exactly (one "
            "prediction a day apart), not where straight lines would meet."
        )
    elif view == "24-hour timeline":
        _chart(
            "cost-chart-timeline",
            cost_charts.timeline_figure(comparison),
            cost_charts.timeline_summary(comparison),
        )
    elif view == "What matters most":
        _chart(
            "cost-chart-tornado",
            cost_charts.tornado_figure(result.tornado),
            cost_charts.tornado_summary(result.tornado),
        )
    else:
        # Words and a table first: the page shows content before any chart library loads
        # (Plotly's browser code is 4.7 MB). One Markdown element (each element is a message
        # and a redraw on every change).
        with st.container(key="cost-in-words"):
            st.markdown(
                f"{cost_charts.breakdown_summary(comparison)}\n\n"
                f"{breakdown_lines(cost_charts.breakdown_rows(comparison))}\n\n"
                ":small[Choose a chart above; each also says what it shows.]"
            )


def breakdown_lines(rows: list[dict[str, str]]) -> str:
    """The breakdown as one Markdown list line per side ("**Real-time**: compute in use
    $9.02; ...; total $36.06"): every figure of the table it replaces, which was the first
    paint's largest Markdown element (about 90 ms of the browser's main thread, README)."""
    sides: dict[str, list[str]] = {}
    for row in rows:
        part = f"{escape_markdown(row['part'])} **{escape_markdown(row['USD per month'])}**"
        sides.setdefault(row["side"], []).append(part)
    return "\n".join(
        f"- **{escape_markdown(side)}**, USD per month: {'; '.join(parts)}"
        for side, parts in sides.items()
    )


def explanation(result: CostEstimate) -> None:
    comparison = result.comparison
    details = st.expander(
        "How was this computed?", icon=":material/calculate:", key="cost-how", on_change="rerun"
    )
    if not details.open:
        return  # built only while open
    with details:
        with st.container(key="cost-explanation"):
            for line in comparison.explanation:
                st.markdown(f"**{line.topic}**  \n`{line.formula}`  \n{line.numbers}")
        st.markdown("**Sizing hour by hour**")
        rt, bt = comparison.realtime, comparison.batch
        st.dataframe(
            pd.DataFrame(
                {
                    "hour": [f"{h:02d}:00" for h in range(24)],
                    "arrival rate (requests/s)": rt.arrival_rps_by_hour,
                    "requests in flight": rt.concurrency_by_hour,
                    "real-time replicas": rt.replicas_by_hour,
                    "real-time nodes": rt.nodes_by_hour,
                    "batch nodes (average)": bt.nodes_active_by_hour,
                }
            ),
            hide_index=True,
            key="cost-sizing-table",
        )
        st.markdown("**Assumptions**")
        st.markdown("\n".join(f"- {text}" for text in comparison.assumptions))


def downloads(result: CostEstimate, link: str) -> None:
    comparison = result.comparison
    # One wrapping row: the text fills the first line, the three buttons share the next (a
    # row of their own was one more block).
    with st.container(key="cost-share", horizontal=True):
        # One Markdown element. Inline code, not st.code: the code block's highlighter is a
        # 1.5 MB download. The link is URL-encoded (no backticks or spaces), so it cannot break
        # out of the span.
        st.markdown(
            "**Share or keep this estimate**\n\n:small[The address bar holds every input; this "
            f"link opens the same estimate.]\n\n`{link}`",
            width="stretch",
        )
        st.download_button(
            "Download CSV", data=lambda: cost_report.to_csv(comparison),
            file_name="cost-estimate.csv",
            mime="text/csv", key="cost_download_csv", on_click="ignore",
            icon=":material/table:",
        )  # fmt: skip
        st.download_button(
            "Download JSON", data=lambda: cost_report.to_json(comparison, link),
            file_name="cost-estimate.json", mime="application/json",
            key="cost_download_json", on_click="ignore", icon=":material/data_object:",
        )  # fmt: skip
        st.download_button(
            "Download report (Markdown)",
            data=lambda: cost_report.to_markdown(comparison, link),
            file_name="cost-estimate.md", mime="text/markdown", key="cost_download_md",
            on_click="ignore", icon=":material/description:",
        )  # fmt: skip
