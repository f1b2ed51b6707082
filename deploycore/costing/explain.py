"""The cost engine's working shown: each figure's formula with its numbers, the assumptions and
the warnings. For the page's "How this is computed" and the exports. Not for computing prices.
"""

from __future__ import annotations

import numpy as np

from deploycore.costing import queueing as sizing
from deploycore.costing.inputs import CostInputs
from deploycore.costing.prices import BatchPrices, RealtimePrices
from deploycore.costing.results import BatchEstimate, ExplanationLine, RealtimeEstimate
from deploycore.units import DAYS_PER_MONTH, HOURS_PER_MONTH, usd
from deploycore.vocabulary import SCHEDULE_INTERVAL_MINUTES, SCHEDULE_LABELS


def warnings_for(inputs: CostInputs, realtime: RealtimeEstimate, batch: BatchEstimate) -> list[str]:
    found: list[str] = []
    interval_min = SCHEDULE_INTERVAL_MINUTES[inputs.batch_schedule]
    if not inputs.sides_price_same_volume:
        found.append(
            f"These two sides price different volumes: batch scores {inputs.rows_per_run:,.0f} "
            f"rows per {SCHEDULE_LABELS[inputs.batch_schedule]} run, but "
            f"{inputs.predictions_per_day:,.0f} predictions a day make "
            f"{inputs.rows_per_run_for_volume:,.0f} rows per run. Clear 'Rows per batch run' to "
            "price the same volume on both sides."
        )
    if batch.job_minutes > interval_min:
        found.append(
            f"A batch run takes {batch.job_minutes:,.0f} min, longer than the "
            f"{SCHEDULE_LABELS[inputs.batch_schedule]} schedule ({interval_min:,.0f} min): runs "
            "would overlap. "
            "Add nodes or run less often."
        )
    if (
        inputs.realtime_service == "aws-sagemaker-serverless"
        and inputs.p95_latency_target_ms < 5000
    ):
        found.append(
            "Serverless endpoints scale to zero and cold starts take seconds: the first requests "
            "after a quiet spell will miss a p95 target below 5 s."
        )
    if (
        inputs.realtime_service == "azure-kubernetes-service-free"
        and max(realtime.nodes_by_hour) > 10
    ):
        found.append("The AKS Free tier is meant for fewer than 10 nodes: use the Standard tier.")
    if inputs.min_replicas < 2 and inputs.realtime_service != "aws-sagemaker-serverless":
        found.append("One replica minimum: no high availability (that needs at least 2).")
    if inputs.low_priority:
        found.append("Low-priority nodes can be pre-empted: a run may take longer than estimated.")
    return found


def assumptions(inputs: CostInputs) -> list[str]:
    """What the estimate takes for granted, in words (shown on the page and in exports)."""
    return [
        f"A month is {HOURS_PER_MONTH:g} hours ({DAYS_PER_MONTH:.2f} days), as cloud "
        "calculators use.",
        "Requests arrive at random (Poisson) and service times vary exponentially (M/M/c queue).",
        "Each replica serves one request per whole vCPU at a time (at least one).",
        "The peak requests per second applies to the busiest hour; other hours scale with the "
        "daily shape.",
        "A batch node runs one model copy per vCPU/memory slot it has; per-row time equals the "
        "model's latency per prediction.",
        "Batch nodes are billed from the start of node start-up until scale-down (start-up, work, "
        "then the idle wait), never more than the time between runs; min_instances is 0.",
        "A scheduled batch run starts at least one node even when there are no rows.",
        "Batch volume follows the workload: rows per run = predictions per day × days between "
        "runs, unless you override it (the page then says the sides price different volumes).",
        "Where the idle wait before scale-down outlasts the gap between runs, nodes stay up: they "
        "are billed all the time and a run needs no start-up.",
        "Delivery time of batch: on schedules under an hour a record waits up to one interval for "
        "the next run, then the run's time; on hourly and longer schedules it is counted from the "
        "end of the period the run scores.",
        "A request of several rows takes rows × latency per row to score.",
        "Prices are list, pay-as-you-go prices in one region; no reservations, savings plans, "
        "storage, networking, data processed or taxes.",
        "Unconfirmed catalog prices are marked in the sources; override any price on the page.",
    ]


# ----------------------------------------------------------------------- explanation


def explain(
    inputs: CostInputs,
    rt_prices: RealtimePrices,
    bt_prices: BatchPrices,
    realtime: RealtimeEstimate,
    batch: BatchEstimate,
) -> list[ExplanationLine]:
    weights = sizing.shape_weights(inputs.daily_shape, inputs.hourly_weights)
    busiest = int(np.argmax(realtime.arrival_rps_by_hour))
    lam = realtime.arrival_rps_by_hour[busiest]
    latency_s = inputs.latency_ms / 1000.0
    request_s = inputs.request_ms / 1000.0
    lines = [
        ExplanationLine(
            topic="Arrival rate in the busiest hour",
            formula="λ_h = max(predictions_per_day × w_h / 3600 s, peak × w_h / max(w))",
            numbers=(
                f"hour {busiest:02d}:00: λ = max({inputs.predictions_per_day:,.0f} × "
                f"{weights[busiest]:.4f} / 3600, {inputs.peak_requests_per_second:g} × "
                f"{weights[busiest] / weights.max():.3f}) = {lam:,.3f} requests/s"
            ),
        ),
        ExplanationLine(
            topic="Requests in flight (Little's law)",
            formula="L = λ × W",
            numbers=f"L = {lam:,.3f} /s × {request_s:g} s = {lam * request_s:,.3f} requests",
        ),
    ]
    if rt_prices.kind == "serverless":
        lines.append(
            ExplanationLine(
                topic="Serverless compute",
                formula="USD/month = predictions/day × latency × memory × USD/GB-s × days/month",
                numbers=(
                    f"{inputs.predictions_per_day:,.0f} × {latency_s:g} s × "
                    f"{rt_prices.serverless_memory_gb:g} GB × "
                    f"${rt_prices.serverless_usd_per_gb_second:.8f} × {DAYS_PER_MONTH:.2f} = "
                    f"{usd(realtime.total_usd_per_month)}"
                ),
            )
        )
    else:
        per_replica = inputs.slots_per_replica
        replicas = realtime.replicas_by_hour[busiest]
        lines += [
            ExplanationLine(
                topic="Replicas in the busiest hour (M/M/c, Erlang C)",
                formula=(
                    "c = smallest number of request slots with λ×latency/c ≤ target utilisation "
                    "and p95 wait = ln(C(c, A)/0.05)/(c/latency − λ) ≤ p95 target − latency; "
                    "replicas = max(min_replicas, ceil(c / slots per replica))"
                ),
                numbers=(
                    f"A = {lam * request_s:,.3f}, target {inputs.target_utilisation_percent:g} %, "
                    f"wait budget {inputs.p95_latency_target_ms - request_s * 1000:g} ms, "
                    f"{per_replica} slot(s) per replica, min {inputs.min_replicas} → "
                    f"{replicas} replicas, p95 wait {realtime.p95_wait_ms_busiest_hour:,.1f} ms"
                ),
            ),
            ExplanationLine(
                topic="Replica-hours per month",
                formula="Σ_h replicas_h × days per month"
                + ("" if inputs.autoscaling else " (autoscaling off: the peak count every hour)"),
                numbers=(
                    f"{sum(realtime.replicas_by_hour)} replica-hours/day × {DAYS_PER_MONTH:.2f} = "
                    f"{realtime.replica_hours_per_month:,.1f} replica-hours"
                ),
            ),
        ]
        if rt_prices.kind == "per-resource":
            vcpu_price = rt_prices.rows[0].usd_per_unit
            gb_price = rt_prices.rows[1].usd_per_unit
            lines.append(
                ExplanationLine(
                    topic="Price per replica-hour",
                    formula="(vCPU × USD per vCPU-s + GB × USD per GB-s) × 3600",
                    numbers=(
                        f"({inputs.replica_vcpu:g} × ${vcpu_price:.8f} + "
                        f"{inputs.replica_memory_gb:g} × ${gb_price:.8f}) × 3600 = "
                        f"${rt_prices.usd_per_replica_hour:.4f}/hour"
                    ),
                )
            )
        else:
            lines.append(
                ExplanationLine(
                    topic="Nodes",
                    formula="nodes_h = ceil(replicas_h / replicas per node); cost = nodes × price",
                    numbers=(
                        f"{rt_prices.replicas_per_node} replica(s) fit a {rt_prices.sku} node "
                        f"(${rt_prices.usd_per_node_hour:g}/hour); busiest hour: "
                        f"{realtime.nodes_by_hour[busiest]} node(s)"
                    ),
                )
            )
        lines.append(
            ExplanationLine(
                topic="Real-time split",
                formula="compute = cost × busy share (λ × latency / capacity); idle = the rest",
                numbers=(
                    f"compute {usd(realtime.compute_usd_per_month)} + idle capacity "
                    f"{usd(realtime.idle_capacity_usd_per_month)} + control plane "
                    f"{usd(realtime.control_plane_usd_per_month)} = "
                    f"{usd(realtime.total_usd_per_month)} per month"
                ),
            )
        )
    lines += [
        ExplanationLine(
            topic="Batch nodes and parallelism",
            formula=(
                "copies per node = min(floor(node vCPU / model vCPU), floor(node GB / model GB));"
                " nodes = min(max_nodes, ceil(rows / copies per node))"
            ),
            numbers=(
                f"{bt_prices.parallelism} copies per {bt_prices.sku} node; "
                f"{batch.nodes_used} node(s) of at most {inputs.max_nodes}"
            ),
        ),
        ExplanationLine(
            topic="Batch delivery time (time to result)",
            formula=(
                "wait for the next run (schedules under an hour) + start-up (none on warm nodes) "
                "+ rows × per-row time / (nodes × parallelism)"
            ),
            numbers=(
                f"{batch.time_to_result_minutes - batch.job_minutes:g} min + "
                f"{batch.startup_minutes:g} min + {inputs.rows_per_run:,.0f} × "
                f"{latency_s:g} s / ({batch.nodes_used} × {bt_prices.parallelism}) = "
                f"{batch.time_to_result_minutes:,.2f} min "
                + (
                    f"≤ tolerated {inputs.tolerated_delay_minutes:g} min: meets the delay"
                    if batch.meets_tolerated_delay
                    else f"> tolerated {inputs.tolerated_delay_minutes:g} min: too slow"
                )
            ),
        ),
        ExplanationLine(
            topic="Billed node time per run",
            formula="min(job time + idle before scale-down, time between runs) per node",
            numbers=(
                f"min({batch.job_minutes:,.2f} + "
                f"{inputs.idle_before_scale_down_seconds / 60:g} min, schedule) = "
                f"{batch.billed_node_minutes_per_run:,.2f} min × {batch.nodes_used} node(s)"
            ),
        ),
        ExplanationLine(
            topic="Batch monthly cost",
            formula="runs per month × nodes × billed hours per node × USD per node-hour",
            numbers=(
                f"{batch.runs_per_month:,.2f} × {batch.nodes_used} × "
                f"{batch.billed_node_minutes_per_run / 60:,.4f} h × ${batch.usd_per_node_hour:g} = "
                f"{usd(batch.total_usd_per_month)}"
            ),
        ),
    ]
    return lines
