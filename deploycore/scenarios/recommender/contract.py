"""The scoring endpoint's contract: request and response models shared by service and client.

Not the service itself (see `service`) nor the HTTP client (see `client`).
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

MAX_K = 10
DEFAULT_K = 5
MAX_BODY_BYTES = 4096  # larger request bodies are refused with 413
ITEM_ID_PATTERN = r"^[A-Z]{2}-\d{3}$"


class ScoreRequest(BaseModel):
    """POST /score body: which item the customer picked and how many related items to return."""

    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(
        pattern=ITEM_ID_PATTERN,
        description="Catalog id of the item the customer picked, e.g. SH-001.",
        examples=["SH-001"],
    )
    k: int = Field(default=DEFAULT_K, ge=1, le=MAX_K, description="How many related items.")


class RelatedItem(BaseModel):
    """One recommended item with its similarity score (higher = more often chosen together)."""

    item_id: str
    name: str
    category: str
    style: str
    colour: str
    colour_hex: str
    price_usd: float
    score: float = Field(ge=0, le=1)


class ScoreResponse(BaseModel):
    """POST /score answer: the related items, best first."""

    item_id: str
    model_version: str
    items: list[RelatedItem]


class Health(BaseModel):
    """GET /health answer."""

    status: str
    model_version: str
    items: int = Field(ge=0)
    pid: int


def request_json(item_id: str, k: int = DEFAULT_K) -> str:
    """The JSON body of a /score request, compact, as the client and curl send it."""
    return json.dumps({"item_id": item_id, "k": k})


def curl_command(base_url: str, item_id: str, k: int = DEFAULT_K) -> str:
    """A shell command that makes the same /score call as the app."""
    return (
        f"curl -s -X POST {base_url}/score -H 'Content-Type: application/json' "
        f"-d '{request_json(item_id, k)}'"
    )
