"""The cost estimator's inputs as a shareable query string, and back.

For links between pages and links people send each other: every field under its own name, so
`/cost_estimator?latency_ms=12.5` works. Not for validation rules (`inputs.py`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from deploycore.costing.inputs import MODEL_PRESET_VALUES, PRESET_VALUES, CostInputs
from deploycore.infra.text import safe_echo

# Links made before batch volume followed the workload carried rows_per_run; it is an override.
_RENAMED = {"rows_per_run": "rows_per_run_override"}
# Every field is mirrored under its own name, so `/cost_estimator?latency_ms=12.5` works
# from other pages.
_LIST_SEPARATOR = ","
_PRICE_SEPARATOR = ":"


def to_query_params(inputs: CostInputs) -> dict[str, str]:
    """All inputs as query-string values (strings), complete enough to reproduce the estimate."""
    params: dict[str, str] = {}
    for name, value in inputs.model_dump().items():
        if value is None:
            continue
        if name == "hourly_weights":
            params[name] = _LIST_SEPARATOR.join(format_number(w) for w in value)
        elif name == "price_overrides":
            if value:
                params[name] = _LIST_SEPARATOR.join(
                    f"{key}{_PRICE_SEPARATOR}{format_number(price)}"
                    for key, price in sorted(value.items())
                )
        elif isinstance(value, bool):
            params[name] = "true" if value else "false"
        elif isinstance(value, float):
            params[name] = format_number(value)
        else:
            params[name] = str(value)
    return params


def format_number(value: float) -> str:
    """Shortest text that reads back to exactly the same float."""
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class QueryParseResult(BaseModel):
    """Inputs read from a query string, and the problems found (each in words)."""

    model_config = ConfigDict(frozen=True)

    inputs: CostInputs
    problems: tuple[str, ...] = ()


def from_query_params(params: Mapping[str, str | list[str]]) -> QueryParseResult:
    """Read inputs from a query string; unknown or bad values are reported and defaulted.

    A `preset` parameter fills everything first; the other parameters then override it, so a
    link with every field reproduces the estimate exactly, and a short link such as
    `?preset=shirt-recommender&latency_ms=12.5` still works.
    """
    problems: list[str] = []
    raw: dict[str, str] = {}
    for key, value in params.items():
        raw[_RENAMED.get(key, key)] = value[-1] if isinstance(value, list) else value
    preset = raw.get("preset", "my-own")
    if preset not in PRESET_VALUES:
        problems.append(
            f"The link's preset '{safe_echo(preset)}' is unknown; using 'my-own' instead."
        )
        preset = "my-own"
    values: dict[str, Any] = {**PRESET_VALUES[preset], "preset": preset}
    fields = CostInputs.model_fields
    for key, text in raw.items():
        if key == "preset" or key not in fields:
            continue
        try:
            values[key] = _parse_field(key, text)
        except ValueError as error:
            problems.append(f"Ignored {key}='{safe_echo(text)}' from the link: {error}.")
    model = values.get("model_preset")
    if "model_preset" in raw and isinstance(model, str) and model in MODEL_PRESET_VALUES:
        for key, value in MODEL_PRESET_VALUES[model].items():
            if key not in raw:
                values[key] = value
    if "latency_ms" in raw and "p95_latency_target_ms" not in raw:
        latency = values.get("latency_ms")
        target = values.get("p95_latency_target_ms", 500.0)
        if isinstance(latency, float) and isinstance(target, float) and target <= latency:
            values["p95_latency_target_ms"] = latency * 4
    try:
        return QueryParseResult(inputs=CostInputs.model_validate(values), problems=tuple(problems))
    except ValidationError as error:
        # Drop each offending field (back to the preset or default) and report it.
        for detail in error.errors():
            location = detail["loc"][0] if detail["loc"] else None
            name = str(location) if location is not None else "link"
            problems.append(f"Ignored {name} from the link: {detail['msg']}.")
            if isinstance(location, str) and location in raw:
                values.pop(location, None)
                if location in PRESET_VALUES[preset]:
                    values[location] = PRESET_VALUES[preset][location]
        try:
            inputs = CostInputs.model_validate(values)
        except ValidationError:
            inputs = CostInputs.model_validate({**PRESET_VALUES[preset], "preset": preset})
            problems.append("The link's values did not fit together; showing the preset.")
        return QueryParseResult(inputs=inputs, problems=tuple(problems))


def _parse_field(name: str, text: str) -> Any:
    """One query-string value as the field's type (range checks are pydantic's job)."""
    annotation = CostInputs.model_fields[name].annotation
    if name == "hourly_weights":
        parts = [p for p in text.split(_LIST_SEPARATOR) if p.strip()]
        return tuple(_finite(p) for p in parts)
    if name == "price_overrides":
        overrides: dict[str, float] = {}
        for item in text.split(_LIST_SEPARATOR):
            if not item.strip():
                continue
            key, sep, price = item.partition(_PRICE_SEPARATOR)
            if not sep:
                raise ValueError("write each price as id:usd")
            overrides[key.strip()] = _finite(price)
        return overrides
    if name == "rows_per_run_override":
        annotation = int
    if annotation is bool:
        if text.lower() in {"true", "1", "yes", "on"}:
            return True
        if text.lower() in {"false", "0", "no", "off"}:
            return False
        raise ValueError("expected true or false")
    if annotation is int:
        number = _finite(text)
        if not number.is_integer():
            raise ValueError("expected a whole number")
        return int(number)
    if annotation is float:
        return _finite(text)
    return text


def _finite(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number
