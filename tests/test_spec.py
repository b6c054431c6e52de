"""openapi.yaml is a valid OpenAPI 3.1 document and says what the issue promises of it."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from conformance.spec import DEFAULT_SPEC, read_yaml
from tests.conftest import REFERENCE

DOCUMENTED_STATUSES = {"401", "402", "404", "429", "500", "502"}
LIVE_STATUSES = {"400", "403", "524", "529"}
NEWER_FIELDS = {"data_region", "preset_id", "workspace_id", "response_cache_source_id"}

# Today's shape, as the official SDK models it: every newer field set, provider attempts listed.
TODAYS_SHAPE_EXTRAS: dict[str, Any] = {
    "data_region": "europe",
    "preset_id": None,
    "workspace_id": "ws-123",
    "response_cache_source_id": None,
    "provider_responses": [
        {
            "status": 200,
            "endpoint_id": "ep-1",
            "id": "chatcmpl-1",
            "is_byok": False,
            "latency": 812.5,
            "model_permaslug": "sao10k/l3-stheno-8b",
            "provider_name": "Infermatic",
            "routed_service_tier": "flex",
        },
        {"status": None},
    ],
}


OPERATIONS = {"getGeneration": "/generation", "getGenerationContent": "/generation/content"}
CONTENT_STATUSES = {"200", "400", "401", "403", "404", "429", "500", "502", "503", "524", "529"}


def _operation(spec: dict[str, Any], path: str = "/generation") -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][path]["get"]
    return operation


def _resolved(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its local `$ref` points at."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _validator(spec: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator for one component schema, its $refs resolved within the spec."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_the_spec_reads_the_same_through_either_yaml_parser() -> None:
    """`read_yaml` takes libyaml's parser where PyYAML has one: the same data as PyYAML's own."""
    raw = DEFAULT_SPEC.read_bytes()
    assert read_yaml(raw) == yaml.load(raw, Loader=yaml.SafeLoader)


def test_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_validator_rejects_a_broken_spec(spec: dict[str, Any]) -> None:
    """The validity check above can fail: a response without a description is refused."""
    broken = copy.deepcopy(spec)
    del _operation(broken)["responses"]["200"]["description"]
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


@pytest.mark.parametrize(("operation_id", "path"), OPERATIONS.items())
def test_operation_shape(spec: dict[str, Any], operation_id: str, path: str) -> None:
    operation = _operation(spec, path)
    assert spec["servers"][0]["url"] == "https://openrouter.ai/api/v1"
    assert operation["operationId"] == operation_id
    assert operation["tags"] == ["Generations"]
    assert operation["security"] == [{"bearerAuth": []}]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    (parameter,) = (_resolved(spec, p) for p in operation["parameters"])
    assert parameter["name"] == "id"
    assert parameter["in"] == "query"
    assert parameter["required"] is True
    assert parameter["schema"] == {"type": "string", "minLength": 1}


def test_every_documented_field_is_in_the_schema(
    spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    properties = spec["components"]["schemas"]["Generation"]["properties"]
    documented = set(documented_example["data"])
    assert len(documented) == 41
    assert documented <= set(properties)
    assert set(properties) >= NEWER_FIELDS
    for name, schema in properties.items():
        assert schema.get("description"), f"{name} has no description"


def test_only_fields_of_the_documented_example_are_required(
    spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    required = set(spec["components"]["schemas"]["Generation"]["required"])
    assert required <= set(documented_example["data"])
    assert not required & NEWER_FIELDS


def test_created_at_is_a_date_time(spec: dict[str, Any]) -> None:
    created_at = spec["components"]["schemas"]["Generation"]["properties"]["created_at"]
    assert created_at["format"] == "date-time"


def test_documented_example_validates(
    spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    _validator(spec, "GenerationResponse").validate(documented_example)


def test_todays_shape_validates(spec: dict[str, Any], documented_example: dict[str, Any]) -> None:
    todays = {"data": {**documented_example["data"], **TODAYS_SHAPE_EXTRAS}}
    _validator(spec, "GenerationResponse").validate(todays)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("api_type", "a-type-added-next-year"),
        ("provider_name", "A Provider Added Next Week"),
        ("service_tier", "turbo"),
        ("finish_reason", "a_new_reason"),
        ("data_region", "asia"),
    ],
)
def test_open_enums_accept_unlisted_values(
    spec: dict[str, Any], documented_example: dict[str, Any], field: str, value: str
) -> None:
    body = {"data": {**documented_example["data"], field: value}}
    _validator(spec, "GenerationResponse").validate(body)


def test_schema_rejects_wrong_types(
    spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    """The JSON Schema checks above can fail: a string cost is not a generation."""
    body = {"data": {**documented_example["data"], "total_cost": "0.0015"}}
    assert not _validator(spec, "GenerationResponse").is_valid(body)


def test_every_error_status_is_documented_with_the_error_schema(spec: dict[str, Any]) -> None:
    responses = _operation(spec)["responses"]
    assert set(responses) == {"200"} | DOCUMENTED_STATUSES | LIVE_STATUSES
    for status in DOCUMENTED_STATUSES | LIVE_STATUSES:
        name = responses[status]["$ref"].rsplit("/", 1)[-1]
        response = spec["components"]["responses"][name]
        assert response["description"], status
        media = response["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
        examples = [media["example"]] if "example" in media else []
        examples += [example["value"] for example in media.get("examples", {}).values()]
        assert examples, status
        for example in examples:
            _validator(spec, "ErrorResponse").validate(example)


def test_error_body_schema(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert set(schemas["ErrorResponse"]["properties"]) == {
        "error",
        "user_id",
        "openrouter_metadata",
    }
    assert set(schemas["ErrorDetail"]["properties"]) == {"code", "message", "metadata"}
    assert set(schemas["ErrorDetail"]["required"]) == {"code", "message"}


def test_repository_copy_of_the_example_is_the_documentation_s(
    documented_example: dict[str, Any],
) -> None:
    reference = REFERENCE / "documented-example.json"
    assert json.loads(reference.read_text(encoding="utf-8")) == documented_example


def test_spec_attaches_the_documented_example(
    spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    content = _operation(spec)["responses"]["200"]["content"]["application/json"]
    assert content["examples"]["documented"]["value"] == documented_example


def _content_examples(spec: dict[str, Any]) -> dict[str, Any]:
    media = _operation(spec, "/generation/content")["responses"]["200"]["content"]
    examples: dict[str, Any] = media["application/json"]["examples"]
    return examples


def test_content_operation_shares_the_error_responses(spec: dict[str, Any]) -> None:
    responses = _operation(spec, "/generation/content")["responses"]
    assert set(responses) == CONTENT_STATUSES
    metadata = _operation(spec)["responses"]
    for status in CONTENT_STATUSES - {"200", "403", "503"}:
        assert responses[status] == metadata[status], status
    forbidden = _resolved(spec, responses["403"])
    assert "stored content" in forbidden["description"]
    # 503: upstream documents it for the content operation only (SDK releases of 2026-11).
    unavailable = _resolved(spec, responses["503"])
    assert "503" not in metadata
    assert unavailable["x-error-class"] == "ServiceUnavailableError"
    for own in (forbidden, unavailable):
        media = own["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
        _validator(spec, "ErrorResponse").validate(media["example"])


def test_content_examples_validate_and_cover_both_inputs(spec: dict[str, Any]) -> None:
    examples = _content_examples(spec)
    validator = _validator(spec, "GenerationContentResponse")
    for example in examples.values():
        validator.validate(example["value"])
    inputs = {next(iter(e["value"]["data"]["input"])) for e in examples.values()}
    assert inputs == {"prompt", "messages"}
    errors = [e["value"]["data"]["error"] for e in examples.values()]
    assert None in errors
    assert any(error and error["previous_errors"] for error in errors)


def test_upstream_example_is_attached(spec: dict[str, Any]) -> None:
    text = (REFERENCE / "generation-content-endpoint.md").read_text("utf-8")
    values = [json.dumps(e["value"], sort_keys=True) for e in _content_examples(spec).values()]
    upstream = text.split("Upstream example of a successful body:")[1].split("```json")[1]
    assert json.dumps(json.loads(upstream.split("```")[0]), sort_keys=True) in values


@pytest.mark.parametrize(
    "data",
    [
        {"input": {"prompt": 1}, "output": {"completion": None, "reasoning": None}, "error": None},
        {"input": {}, "output": {"completion": None, "reasoning": None}, "error": None},
        {"input": {"messages": []}, "output": {"completion": None}, "error": None},
        {"input": {"prompt": ""}, "output": {"completion": "", "reasoning": ""}, "error": {}},
    ],
)
def test_content_schema_rejects_wrong_shapes(spec: dict[str, Any], data: dict[str, Any]) -> None:
    assert not _validator(spec, "GenerationContentResponse").is_valid({"data": data})


def _refs(schema: Any) -> set[str]:
    """Names of the component schemas `schema` refers to directly, at any depth inside it."""
    if isinstance(schema, dict):
        found = {schema["$ref"].rsplit("/", 1)[-1]} if "$ref" in schema else set()
        return found.union(*(_refs(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_refs(value) for value in schema))
    return set()


def test_every_schema_under_stored_content_is_marked_sensitive(spec: dict[str, Any]) -> None:
    """The client hides the values of `x-sensitive` models only: none may be missed below."""
    schemas = spec["components"]["schemas"]
    sensitive = {name for name, schema in schemas.items() if schema.get("x-sensitive") is True}
    assert "GenerationContentResponse" in sensitive
    below = set().union(*(_refs(schemas[name]) for name in sensitive))
    assert below <= sensitive, below - sensitive
    assert not {"GenerationResponse", "Generation", "ErrorResponse"} & sensitive


def test_a_status_has_one_error_class_across_operations(spec: dict[str, Any]) -> None:
    """errors.py maps each status to one class: every response of a status must agree."""
    classes: dict[str, set[str | None]] = {}
    for item in spec["paths"].values():
        for status, response in item["get"]["responses"].items():
            if int(status) >= 400:
                named = _resolved(spec, response).get("x-error-class")
                classes.setdefault(status, set()).add(named)
    assert all(len(names) == 1 for names in classes.values()), classes
    assert classes["429"] == {"RateLimitError"}
