"""The generated models hold their declared types, or raise MalformedResponseError saying where.

A known field with a wrong-typed value is refused with its full path and the value; an int
where a number is declared becomes a float; bool is not an int; unknown fields and unknown
values of the open enums are kept; to_dict(from_dict(x)) == x for every valid payload. The
spec drives the cases, so a field added to it is covered without editing this file: it is
read through the conformance kit's spec model, and payloads come from the kit's translator
(one reading of the spec, one validator, one date-time rule).
"""

from __future__ import annotations

import copy
import datetime
import enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openrouter_generation_client.errors import MalformedResponseError
from openrouter_generation_client.models import (
    ErrorResponse,
    Generation,
    GenerationContentResponse,
    GenerationFailure,
    GenerationResponse,
    MessagesInput,
    PromptInput,
    ProviderAttemptError,
    ProviderName,
    ProviderResponse,
)
from openrouter_generation_client.types import UNSET, Redacted, Unset

from conformance import spec as spec_model
from conformance.judging import compare
from conformance.payloads import strategies
from conformance.spec import subset
from conformance.spec.subset import Schema, kinds

MODEL = spec_model.load()
OPERATION = MODEL.operation("getGeneration")
GENERATION: Schema = OPERATION.success.schema["properties"]["data"]
(PROVIDER_RESPONSE,) = subset.array_items(GENERATION["properties"]["provider_responses"])
DOCUMENTED: dict[str, Any] = OPERATION.success.examples[0][1]


# One value of each JSON type, with the type it stands for.
SAMPLES: list[tuple[str, Any]] = [
    ("null", None),
    ("boolean", True),
    ("boolean", False),
    ("integer", 7),
    ("number", 2.5),
    ("string", "seven"),
    ("array", [1]),
    ("object", {"a": 1}),
]


def _body(**data_edits: Any) -> dict[str, Any]:
    body = copy.deepcopy(DOCUMENTED)
    body["data"].update(data_edits)
    return body


def _refused(body: object, model: type[Any] = GenerationResponse) -> MalformedResponseError:
    with pytest.raises(MalformedResponseError) as caught:
        model.from_dict(body)
    assert type(caught.value) is MalformedResponseError
    assert caught.value.status_code is None  # not from a response: parsed directly
    return caught.value


WRONG_TYPED = [
    pytest.param(name, value, id=f"{name}={kind}")
    for name, schema in GENERATION["properties"].items()
    for kind, value in SAMPLES
    if kind not in kinds(schema)
]


@pytest.mark.parametrize(("name", "value"), WRONG_TYPED)
def test_a_wrong_typed_field_is_refused_with_its_path_and_value(name: str, value: Any) -> None:
    error = _refused(_body(**{name: value}))
    assert error.path == f"data.{name}"
    assert error.value == value
    assert type(error.value) is type(value)
    assert f"data.{name}" in str(error)
    assert "expected" in error.reason


@pytest.mark.parametrize("name", GENERATION["required"])
def test_a_missing_required_field_is_refused_by_name(name: str) -> None:
    body = _body()
    del body["data"][name]
    error = _refused(body)
    assert error.path == f"data.{name}"
    assert error.value is UNSET
    assert "missing" in str(error)


NUMBER_FIELDS = [
    name for name, field in GENERATION["properties"].items() if "number" in kinds(field)
]
INTEGER_FIELDS = [
    name
    for name, field in GENERATION["properties"].items()
    if "integer" in kinds(field) and "number" not in kinds(field)
]


@pytest.mark.parametrize("name", NUMBER_FIELDS)
def test_an_int_where_a_number_is_declared_becomes_a_float(name: str) -> None:
    generation = GenerationResponse.from_dict(_body(**{name: 5})).data
    value = getattr(generation, name)
    assert value == 5.0
    assert type(value) is float


@pytest.mark.parametrize("name", INTEGER_FIELDS)
def test_an_integer_field_keeps_an_int_and_refuses_a_float(name: str) -> None:
    generation = GenerationResponse.from_dict(_body(**{name: 2**70})).data
    assert getattr(generation, name) == 2**70
    assert type(getattr(generation, name)) is int
    assert _refused(_body(**{name: 1.5})).path == f"data.{name}"


def test_the_integer_and_number_fields_are_the_spec_s() -> None:
    assert "total_cost" in NUMBER_FIELDS
    assert "tokens_prompt" in INTEGER_FIELDS
    assert not set(NUMBER_FIELDS) & set(INTEGER_FIELDS)


def test_the_documented_example_round_trips() -> None:
    parsed = GenerationResponse.from_dict(copy.deepcopy(DOCUMENTED))
    assert parsed.to_dict() == DOCUMENTED
    assert parsed.data.created_at == datetime.datetime(
        2024, 7, 15, 23, 33, 19, 433273, tzinfo=datetime.UTC
    )
    assert type(parsed.data.latency) is float


def test_a_nested_wrong_type_names_the_list_index() -> None:
    responses = [{"status": 200, "latency": 12}, {"status": 502, "latency": "slow"}]
    error = _refused(_body(provider_responses=responses))
    assert error.path == "data.provider_responses[1].latency"
    assert error.value == "slow"
    assert "data.provider_responses[1].latency" in str(error)


@pytest.mark.parametrize(
    ("responses", "path", "value"),
    [
        ("none", "data.provider_responses", "none"),
        ({"status": 200}, "data.provider_responses", {"status": 200}),
        ([{"status": 200}, "x"], "data.provider_responses[1]", "x"),
        ([{"status": 200}, {}], "data.provider_responses[1].status", UNSET),
        ([{"status": True}], "data.provider_responses[0].status", True),
        ([{"status": 200, "provider_name": 3}], "data.provider_responses[0].provider_name", 3),
    ],
)
def test_provider_responses_are_checked_item_by_item(responses: Any, path: str, value: Any) -> None:
    error = _refused(_body(provider_responses=responses))
    assert error.path == path
    assert error.value == value


def test_provider_responses_parse_to_models() -> None:
    items = [{"status": 200, "latency": 3, "provider_name": "Groq", "routed_service_tier": "flex"}]
    responses = GenerationResponse.from_dict(
        _body(provider_responses=items)
    ).data.provider_responses
    assert responses is not None
    assert isinstance(responses[0], ProviderResponse)
    assert responses[0].latency == 3.0
    assert type(responses[0].latency) is float
    assert responses[0].provider_name is ProviderName.GROQ
    assert isinstance(responses[0].endpoint_id, Unset)


def test_error_detail_errors_are_under_error() -> None:
    error = _refused({"error": {"code": "429", "message": "slow down"}}, ErrorResponse)
    assert (error.path, error.value) == ("error.code", "429")
    error = _refused({"error": {"code": 429}}, ErrorResponse)
    assert (error.path, error.value) == ("error.message", UNSET)
    error = _refused({"error": None}, ErrorResponse)
    assert (error.path, error.value) == ("error", None)


@pytest.mark.parametrize("body", [None, [], [["data", {}]], "data", 1, 1.5, True])
def test_a_body_that_is_not_an_object_is_refused_at_the_top(body: object) -> None:
    error = _refused(body)
    assert error.path == ""
    assert error.value == body


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("yesterday", ValueError),
        ("2024-13-01T00:00:00Z", ValueError),
        ("2024-07-15T25:00:00+00:00", ValueError),
        ("", ValueError),
        ("2024-07-15T23:33:19", None),  # no offset: not an RFC 3339 date-time
        ("2024-07-15", None),
    ],
)
def test_an_invalid_created_at_is_refused(text: str, cause: type[Exception] | None) -> None:
    error = _refused(_body(created_at=text))
    assert (error.path, error.value) == ("data.created_at", text)
    if cause is None:
        assert "offset" in error.reason
    else:
        assert isinstance(error.__cause__, cause)


def test_created_at_with_z_and_short_fraction_is_the_same_instant() -> None:
    parsed = GenerationResponse.from_dict(_body(created_at="2024-07-15T23:33:19.43Z"))
    expected = datetime.datetime(2024, 7, 15, 23, 33, 19, 430000, tzinfo=datetime.UTC)
    assert parsed.data.created_at == expected
    assert datetime.datetime.fromisoformat(parsed.to_dict()["data"]["created_at"]) == expected


def test_unknown_fields_are_kept_at_every_level_and_returned() -> None:
    items = [{"status": 200, "new_item_field": [1, 2]}]
    body = _body(provider_responses=items, brand_new={"nested": True})
    body["top_level_extra"] = 1
    parsed = GenerationResponse.from_dict(copy.deepcopy(body))
    assert parsed.additional_properties == {"top_level_extra": 1}
    assert parsed.data.additional_properties == {"brand_new": {"nested": True}}
    assert parsed.data.provider_responses is not None
    assert parsed.data.provider_responses[0]["new_item_field"] == [1, 2]
    assert parsed.to_dict() == body


OPEN_ENUMS = ["api_type", "finish_reason", "provider_name", "service_tier", "data_region"]


@pytest.mark.parametrize("name", OPEN_ENUMS)
def test_an_unknown_enum_value_keeps_its_text(name: str) -> None:
    generation = GenerationResponse.from_dict(_body(**{name: "from-the-future"})).data
    value = getattr(generation, name)
    assert value == "from-the-future"
    assert type(value) is str
    assert generation.to_dict()[name] == "from-the-future"


@pytest.mark.parametrize("name", OPEN_ENUMS)
def test_a_known_enum_value_is_a_member(name: str) -> None:
    values = GENERATION["properties"][name]["anyOf"][0]["enum"]
    generation = GenerationResponse.from_dict(_body(**{name: values[-1]})).data
    value = getattr(generation, name)
    assert isinstance(value, enum.Enum)
    assert value.value == values[-1]


@pytest.mark.parametrize("name", OPEN_ENUMS)
def test_an_open_enum_still_refuses_a_non_string(name: str) -> None:
    error = _refused(_body(**{name: 12}))
    assert (error.path, error.value) == (f"data.{name}", 12)


def test_from_dict_does_not_change_its_input() -> None:
    body = _body(provider_responses=[{"status": 200, "latency": 1}], extra=1)
    before = copy.deepcopy(body)
    GenerationResponse.from_dict(body)
    assert body == before


# Hypothesis: payloads drawn by the conformance kit's translator from the spec model.

_JSON = strategies.JSON_VALUES
_BODIES = strategies.Translator().body(OPERATION.success)


def _check_types(schema: Schema, parsed: Any, sent: Any, where: str) -> None:
    """The parsed value has the Python type the schema declares for what was sent."""
    if "anyOf" in schema:  # the open enums: a known value is a member, any other keeps its text
        known = {value for branch in schema["anyOf"] for value in branch.get("enum", [])}
        if sent in known:
            assert isinstance(parsed, enum.Enum), where
            assert parsed.value == sent, where
        else:
            assert type(parsed) is type(sent), where
            assert parsed == sent, where
        return
    if sent is None:
        assert parsed is None, where
    elif isinstance(sent, bool):
        assert type(parsed) is bool, where
    elif isinstance(sent, int | float) and "number" in kinds(schema):
        assert type(parsed) is float, where
        assert parsed == sent, where
    elif isinstance(sent, int):
        assert type(parsed) is int, where
    elif schema.get("format") == "date-time":
        assert isinstance(parsed, datetime.datetime), where
        assert parsed.tzinfo is not None, where
    elif isinstance(sent, str):
        assert type(parsed) is str, where
    elif isinstance(sent, list):
        for index, (item, item_sent) in enumerate(zip(parsed, sent, strict=True)):
            _check_types(schema["items"], item, item_sent, f"{where}[{index}]")
    elif schema.get("properties"):
        for name, field in schema["properties"].items():
            if name in sent:
                _check_types(field, getattr(parsed, name), sent[name], f"{where}.{name}")


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_BODIES)
def test_valid_payloads_round_trip_and_hold_their_types(body: dict[str, Any]) -> None:
    parsed = GenerationResponse.from_dict(copy.deepcopy(body))
    # Date-times compare as the instants they name (the kit's rule): `Z` may come back `+00:00`.
    assert not compare.json_mismatches(OPERATION.success.schema, body, parsed.to_dict())
    _check_types(GENERATION, parsed.data, body["data"], "data")


@SETTINGS
@given(st.data())
def test_a_corrupted_field_is_refused_at_its_path_or_accepted(data: st.DataObject) -> None:
    body = data.draw(_BODIES)
    generation = body["data"]
    name = data.draw(st.sampled_from(sorted(GENERATION["properties"])))
    path = f"data.{name}"
    items = generation.get("provider_responses")
    if name == "provider_responses" and items and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(items) - 1))
        field = data.draw(st.sampled_from(sorted(PROVIDER_RESPONSE["properties"])))
        target, name, path = items[index], field, f"data.provider_responses[{index}].{field}"
    else:
        target = generation
    replacement = data.draw(_JSON | st.just(UNSET))
    if replacement is UNSET:
        target.pop(name, None)
    else:
        target[name] = replacement
    error = _malformed_or_none(GenerationResponse, body)
    if error is not None:
        assert error.path == path or error.path.startswith((f"{path}.", f"{path}[")), error
        if error.path == path and replacement is not UNSET:
            assert error.value == replacement


@SETTINGS
@given(_JSON)
def test_any_json_parses_or_raises_malformed_only(value: Any) -> None:
    for model in (GenerationResponse, Generation, ErrorResponse, ProviderResponse):
        error = _malformed_or_none(model, value)
        assert error is None or isinstance(error.reason, str)


def _malformed_or_none(model: type[Any], body: object) -> MalformedResponseError | None:
    """The MalformedResponseError from_dict raises, or None; any other exception propagates."""
    try:
        model.from_dict(body)
    except MalformedResponseError as error:
        return error
    return None


# The content endpoint: the `input` union of two objects, and the nullable stored error.

CONTENT_EXAMPLES = dict(enumerate(MODEL.operation("getGenerationContent").success.examples))
FAILURE = {
    "status": 504,
    "message": "m",
    "provider_name": None,
    "raw": None,
    "previous_errors": [{"code": 429, "message": "m", "provider_name": "P", "raw": "{}"}],
}


def _content(**data: Any) -> dict[str, Any]:
    base = {"input": {"prompt": "p"}, "output": {"completion": "c", "reasoning": None}}
    return {"data": {**base, "error": None, **data}}


def _content_refused(body: object) -> MalformedResponseError:
    return _refused(body, GenerationContentResponse)


@pytest.mark.parametrize("index", sorted(CONTENT_EXAMPLES))
def test_content_examples_round_trip(index: int) -> None:
    _status, value = CONTENT_EXAMPLES[index]
    assert GenerationContentResponse.from_dict(copy.deepcopy(value)).to_dict() == value


def test_a_prompt_input_is_a_prompt_input() -> None:
    content = GenerationContentResponse.from_dict(_content(input={"prompt": "p", "x": 1})).data
    assert type(content.input_) is PromptInput
    assert content.input_.prompt == "p"
    assert content.input_.additional_properties == {"x": 1}


def test_a_messages_input_keeps_each_message_as_sent() -> None:
    messages = [{"role": "user", "content": [{"type": "text"}]}, "s", 3, None, [True]]
    content = GenerationContentResponse.from_dict(_content(input={"messages": messages})).data
    assert type(content.input_) is MessagesInput
    assert content.input_.messages == messages
    assert content.to_dict()["input"] == {"messages": messages}


def test_an_input_with_both_keys_is_the_first_branch_keeping_the_other() -> None:
    # `anyOf`, as upstream describes it: both branches match, so the body is valid, and the
    # client's rule for a union of objects (the first that validates, in the spec's order)
    # makes it a PromptInput; `messages` is kept as an unknown field, returned by to_dict().
    both = {"prompt": "p", "messages": [{"role": "user", "content": "m"}]}
    content = GenerationContentResponse.from_dict(_content(input=both)).data
    assert type(content.input_) is PromptInput
    assert content.input_.prompt == "p"
    assert content.input_.additional_properties == {"messages": both["messages"]}
    assert content.to_dict()["input"] == both


@pytest.mark.parametrize("value", [12345.0, 1e3, 0.0])
@pytest.mark.parametrize("name", INTEGER_FIELDS)
def test_an_integral_number_is_an_integer(name: str, value: float) -> None:
    # JSON Schema 2020-12 (OpenAPI 3.1) counts 12345.0 as an integer: kept as an int.
    generation = GenerationResponse.from_dict(_body(**{name: value})).data
    assert (type(getattr(generation, name)), getattr(generation, name)) == (int, int(value))


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        ({}, ["PromptInput: required field is missing at prompt", "MessagesInput: required"]),
        ({"prompt": 3}, ["PromptInput: expected a string at prompt", "at messages"]),
        ({"messages": {"a": 1}}, ["at prompt", "MessagesInput: expected an array at messages"]),
        ({"text": "t"}, ["PromptInput", "MessagesInput"]),
    ],
)
def test_an_input_matching_neither_branch_names_the_path_and_each_reason(
    value: dict[str, Any], reasons: list[str]
) -> None:
    error = _content_refused(_content(input=value))
    assert error.path == "data.input"
    assert error.reason.startswith("expected an object matching PromptInput or MessagesInput")
    for reason in reasons:
        assert reason in error.reason
    assert "data.input" in str(error)


@pytest.mark.parametrize("value", ["p", ["p"], 3, None, True])
def test_an_input_that_is_not_an_object_is_refused(value: Any) -> None:
    error = _content_refused(_content(input=value))
    assert error.path == "data.input"
    assert "expected an object" in error.reason


def test_a_stored_error_parses_with_its_attempts() -> None:
    content = GenerationContentResponse.from_dict(_content(error=copy.deepcopy(FAILURE))).data
    assert type(content.error) is GenerationFailure
    assert content.error.status == 504
    assert content.error.provider_name is None
    (attempt,) = content.error.previous_errors
    assert type(attempt) is ProviderAttemptError
    assert (attempt.code, attempt.provider_name, attempt.raw) == (429, "P", "{}")
    assert content.to_dict()["error"] == FAILURE


def test_a_null_error_is_none() -> None:
    content = GenerationContentResponse.from_dict(_content()).data
    assert content.error is None
    assert content.output.reasoning is None
    assert content.to_dict()["error"] is None


@pytest.mark.parametrize(
    ("edit", "path", "kind"),
    [
        (lambda d: d.update(error={**FAILURE, "status": "504"}), "data.error.status", "string"),
        (
            lambda d: d["error"].update(previous_errors=[{}]),
            "data.error.previous_errors[0].code",
            None,
        ),
        (lambda d: d.update(error="boom"), "data.error", "string"),
        (lambda d: d["output"].pop("reasoning"), "data.output.reasoning", None),
        (lambda d: d["output"].update(completion=["c"]), "data.output.completion", "array"),
        (lambda d: d.pop("output"), "data.output", None),
    ],
)
def test_a_wrong_stored_field_names_its_path_but_not_its_value(
    edit: Any, path: str, kind: str | None
) -> None:
    body = _content(error=copy.deepcopy(FAILURE))
    edit(body["data"])
    error = _content_refused(body)
    assert error.path == path
    if kind is None:
        assert error.value is UNSET
    else:
        assert isinstance(error.value, Redacted)
        assert error.value.kind == kind


def test_content_unknown_fields_are_kept_at_every_level() -> None:
    body = _content(error=copy.deepcopy(FAILURE), later={"x": 1})
    body["data"]["output"]["audio"] = None
    body["data"]["error"]["previous_errors"][0]["at"] = "t"
    body["top"] = 1
    assert GenerationContentResponse.from_dict(copy.deepcopy(body)).to_dict() == body
