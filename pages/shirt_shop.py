"""Shirt shop: pick a shirt, a real-time endpoint recommends related items; right-size it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.layout import ensure_app_frame
from components.recommender.recommendations import endpoint_caption, recommendations
from components.recommender.right_sizing import right_sizing_results, send_to_cost_estimator
from components.recommender.storefront import catalog, storefront
from deploycore.infra.text import safe_echo
from deploycore.scenarios.recommender.client import ScoreCall, ScoringError, score
from deploycore.scenarios.recommender.cost_link import shop_cost_link
from deploycore.scenarios.recommender.loadtest import (
    LOAD_GENERATOR,
    LoadTestResult,
    LoadTestSettings,
    right_size,
)
from deploycore.scenarios.recommender.server import ensure_running

ensure_app_frame()

COST_PAGE = "pages/cost_estimator.py"
COST_PAGE_EXISTS = (Path(__file__).resolve().parent / "cost_estimator.py").exists()
PICKED = "shop-picked"
CALL = "shop-call"
SIZING = "shop-sizing"
SIZING_REQUESTED = "shop-sizing-requested"
SEND_MS = "shop-send-ms"
SIZING_SETTINGS = LoadTestSettings(connections=16, duration_s=3.0, max_requests=20_000)

if SEND_MS in st.session_state:
    st.switch_page(COST_PAGE, query_params=shop_cost_link(st.session_state.pop(SEND_MS)))


def _pick(item_id: str) -> None:
    st.session_state[PICKED] = item_id
    st.query_params["item"] = item_id


def _request_sizing() -> None:
    st.session_state[SIZING_REQUESTED] = True


def _send(service_time_ms: float) -> None:
    st.session_state[SEND_MS] = service_time_ms


products = catalog()
by_id = {product.item_id: product for product in products}

st.title("Shirt shop: real-time recommendations")
st.write(
    "A customer selects a shirt on a website and the model recommends related items instantly. "
    "Each pick below sends one request over HTTP to a real scoring endpoint on this machine "
    "(FastAPI on uvicorn) serving a recommender trained on purchase sessions: "
    "“customers who chose this shirt also chose…”"
)  # quotes, not italics: italic text loads a font of its own (137 kB) before the page is complete

from_link = st.query_params.get("item")
if from_link is not None and PICKED not in st.session_state:
    if from_link in by_id and by_id[from_link].category == "shirt":
        st.session_state[PICKED] = from_link
    else:
        st.warning(
            f"The link asks for shirt “{safe_echo(from_link)}”, which is not in the catalog. "
            "Choose a shirt below instead.",
            icon=":material/link_off:",
        )

endpoint: str | None = None
try:
    with st.spinner("Starting the scoring endpoint…"):
        endpoint = ensure_running().url
except (RuntimeError, TimeoutError, OSError) as error:
    st.error(
        f"The scoring endpoint could not be started: {error}. Start it yourself with "
        "`make serve`, then reload this page.",
        icon=":material/error:",
    )

picked: str | None = st.session_state.get(PICKED)
call: ScoreCall | None = st.session_state.get(CALL)
if endpoint and picked and (call is None or call.item_id != picked):
    try:
        call = score(endpoint, picked)
        st.session_state[CALL] = call
    except ScoringError as error:
        st.error(str(error), icon=":material/error:")

shop, answer = st.columns([3, 2], gap="large")
with shop:
    st.header("Shirts")
    storefront(products, _pick, picked)
with answer:
    st.header("Related items")
    if endpoint:
        endpoint_caption(endpoint)
    if call is not None and call.item_id == picked:
        recommendations(call, by_id)
    else:
        st.info("Choose a shirt to see what the model recommends with it.")

st.divider()
st.header("Right-sizing: how many worker processes?")
st.write(
    "Like a cloud inference recommender, but on this machine: load-test the endpoint for "
    f"{SIZING_SETTINGS.duration_s:.0f} seconds with {SIZING_SETTINGS.connections} concurrent "
    f"connections (at most {SIZING_SETTINGS.max_requests:,} requests) at one and at two worker "
    "processes, each on a fresh server, and compare throughput and latency percentiles."
)
st.caption(
    f"Load generator: {LOAD_GENERATOR}. It runs inside this app, on the same cores as the "
    "server (a cloud load test would run elsewhere), so read the figures as this machine's."
)
st.button(
    "Run the right-sizing load test",
    key="shop-right-size",
    icon=":material/speed:",
    on_click=_request_sizing,
    disabled=endpoint is None,
)
if st.session_state.pop(SIZING_REQUESTED, False):
    try:
        with st.spinner("Load-testing 1 and then 2 worker processes…"):
            st.session_state[SIZING] = right_size(
                picked or products[0].item_id, (1, 2), SIZING_SETTINGS
            )
    except (RuntimeError, TimeoutError, OSError) as error:
        st.error(f"The load test could not run: {error}. Try again.", icon=":material/error:")
sizing: list[LoadTestResult] | None = st.session_state.get(SIZING)
if sizing:
    right_sizing_results(sizing)
    service_time_ms = sizing[0].service_time_ms
    st.caption(
        f"Measured service time per request: {service_time_ms:.2f} ms (one worker process "
        "divided by its throughput): the time one worker is busy with one request."
    )
    if COST_PAGE_EXISTS:
        send_to_cost_estimator(service_time_ms, _send)
