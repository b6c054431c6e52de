"""The subset of JSON Schema the kit understands, and the questions the kit asks of a schema.

The kit translates the spec's schemas itself (strategies.py says why), so it must know every
keyword a schema uses: one it ignored could change what "valid" means, and a generator that
skipped it would under-test without a word. canonical.py names every keyword outside the
subset as a gap (the report's "not tested" list); strategies.py draws such a node through the
oracle, so its values stay valid.

Schemas reach this module dereferenced and canonical (spec.py, canonical.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from conformance.spec.identity import ByIdentity

Schema = Mapping[str, Any]

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
# Keywords that say what a value may be; each is implemented by strategies.py (valid and wrong
# values) and checked by compare.py. canonical.py rewrites `const` and merges `allOf`; an
# `allOf` it cannot merge stays, drawn through the oracle and named as a gap.
ASSERTIONS = frozenset(
    {
        "type",
        "format",
        "enum",
        "anyOf",
        "oneOf",
        "allOf",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
# Keywords that change nothing about which values are valid.
ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "summary",
        "example",
        "examples",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "externalDocs",
        "xml",
        "discriminator",
        "$schema",
        "$id",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)
# Formats the kit draws, checks (oracle.py) and compares; each has valid and wrong values.
FORMATS = frozenset({"date-time", "date", "uuid", "uri", "email"})
# OpenAPI's storage hints for numbers: valid JSON values are the same with or without them.
STORAGE_FORMATS = frozenset({"double", "float", "int32", "int64"})


class UnsupportedSchema(Exception):
    """The spec cannot be read as the kit needs it (no operation, a broken `$ref`, ...)."""


def translated(schema: Schema) -> bool:
    """Whether strategies.py draws this node by its keywords alone (else through the oracle):
    only subset keywords, no unmerged `allOf`, nothing next to an `anyOf`/`oneOf`."""
    if set(schema) - ASSERTIONS or "allOf" in schema:
        return False
    branches = [key for key in ("anyOf", "oneOf") if key in schema]
    return not branches or (len(branches) == 1 and len(schema) == 1)


def declared_types(schema: Schema) -> tuple[str, ...] | None:
    """The `type` keyword as a tuple, or None when the schema does not constrain the type."""
    value = schema.get("type")
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def branches(schema: Schema) -> list[Schema] | None:
    """The alternatives of an `anyOf`/`oneOf` node, or None for a node without them."""
    found: list[Schema] | None = schema.get("anyOf", schema.get("oneOf"))
    return found


def kinds(schema: Schema) -> frozenset[str]:
    """The JSON types a schema admits at least one value of ("integer" implies "number").

    Asked of the same schemas for every field of every body drawn: worked out once each."""
    return _KINDS.get(schema, lambda: _kinds(schema))


_KINDS: ByIdentity[frozenset[str]] = ByIdentity()


def _kinds(schema: Schema) -> frozenset[str]:
    admitted = set(declared_types(schema) or JSON_TYPES)
    if "enum" in schema:
        admitted &= {json_type(value) for value in schema["enum"]}
    alternatives = branches(schema)
    if alternatives is not None:
        admitted &= set().union(*(kinds(branch) for branch in alternatives))
    for branch in schema.get("allOf", ()):
        admitted &= kinds(branch)
    if "integer" in admitted and "number" not in admitted:
        return frozenset(admitted)
    if "number" in admitted:
        admitted.add("integer")
    return frozenset(admitted)


def json_type(value: Any) -> str:
    """The JSON type name of a decoded JSON value (an integral float is still a number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {value!r}")


def json_type_or_none(value: Any) -> str | None:
    """The JSON type name of a value, or None for a Python value JSON has no type for."""
    try:
        return json_type(value)
    except TypeError:
        return None


def admits_null(schema: Schema) -> bool:
    """Whether null is a valid value (a `"null"` type, a null branch, or no type at all)."""
    return "null" in kinds(schema)


def without_null(schema: Schema) -> Schema:
    """The schema minus its null alternatives: the "present" state of a nullable field (one
    copy per schema, so what is cached per schema is shared by every case pinning it)."""
    return _WITHOUT_NULL.get(schema, lambda: _without_null(schema))


_WITHOUT_NULL: ByIdentity[Schema] = ByIdentity()


def _without_null(schema: Schema) -> Schema:
    stripped = dict(schema)
    types = declared_types(schema)
    if types is not None and "null" in types:
        rest = [name for name in types if name != "null"]
        stripped["type"] = rest[0] if len(rest) == 1 else rest
    if "enum" in schema:
        stripped["enum"] = [value for value in schema["enum"] if value is not None]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            stripped[key] = [
                without_null(branch) for branch in schema[key] if kinds(branch) != {"null"}
            ]
    if not kinds(stripped) - {"null"}:
        raise UnsupportedSchema(f"only null is admitted by {dict(schema)!r}")
    return stripped


def properties(schema: Schema) -> Mapping[str, Schema]:
    """Declared properties of an object schema (empty for a free-form object)."""
    declared: Mapping[str, Schema] = schema.get("properties", {})
    return declared


def required(schema: Schema) -> frozenset[str]:
    """Names the object schema requires."""
    return frozenset(schema.get("required", ()))


def additional(schema: Schema) -> Schema | None:
    """Schema of undeclared keys: {} when anything goes, None when they are forbidden."""
    value = schema.get("additionalProperties", True)
    if value is True:
        return {}
    if value is False:
        return None
    extra: Schema = value
    return extra


def object_schemas(schema: Schema) -> Iterator[Schema]:
    """The object-typed alternatives of a schema that declare properties (to descend into)."""
    alternatives = branches(schema)
    if alternatives is not None or "allOf" in schema:
        for branch in (*(alternatives or ()), *schema.get("allOf", ())):
            yield from object_schemas(branch)
    elif "object" in kinds(schema) and properties(schema):
        yield schema


def array_items(schema: Schema) -> Iterator[Schema]:
    """The item schemas of a schema's array alternatives (to descend into)."""
    alternatives = branches(schema)
    if alternatives is not None:
        for branch in alternatives:
            yield from array_items(branch)
    elif "array" in kinds(schema) and "items" in schema:
        yield schema["items"]


def open_enum(schema: Schema) -> tuple[str, ...] | None:
    """The known values of an "open enum" (`anyOf` a string enum and a plain string), or None."""
    alternatives = schema.get("anyOf", ())
    known = [b["enum"] for b in alternatives if "enum" in b and kinds(b) == {"string"}]
    plain = [
        b for b in alternatives if kinds(b) == {"string"} and set(b) <= {"type"} and "enum" not in b
    ]
    if known and plain:
        return tuple(value for values in known for value in values)
    return None
