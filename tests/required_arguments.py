"""The arguments a call of an operation needs, read from the spec: each required parameter, in
any location (query, header, path, cookie), with a value its schema allows.

The smoke checks and tests/modes.py call the client with these instead of a hand-written
`id="gen-1"`, so a new required parameter in the spec is sent, not a TypeError.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openapi_python_client.strings import PythonIdentifier

from conformance.adapters.ours import as_enum_member

Document = Mapping[str, Any]


@dataclass(frozen=True)
class Argument:
    """One required parameter: its spec name, where it goes, and the value sent."""

    name: str
    location: str
    value: Any

    @property
    def python_name(self) -> str:
        """The keyword argument the generator names it by (its `field_prefix` is "field_")."""
        return str(PythonIdentifier(self.name, "field_"))

    @property
    def on_the_wire(self) -> str:
        """The value as the request carries it (a query or header value is text)."""
        if isinstance(self.value, bool):
            return str(self.value).lower()
        return str(self.value)


def required(document: Document, operation_id: str) -> list[Argument]:
    """The required parameters of the operation `operation_id`, each with a valid value."""
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                shared = item.get("parameters", [])
                parameters = [
                    _resolve(document, p) for p in [*shared, *operation.get("parameters", [])]
                ]
                return [
                    Argument(p["name"], p["in"], _value(document, p))
                    for p in parameters
                    if p.get("required")
                ]
    raise KeyError(f"no operation {operation_id!r} in the spec")


def keywords(arguments: list[Argument], function: Any) -> dict[str, Any]:
    """The arguments as the keywords of the generated `function`: a value of a parameter it
    types as an enum (a parameter with `enum:` in the spec) as that enum's member."""
    hints = typing.get_type_hints(function)
    return {
        argument.python_name: as_enum_member(hints.get(argument.python_name), argument.value)
        for argument in arguments
    }


def sent(arguments: list[Argument], location: str) -> dict[str, str]:
    """What the request must carry in `location` ("query", "header"), by spec name."""
    return {a.name: a.on_the_wire for a in arguments if a.location == location}


def _resolve(document: Document, node: Any) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _value(document: Document, parameter: Mapping[str, Any]) -> Any:
    """The parameter's own example, else its schema's example, default, enum or const, else a
    plain value of its type, long enough for its minLength."""
    if "example" in parameter:
        return parameter["example"]
    schema = _resolve(document, parameter.get("schema", {}))
    for key in ("example", "default", "const"):
        if key in schema:
            return schema[key]
    if schema.get("enum"):
        return schema["enum"][0]
    declared = schema.get("type", "string")
    kind = (
        next((t for t in declared if t != "null"), "string")
        if isinstance(declared, list)
        else declared
    )
    plain: dict[str, Any] = {"integer": 1, "number": 1.5, "boolean": True}
    if kind in plain:
        return plain[kind]
    return "x" * max(1, int(schema.get("minLength", 1)))
