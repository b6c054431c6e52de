"""openapi.yaml as the kit reads it: read and dereferenced once, schemas in canonical form.

Everything the kit tests comes from here, and so do the live check, the drift check and the
tests: the server URL and, per operation, its parameters, each documented status with its body
schema and examples, and the headers that say when to retry (`x-retry-hint`). A change to the
spec changes the cases with no edit to the kit. What the spec describes and the kit cannot test
(a header of a response that gives no retry hint, a non-JSON media type, a keyword outside the
subset) is a `Gap`, listed in the report's "not tested" section.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from conformance.spec import subset
from conformance.spec.canonical import Gaps, canonical
from conformance.spec.subset import Schema, UnsupportedSchema

DEFAULT_SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# A response key that is one HTTP status (`default` and ranges such as `2XX` are not tested).
_STATUS = re.compile(r"[1-5][0-9][0-9]")
JSON = "application/json"
ParameterIn = Literal["query", "path", "header"]
# Parameter types the request check can encode and read back (OpenAPI's form/simple style).
SCALAR_PARAMETER_TYPES = frozenset({"string", "integer", "number", "boolean"})
# How a header may say when to retry (a header's `x-retry-hint`, the retry kind's cases).
HintForm = Literal["delay-seconds", "http-date", "delay-milliseconds", "unix-milliseconds"]
HINT_FORMS: tuple[HintForm, ...] = (
    "delay-seconds",
    "http-date",
    "delay-milliseconds",
    "unix-milliseconds",
)


@dataclass(frozen=True)
class Gap:
    """Something the spec says that the kit does not test, and where."""

    operation: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.where}: {self.what}"


@dataclass(frozen=True)
class Parameter:
    """One query, path or header parameter of an operation."""

    name: str
    location: ParameterIn
    required: bool
    schema: Schema


@dataclass(frozen=True)
class Header:
    """A response header the spec documents; `hints`: the forms in which it says when to
    retry (empty: it says something else, e.g. X-RateLimit-Limit)."""

    name: str
    hints: tuple[HintForm, ...]


@dataclass(frozen=True)
class Headers:
    """The headers documented on one status of an operation, and where in its body the same
    headers may come instead (`x-headers-in-body: error.metadata.headers` is the path
    `("error", "metadata", "headers")`; empty: only in the headers)."""

    status: int
    headers: tuple[Header, ...]
    in_body: tuple[str, ...] = ()


@dataclass(frozen=True)
class Body:
    """One documented response body schema of an operation, and the statuses that send it."""

    operation: str
    name: str
    schema: Schema
    statuses: tuple[int, ...]
    examples: tuple[tuple[int, Any], ...]
    media_type: str = "application/json"  # the Content-Type it is served with


@dataclass(frozen=True)
class Credential:
    """One way the spec lets a client send the key: in header `header`, after `prefix`."""

    scheme: str
    header: str
    prefix: str


BEARER = Credential("bearer", "authorization", "Bearer ")


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, as a client calls it and as the server answers it."""

    id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    success: Body
    errors: tuple[Body, ...]
    # Per status with documented retry hints (a 429): its headers, as the retry kind serves them.
    headers: tuple[Headers, ...] = ()
    # The ways its security requirements accept the key (any one will do).
    credentials: tuple[Credential, ...] = (BEARER,)
    # The most of its success body a client reads, in bytes, decoded: the 200 response's
    # `x-body-limit` (None: the spec sets none).
    body_limit: int | None = None

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

    def body(self, name: str) -> Body:
        """The documented body schema called `name`."""
        return next(body for body in self.bodies if body.name == name)


@dataclass(frozen=True)
class Spec:
    """The operations under test and what the kit cannot test of them."""

    path: Path
    sha256: str
    server_url: str
    operations: tuple[Operation, ...]
    gaps: tuple[Gap, ...]
    # Component schemas marked `x-sensitive: true` (the user's own stored text): bodies of
    # these names must never be displayed (strict.not_shown). Extensions leave the schemas.
    sensitive: frozenset[str] = frozenset()

    def operation(self, operation_id: str) -> Operation:
        """The operation with this operationId."""
        for operation in self.operations:
            if operation.id == operation_id:
                return operation
        raise KeyError(f"the spec has no operation {operation_id!r}")

    @property
    def bodies(self) -> tuple[Body, ...]:
        return tuple(body for operation in self.operations for body in operation.bodies)


# libyaml's parser where PyYAML has it (its wheels do): the same documents as the pure-Python
# parser gives, in a fraction of the time that every kit process, and many a test, spends.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml's composer recurses in C: a document nested some 25,000 levels deep overflows its
# stack and kills the process. No spec comes near this many levels; a document past it is
# refused from the parser's events, which come one at a time, before anything is composed.
DEEPEST = 500
# Nodes the spec's schemas may grow to with every $ref inlined: far past any real spec's (a few
# thousand), far short of what would stall the kit.
LARGEST = 200_000
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class TooDeep(yaml.YAMLError):
    """The document nests mappings and sequences more than `DEEPEST` levels deep."""


def read_yaml(raw: bytes, name: str = "<spec>") -> Any:
    """A YAML document as plain data (YAML's safe subset), as the kit reads the spec; a
    syntax error's position names the document `name`."""
    depth = 0
    for event in yaml.parse(_stream(raw, name), Loader=_LOADER):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > DEEPEST:
                raise TooDeep(f"{name}: nested more than {DEEPEST} levels deep")
        elif isinstance(event, _CLOSES):
            depth -= 1
    return yaml.load(_stream(raw, name), Loader=_LOADER)  # noqa: S506 (a safe loader)


def _stream(raw: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(raw)
    stream.name = name  # what the marks of PyYAML's errors quote
    return stream


def load(path: Path = DEFAULT_SPEC) -> Spec:
    """Read and dereference the spec; raise UnsupportedSchema, naming the file and what is
    wrong, when it cannot be read at all (not YAML, not shaped as an OpenAPI document)."""
    raw = path.read_bytes()
    try:
        document = read_yaml(raw, str(path))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 2024-99-99
        raise UnsupportedSchema(f"{path}: cannot be read as YAML: {exc}") from exc
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise UnsupportedSchema(f"{path}: a YAML {kind}, not an OpenAPI document")
    try:
        return _spec(path, raw, document)
    except RecursionError as exc:
        # A schema nested past the interpreter's recursion limit, or a YAML anchor inside itself.
        raise UnsupportedSchema(f"{path}: nested too deeply for the kit to read") from exc
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        # A part that is not the shape OpenAPI gives it: a list where a mapping goes, no
        # `servers`, ... (the tests check the repository's own spec against OpenAPI's schema).
        raise UnsupportedSchema(
            f"{path}: not an OpenAPI document the kit can read ({type(exc).__name__}: {exc})"
        ) from exc


def _spec(path: Path, raw: bytes, document: dict[str, Any]) -> Spec:
    resolve = _Resolver(document)
    gaps: list[Gap] = []
    schemes = _credentials(document.get("components", {}).get("securitySchemes", {}), gaps)
    operations = []
    for op_path, item in document.get("paths", {}).items():
        item = resolve.follow(item, op_path)
        shared = item.get("parameters", ())
        for method in METHODS:
            if method in item and "requestBody" in item[method]:
                # Refused whole: half its cases would call it without the body it needs.
                op_id = item[method].get("operationId") or f"{method.upper()} {op_path}"
                what = "a request body, which the kit does not send: the operation is not tested"
                gaps.append(Gap(str(op_id), "requestBody", what))
            elif method in item:
                found = _operation(resolve, op_path, method, item[method], shared, gaps)
                security = item[method].get("security", document.get("security", []))
                operations.append(_secured(found, security, schemes, gaps))
    if not operations:
        raise UnsupportedSchema(f"{path}: the spec has no operation")
    return Spec(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        server_url=document["servers"][0]["url"].rstrip("/"),
        operations=tuple(operations),
        gaps=tuple(gaps),
        sensitive=frozenset(
            name
            for name, schema in document.get("components", {}).get("schemas", {}).items()
            if schema.get("x-sensitive") is True
        ),
    )


def _operation(
    resolve: _Resolver,
    op_path: str,
    method: str,
    operation: Mapping[str, Any],
    shared: Any,
    gaps: list[Gap],
) -> Operation:
    op_id = str(operation.get("operationId") or f"{method.upper()} {op_path}")

    def schema_of(node: Any, where: str) -> Schema:
        found: Gaps = []
        result = canonical(resolve(node, where), where, found)
        gaps.extend(Gap(op_id, place, what) for place, what in found)
        return result

    by_key: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in (*shared, *operation.get("parameters", ())):
        parameter = resolve(raw, "parameter")
        by_key[(parameter["name"], parameter.get("in", ""))] = parameter
    parameters = []
    for (name, location), parameter in by_key.items():
        where = f"parameter {name} (in {location})"
        schema = schema_of(parameter.get("schema", {}), where)
        types = set(subset.declared_types(schema) or ("string",)) - {"null"}
        style = parameter.get("style", "form" if location == "query" else "simple")
        place: ParameterIn = "query" if location == "query" else "path"
        if location == "header":
            place = "header"
        if location not in ("query", "path", "header"):
            gaps.append(Gap(op_id, where, f"{location} parameters are not sent by the kit"))
        elif not types <= SCALAR_PARAMETER_TYPES:
            gaps.append(Gap(op_id, where, f"type {sorted(types)} (only scalars are encoded)"))
        elif style not in ("form", "simple"):
            gaps.append(Gap(op_id, where, f"style {style!r}"))
        else:
            needed = bool(parameter.get("required")) or location == "path"
            parameters.append(Parameter(name, place, needed, schema))
    bodies: dict[str, tuple[Schema, list[int], list[tuple[int, Any]], str]] = {}
    headers: list[Headers] = []
    body_limit = None
    for key, response in operation.get("responses", {}).items():
        where = f"response {key}"
        if not _STATUS.fullmatch(str(key)):
            gaps.append(Gap(op_id, where, "only explicit statuses are tested"))
            continue
        status = int(key)
        response = resolve.follow(response, where)
        documented = _headers(status, response, op_id, where, gaps)
        if documented is not None:
            headers.append(documented)
        content = response.get("content", {})
        json_types = [media for media in content if is_json(media)]
        for media in content:
            if media not in json_types[:1]:
                gaps.append(Gap(op_id, where, f"media type {media!r}"))
        if 200 <= status < 300 and status != 200:
            gaps.append(Gap(op_id, where, "a success status other than 200"))
            continue
        if status == 200:
            body_limit = _body_limit(response, op_id, where, gaps)
        if not json_types or "schema" not in content[json_types[0]]:
            gaps.append(Gap(op_id, where, "no JSON body schema"))
            continue
        media_type = json_types[0]
        media = content[media_type]
        raw_schema = media["schema"]
        name = (
            raw_schema["$ref"].rsplit("/", 1)[-1]
            if "$ref" in raw_schema
            else f"{op_id}{status}Body"
        )
        schema = schema_of(raw_schema, name)
        examples = [media["example"]] if "example" in media else []
        examples.extend(
            resolve.follow(e, "example")["value"] for e in media.get("examples", {}).values()
        )
        entry = bodies.setdefault(name, (schema, [], [], media_type))
        entry[1].append(status)
        entry[2].extend((status, example) for example in examples)
    built = {
        name: Body(op_id, name, schema, tuple(sorted(statuses)), tuple(examples), media_type)
        for name, (schema, statuses, examples, media_type) in bodies.items()
    }
    success = [body for body in built.values() if 200 in body.statuses]
    if not success:
        raise UnsupportedSchema(f"{op_id}: the kit needs an application/json 200 body")
    if len(success[0].statuses) > 1:
        raise UnsupportedSchema(f"{op_id}: the 200 body schema is shared with error statuses")
    return Operation(
        id=op_id,
        method=method.upper(),
        path=op_path,
        parameters=tuple(parameters),
        success=success[0],
        errors=tuple(sorted((b for b in built.values() if b is not success[0]), key=_first)),
        headers=tuple(headers),
        body_limit=body_limit,
    )


def _body_limit(response: Mapping[str, Any], op_id: str, where: str, gaps: list[Gap]) -> int | None:
    """The response's `x-body-limit` (bytes, a positive integer), or None; any other value
    is a gap, and its limit untested."""
    limit = response.get("x-body-limit")
    if limit is None:
        return None
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    gaps.append(Gap(op_id, f"{where} x-body-limit", f"{limit!r} is not a count of bytes"))
    return None


def _credentials(schemes: Mapping[str, Any], gaps: list[Gap]) -> dict[str, Credential]:
    """The security schemes the request check can verify: HTTP bearer, and an API key in a
    header. Any other (a key in the query or a cookie, OAuth, ...) is a gap, by name."""
    found: dict[str, Credential] = {}
    for name, scheme in schemes.items():
        kind, place = scheme.get("type"), scheme.get("in")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            found[name] = Credential(name, "authorization", "Bearer ")
        elif kind == "apiKey" and place == "header" and scheme.get("name"):
            found[name] = Credential(name, str(scheme["name"]).lower(), "")
            what = f"apiKey in header {scheme['name']!r}: accepted in place of Bearer, not required"
            gaps.append(Gap("*", f"securitySchemes.{name}", what))
        else:
            what = f"{kind} scheme" + (f" in {place}" if place else "")
            gaps.append(Gap("*", f"securitySchemes.{name}", f"{what} (not checked by the kit)"))
    return found


def _secured(
    operation: Operation,
    security: Any,
    schemes: Mapping[str, Credential],
    gaps: list[Gap],
) -> Operation:
    """The operation with the credentials its security requirements accept. A requirement of
    two schemes at once, or of a scheme the kit cannot check, is a gap; with no requirement
    the kit still expects Bearer (the project's API always wants the key)."""
    accepted: list[Credential] = []
    for requirement in security or []:
        names = list(requirement)
        if len(names) == 1 and names[0] in schemes:
            accepted.append(schemes[names[0]])
        elif len(names) > 1:
            gaps.append(Gap(operation.id, "security", f"schemes {names} together"))
    if not accepted:
        if security:
            gaps.append(Gap(operation.id, "security", "no scheme the kit checks: Bearer expected"))
        accepted = [BEARER]
    return dataclasses.replace(operation, credentials=tuple(dict.fromkeys(accepted)))


def is_json(media_type: str) -> bool:
    """`application/json`, or any `+json` type (`application/problem+json`, RFC 6839), with or
    without parameters: each is a JSON body."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == JSON or (essence.startswith("application/") and essence.endswith("+json"))


def _headers(
    status: int, response: Mapping[str, Any], op_id: str, where: str, gaps: list[Gap]
) -> Headers | None:
    """The headers of an error response that gives retry hints, each served by the retry kind
    (and so checked as kept); every header of any other response is a gap."""
    documented = response.get("headers", {})
    hinted = {
        str(name): tuple(header.get("x-retry-hint", ()))
        for name, header in documented.items()
        if isinstance(header, Mapping)
    }
    unknown = {form for forms in hinted.values() for form in forms} - set(HINT_FORMS)
    if status < 400 or not any(hinted.values()) or unknown:
        for name in documented:
            gaps.append(Gap(op_id, where, f"header {name!r}"))
        return None
    path = response.get("x-headers-in-body", "")
    return Headers(
        status,
        tuple(Header(name, forms) for name, forms in hinted.items()),
        tuple(str(path).split(".")) if path else (),
    )


def _first(body: Body) -> int:
    return body.statuses[0]


class _Resolver:
    """Inline every local `$ref` (annotation siblings allowed); a cycle is unsupported, and so
    is a spec that inlines to more than `LARGEST` nodes (a schema referring twice to one that
    refers twice to the next, ..., or a YAML alias bomb, grows exponentially)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._nodes = 0

    def __call__(self, node: Any, where: str) -> Any:
        return self._inline(node, where, ())

    def follow(self, node: Any, where: str) -> Any:
        """A node with its own `$ref` chain followed (not inlined below)."""
        followed: list[Any] = []
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if ref in followed:
                raise UnsupportedSchema(f"{where}: $ref {ref} leads back to itself")
            followed.append(ref)
            node = self.target(ref, where)
        return node

    def _inline(self, node: Any, where: str, stack: tuple[str, ...]) -> Any:
        self._nodes += 1
        if self._nodes > LARGEST:
            raise UnsupportedSchema(f"{where}: the spec inlines to more than {LARGEST} nodes")
        if isinstance(node, list):
            return [self._inline(item, where, stack) for item in node]
        if not isinstance(node, Mapping):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            ref = node["$ref"]
            if ref in stack:
                raise UnsupportedSchema(f"{where}: recursive $ref {ref} is not supported")
            target = self._inline(self.target(ref, where), ref, (*stack, ref))
            siblings = {k: self._inline(v, where, stack) for k, v in node.items() if k != "$ref"}
            if not siblings or not isinstance(target, Mapping):
                return target
            return {"allOf": [target], **siblings}  # 3.1: $ref and its siblings both apply
        return {key: self._inline(value, f"{where}.{key}", stack) for key, value in node.items()}

    def target(self, ref: str, where: str) -> Any:
        """The node a local `$ref` points at, as written (not inlined)."""
        if not ref.startswith("#/"):
            raise UnsupportedSchema(f"{where}: only local $refs are supported, got {ref}")
        node: Any = self._document
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or key not in node:
                raise UnsupportedSchema(f"{where}: $ref {ref} points at nothing")
            node = node[key]
        return node
