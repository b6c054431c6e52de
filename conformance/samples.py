"""One deterministic valid instance per schema, with every declared field present and not null.

Deterministic cases (wrong values, encoding defects) need a body to break in one place: the
same valid body every run, with every field there to break, and arrays of two items so that a
value placed in the second item shows whether a client reports the item's index.
"""

from __future__ import annotations

from typing import Any

from . import subset
from .subset import Schema

# An instant with a fraction and a non-UTC offset: a client that drops either is caught.
DATE_TIME = "2024-07-15T23:33:19.123+02:00"
ARRAY_SIZE = 2


def full(schema: Schema) -> Any:
    """A valid instance of `schema` with every declared property present and non-null."""
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if subset.kinds(b) - {"null"}]
        return full(branches[0] if branches else schema["anyOf"][0])
    if "enum" in schema:
        present = [value for value in schema["enum"] if value is not None]
        return (present or schema["enum"])[0]
    kinds = subset.declared_types(schema) or ("object",)
    kind = next((name for name in kinds if name != "null"), "null")
    if kind == "object":
        return {name: full(child) for name, child in subset.properties(schema).items()}
    if kind == "array":
        return [full(schema.get("items", {})) for _ in range(ARRAY_SIZE)]
    if kind == "string":
        if schema.get("format") == "date-time":
            return DATE_TIME
        return "text-" + "x" * max(0, schema.get("minLength", 0) - 5)
    return _SCALARS[kind]


_SCALARS: dict[str, Any] = {"null": None, "boolean": True, "integer": 3, "number": 0.25}
