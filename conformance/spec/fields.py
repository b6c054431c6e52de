"""The fields of a response body, computed from its schema, and the states a payload shows them in.

A field is a declared property at a path such as `data.provider_responses[].status` (`[]`
stands for every item of an array). Its states are what the kit must see a client handle:
`present` always, `null` when it is nullable, `absent` when it is optional, and `unlisted`
(a value outside the known list) when it is an open enum. Coverage is measured against this
inventory, so a field added to the spec is a new row with no change to the kit.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from conformance.spec import Body, subset
from conformance.spec.subset import Schema, UnsupportedSchema

State = Literal["null", "absent", "present", "unlisted"]
STATES: tuple[State, ...] = ("null", "absent", "present", "unlisted")
Key = str | int
Location = tuple[Key, ...]


@dataclass(frozen=True)
class Field:
    """One declared property of a body schema of an operation."""

    operation: str
    body: str
    path: str
    schema: Schema
    optional: bool

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1].removesuffix("[]")

    @property
    def id(self) -> str:
        return f"{self.operation}:{self.body}:{self.path}"

    @property
    def states(self) -> tuple[State, ...]:
        """The states this field can be in, in STATES order."""
        applies = {
            "null": subset.admits_null(self.schema),
            "absent": self.optional,
            "present": True,
            "unlisted": subset.open_enum(self.schema) is not None,
        }
        return tuple(state for state in STATES if applies[state])


def inventory(body: Body) -> tuple[Field, ...]:
    """Every field of a body schema, depth first, each path once."""
    seen: dict[str, Field] = {}
    for field in _walk(body.operation, body.name, body.schema, ""):
        seen.setdefault(field.path, field)
    return tuple(seen.values())


def _walk(operation: str, body: str, schema: Schema, prefix: str) -> Iterator[Field]:
    for obj in subset.object_schemas(schema):
        needed = subset.required(obj)
        for name, child in subset.properties(obj).items():
            if "." in name or "[" in name:
                raise UnsupportedSchema(f"{prefix}: property name {name!r} cannot be a path")
            path = f"{prefix}.{name}" if prefix else name
            yield Field(operation, body, path, child, optional=name not in needed)
            yield from _walk(operation, body, child, path)
    for items in subset.array_items(schema):
        yield from _walk(operation, body, items, f"{prefix}[]")


def observed(schema: Schema, payload: Any, prefix: str = "") -> set[tuple[str, State]]:
    """The (field path, state) pairs a payload shows, for the fields its schema declares."""
    seen: set[tuple[str, State]] = set()
    if isinstance(payload, dict):
        for obj in subset.object_schemas(schema):
            for name, child in subset.properties(obj).items():
                path = f"{prefix}.{name}" if prefix else name
                if name not in payload:
                    seen.add((path, "absent"))
                    continue
                value = payload[name]
                seen.add((path, "null" if value is None else "present"))
                known = subset.open_enum(child)
                if known is not None and isinstance(value, str) and value not in known:
                    seen.add((path, "unlisted"))
                seen |= observed(child, value, path)
    elif isinstance(payload, list):
        for items in subset.array_items(schema):
            for item in payload:
                seen |= observed(items, item, f"{prefix}[]")
    return seen


def _segments(path: str) -> list[str | None]:
    """`a.b[].c` as ["a", "b", None, "c"]; None stands for every item of an array."""
    segments: list[str | None] = []
    for part in path.split("."):
        name = part.removesuffix("[]" * part.count("[]"))
        segments.append(name)
        segments.extend([None] * part.count("[]"))
    return segments


def locations(payload: Any, path: str) -> list[Location]:
    """Concrete locations of a field in a payload: one per object that could hold it."""
    found: list[tuple[Location, Any]] = [((), payload)]
    segments = _segments(path)
    for depth, segment in enumerate(segments):
        last = depth == len(segments) - 1
        reached: list[tuple[Location, Any]] = []
        for where, node in found:
            if segment is None and isinstance(node, list):
                reached.extend(((*where, index), item) for index, item in enumerate(node))
            elif segment is not None and isinstance(node, dict) and (last or segment in node):
                reached.append(((*where, segment), node.get(segment)))
        found = reached
    return [where for where, _ in found]


def at(payload: Any, where: Location) -> Any:
    """The value at `where`, or None where the payload has no such place (a client's parse may
    lack a field the kit sent)."""
    node = payload
    for key in where:
        in_object = isinstance(node, dict) and key in node
        in_array = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if not (in_object or in_array):
            return None
        node = node[key]
    return node


def with_value(payload: Any, where: Location, value: Any) -> Any:
    """A deep copy of the payload with the value at `where` replaced (or added)."""
    changed = copy.deepcopy(payload)
    _parent(changed, where)[where[-1]] = value
    return changed


def without(payload: Any, where: Location) -> Any:
    """A deep copy of the payload with the key at `where` removed."""
    changed = copy.deepcopy(payload)
    del _parent(changed, where)[where[-1]]
    return changed


def _parent(payload: Any, where: Location) -> Any:
    node = payload
    for key in where[:-1]:
        node = node[key]
    return node


def show(where: Location) -> str:
    """A location as users read it: `data.provider_responses[1].latency`."""
    text = ""
    for key in where:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def parse(text: str) -> Location:
    """A location as `show` writes it, as keys: `a.b[1].c` → ("a", "b", 1, "c")."""
    return tuple(
        int(index) if index else name
        for name, index in re.findall(r"\.?([^.\[\]]+)|\[(\d+)\]", text)
    )


def unions_above(schema: Schema, where: Location) -> tuple[str, ...]:
    """The locations above `where` that hold a union of objects (`oneOf`/`anyOf` with more than
    one object branch): a value inside one can make the union match no branch, so a client may
    rightly name the union's location for it."""
    found: list[str] = []
    node = schema
    for depth, key in enumerate(where):
        alternatives = subset.branches(node)
        if alternatives and sum(bool(subset.properties(b)) for b in alternatives) > 1:
            found.append(show(where[:depth]))
        if isinstance(key, int):
            node = next(subset.array_items(node), {})
            continue
        holders = [o for o in subset.object_schemas(node) if key in subset.properties(o)]
        node = subset.properties(holders[0])[key] if holders else {}
    return tuple(found)
