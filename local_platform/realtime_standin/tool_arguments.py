"""Function-call arguments shaped by whatever JSON schema the client declared for the tool.

The conversation knows what it means ("key" = full_name, "value" = the caller's words); this fits
that to the declared parameters: a known name when there is one, else an enum that holds the value,
else an unused required string; values coerced to the declared type; other required ones filled.
Pure.
"""

from __future__ import annotations

import json
from typing import Any

# Parameter names a model would pick for each meaning, best first.
SYNONYMS = {
    "key": ("key", "question_key", "field", "question", "name", "id"),
    "value": ("value", "answer", "response", "text", "data", "content"),
    "rule_id": ("rule_id", "rule", "transfer_rule_id", "transfer_rule", "destination", "id"),
    "reason": ("reason", "summary", "note", "notes", "message"),
}
TRUE_WORDS = {"yes", "yeah", "yep", "sure", "correct", "true", "right", "ok", "okay"}


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return declared
    if declared:
        return [declared]
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return [t for option in options if isinstance(option, dict) for t in _types(option)]


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """`value` as the type `schema` declares (strings kept when strings are allowed)."""
    types = _types(schema)
    if not types or "string" in types:
        if isinstance(value, str) or not types:
            return value
        return json.dumps(value) if isinstance(value, bool) or value is None else str(value)
    text = str(value).strip().lower().rstrip(".!")
    if "boolean" in types:
        return text.split(" ")[0].strip(",") in TRUE_WORDS if text else False
    if "integer" in types or "number" in types:
        digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
        try:
            number = float(digits)
        except ValueError:
            number = 0.0
        return int(number) if "integer" in types or number.is_integer() else number
    return value


def _placeholder(schema: dict[str, Any]) -> Any:
    if schema.get("enum"):
        return schema["enum"][0]
    kind = (_types(schema) or ["string"])[0]
    return {"boolean": False, "integer": 0, "number": 0, "array": [], "object": {}, "null": None}.get(kind, "")


def _pick(meaning: str, value: Any, properties: dict[str, Any], required: list[str], used: set[str]) -> str | None:
    for name in SYNONYMS.get(meaning, (meaning,)):
        if name in properties and name not in used:
            return name
    for name, schema in properties.items():
        if name not in used and isinstance(schema, dict) and value in (schema.get("enum") or ()):
            return name
    return next((name for name in required if name not in used and "string" in _types(properties[name])), None)


def arguments_for(tool: dict[str, Any] | None, meant: dict[str, Any]) -> dict[str, Any]:
    """Arguments for calling `tool` with the given meanings (used as names when no schema says otherwise)."""
    parameters = (tool or {}).get("parameters") or {}
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(properties, dict) or not properties:
        return dict(meant)
    required = [name for name in parameters.get("required", []) if name in properties]
    arguments: dict[str, Any] = {}
    for meaning, value in meant.items():
        name = _pick(meaning, value, properties, required, set(arguments))
        if name is not None:
            arguments[name] = coerce(value, properties[name] if isinstance(properties[name], dict) else {})
    for name in required:
        arguments.setdefault(name, _placeholder(properties[name] if isinstance(properties[name], dict) else {}))
    return arguments
