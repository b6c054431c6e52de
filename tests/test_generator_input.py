"""What the generator reads: scalar `$ref`s inlined (so the templates see their constraints),
the rest untouched, and the server URL the client defaults to."""

from __future__ import annotations

from typing import Any

import pytest

from tools.generator_input import SpecError, inline_scalar_refs, parameter_schemas, server_url


def _document(**schemas: Any) -> dict[str, Any]:
    return {"servers": [{"url": "https://api.example/v2"}], "components": {"schemas": schemas}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_ref_to_a_scalar_is_inlined_with_its_siblings() -> None:
    document = _document(
        TokenCount={"type": "integer", "minimum": 0},
        Usage={
            "type": "object",
            "properties": {
                "tokens": {"anyOf": [_ref("TokenCount"), {"type": "null"}]},
                "cached": {**_ref("TokenCount"), "description": "Cached."},
            },
        },
    )
    usage = inline_scalar_refs(document)["components"]["schemas"]["Usage"]["properties"]
    assert usage["tokens"] == {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}
    assert usage["cached"] == {"type": "integer", "minimum": 0, "description": "Cached."}
    assert document["components"]["schemas"]["Usage"]["properties"]["cached"]["$ref"]


def test_refs_to_classes_and_cycles_stay() -> None:
    document = _document(
        Level={"type": "string", "enum": ["low", "high"]},
        Pet={"type": "object", "properties": {"name": {"type": "string"}}},
        Pets={"type": "array", "items": _ref("Pet")},
        Tree={"type": "array", "items": _ref("Tree")},
        Holder={"oneOf": [{"type": "object", "properties": {}}, {"type": "null"}]},
    )
    uses = {name: _ref(name) for name in ("Level", "Pet", "Holder")}
    document["components"]["schemas"]["Uses"] = {"type": "object", "properties": uses}
    schemas = inline_scalar_refs(document)["components"]["schemas"]
    assert schemas["Uses"]["properties"] == uses
    assert schemas["Pets"] == {"type": "array", "items": _ref("Pet")}
    assert schemas["Tree"] == {"type": "array", "items": {"type": "array", "items": _ref("Tree")}}


@pytest.mark.parametrize(
    ("servers", "url"),
    [
        ([{"url": "https://openrouter.ai/api/v2"}], "https://openrouter.ai/api/v2"),
        ([{"url": "https://openrouter.ai/api/v1/"}], "https://openrouter.ai/api/v1"),
        (
            [
                {
                    "url": "https://{host}/api/{v}",
                    "variables": {"host": {"default": "h.example"}, "v": {"default": "v3"}},
                }
            ],
            "https://h.example/api/v3",
        ),
    ],
)
def test_the_default_base_url_is_the_first_server(servers: list[Any], url: str) -> None:
    assert server_url({"servers": servers}) == url


@pytest.mark.parametrize(
    "servers", [None, [], [{"url": "/api/v1"}], [{"url": "https://{host}/v1"}], [{}]]
)
def test_a_spec_without_an_absolute_server_is_refused(servers: list[Any] | None) -> None:
    with pytest.raises(SpecError, match="server"):
        server_url({} if servers is None else {"servers": servers})


def test_parameter_schemas_resolve_references_and_take_the_paths_own() -> None:
    document: dict[str, Any] = {
        "paths": {
            "/things": {
                "parameters": [{"name": "tenant", "in": "query", "schema": {"type": "string"}}],
                "get": {"parameters": [{"$ref": "#/components/parameters/Id"}]},
                "summary": "not an operation",
            }
        },
        "components": {
            "parameters": {
                "Id": {"name": "id", "in": "query", "schema": {"type": "string", "minLength": 1}}
            }
        },
    }
    assert parameter_schemas(document) == {
        "GET /things": {"tenant": {"type": "string"}, "id": {"type": "string", "minLength": 1}}
    }
