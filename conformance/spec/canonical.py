"""One canonical form of a dereferenced JSON Schema, so every part of the kit reads it alike.

Modelled on hypothesis-jsonschema's `canonicalish`: the schema is rewritten into fewer, plainer
shapes that accept exactly the same JSON values, before anything draws from it or compares
with it. What the rewrite does:

- drops annotations (`description`, `example`, `deprecated`, ...), OpenAPI extensions (`x-`)
  and the formats that only describe a number's storage (`double`, `float`, `int32`, `int64`);
- `const: v` becomes `enum: [v]`;
- `allOf` is merged into one schema (properties and required united, bounds tightened);
- keywords next to `anyOf`/`oneOf` are pushed into every branch;
- `true` becomes `{}`.

What it cannot rewrite is kept as written (so jsonschema, the oracle, still judges it) and
named in the returned gaps: a keyword outside the subset, an unknown format, an `allOf` it
cannot merge. strategies.py draws such a node's values through the oracle, and the report
names each gap in its "not tested" list: never a silent gap, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.spec.subset import (
    ANNOTATIONS,
    ASSERTIONS,
    FORMATS,
    JSON_TYPES,
    STORAGE_FORMATS,
    Schema,
)

Gaps = list[tuple[str, str]]  # (where, what the kit does not test there)

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems")


def canonical(schema: Any, where: str, gaps: Gaps) -> Schema:
    """The canonical form of a dereferenced schema; what it cannot handle goes into `gaps`."""
    if schema is True:
        return {}
    if not isinstance(schema, Mapping):
        gaps.append((where, f"schema {schema!r} (only object schemas and `true` are tested)"))
        return {"not": {}} if schema is False else {}
    out: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword in ANNOTATIONS or keyword.startswith("x-"):  # x-: an OpenAPI extension
            continue
        if keyword == "format" and value in STORAGE_FORMATS:
            continue
        if keyword not in ASSERTIONS and keyword != "const":
            gaps.append((where, f"keyword {keyword!r}"))
        out[keyword] = value
    if "const" in out:
        const = out.pop("const")
        out["enum"] = [v for v in out.get("enum", [const]) if v == const] or [const]
    if "format" in out and out["format"] not in FORMATS:
        gaps.append((where, f"format {out['format']!r} (drawn as plain strings)"))
    types = out.get("type")
    for name in [types] if isinstance(types, str) else types or ():
        if name not in JSON_TYPES:
            gaps.append((where, f"type {name!r}"))
    if "properties" in out:
        out["properties"] = {
            name: canonical(child, f"{where}.{name}", gaps)
            for name, child in out["properties"].items()
        }
    if isinstance(out.get("additionalProperties"), Mapping):
        out["additionalProperties"] = canonical(out["additionalProperties"], f"{where}.*", gaps)
    if "items" in out:
        out["items"] = canonical(out["items"], f"{where}[]", gaps)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in out:
            out[combinator] = [
                canonical(branch, f"{where}<{combinator} {index}>", gaps)
                for index, branch in enumerate(out[combinator])
            ]
    if "allOf" in out:
        out = _merge_all_of(out, where, gaps)
    for combinator in ("anyOf", "oneOf"):
        if combinator in out:
            out = _distribute(out, combinator, where, gaps)
    return out


def _merge_all_of(schema: dict[str, Any], where: str, gaps: Gaps) -> dict[str, Any]:
    rest = {key: value for key, value in schema.items() if key != "allOf"}
    merged: dict[str, Any] | None = rest
    for branch in schema["allOf"]:
        merged = merge(merged, branch) if merged is not None else None
    if merged is None:
        gaps.append((where, "an allOf whose branches the kit cannot merge (drawn via the oracle)"))
        return schema
    return merged


def _distribute(schema: dict[str, Any], combinator: str, where: str, gaps: Gaps) -> dict[str, Any]:
    """`{A, anyOf: [B, C]}` as `{anyOf: [A∧B, A∧C]}`, so branches stand alone."""
    siblings = {key: value for key, value in schema.items() if key != combinator}
    if not siblings or set(siblings) & {"anyOf", "oneOf", "allOf"}:
        if siblings:
            gaps.append((where, f"{combinator} next to another combinator (drawn via the oracle)"))
        return schema
    branches = [merge(siblings, branch) for branch in schema[combinator]]
    if any(branch is None for branch in branches):
        gaps.append((where, f"keywords next to {combinator} the kit cannot merge"))
        return schema
    return {combinator: branches}


def merge(left: Mapping[str, Any], right: Mapping[str, Any]) -> dict[str, Any] | None:
    """One schema accepting exactly what both accept, or None when the kit cannot tell."""
    out = dict(left)
    for keyword, value in right.items():
        if keyword not in out:
            out[keyword] = value
            continue
        mine = out[keyword]
        if keyword in _LOWER:
            out[keyword] = max(mine, value)
        elif keyword in _UPPER:
            out[keyword] = min(mine, value)
        elif keyword == "type":
            both = _types(mine) & _types(value)
            out[keyword] = sorted(both) if len(both) != 1 else next(iter(both))
        elif keyword == "required":
            out[keyword] = sorted(set(mine) | set(value))
        elif keyword == "enum":
            out[keyword] = [item for item in mine if item in value]
        elif keyword == "properties":
            props = dict(mine)
            for name, child in value.items():
                combined = merge(props[name], child) if name in props else child
                if combined is None:
                    return None
                props[name] = combined
            out[keyword] = props
        elif keyword == "items":
            items = merge(mine, value)
            if items is None:
                return None
            out[keyword] = items
        elif mine != value:
            return None
    for side in (left, right):
        extra = side.get("additionalProperties", True)
        others = set(out.get("properties", {})) - set(side.get("properties", {}))
        if extra is not True and others:
            return None  # `additionalProperties` of one branch judges the other's properties
    return out


def _types(value: str | list[str]) -> set[str]:
    found = {value} if isinstance(value, str) else set(value)
    return found | {"integer"} if "number" in found else found
