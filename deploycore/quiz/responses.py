"""How a learner's `Response` is stored: a small JSON object, and back.

A thin adapter between the core's grading models and the JSON columns of `storage/`.
"""

from __future__ import annotations

from typing import Any

from deploycore.quiz.grading import TYPED_ANSWER_MAX_CHARS, Response


def response_to_json(response: Response) -> dict[str, Any]:
    """`{"selected": [ids, sorted], "number": float | None, "confidence": 1..3 | None}`, plus
    `"text"` when a short answer was typed."""
    payload: dict[str, Any] = {
        "selected": sorted(response.selected_option_ids),
        "number": response.numeric_value,
        "confidence": response.confidence,
    }
    if response.text_value is not None:
        payload["text"] = response.text_value
    return payload


def response_from_json(question_id: str, payload: Any) -> Response:
    """The `Response` a stored JSON object stands for (anything unreadable is unanswered)."""
    if not isinstance(payload, dict):
        return Response(question_id=question_id)
    selected = payload.get("selected") or []
    number = payload.get("number")
    confidence = payload.get("confidence")
    text = payload.get("text")
    return Response(
        question_id=question_id,
        selected_option_ids=frozenset(str(option) for option in selected),
        numeric_value=float(number) if isinstance(number, int | float) else None,
        text_value=text[:TYPED_ANSWER_MAX_CHARS] if isinstance(text, str) else None,
        confidence=confidence if confidence in (1, 2, 3) else None,
    )
