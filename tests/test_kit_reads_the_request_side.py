"""What the kit reads of the request side of the spec and checks of a client's request: header
parameters, the security schemes, `+json` bodies, and an operation with a request body, each
on an edited copy of openapi.yaml (the whole kit runs on them in test_conformance_follows_spec).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import yaml

from conformance.kinds import request
from conformance.spec import document, read_yaml

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-or-v1-" + "ab" * 32
SERVER = "https://openrouter.ai/api/v1"


def _load(tmp_path: Path, edit: Any) -> document.Spec:
    spec: dict[str, Any] = read_yaml((ROOT / "openapi.yaml").read_bytes())
    edit(spec)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    return document.load(path)


def _with_api_key_header(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"]["apiKeyHeader"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }
    spec["paths"]["/generation"]["get"]["security"] = [{"bearerAuth": []}, {"apiKeyHeader": []}]
    spec["paths"]["/generation"]["get"]["parameters"].append(
        {
            "name": "OpenRouter-Version",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
        }
    )


def _check(spec: document.Spec, params: dict[str, Any], headers: dict[str, str]) -> None:
    kit = SimpleNamespace(base_url=SERVER, api_key=KEY)
    sent = httpx.Request(
        "GET", f"{SERVER}/generation", params={"id": params["id"]}, headers=headers
    )
    request.check(kit, spec.operation("getGeneration"), params, sent)  # type: ignore[arg-type]


PARAMS = {"id": "gen-1", "OpenRouter-Version": "2026-11-01"}


@pytest.mark.parametrize(
    "credential",
    [{"Authorization": f"Bearer {KEY}"}, {"X-API-Key": KEY}],
    ids=["bearer", "api-key"],
)
def test_a_key_sent_by_any_scheme_the_operation_accepts_passes(
    tmp_path: Path, credential: dict[str, str]
) -> None:
    spec = _load(tmp_path, _with_api_key_header)
    _check(spec, PARAMS, {**credential, "OpenRouter-Version": "2026-11-01"})


def test_a_key_sent_by_no_accepted_scheme_fails_naming_them(tmp_path: Path) -> None:
    spec = _load(tmp_path, _with_api_key_header)
    with pytest.raises(AssertionError, match="authorization: Bearer <key>` or `x-api-key: <key>"):
        _check(spec, PARAMS, {"X-Key": KEY, "OpenRouter-Version": "2026-11-01"})


def test_the_second_scheme_is_named_as_not_tested(tmp_path: Path) -> None:
    spec = _load(tmp_path, _with_api_key_header)
    assert any(
        "securitySchemes.apiKeyHeader" in str(gap) and "X-API-Key" in str(gap) for gap in spec.gaps
    )
    assert [c.header for c in spec.operation("getGeneration").credentials] == [
        "authorization",
        "x-api-key",
    ]
    # The other operation keeps the top-level requirement: Bearer only.
    assert [c.header for c in spec.operation("getGenerationContent").credentials] == [
        "authorization"
    ]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "header OpenRouter-Version '2026-11-01' arrived as \\[\\]"),
        ({"OpenRouter-Version": "2026-11-02"}, "arrived as \\['2026-11-02'\\]"),
    ],
)
def test_a_header_parameter_must_arrive_as_passed(
    tmp_path: Path, headers: dict[str, str], reason: str
) -> None:
    spec = _load(tmp_path, _with_api_key_header)
    parameter = next(
        p for p in spec.operation("getGeneration").parameters if p.location == "header"
    )
    assert (parameter.name, parameter.required) == ("OpenRouter-Version", True)
    with pytest.raises(AssertionError, match=reason):
        _check(spec, PARAMS, {"Authorization": f"Bearer {KEY}", **headers})


def test_an_optional_header_parameter_not_passed_must_not_be_sent(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _with_api_key_header(spec)
        spec["paths"]["/generation"]["get"]["parameters"][-1]["required"] = False

    spec = _load(tmp_path, edit)
    with pytest.raises(AssertionError, match="was not passed, yet sent"):
        _check(spec, {"id": "gen-1"}, {"Authorization": f"Bearer {KEY}", "OpenRouter-Version": "v"})


def test_an_unsupported_scheme_is_named_and_bearer_still_expected(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["components"]["securitySchemes"] = {
            "keyInQuery": {"type": "apiKey", "in": "query", "name": "key"}
        }
        spec["security"] = [{"keyInQuery": []}]
        for item in spec["paths"].values():
            item["get"]["security"] = [{"keyInQuery": []}]

    spec = _load(tmp_path, edit)
    gaps = [str(gap) for gap in spec.gaps]
    assert "*: securitySchemes.keyInQuery: apiKey scheme in query (not checked by the kit)" in gaps
    assert "getGeneration: security: no scheme the kit checks: Bearer expected" in gaps


@pytest.mark.parametrize(
    ("media", "json"),
    [
        ("application/json", True),
        ("application/problem+json", True),
        ("application/vnd.api+json; charset=utf-8", True),
        ("Application/JSON", True),
        ("text/json", False),
        ("application/jsonl", False),
        ("text/html", False),
    ],
)
def test_every_plus_json_media_type_is_json(media: str, json: bool) -> None:
    assert document.is_json(media) is json


def test_a_plus_json_error_body_is_a_documented_body(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schema = {
            "type": "object",
            "required": ["title"],
            "properties": {"title": {"type": "string"}},
        }
        spec["paths"]["/generation"]["get"]["responses"]["422"] = {
            "description": "A problem document.",
            "content": {"application/problem+json": {"schema": schema}},
        }

    spec = _load(tmp_path, edit)
    body = spec.operation("getGeneration").body_for(422)
    assert body is not None
    assert body.media_type == "application/problem+json"
    assert not spec.gaps


def test_an_operation_with_a_request_body_is_refused_whole(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        get = spec["paths"]["/generation"]["get"]
        body = {"content": {"application/json": {"schema": {"type": "object"}}}}
        spec["paths"]["/generation"]["post"] = {
            "operationId": "postGeneration",
            "requestBody": body,
            "responses": {"200": get["responses"]["200"]},
        }

    spec = _load(tmp_path, edit)
    assert [operation.id for operation in spec.operations] == [
        "getGeneration",
        "getGenerationContent",
    ]
    (gap,) = [str(gap) for gap in spec.gaps]
    assert gap.startswith("postGeneration: requestBody: a request body")
    assert "not tested" in gap
