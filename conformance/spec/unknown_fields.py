"""Which keys of a body the spec declares and which it does not: a helper for adapters.

An adapter over a client that returns plain JSON (a dict) must report the unknown fields it
kept, per object, in `Parsed.extras`; `extras(schema, body)` computes exactly that from the
spec's schema, so the adapter need not know the spec's shape:

    from conformance import spec
    from conformance.spec import unknown_fields
    schema = spec.load().operation("getGeneration").success.schema
    Parsed(data=body, extras=unknown_fields.extras(schema, body), round_trip=body)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.spec import oracle, subset
from conformance.spec.subset import Schema


def extras(schema: Schema, body: Any) -> dict[str, dict[str, Any]]:
    """{object path: {undeclared key: value}} for every object of `body` whose schema declares
    properties ("" is the body itself, then "data", "data.provider_responses[0]", ...)."""
    return dict(_walk(schema, body, ""))


def _walk(schema: Schema, value: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    alternatives = subset.branches(schema)
    if alternatives is not None:
        branches = [branch for branch in alternatives if oracle.is_valid(branch, value)]
        schema = branches[0] if branches else {}
    if isinstance(value, dict):
        declared = next(subset.object_schemas(schema), {}).get("properties", {})
        if not declared:
            return
        yield where, {key: item for key, item in value.items() if key not in declared}
        for key, child in declared.items():
            if key in value:
                yield from _walk(child, value[key], f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        items = next(subset.array_items(schema), {})
        for index, item in enumerate(value):
            yield from _walk(items, item, f"{where}[{index}]")
