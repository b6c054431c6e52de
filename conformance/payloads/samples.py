"""One deterministic valid instance per schema, with every declared field present and not null.

Deterministic cases (wrong values, encoding defects) need a body to break in one place: the
same valid body every run, with every field there to break, and arrays of two items so that a
value placed in the second item shows whether a client reports the item's index.
"""

from __future__ import annotations

import copy
from typing import Any

from conformance.spec import subset
from conformance.spec.subset import Schema

# An instant with a fraction and a non-UTC offset: a client that drops either is caught.
DATE_TIME = "2024-07-15T23:33:19.123+02:00"
ARRAY_SIZE = 2


def full(schema: Schema, through: str = "") -> Any:
    """A valid instance of `schema` with every declared property present and non-null; in a
    union, the first branch that holds the field at `through` (a path such as
    `data.input.messages`), so that field is there too."""
    if not schema:
        return copy.deepcopy(UNCONSTRAINED)
    alternatives = subset.branches(schema)
    if alternatives is not None:
        branches = [b for b in alternatives if subset.kinds(b) - {"null"}] or alternatives
        fitting = [branch for branch in branches if _holds(branch, through)]
        return full((fitting or branches)[0], through)
    if "enum" in schema:
        present = [value for value in schema["enum"] if value is not None]
        return (present or schema["enum"])[0]
    kinds = subset.declared_types(schema) or ("object",)
    kind = next((name for name in kinds if name != "null"), "null")
    if kind == "object":
        return {
            name: full(child, _below(through, name))
            for name, child in subset.properties(schema).items()
        }
    if kind == "array":
        size = min(max(ARRAY_SIZE, schema.get("minItems", 0)), schema.get("maxItems", ARRAY_SIZE))
        items = full(schema.get("items", {}), _below(through, "[]"))
        return [copy.deepcopy(items) for _ in range(size)]
    if kind == "string":
        if schema.get("format") in FORMATTED:
            return FORMATTED[schema["format"]]
        # 11 characters: long enough to be found in a repr, where stored content must not be
        # shown (the kit looks for it by its text, secrets.stored_text).
        text = "sample-text" + "x" * max(0, schema.get("minLength", 0) - 11)
        return text[: schema.get("maxLength", len(text))]
    if kind in ("integer", "number"):
        return _bounded(schema, _SCALARS[kind])
    return _SCALARS[kind]


def _below(through: str, key: str) -> str:
    """The rest of the path `through` below `key` ("" when the path does not pass there)."""
    if key == "[]":
        return through[2:].removeprefix(".") if through.startswith("[]") else ""
    for tail in (".", "["):
        if through.startswith(key + tail):
            return through[len(key) :].removeprefix(".")
    return ""


def _holds(branch: Schema, through: str) -> bool:
    """Whether a union's branch declares the first step of the path `through`."""
    if not through:
        return True
    if through.startswith("[]"):
        return "array" in subset.kinds(branch)
    name = through.split(".", 1)[0].split("[", 1)[0]
    return any(name in subset.properties(obj) for obj in subset.object_schemas(branch))


def _bounded(schema: Schema, value: float) -> float:
    """`value`, moved inside the schema's numeric bounds when it lies outside them."""
    if "minimum" in schema and value < schema["minimum"]:
        value = schema["minimum"]
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        value = schema["exclusiveMinimum"] + 1
    if "maximum" in schema and value > schema["maximum"]:
        value = schema["maximum"]
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        value = schema["exclusiveMaximum"] - 1
    return value


# What a schema that admits any JSON (`{}`, a stored chat message) holds in a sample: a message
# with multimodal content parts, objects in an array in an object, as such messages are stored.
UNCONSTRAINED = {
    "role": "user",
    "content": [
        {"type": "text", "text": "sample-text"},
        {"type": "image_url", "image_url": {"url": "https://openrouter.ai/docs", "detail": "auto"}},
    ],
}
_SCALARS: dict[str, Any] = {"null": None, "boolean": True, "integer": 3, "number": 0.25}
# One valid value per format the kit tests (formats.py has the rules).
FORMATTED = {
    "date-time": DATE_TIME,
    "date": "2024-07-15",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "uri": "https://openrouter.ai/docs",
    "email": "user@example.com",
}
