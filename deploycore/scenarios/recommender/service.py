"""The real-time scoring endpoint (FastAPI): POST /score, GET /health, GET /constant, /docs.

Run it with `make serve` or through `server`; uvicorn imports `app` from here. The model is the
neighbour table from `model`, loaded once per worker process; a request is an O(k) lookup.
`GET /constant` returns a constant and is the benchmark's bare baseline of the same server.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from deploycore.infra.repeated_logs import collapse_repeats
from deploycore.scenarios.recommender import model as recommender_model
from deploycore.scenarios.recommender.catalog_data import SHOP_DIR, Product, read_products
from deploycore.scenarios.recommender.contract import (
    MAX_BODY_BYTES,
    Health,
    RelatedItem,
    ScoreRequest,
    ScoreResponse,
)

CONSTANT_REPLY = {"message": "constant"}
# Loggers whose repeated messages a client storm would multiply: written once a minute with a
# count.
COLLAPSED_LOGGERS = ("asyncio", "uvicorn.error", "deploycore.scoring.connections")
_TOO_LARGE = (
    b'{"detail":"Request body too large: at most %d bytes are accepted. Send only item_id and k."}'
)


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies over `max_body_bytes` with 413.

    Uses Content-Length when given; a chunked body is read (up to the limit) and replayed.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def _refuse(self, send: Send) -> None:
        body = _TOO_LARGE % self.max_body_bytes
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None:
            if length.isdigit() and int(length) > self.max_body_bytes:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        if headers.get(b"transfer-encoding", b"").lower() != b"chunked":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body_bytes:
                await self._refuse(send)
                return
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


_NOT_FINITE = "NaN and Infinity are not JSON numbers: send a whole number"


def _json_safe(value: Any) -> Any:
    """`value` with NaN and infinities written as text, so the reply is valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_non_finite(item) for item in value)
    return False


async def refuse_invalid_request(request: Request, error: Exception) -> JSONResponse:
    """422 with FastAPI's error list; NaN and Infinity (which Python's JSON reader accepts)
    are named in the message and echoed as text instead of breaking the reply (a 500)."""
    assert isinstance(error, RequestValidationError)
    errors = []
    for item in jsonable_encoder(error.errors()):
        if _has_non_finite(item.get("input")):
            item["msg"] = f"{item.get('msg', 'Invalid input')}. {_NOT_FINITE}"
        errors.append(_json_safe(item))
    return JSONResponse(status_code=422, content={"detail": errors})


class Scorer:
    """The loaded model and catalog; renders each (item, k) answer once, then reuses it."""

    def __init__(self, model: recommender_model.Recommender, products: list[Product]) -> None:
        self.model = model
        self.rows = model.index_of()
        self.products = {product.item_id: product for product in products}
        self._rendered: dict[tuple[int, int], bytes] = {}

    def answer(self, request: ScoreRequest) -> bytes:
        row = self.rows.get(request.item_id)
        if row is None:
            raise HTTPException(
                status_code=404,
                detail=(
                    f"Unknown item {request.item_id!r}: no such item in the catalog. "
                    f"Use an item_id from the catalog, such as {self.model.item_ids[0]!r}."
                ),
            )
        key = (row, request.k)
        rendered = self._rendered.get(key)
        if rendered is None:
            items = [
                RelatedItem(**self.products[item_id].model_dump(), score=min(score, 1.0))
                for item_id, score in self.model.recommend_row(row, request.k)
            ]
            reply = ScoreResponse(
                item_id=request.item_id, model_version=self.model.version, items=items
            )
            rendered = reply.model_dump_json().encode()
            self._rendered[key] = rendered
        return rendered


def create_app(
    model_dir: Path = recommender_model.MODELS_DIR,
    shop_dir: Path = SHOP_DIR,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The FastAPI application over the saved model and the shop's catalog."""
    scorer = Scorer(recommender_model.load(model_dir), read_products(shop_dir))
    app = FastAPI(
        title="Shirt shop recommender",
        version=scorer.model.version,
        description=(
            "Real-time endpoint: given the item a customer picked, return the items customers "
            "who chose it also chose, best first, with similarity scores."
        ),
    )
    app.add_middleware(BodySizeLimit, max_body_bytes=max_body_bytes)
    collapse_repeats(COLLAPSED_LOGGERS)
    app.add_exception_handler(RequestValidationError, refuse_invalid_request)
    unreadable: dict[str, Any] = {"description": "Body that cannot be read as JSON text"}
    not_found: dict[str, Any] = {"description": "Unknown item id"}
    too_large: dict[str, Any] = {"description": f"Body larger than {max_body_bytes} bytes"}

    @app.post(
        "/score",
        response_model=ScoreResponse,
        responses={400: unreadable, 404: not_found, 413: too_large},
        summary="Related items for one picked item",
    )
    async def score(request: ScoreRequest) -> Response:
        return Response(content=scorer.answer(request), media_type="application/json")

    @app.get("/health", response_model=Health, summary="Liveness and model version")
    async def health() -> Health:
        return Health(
            status="ok",
            model_version=scorer.model.version,
            items=len(scorer.model.item_ids),
            pid=os.getpid(),
        )

    @app.get("/constant", summary="Bare baseline: a constant reply, no model (for benchmarks)")
    async def constant() -> dict[str, str]:
        return CONSTANT_REPLY

    return app


app = create_app()
