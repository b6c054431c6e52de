"""The parts of openapi.yaml the kit runs on, read at run time and dereferenced.

Everything the kit tests comes from here: the server URL, the operation, its query parameter,
each documented status with its body schema and examples. A change to the spec changes the
cases with no edit to the kit; a spec shape the kit cannot follow raises UnsupportedSchema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import subset
from .subset import Schema, UnsupportedSchema

DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"
OPERATION_ID = "getGeneration"


@dataclass(frozen=True)
class Body:
    """One documented response body schema and the statuses that send it."""

    name: str
    schema: Schema
    statuses: tuple[int, ...]
    examples: tuple[tuple[int, Any], ...]


@dataclass(frozen=True)
class Spec:
    """The operation under test, as the spec describes it."""

    path: Path
    server_url: str
    operation_path: str
    method: str
    query_param: str
    query_schema: Schema
    success: Body
    errors: tuple[Body, ...]

    @property
    def bodies(self) -> tuple[Body, ...]:
        return (self.success, *self.errors)

    @property
    def error_statuses(self) -> tuple[int, ...]:
        return tuple(sorted(status for body in self.errors for status in body.statuses))

    @property
    def documented_statuses(self) -> tuple[int, ...]:
        return (200, *self.error_statuses)

    def body_for(self, status: int) -> Body | None:
        """The body documented for a status, or None for an undocumented status."""
        return next((body for body in self.bodies if status in body.statuses), None)


def load(path: Path = DEFAULT_SPEC) -> Spec:
    """Read and dereference the spec; raise UnsupportedSchema on a shape the kit cannot test."""
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    resolve = _Resolver(document)
    op_path, method, operation = _operation(document)
    (param,) = [
        resolve(p, "parameter") for p in operation.get("parameters", ()) if _in_query(resolve, p)
    ]
    schemes = document.get("components", {}).get("securitySchemes", {})
    if not any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values()):
        raise UnsupportedSchema("the kit checks `Authorization: Bearer`; the spec declares none")
    bodies: dict[str, tuple[Schema, list[int], list[tuple[int, Any]]]] = {}
    for key, response in operation["responses"].items():
        if not str(key).isdigit():
            raise UnsupportedSchema(f"response {key!r}: only explicit statuses are supported")
        status = int(key)
        if 200 <= status < 300 and status != 200:
            raise UnsupportedSchema(f"response {status}: the kit knows one success status, 200")
        name, schema, examples = _body(resolve, status, response)
        entry = bodies.setdefault(name, (schema, [], []))
        entry[1].append(status)
        entry[2].extend((status, example) for example in examples)
    built = {
        name: Body(name, schema, tuple(sorted(statuses)), tuple(examples))
        for name, (schema, statuses, examples) in bodies.items()
    }
    (success,) = [body for body in built.values() if 200 in body.statuses]
    if len(success.statuses) > 1:
        raise UnsupportedSchema("the 200 body schema is shared with error statuses")
    return Spec(
        path=path,
        server_url=document["servers"][0]["url"].rstrip("/"),
        operation_path=op_path,
        method=method.upper(),
        query_param=param["name"],
        query_schema=resolve(param["schema"], "parameter schema"),
        success=success,
        errors=tuple(sorted((b for b in built.values() if b is not success), key=_first_status)),
    )


def _first_status(body: Body) -> int:
    return body.statuses[0]


def _operation(document: Mapping[str, Any]) -> tuple[str, str, Mapping[str, Any]]:
    for op_path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, Mapping) and operation.get("operationId") == OPERATION_ID:
                return op_path, method, operation
    raise UnsupportedSchema(f"the spec has no operation {OPERATION_ID!r}")


def _in_query(resolve: _Resolver, parameter: Mapping[str, Any]) -> bool:
    return bool(resolve(parameter, "parameter").get("in") == "query")


def _body(
    resolve: _Resolver, status: int, response: Mapping[str, Any]
) -> tuple[str, Schema, list[Any]]:
    name = f"response {status}"
    while "$ref" in response:
        response = resolve.target(response["$ref"], f"response {status}")
    media = response.get("content", {}).get("application/json")
    if media is None or "schema" not in media:
        raise UnsupportedSchema(f"response {status}: the kit needs an application/json schema")
    raw_schema = media["schema"]
    if "$ref" in raw_schema:
        name = raw_schema["$ref"].rsplit("/", 1)[-1]
    schema = resolve(raw_schema, name)
    subset.check(schema, name)
    examples = [media["example"]] if "example" in media else []
    examples.extend(resolve(e, "example")["value"] for e in media.get("examples", {}).values())
    return name, schema, examples


class _Resolver:
    """Inline every local `$ref` (annotation siblings allowed); a cycle is unsupported."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    def __call__(self, node: Any, where: str) -> Any:
        return self._inline(node, where, ())

    def _inline(self, node: Any, where: str, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self._inline(item, where, stack) for item in node]
        if not isinstance(node, Mapping):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            extra = set(node) - {"$ref"} - subset.ANNOTATIONS
            if extra:
                raise UnsupportedSchema(f"{where}: keywords {sorted(extra)} next to $ref {ref}")
            if ref in stack:
                raise UnsupportedSchema(f"{where}: recursive $ref {ref} is not supported")
            return self._inline(self.target(ref, where), ref, (*stack, ref))
        return {key: self._inline(value, f"{where}.{key}", stack) for key, value in node.items()}

    def target(self, ref: str, where: str) -> Any:
        """The node a local `$ref` points at, as written (not inlined)."""
        if not ref.startswith("#/"):
            raise UnsupportedSchema(f"{where}: only local $refs are supported, got {ref}")
        node: Any = self._document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node
