"""The subset of JSON Schema the kit understands, and the questions the kit asks of a schema.

The kit translates the spec's schemas itself (strategies.py says why), so it must know every
keyword a schema uses: one it ignored could change what "valid" means, and a generator that
skipped it would under-test without a word. `check` refuses any keyword outside the subset,
so a spec change that needs new support fails loudly instead.

Schemas reach this module already dereferenced (spec.py inlines every `$ref`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

Schema = Mapping[str, Any]

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
# Keywords that say what a value may be; each is implemented by strategies.py and checked by
# compare.py. Annotations change nothing about validity.
ASSERTIONS = frozenset(
    {
        "type",
        "format",
        "enum",
        "anyOf",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minLength",
        "maxLength",
    }
)
ANNOTATIONS = frozenset({"description", "title", "example", "examples", "$comment", "deprecated"})
FORMATS = frozenset({"date-time"})


class UnsupportedSchema(Exception):
    """The spec uses JSON Schema the kit cannot generate payloads for; teach subset.py first."""


def check(schema: Schema, where: str) -> None:
    """Raise UnsupportedSchema for the first keyword, type or format outside the subset."""
    if not isinstance(schema, Mapping):
        raise UnsupportedSchema(f"{where}: a schema must be an object, got {schema!r}")
    for keyword in schema:
        if keyword.startswith("x-"):  # an OpenAPI extension: says nothing about validity
            continue
        if keyword not in ASSERTIONS and keyword not in ANNOTATIONS:
            raise UnsupportedSchema(
                f"{where}: keyword {keyword!r} is outside the subset the conformance kit "
                f"translates ({', '.join(sorted(ASSERTIONS))}); extend conformance/subset.py "
                "and conformance/strategies.py before the spec uses it"
            )
    for name in declared_types(schema) or ():
        if name not in JSON_TYPES:
            raise UnsupportedSchema(f"{where}: unknown type {name!r}")
    if "format" in schema and schema["format"] not in FORMATS:
        raise UnsupportedSchema(f"{where}: format {schema['format']!r} is not supported")
    if "enum" in schema and not schema["enum"]:
        raise UnsupportedSchema(f"{where}: an empty enum admits nothing")
    additional = schema.get("additionalProperties", True)
    if not isinstance(additional, bool):
        check(additional, f"{where}.additionalProperties")
    for name, child in schema.get("properties", {}).items():
        check(child, f"{where}.{name}")
    missing = set(schema.get("required", ())) - set(schema.get("properties", {}))
    if missing:
        raise UnsupportedSchema(f"{where}: required fields without a schema: {sorted(missing)}")
    if "items" in schema:
        check(schema["items"], f"{where}[]")
    for index, branch in enumerate(schema.get("anyOf", ())):
        check(branch, f"{where}<anyOf {index}>")


def declared_types(schema: Schema) -> tuple[str, ...] | None:
    """The `type` keyword as a tuple, or None when the schema does not constrain the type."""
    value = schema.get("type")
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def kinds(schema: Schema) -> frozenset[str]:
    """The JSON types a schema admits at least one value of ("integer" implies "number")."""
    admitted = set(declared_types(schema) or JSON_TYPES)
    if "enum" in schema:
        admitted &= {json_type(value) for value in schema["enum"]}
    if "anyOf" in schema:
        admitted &= set().union(*(kinds(branch) for branch in schema["anyOf"]))
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


def without_null(schema: Schema) -> dict[str, Any]:
    """The schema minus its null alternatives: the "present" state of a nullable field."""
    stripped = dict(schema)
    types = declared_types(schema)
    if types is not None and "null" in types:
        rest = [name for name in types if name != "null"]
        stripped["type"] = rest[0] if len(rest) == 1 else rest
    if "enum" in schema:
        stripped["enum"] = [value for value in schema["enum"] if value is not None]
    if "anyOf" in schema:
        stripped["anyOf"] = [
            without_null(branch) for branch in schema["anyOf"] if kinds(branch) != {"null"}
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
    if "anyOf" in schema:
        for branch in schema["anyOf"]:
            yield from object_schemas(branch)
    elif "object" in kinds(schema) and properties(schema):
        yield schema


def array_items(schema: Schema) -> Iterator[Schema]:
    """The item schemas of a schema's array alternatives (to descend into)."""
    if "anyOf" in schema:
        for branch in schema["anyOf"]:
            yield from array_items(branch)
    elif "array" in kinds(schema):
        yield schema.get("items", {})


def open_enum(schema: Schema) -> tuple[str, ...] | None:
    """The known values of an "open enum" (`anyOf` a string enum and a plain string), or None."""
    branches = schema.get("anyOf", ())
    known = [b["enum"] for b in branches if "enum" in b and kinds(b) == {"string"}]
    plain = [
        b for b in branches if kinds(b) == {"string"} and "enum" not in b and "format" not in b
    ]
    if known and plain:
        return tuple(value for values in known for value in values)
    return None
