"""The templates handle what the spec may use next, proved on a regenerated copy of the spec.

One copy of openapi.yaml gets a third operation whose body uses every construct at once: a
`oneOf`, an `anyOf` and an `allOf` of objects, a union of objects as array items, unions of
scalars, `const`, a closed `enum`, `format: uuid`, `uri`, `date`, `date-time`, `email`,
`double`, `float`, `int32` and `int64`, `minimum` / `maximum` / `exclusiveMaximum`, `pattern`,
`maxLength`, `minItems` / `maxItems`, nested arrays and objects, typed `additionalProperties`,
a `headers:` block on the 200 and a second, optional query parameter; error statuses with
their own body schema (409), with the usual body and a class named by the spec (503), and with
the usual body and no class (422). Every number of the metadata schemas gets `format: double`
too. The client is generated once from that copy (a few seconds), imported under another
package name, type-checked with mypy --strict, and exercised through respx.

Decisions these tests pin down: a union of objects takes the first branch, in the spec's
order, that validates; a uuid is a uuid.UUID, a date a datetime.date, a uri and an email stay
str; numeric formats change nothing (an int32 is an int, a double a float). The client checks
types, formats it parses, constants and value constraints: a value the spec rules out (out of
its bounds, too short or long, not matching its pattern, too few or many items) is a
MalformedResponseError naming the field and the constraint, as for a value of the wrong type.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import re
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import respx
import yaml

from conformance.spec import read_yaml
from tests import once, spec_edits, strict_types
from tools.codegen import PACKAGE, Sources, generate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NAME = "constructs_client"  # the regenerated package, imported beside the committed one
BASE_URL = "https://openrouter.ai/api/v1"
UUID = "0b5f2f7e-8d1c-4a55-9c0e-6f1a2b3c4d5e"
VERSION_HEADER = "OpenRouter-Version"  # a required header parameter of the third operation
VERSION = "2026-11-01"


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_response(description: str, **extra: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref("ErrorResponse")}}
    return {"description": description, **extra, "content": content}


def _spec_with_constructs(path: Path) -> Path:
    document: dict[str, Any] = read_yaml((ROOT / "openapi.yaml").read_bytes())
    schemas = document["components"]["schemas"]
    spec_edits.double_on_every_number(schemas)
    schemas["Cat"] = _object(["meow"], meow={"type": "string"})
    schemas["Dog"] = _object(["bark"], bark={"type": "integer"})
    schemas["Named"] = _object(["name"], name={"type": "string"})
    schemas["Conflict"] = _object(["detail"], detail={"type": "string"})
    schemas["Problem"] = _object(["title"], title={"type": "string"}, status={"type": "integer"})
    schemas["TokenCount"] = {"type": "integer", "minimum": 0}
    schemas["Constructs"] = _object(
        ["one_of", "id", "day"],
        one_of={"oneOf": [_ref("Cat"), _ref("Dog")]},
        any_of={"anyOf": [_ref("Cat"), _ref("Dog"), {"type": "null"}]},
        all_of={"allOf": [_ref("Named"), _object(["age"], age={"type": "integer"})]},
        pets={"type": "array", "items": {"oneOf": [_ref("Cat"), _ref("Dog")]}},
        id={"type": "string", "format": "uuid"},
        ids={"type": "array", "items": {"type": "string", "format": "uuid"}},
        homepage={"type": "string", "format": "uri"},
        day={"type": ["string", "null"], "format": "date"},
        ratio={"type": "number", "format": "double", "minimum": 0, "maximum": 1},
        big={"type": "integer", "format": "int64", "minimum": 0},
        small={"type": "integer", "format": "int32", "exclusiveMaximum": 100},
        light={"type": "number", "format": "float"},
        kind={"const": "constructs"},
        level={"type": "string", "enum": ["low", "high"]},
        number_or_text={"anyOf": [{"type": "integer"}, {"type": "string"}]},
        flag_or_count={"oneOf": [{"type": "boolean"}, {"type": "integer", "minimum": 1}]},
        code={"type": "string", "minLength": 2, "pattern": "[0-9]"},
        score={"type": "number", "exclusiveMinimum": 0},
        retries={"type": ["integer", "null"], "minimum": 0},
        digits={"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 9}},
        tags={"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
        email={"type": "string", "format": "email", "pattern": "^[^@]+@[^@]+$", "maxLength": 64},
        grid={
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "items": {"type": "array", "items": {"type": "integer"}},
        },
        counts={"type": "object", "additionalProperties": {"type": "integer"}},
        tokens={"anyOf": [_ref("TokenCount"), {"type": "null"}]},
        cached=_ref("TokenCount"),
        logprobs={
            "type": "array",
            "items": {"type": "array", "items": {"type": "number", "maximum": 0}},
        },
        words={"type": "array", "items": {"type": "array", "items": {"pattern": "^[a-z]+$"}}},
        scores={
            "type": "object",
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        },
        labels={
            "type": "object",
            "additionalProperties": {"type": "string", "pattern": "^[a-z]+$"},
        },
        day_or_text={"anyOf": [{"type": "string", "format": "date"}, {"type": "string"}]},
        id_or_text={"anyOf": [{"type": "string"}, {"type": "string", "format": "uuid"}]},
        when_or_text={"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string"}]},
        nested=_object(
            ["inner"], inner=_object(["when"], when={"type": "string", "format": "date-time"})
        ),
    )
    schemas["ConstructsResponse"] = _object(["data"], data=_ref("Constructs"))
    conflict = {"application/json": {"schema": _ref("Conflict")}}
    problem = {"application/problem+json": {"schema": _ref("Problem")}}
    ok = {"application/json": {"schema": _ref("ConstructsResponse")}}
    document["paths"]["/constructs"] = {
        "get": {
            "operationId": "getConstructs",
            "tags": ["Generations"],
            "parameters": [
                {"$ref": "#/components/parameters/GenerationId"},
                {"name": "fields", "in": "query", "required": False, "schema": {"type": "string"}},
                {
                    "name": VERSION_HEADER,
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                },
            ],
            "responses": {
                "200": {
                    "description": "Every construct.",
                    "headers": {"X-Request-Id": {"schema": {"type": "string"}}},
                    "content": ok,
                },
                "404": {"$ref": "#/components/responses/NotFound"},
                "409": {"description": "Conflict - with a body of its own.", "content": conflict},
                "410": {"description": "Gone - a problem+json body.", "content": problem},
                "422": _error_response("Unprocessable - no class of its own."),
                "503": _error_response(
                    "Service Unavailable - a class named by the spec.",
                    **{"x-error-class": "ServiceUnavailableError"},
                ),
            },
        }
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def _generate_constructs(scratch: Path) -> None:
    spec = _spec_with_constructs(scratch / "openapi.yaml")
    output = generate(scratch / "generated", Sources(spec=spec))
    shutil.move(output / PACKAGE, output / NAME)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client generated from the copy, its package renamed so both can be imported."""
    return once.built(tmp_path_factory, "constructs", _generate_constructs) / "generated"


@pytest.fixture(scope="module")
def client_package(generated: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(generated))
    try:
        yield importlib.import_module(NAME)
    finally:
        sys.path.remove(str(generated))
        for module in [name for name in sys.modules if name.split(".")[0] == NAME]:
            del sys.modules[module]


@pytest.fixture(scope="module")
def models(client_package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{NAME}.models")


@pytest.fixture(scope="module")
def errors(client_package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{NAME}.errors")


def _valid() -> dict[str, Any]:
    return {
        "one_of": {"meow": "m"},
        "any_of": {"bark": 2},
        "all_of": {"name": "n", "age": 3},
        "pets": [{"bark": 1}, {"meow": "m"}],
        "id": UUID,
        "ids": [UUID],
        "homepage": "https://example.com/a?b=c",
        "day": "2026-11-25",
        "ratio": 0.5,
        "big": 2**40,
        "small": 7,
        "light": 1,
        "kind": "constructs",
        "level": "high",
        "number_or_text": "seven",
        "flag_or_count": True,
        "email": "a@b.c",
        "grid": [[1, 2], [], [3]],
        "counts": {"a": 1, "b": 2},
        "nested": {"inner": {"when": "2026-11-25T13:00:00+00:00"}},
    }


def name_of(edit: dict[str, Any]) -> str:
    ((name, _),) = edit.items()
    return name


def _parse(models: ModuleType, **data: Any) -> Any:
    return models.ConstructsResponse.from_dict({"data": {**_valid(), **data}}).data


def _refused(models: ModuleType, errors: ModuleType, **data: Any) -> Any:
    with pytest.raises(errors.MalformedResponseError) as caught:
        _parse(models, **data)
    return caught.value


def test_the_generated_copy_passes_mypy_strict(generated: Path) -> None:
    result = strict_types.check(NAME, generated, "constructs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_construct_parses_to_its_type_and_round_trips(models: ModuleType) -> None:
    body = {"data": _valid()}
    data = models.ConstructsResponse.from_dict(json.loads(json.dumps(body))).data
    assert type(data.one_of) is models.Cat
    assert type(data.any_of) is models.Dog
    assert (data.all_of.name, data.all_of.age) == ("n", 3)
    assert [type(pet) for pet in data.pets] == [models.Dog, models.Cat]
    assert data.id == uuid.UUID(UUID)
    assert data.ids == [uuid.UUID(UUID)]
    assert data.homepage == "https://example.com/a?b=c"
    assert data.day == datetime.date(2026, 11, 25)
    assert (type(data.ratio), type(data.big), type(data.small), type(data.light)) == (
        float,
        int,
        int,
        float,
    )
    assert data.light == 1.0
    assert data.kind == "constructs"
    assert data.level == models.ConstructsLevel.HIGH
    assert (data.number_or_text, data.flag_or_count) == ("seven", True)
    assert data.grid == [[1, 2], [], [3]]
    assert data.counts.additional_properties == {"a": 1, "b": 2}
    assert data.nested.inner.when == datetime.datetime(2026, 11, 25, 13, tzinfo=datetime.UTC)
    assert models.ConstructsResponse.from_dict(body).to_dict() == body


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        ({"one_of": {"purr": 1}}, "data.one_of", ["Cat: required field is missing at meow"]),
        ({"one_of": {"meow": 1}}, "data.one_of", ["Cat: expected a string at meow", "Dog:"]),
        ({"any_of": {"bark": "loud"}}, "data.any_of", ["Dog: expected an integer at bark"]),
        ({"any_of": "cat"}, "data.any_of", ["expected an object or null"]),
        ({"pets": [{"meow": "m"}, {}]}, "data.pets[1]", ["Cat or Dog"]),
        ({"all_of": {"name": "n"}}, "data.all_of.age", ["required field is missing"]),
        ({"all_of": {"age": 1}}, "data.all_of.name", ["required field is missing"]),
        ({"id": "not-a-uuid"}, "data.id", ["expected a UUID"]),
        ({"id": UUID.replace("-", "")}, "data.id", ["hyphenated"]),
        ({"id": "{" + UUID + "}"}, "data.id", ["hyphenated"]),
        ({"id": 7}, "data.id", ["expected a uuid string"]),
        ({"ids": [UUID, "x"]}, "data.ids[1]", ["expected a UUID"]),
        ({"day": "2026-13-01"}, "data.day", ["expected an ISO 8601 date"]),
        ({"day": 20261125}, "data.day", ["expected a date string or null"]),
        ({"homepage": 1}, "data.homepage", ["expected a string"]),
        ({"big": 1.5}, "data.big", ["expected an integer"]),
        ({"ratio": "0.5"}, "data.ratio", ["expected a number"]),
        ({"kind": "other"}, "data.kind", ["constructs"]),
        ({"level": "medium"}, "data.level", ["expected"]),
        ({"number_or_text": 1.5}, "data.number_or_text", ["an integer or a string"]),
        ({"flag_or_count": "x"}, "data.flag_or_count", ["a boolean or an integer"]),
        ({"grid": [[1], [2, "x"]]}, "data.grid[1][1]", ["expected an integer"]),
        ({"grid": [1]}, "data.grid[0]", ["expected an array"]),
        ({"counts": {"a": 1, "b": "x"}}, "data.counts.b", ["expected an integer"]),
        ({"nested": {"inner": {"when": "soon"}}}, "data.nested.inner.when", ["date-time"]),
    ],
)
def test_a_wrong_value_gives_the_client_s_error_with_its_path(
    models: ModuleType, errors: ModuleType, edit: dict[str, Any], path: str, words: list[str]
) -> None:
    error = _refused(models, errors, **edit)
    assert type(error) is errors.MalformedResponseError
    assert error.path == path
    for word in words:
        assert word in error.reason
    assert path in str(error)


@pytest.mark.parametrize(("sent", "kept"), [(12345.0, 12345), (1e3, 1000), (0.0, 0), (-0.0, 0)])
def test_an_integral_number_is_an_integer(models: ModuleType, sent: float, kept: int) -> None:
    data = _parse(models, big=sent, cached=sent)
    assert (type(data.big), data.big, type(data.cached), data.cached) == (int, kept, int, kept)
    assert type(data.to_dict()["big"]) is int


@pytest.mark.parametrize("sent", [12.5, 1e-3, -0.5])
def test_a_fraction_is_still_not_an_integer(
    models: ModuleType, errors: ModuleType, sent: float
) -> None:
    error = _refused(models, errors, cached=sent)
    assert (error.path, error.reason, error.value) == ("data.cached", "expected an integer", sent)


def test_an_object_matching_both_branches_of_a_one_of_is_refused(
    models: ModuleType, errors: ModuleType
) -> None:
    error = _refused(models, errors, one_of={"meow": "m", "bark": 1})
    assert error.path == "data.one_of"
    assert error.reason == (
        "expected an object matching exactly one of Cat or Dog (oneOf), it matches Cat and Dog"
    )


def test_an_object_matching_both_branches_of_an_any_of_takes_the_first(models: ModuleType) -> None:
    data = _parse(models, any_of={"meow": "m", "bark": 1})
    assert type(data.any_of) is models.Cat
    assert data.any_of.additional_properties == {"bark": 1}


def test_a_null_branch_and_an_absent_optional_union(models: ModuleType) -> None:
    valid = _valid()
    del valid["pets"]
    data = models.ConstructsResponse.from_dict({"data": {**valid, "any_of": None}}).data
    assert data.any_of is None
    assert "pets" not in data.to_dict()


@pytest.mark.parametrize(
    ("edit", "path", "reason"),
    [
        ({"ratio": 7.5}, "data.ratio", "above the maximum 1"),
        ({"ratio": -0.5}, "data.ratio", "below the minimum 0"),
        ({"big": -1}, "data.big", "below the minimum 0"),
        ({"small": 100}, "data.small", "not below the exclusive maximum 100"),
        ({"score": 0}, "data.score", "not above the exclusive minimum 0"),
        ({"retries": -1}, "data.retries", "below the minimum 0"),
        ({"flag_or_count": 0}, "data.flag_or_count", "below the minimum 1"),
        ({"code": "7"}, "data.code", "shorter than the minLength 2"),
        ({"code": "ab"}, "data.code", "does not match the pattern [0-9]"),
        ({"email": "a" * 61 + "@b.c"}, "data.email", "longer than the maxLength 64"),
        ({"email": "a@b@c"}, "data.email", "does not match the pattern ^[^@]+@[^@]+$"),
        ({"grid": []}, "data.grid", "fewer items than the minItems 1"),
        ({"grid": [[], [], [], []]}, "data.grid", "more items than the maxItems 3"),
        ({"digits": [0, 9, 10]}, "data.digits[2]", "above the maximum 9"),
        ({"digits": [-1]}, "data.digits[0]", "below the minimum 0"),
        ({"tags": ["ok", "Not"]}, "data.tags[1]", "does not match the pattern ^[a-z]+$"),
        ({"tokens": -1}, "data.tokens", "below the minimum 0"),
        ({"cached": -1}, "data.cached", "below the minimum 0"),
        ({"logprobs": [[-1.0], [-0.5, 0.5]]}, "data.logprobs[1][1]", "above the maximum 0"),
        ({"words": [["ok"], ["Not"]]}, "data.words[1][0]", "does not match the pattern ^[a-z]+$"),
        ({"scores": {"a": 0.5, "b": 1.5}}, "data.scores.b", "above the maximum 1"),
        ({"scores": {"a": -0.5}}, "data.scores.a", "below the minimum 0"),
        (
            {"labels": {"a": "ok", "b": "No"}},
            "data.labels.b",
            "does not match the pattern ^[a-z]+$",
        ),
    ],
)
def test_a_value_the_spec_rules_out_is_refused_naming_the_constraint(
    models: ModuleType, errors: ModuleType, edit: dict[str, Any], path: str, reason: str
) -> None:
    error = _refused(models, errors, **edit)
    ((_, value),) = edit.items()
    for step in re.findall(r"\[(\d+)\]|\.(\w+)", path.removeprefix(f"data.{name_of(edit)}")):
        value = value[int(step[0])] if step[0] else value[step[1]]  # the item or map value
    assert (type(error), error.path, error.reason, error.value) == (
        errors.MalformedResponseError,
        path,
        reason,
        value,
    )
    assert f"at {path}: {reason}" in str(error)


@pytest.mark.parametrize(
    "edit",
    [
        {"ratio": 0},
        {"ratio": 1.0},
        {"ratio": -0.0},
        {"big": 0},
        {"small": 99},
        {"score": 1e-9},
        {"retries": 0},
        {"retries": None},
        {"flag_or_count": 1},
        {"flag_or_count": False},
        {"code": "ab1c"},
        {"email": "a" * 60 + "@b.c"},
        {"grid": [[]]},
        {"grid": [[], [], []]},
        {"digits": [0, 9]},
        {"tags": ["ok", "fine"]},
        {"tokens": 0},
        {"tokens": None},
        {"cached": 7},
        {"logprobs": [[0, -0.5], []]},
        {"words": [["ok"], []]},
        {"scores": {"a": 0.0, "b": 1.0}},
        {"labels": {"a": "ok"}},
    ],
)
def test_a_value_on_or_inside_its_bounds_is_kept(models: ModuleType, edit: dict[str, Any]) -> None:
    data = _parse(models, **edit)
    ((name, value),) = edit.items()
    kept = getattr(data, name)
    assert (kept.additional_properties if isinstance(value, dict) else kept) == value


def _call(package: ModuleType, reply: httpx.Response, mode: str) -> Any:
    operation = importlib.import_module(f"{NAME}.api.generations.get_constructs")
    client = package.AuthenticatedClient(base_url=BASE_URL, token="sk-or-v1-test")
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/constructs", params={"id": "gen-1"}, headers={VERSION_HEADER: VERSION}).mock(
            return_value=reply
        )
        if mode == "sync":
            with client:
                return operation.sync(client=client, id="gen-1", open_router_version=VERSION)

        async def run() -> Any:
            async with client:
                return await operation.asyncio(
                    client=client, id="gen-1", open_router_version=VERSION
                )

        return asyncio.run(run())


def _status_error(package: ModuleType, errors: ModuleType, reply: httpx.Response, mode: str) -> Any:
    with pytest.raises(errors.APIStatusError) as caught:
        _call(package, reply, mode)
    return caught.value


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
def test_the_third_operation_parses_through_the_client(
    client_package: ModuleType, models: ModuleType, mode: str
) -> None:
    parsed = _call(client_package, httpx.Response(200, json={"data": _valid()}), mode)
    assert isinstance(parsed, models.ConstructsResponse)
    assert parsed.data.id == uuid.UUID(UUID)


@pytest.mark.parametrize("mode", MODES)
def test_a_status_with_its_own_body_schema_keeps_that_body(
    client_package: ModuleType, models: ModuleType, errors: ModuleType, mode: str
) -> None:
    error = _status_error(
        client_package, errors, httpx.Response(409, json={"detail": "already there"}), mode
    )
    assert type(error) is errors.ClientStatusError  # documented, but no class of its own
    assert isinstance(error.error, models.Conflict)
    assert error.error.detail == "already there"
    assert "HTTP 409 Conflict" in str(error)
    assert "already there" in str(error)


@pytest.mark.parametrize(
    "content", [b"<html>busy</html>", b"", b'{"error": {"code": 409, "message": "m"}}']
)
def test_a_status_with_its_own_schema_and_another_body_keeps_the_raw_body(
    client_package: ModuleType, errors: ModuleType, content: bytes
) -> None:
    error = _status_error(client_package, errors, httpx.Response(409, content=content), "sync")
    assert (error.error, error.content) == (None, content)
    assert "409" in str(error)


@pytest.mark.parametrize(
    ("status", "class_name", "documented"),
    [
        (503, "ServiceUnavailableError", True),
        (422, "ClientStatusError", True),
        (404, "NotFoundError", True),
        # Another operation's status: its class holds everywhere, its body is not parsed here.
        (524, "EdgeTimeoutError", False),
    ],
)
def test_error_classes_come_from_the_spec(
    client_package: ModuleType, errors: ModuleType, status: int, class_name: str, documented: bool
) -> None:
    body = {"error": {"code": status, "message": f"said {status}"}}
    error = _status_error(client_package, errors, httpx.Response(status, json=body), "sync")
    assert type(error) is getattr(errors, class_name)
    assert class_name in errors.__all__
    if documented:
        assert error.error.error.message == f"said {status}"
        assert f"said {status}" in str(error)
    else:
        assert error.error is None
        assert "body is not an error object" in str(error)


def test_a_class_named_by_the_spec_is_generated_under_its_range(errors: ModuleType) -> None:
    assert issubclass(errors.ServiceUnavailableError, errors.ServerStatusError)
    assert "503" in (errors.ServiceUnavailableError.__doc__ or "")
    assert re.search(r"│   │   ├── ServiceUnavailableError +503\n", errors.__doc__ or "")
    assert errors.APIStatusError.for_status(503, b"").__class__ is errors.ServiceUnavailableError


def test_the_error_body_type_lists_every_error_schema(models: ModuleType) -> None:
    assert set(models.ErrorBody.__args__) == {models.ErrorResponse, models.Conflict, models.Problem}


@pytest.mark.parametrize("mode", MODES)
def test_a_plus_json_media_type_is_json(
    client_package: ModuleType, models: ModuleType, errors: ModuleType, mode: str
) -> None:
    reply = httpx.Response(
        410,
        content=b'{"title": "gone", "status": 410}',
        headers={"content-type": "application/problem+json"},
    )
    error = _status_error(client_package, errors, reply, mode)
    assert type(error) is errors.ClientStatusError
    assert isinstance(error.error, models.Problem)
    assert (error.error.title, error.error.status) == ("gone", 410)


def test_the_parsed_union_of_an_operation_names_every_body(client_package: ModuleType) -> None:
    operation = importlib.import_module(f"{NAME}.api.generations.get_constructs")
    models = importlib.import_module(f"{NAME}.models")
    assert set(operation.Parsed.__args__) == {
        models.ConstructsResponse,
        models.Conflict,
        models.ErrorResponse,
        models.Problem,
    }


@pytest.mark.parametrize("fields", [None, "", "a b&c=d/é"])
def test_a_second_optional_query_parameter_is_sent_only_when_given(
    client_package: ModuleType, fields: str | None
) -> None:
    operation = importlib.import_module(f"{NAME}.api.generations.get_constructs")
    client = client_package.AuthenticatedClient(base_url=BASE_URL, token="sk-or-v1-test")
    kwargs = {} if fields is None else {"fields": fields}
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get("/constructs").mock(
            return_value=httpx.Response(200, json={"data": _valid()})
        )
        with client:
            operation.sync(client=client, id="gen-1", open_router_version=VERSION, **kwargs)
    params = dict(route.calls.last.request.url.params)
    assert params == {"id": "gen-1", **kwargs}
    assert route.calls.last.request.headers[VERSION_HEADER] == VERSION


@pytest.mark.parametrize(
    ("name", "sent", "parsed"),
    [
        ("day_or_text", "2026-11-25", datetime.date(2026, 11, 25)),
        ("day_or_text", "someday", "someday"),
        ("id_or_text", UUID, uuid.UUID(UUID)),
        ("id_or_text", UUID.replace("-", ""), UUID.replace("-", "")),
        (
            "when_or_text",
            "2026-11-25T10:00:00+00:00",
            datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC),
        ),
        ("when_or_text", "2026-11-25T10:00:00", "2026-11-25T10:00:00"),  # no offset: text
        ("when_or_text", "soon", "soon"),
    ],
)
def test_a_format_or_a_plain_string_keeps_a_string_that_does_not_parse(
    models: ModuleType, name: str, sent: str, parsed: object
) -> None:
    data = _parse(models, **{name: sent})
    assert getattr(data, name) == parsed
    assert type(getattr(data, name)) is type(parsed)
    assert data.to_dict()[name] == sent


@pytest.mark.parametrize("name", ["day_or_text", "id_or_text", "when_or_text"])
def test_a_format_or_a_plain_string_still_refuses_a_non_string(
    models: ModuleType, errors: ModuleType, name: str
) -> None:
    error = _refused(models, errors, **{name: 5})
    assert error.path == f"data.{name}"
