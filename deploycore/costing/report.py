"""Exports of a cost estimate: CSV (guarded against formula injection), JSON and Markdown.

For the download buttons and for sending an estimate after a meeting. Each export carries the
inputs, the results with units, the explanation, assumptions and price sources.
Not for computing anything.
"""

from __future__ import annotations

import json
from typing import Any

from deploycore.costing.currency import DisplayCurrency, display_currency
from deploycore.costing.links import to_query_params
from deploycore.costing.results import CostComparison
from deploycore.infra import csv_export
from deploycore.units import usd


def result_rows(comparison: CostComparison) -> list[tuple[str, str, str, str]]:
    """(section, item, value, unit) rows: inputs, results, explanation, sources."""
    rows: list[tuple[str, str, str, str]] = []
    for name, value in to_query_params(comparison.inputs).items():
        rows.append(("input", name, value, ""))
    rt, bt = comparison.realtime, comparison.batch
    results = [
        ("real-time service", rt.service_label, ""),
        ("real-time size", rt.sku, ""),
        ("real-time compute", f"{rt.compute_usd_per_month:.2f}", "USD/month"),
        ("real-time idle capacity", f"{rt.idle_capacity_usd_per_month:.2f}", "USD/month"),
        ("real-time control plane", f"{rt.control_plane_usd_per_month:.2f}", "USD/month"),
        ("real-time total", f"{rt.total_usd_per_month:.2f}", "USD/month"),
        ("real-time replica-hours", f"{rt.replica_hours_per_month:.1f}", "replica-hours/month"),
        ("real-time peak replicas", str(max(rt.replicas_by_hour)), "replicas"),
        ("real-time p95 wait, busiest hour", f"{rt.p95_wait_ms_busiest_hour:.1f}", "ms"),
        ("batch service", bt.service_label, ""),
        ("batch node size", f"{bt.sku} ({bt.priority})", ""),
        ("batch schedule", bt.schedule.value, ""),
        ("batch runs", f"{bt.runs_per_month:.2f}", "runs/month"),
        ("batch rows per run", f"{bt.rows_per_run:.0f}", "rows"),
        (
            "batch rows follow the daily volume",
            "yes" if bt.rows_follow_volume else "no: the sides price different volumes",
            "",
        ),
        ("batch nodes used", str(bt.nodes_used), "nodes"),
        ("batch time to result", f"{bt.time_to_result_minutes:.2f}", "minutes"),
        ("batch meets tolerated delay", "yes" if bt.meets_tolerated_delay else "no", ""),
        ("batch billed node time per run", f"{bt.billed_node_minutes_per_run:.2f}", "min/node"),
        ("batch processing", f"{bt.processing_usd_per_month:.2f}", "USD/month"),
        ("batch node start-up", f"{bt.startup_usd_per_month:.2f}", "USD/month"),
        ("batch idle before scale-down", f"{bt.scale_down_idle_usd_per_month:.2f}", "USD/month"),
        ("batch total", f"{bt.total_usd_per_month:.2f}", "USD/month"),
        ("cheaper", comparison.cheaper.value, ""),
        ("real-time meets tolerated delay", "yes" if rt.meets_tolerated_delay else "no", ""),
        ("choice (cheapest that meets the delay)", comparison.choice or "neither", ""),
        ("verdict", comparison.verdict, ""),
    ]
    rows += [("result", item, value, unit) for item, value, unit in results]
    rows += _currency_rows(comparison, display_currency(comparison.inputs))
    rows += [("explanation", line.topic, f"{line.formula} | {line.numbers}", "") for line in
             comparison.explanation]  # fmt: skip
    rows += [("warning", "", text, "") for text in comparison.warnings]
    rows += [("assumption", "", text, "") for text in comparison.assumptions]
    rows += [
        (
            "source",
            row.price_id,
            f"{row.usd_per_unit:.10g}",
            f"USD/{row.unit}; {row.region}; {row.source_url}; as of {row.as_of.isoformat()}; "
            + ("confirmed" if row.confirmed else "unconfirmed"),
        )
        for row in comparison.sources
    ]
    return rows


def _currency_rows(
    comparison: CostComparison, currency: DisplayCurrency | None
) -> list[tuple[str, str, str, str]]:
    """The two totals in the display currency, with the rate and its date (none for USD)."""
    if currency is None:
        return []
    per_month = f"{currency.code}/month"
    realtime = currency.convert(comparison.realtime_usd_per_month)
    batch = currency.convert(comparison.batch_usd_per_month)
    return [
        ("currency", "real-time total", f"{realtime:.2f}", per_month),
        ("currency", "batch total", f"{batch:.2f}", per_month),
        ("currency", "exchange rate", f"{currency.per_usd:g}", f"{currency.code} per USD"),
        ("currency", "exchange rate date", currency.rate_date.isoformat(), "entered by hand"),
    ]  # fmt: skip


def to_csv(comparison: CostComparison) -> str:
    """Inputs, results, explanation and sources as spreadsheet-safe CSV."""
    return csv_export.to_csv(["section", "item", "value", "unit"], result_rows(comparison))


def to_json(comparison: CostComparison, link: str = "") -> str:
    data: dict[str, Any] = comparison.model_dump(mode="json")
    data["verdict"] = comparison.verdict
    data["query_params"] = to_query_params(comparison.inputs)
    currency = display_currency(comparison.inputs)
    if currency is not None:
        data["display_currency"] = {
            "code": currency.code,
            "per_usd": currency.per_usd,
            "rate_date": currency.rate_date.isoformat(),
            "statement": currency.statement(),
            "realtime_per_month": round(currency.convert(comparison.realtime_usd_per_month), 2),
            "batch_per_month": round(currency.convert(comparison.batch_usd_per_month), 2),
        }
    if link:
        data["link"] = link
    return json.dumps(data, indent=2, ensure_ascii=False)


def _md(text: str) -> str:
    """Escape Markdown table separators in a cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _currency_line(comparison: CostComparison) -> list[str]:
    """The Markdown row of both totals in the display currency (none for USD)."""
    currency = display_currency(comparison.inputs)
    if currency is None:
        return []
    return [
        f"| Monthly cost in {currency.code} (at {currency.per_usd:g} per USD, "
        f"{currency.rate_date.isoformat()}) | {currency.money(comparison.realtime_usd_per_month)} "
        f"| {currency.money(comparison.batch_usd_per_month)} |"
    ]


def to_markdown(comparison: CostComparison, link: str = "") -> str:
    rt, bt = comparison.realtime, comparison.batch
    lines = [
        "# Cost estimate: real-time vs batch",
        "",
        f"**{comparison.verdict}**",
        "",
    ]
    if link:
        lines += [f"Reproduce this estimate: {link}", ""]
    lines += [
        "| | Real-time | Batch |",
        "| --- | --- | --- |",
        f"| Service | {_md(rt.service_label)} | {_md(bt.service_label)} |",
        f"| Size | {_md(rt.sku)} | {_md(bt.sku)} ({bt.priority}) |",
        f"| Monthly cost | {usd(rt.total_usd_per_month)} | {usd(bt.total_usd_per_month)} |",
        f"| Compute / processing | {usd(rt.compute_usd_per_month)} | "
        f"{usd(bt.processing_usd_per_month)} |",
        f"| Idle capacity / idle before scale-down | {usd(rt.idle_capacity_usd_per_month)} | "
        f"{usd(bt.scale_down_idle_usd_per_month)} |",
        f"| Control plane / node start-up | {usd(rt.control_plane_usd_per_month)} | "
        f"{usd(bt.startup_usd_per_month)} |",
        *_currency_line(comparison),
        f"| Time to result | request latency plus p95 wait {rt.p95_wait_ms_busiest_hour:,.1f} ms | "
        f"{bt.time_to_result_minutes:,.1f} min "
        f"({'meets' if bt.meets_tolerated_delay else 'exceeds'} the tolerated "
        f"{bt.tolerated_delay_minutes:g} min) |",
        "",
        *(
            [f"Figures in {currency.code}: {currency.statement()}.", ""]
            if (currency := display_currency(comparison.inputs)) is not None
            else []
        ),
        "## How was this computed?",
        "",
    ]
    for line in comparison.explanation:
        lines.append(f"- **{line.topic}**: `{line.formula}`; {line.numbers}")
    if comparison.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {text}" for text in comparison.warnings]
    lines += ["", "## Inputs", "", "| input | value |", "| --- | --- |"]
    for name, value in to_query_params(comparison.inputs).items():
        lines.append(f"| `{name}` | {_md(value)} |")
    lines += ["", "## Assumptions", ""]
    lines += [f"- {text}" for text in comparison.assumptions]
    lines += [
        "",
        "## Price sources",
        "",
        f"Catalog: {comparison.catalog_name}; oldest price as of "
        f"{comparison.catalog_oldest_as_of}.",
        "",
        "| price id | USD per unit | region | source | as of | status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in comparison.sources:
        status = "confirmed" if row.confirmed else "unconfirmed"
        lines.append(
            f"| `{row.price_id}` | {row.usd_per_unit:.10g} per {row.unit} | {_md(row.region)} "
            f"| {_md(row.source_url)} "
            f"| {row.as_of.isoformat()} | {status} |"
        )
    return "\n".join(lines) + "\n"
