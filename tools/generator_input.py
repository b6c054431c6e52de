"""What openapi-python-client is given besides the spec as written (tools/generator.py uses it).

Two gaps of the generator (0.29.1), closed here rather than by hand in generated/:

- A property that reaches a scalar or array schema through `$ref` (`TokenCount: {type:
  integer, minimum: 0}`) comes to the model template as a bare reference, so its constraints
  were never checked. The document the generator parses has each such `$ref` replaced by its
  target (sibling keywords such as `description` kept): the same Python types, now with the
  constraints in the model's own schema. References to objects and enums stay, since each
  is a class of its own, and so do references in a cycle.
- Templates see no `servers`: `server_url` is the first server's URL (its variables at their
  defaults), which the templates get as a global for the client's DEFAULT_BASE_URL.
- Templates see a parameter's Python type but not its schema's constraints (`minLength`):
  `parameter_schemas` gives each operation's parameter schemas, references resolved, as the
  global the endpoint template checks arguments against before sending.
"""

from __future__ import annotations

import copy
import re
from typing import Any

Document = dict[str, Any]
_SCHEMAS = "#/components/schemas/"


class SpecError(ValueError):
    """The spec lacks something the client needs (the message says what)."""


def server_url(document: Document) -> str:
    """The first server's URL with its variables at their defaults; it must be absolute."""
    servers = document.get("servers") or []
    if not servers or not isinstance(servers[0], dict) or not servers[0].get("url"):
        raise SpecError("the spec lists no server: the client needs servers[0].url as its default")
    server = servers[0]
    variables = server.get("variables") or {}
    url = re.sub(
        r"\{([^}]*)\}",
        lambda found: str((variables.get(found.group(1)) or {}).get("default", found.group(0))),
        str(server["url"]),
    )
    if not re.match(r"https?://[^/{}]+", url) or "{" in url:
        raise SpecError(f"servers[0].url must be an absolute http(s) URL, got {url!r}")
    return url.rstrip("/")


def inline_scalar_refs(document: Document) -> Document:
    """A copy of `document` in which every `$ref` to a schema that is no class (neither an
    object nor an enum, and holding none inline) is replaced by that schema."""
    schemas: dict[str, Any] = (document.get("components") or {}).get("schemas") or {}
    inlinable = {name for name, schema in schemas.items() if not _holds_a_class(schema)}

    def resolve(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref[len(_SCHEMAS) :] if isinstance(ref, str) and ref.startswith(_SCHEMAS) else None
        if name in inlinable and name not in seen:
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            target = resolve(copy.deepcopy(schemas[name]), seen | {name})
            return {**target, **resolve(siblings, seen)}
        return {key: resolve(value, seen) for key, value in node.items()}

    return {key: resolve(value, frozenset()) for key, value in document.items()}


def _holds_a_class(schema: Any) -> bool:
    """Whether the generator makes a class of `schema` or of a schema written inside it."""
    if isinstance(schema, list):
        return any(_holds_a_class(item) for item in schema)
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    declared = schema.get("type")
    types = declared if isinstance(declared, list) else [declared]
    if "enum" in schema or "properties" in schema or "object" in types:
        return True
    return any(_holds_a_class(value) for value in schema.values())


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def parameter_schemas(document: Document) -> dict[str, dict[str, Any]]:
    """Each operation's parameter schemas by name, keyed "GET /path" (method upper-cased), the
    path's own parameters and the operation's, `$ref`s to components/parameters resolved."""
    components = (document.get("components") or {}).get("parameters") or {}

    def resolved(parameter: Any) -> Any:
        reference = parameter.get("$ref", "") if isinstance(parameter, dict) else ""
        prefix = "#/components/parameters/"
        return (
            components.get(reference[len(prefix) :], {})
            if reference.startswith(prefix)
            else parameter
        )

    found: dict[str, dict[str, Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            parameters = [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
            found[f"{method.upper()} {path}"] = {
                parameter["name"]: parameter.get("schema") or {}
                for parameter in map(resolved, parameters)
                if isinstance(parameter, dict) and "name" in parameter
            }
    return found
