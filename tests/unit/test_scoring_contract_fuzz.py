"""The scoring endpoint answers every request its OpenAPI allows, and many it does not, cleanly.

In process over ASGI (no server): NaN and Infinity are refused with 422 and a sentence, and a
bounded schemathesis run (positive and negative cases) finds no server error and no answer
outside the published schema.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.generation.modes import GenerationMode

from deploycore.scenarios.recommender.service import create_app

APP = create_app()
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
SCHEMA.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25
)
client = TestClient(APP)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"the reply holds a bare {name}, which is not JSON")


@pytest.mark.parametrize(
    "body",
    [
        b'{"item_id":"SH-004","k":NaN}',
        b'{"item_id":"SH-004","k":Infinity}',
        b'{"item_id":"SH-004","k":-Infinity}',
        b'{"item_id":NaN}',
        b'{"item_id":"SH-004","k":1e400}',
        b'{"item_id":"SH-004","k":[NaN]}',
    ],
)
def test_nan_and_infinity_are_refused_with_422_and_a_sentence(body: bytes) -> None:
    reply = client.post("/score", content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 422, reply.text
    detail = json.loads(reply.text, parse_constant=_refuse_constant)["detail"]  # strict JSON
    assert "NaN and Infinity are not JSON numbers" in detail[0]["msg"]


@SCHEMA.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_request_the_schema_allows_or_breaks_gets_a_clean_answer(
    case: schemathesis.Case,
) -> None:
    case.call_and_validate()
