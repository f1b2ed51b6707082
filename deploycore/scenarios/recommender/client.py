"""Call the scoring endpoint once over HTTP and measure the round trip, as the storefront does.

Errors come back as `ScoringError` with a message in words. Not a load generator (see `loadtest`).
"""

from __future__ import annotations

import functools
import time

import httpx
from pydantic import BaseModel, Field, ValidationError

from deploycore.scenarios.recommender.contract import (
    DEFAULT_K,
    ScoreResponse,
    curl_command,
    request_json,
)


@functools.cache
def _http() -> httpx.Client:
    """One keep-alive HTTP client per process, as a web shop's backend would hold."""
    return httpx.Client()


class ScoringError(Exception):
    """The endpoint could not be reached or refused the request; the message says why."""


class ScoreCall(BaseModel):
    """One /score call: what was asked where, what came back, and how long it took."""

    endpoint_url: str
    item_id: str
    k: int = Field(ge=1)
    response: ScoreResponse
    round_trip_ms: float = Field(ge=0)
    curl: str


def score(base_url: str, item_id: str, k: int = DEFAULT_K, timeout_s: float = 5.0) -> ScoreCall:
    """POST /score for `item_id` and time the request from send to full reply."""
    body = request_json(item_id, k)
    client = _http()
    started = time.perf_counter()
    try:
        reply = client.post(
            f"{base_url}/score",
            content=body,
            headers={"Content-Type": "application/json"},
            timeout=timeout_s,
        )
    except httpx.HTTPError as error:
        raise ScoringError(
            f"The scoring endpoint at {base_url} did not answer ({error.__class__.__name__})."
            " Reload the page to start it again."
        ) from error
    round_trip_ms = (time.perf_counter() - started) * 1000.0
    if reply.status_code != 200:
        try:
            detail = reply.json().get("detail", reply.text)
        except ValueError:
            detail = reply.text
        raise ScoringError(f"The endpoint refused the request ({reply.status_code}): {detail}")
    try:
        response = ScoreResponse.model_validate_json(reply.content)
    except ValidationError as error:
        raise ScoringError("The endpoint answered with something that is not a score.") from error
    return ScoreCall(
        endpoint_url=f"{base_url}/score",
        item_id=item_id,
        k=k,
        response=response,
        round_trip_ms=round_trip_ms,
        curl=curl_command(base_url, item_id, k),
    )
