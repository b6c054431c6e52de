"""The generated client's error contract, end to end through get_generation (respx as server).

Every response a server can send ends in one of: a GenerationResponse, the APIStatusError
subclass of its status (keeping status, parsed error, raw body and headers), a
MalformedResponseError (a 200 whose body is not what the spec says), or a NoResponseError (no
response). Sync and async alike; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import ssl
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openrouter_generation_client import AuthenticatedClient, RetryPolicy, errors
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.models import (
    ErrorResponse,
    GenerationContentResponse,
    GenerationResponse,
)
from openrouter_generation_client.types import UNSET, Redacted, Response

from tests.modes import MODES, Mode, fetch_content, fetch_content_detailed

BASE_URL = "https://openrouter.ai/api/v1"
API_KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000fake"

Reply = httpx.Response | type[Exception] | Exception


# Built once: loading the CA bundle for each client would cost a tenth of a second per test.
TLS = ssl.create_default_context()


def _client() -> AuthenticatedClient:
    return AuthenticatedClient(base_url=BASE_URL, token=API_KEY, verify_ssl=TLS)


def _mocked(reply: Reply) -> respx.MockRouter:
    router = respx.mock(base_url=BASE_URL, assert_all_called=True)
    route = router.get("/generation", params={"id": "gen-1"})
    if isinstance(reply, httpx.Response):
        route.mock(return_value=reply)
    else:
        route.mock(side_effect=reply)
    return router


def call_sync(reply: Reply) -> GenerationResponse:
    with _mocked(reply), _client() as client:
        return get_generation.sync(client=client, **ARGUMENTS)


def call_async(reply: Reply) -> GenerationResponse:
    async def run() -> GenerationResponse:
        async with _client() as client:
            return await get_generation.asyncio(client=client, **ARGUMENTS)

    with _mocked(reply):
        return asyncio.run(run())


def detailed_sync(reply: Reply) -> Response[get_generation.Parsed]:
    with _mocked(reply), _client() as client:
        return get_generation.sync_detailed(client=client, **ARGUMENTS)


def detailed_async(reply: Reply) -> Response[get_generation.Parsed]:
    async def run() -> Response[get_generation.Parsed]:
        async with _client() as client:
            return await get_generation.asyncio_detailed(client=client, **ARGUMENTS)

    with _mocked(reply):
        return asyncio.run(run())


CALLS = [pytest.param(call_sync, id="sync"), pytest.param(call_async, id="async")]
DETAILED = [pytest.param(detailed_sync, id="sync"), pytest.param(detailed_async, id="async")]
Call = Callable[[Reply], GenerationResponse]
Detailed = Callable[[Reply], Response[get_generation.Parsed]]


def _raised(call: Call, reply: Reply) -> errors.OpenRouterGenerationError:
    with pytest.raises(errors.OpenRouterGenerationError) as caught:
        call(reply)
    return caught.value


def _assert_no_key(error: BaseException) -> None:
    """The API key is in no message, repr or attribute of the error."""
    texts = [str(error), repr(error), repr(vars(error)), repr(error.args)]
    assert not any(API_KEY in text for text in texts)
    assert "Authorization" not in repr(vars(error))


# The spec's error statuses, with the class each must raise.
DOCUMENTED = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    429: errors.RateLimitError,
    500: errors.InternalServerError,
    502: errors.BadGatewayError,
    524: errors.EdgeTimeoutError,
    529: errors.OverloadedError,
}
# The call's parameters as data, so a spec with more required ones still type-checks here.
ARGUMENTS: dict[str, Any] = {"id": "gen-1"}
# Statuses the spec does not list: the class of their range.
UNDOCUMENTED = {
    418: errors.ClientStatusError,
    501: errors.ServerStatusError,
    520: errors.ServerStatusError,
    599: errors.ServerStatusError,
    201: errors.UnexpectedStatus,
    204: errors.UnexpectedStatus,
    301: errors.UnexpectedStatus,
    304: errors.UnexpectedStatus,
}


def test_spec_lists_exactly_the_documented_error_statuses(spec: dict[str, Any]) -> None:
    responses = spec["paths"]["/generation"]["get"]["responses"]
    assert {int(code) for code in responses} - {200} == set(DOCUMENTED)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(("status", "cls"), sorted(DOCUMENTED.items()))
def test_documented_error_status_raises_its_class_with_the_parsed_body(
    call: Call, status: int, cls: type[errors.APIStatusError]
) -> None:
    body = {"error": {"code": status, "message": f"problem {status}", "metadata": {"k": 1}}}
    content = json.dumps(body).encode()
    headers = {"content-type": "application/json", "x-request-id": "req-7"}
    error = _raised(call, httpx.Response(status, content=content, headers=headers))
    assert type(error) is cls
    assert isinstance(error, errors.APIStatusError)
    assert error.status_code == status
    assert error.content == content
    assert error.headers["x-request-id"] == "req-7"
    assert isinstance(error.error, ErrorResponse)  # models.ErrorBody: any error body schema
    assert error.error.error.code == status
    assert error.error.error.message == f"problem {status}"
    assert error.error.to_dict() == body
    assert str(status) in str(error)
    assert f"problem {status}" in str(error)
    _assert_no_key(error)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(("status", "cls"), sorted(UNDOCUMENTED.items()))
def test_undocumented_status_raises_the_class_of_its_range(
    call: Call, status: int, cls: type[errors.APIStatusError]
) -> None:
    content = b"" if status in (204, 304) else b"moved or odd"
    error = _raised(call, httpx.Response(status, content=content))
    assert type(error) is cls
    assert isinstance(error, errors.APIStatusError)
    assert error.status_code == status
    assert error.content == content
    assert error.error is None
    assert str(status) in str(error)


@pytest.mark.parametrize("call", CALLS)
def test_html_502_from_a_proxy_is_a_bad_gateway_error_keeping_the_page(call: Call) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>"
    reply = httpx.Response(502, content=page, headers={"content-type": "text/html"})
    error = _raised(call, reply)
    assert type(error) is errors.BadGatewayError
    assert error.error is None
    assert error.content == page
    assert error.headers["content-type"] == "text/html"
    assert "502 Bad Gateway" in str(error)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b'{"error": {"code": 429, "mess', id="truncated"),
        pytest.param(b'{"message": "slow down"}', id="not-an-error-object"),
        pytest.param(b'{"error": {"code": "429", "message": "x"}}', id="code-is-a-string"),
        pytest.param(b'{"error": null}', id="error-null"),
        pytest.param(b"[]", id="array"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
    ],
)
def test_error_status_with_a_body_that_is_not_an_error_object(call: Call, content: bytes) -> None:
    error = _raised(call, httpx.Response(429, content=content, headers={"retry-after": "3"}))
    assert type(error) is errors.RateLimitError
    assert error.error is None
    assert error.content == content
    assert error.headers["retry-after"] == "3"
    assert "Retry-After: 3" in str(error)


@pytest.mark.parametrize("detailed", DETAILED)
@pytest.mark.parametrize("status", [*DOCUMENTED, *UNDOCUMENTED])
def test_detailed_never_raises_for_a_status(detailed: Detailed, status: int) -> None:
    content = json.dumps({"error": {"code": status, "message": "m"}}).encode()
    response = detailed(httpx.Response(status, content=content, headers={"x-trace": "t"}))
    assert response.status_code == status
    assert type(response.status_code) is int
    assert response.content == content
    assert response.headers["x-trace"] == "t"
    if status in DOCUMENTED:
        assert isinstance(response.parsed, ErrorResponse)
        assert response.parsed.error.message == "m"
    else:
        assert response.parsed is None


@pytest.mark.parametrize("detailed", DETAILED)
def test_detailed_gives_an_html_error_page_as_a_response(detailed: Detailed) -> None:
    response = detailed(httpx.Response(524, content=b"<html>A timeout occurred</html>"))
    assert response.status_code == 524
    assert response.parsed is None
    assert response.content == b"<html>A timeout occurred</html>"


@pytest.mark.parametrize("call", [*CALLS, *DETAILED])
def test_success_parses(call: Call | Detailed, documented_example: dict[str, Any]) -> None:
    result = call(httpx.Response(200, json=documented_example))
    parsed = result.parsed if isinstance(result, Response) else result
    assert isinstance(parsed, GenerationResponse)
    assert parsed.to_dict() == documented_example


def _with(example: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> bytes:
    body = copy.deepcopy(example)
    edit(body["data"])
    return json.dumps(body).encode()


def _raw_number(example: dict[str, Any], field: str, text: bytes) -> bytes:
    """The example with `field` of data written as `text`, a number json.dumps cannot write."""
    return _with(example, lambda d: d.update({field: 271828.182})).replace(b"271828.182", text)


def _malformed_bodies(example: dict[str, Any]) -> list[tuple[str, bytes, str, object]]:
    """(name, body, path, value): a 200 body the client must refuse, and where and what."""
    valid = json.dumps(example).encode()
    second = [{"status": 200, "latency": 10}, {"status": 200, "latency": "fast"}]
    overflow = _raw_number(example, "total_cost", b"1e999")
    negative_overflow = _raw_number(example, "total_cost", b"-1e999")
    return [
        ("empty", b"", "", UNSET),
        ("truncated", valid[: len(valid) // 2], "", valid[: len(valid) // 2]),
        ("html", b"<html>oops</html>", "", b"<html>oops</html>"),
        ("nan", b'{"data": NaN}', "", b'{"data": NaN}'),
        ("overflow", overflow, "", overflow),
        ("-overflow", negative_overflow, "", negative_overflow),
        (
            "int-overflow",
            _with(example, lambda d: d.update(total_cost=10**400)),
            "data.total_cost",
            10**400,
        ),
        ("data-null", b'{"data": null}', "data", None),
        ("data-missing", b"{}", "data", UNSET),
        ("list", b"[1, 2]", "", [1, 2]),
        ("string", b'"data"', "", "data"),
        ("number", b"12", "", 12),
        ("null", b"null", "", None),
        ("missing-field", _with(example, lambda d: d.pop("total_cost")), "data.total_cost", UNSET),
        ("number-as-string", _with(example, lambda d: d.update(usage="0.1")), "data.usage", "0.1"),
        (
            "bool-as-int",
            _with(example, lambda d: d.update(tokens_prompt=True)),
            "data.tokens_prompt",
            True,
        ),
        (
            "bad-date",
            _with(example, lambda d: d.update(created_at="yesterday")),
            "data.created_at",
            "yesterday",
        ),
        (
            "nested",
            _with(example, lambda d: d.update(provider_responses=second)),
            "data.provider_responses[1].latency",
            "fast",
        ),
    ]


@pytest.mark.parametrize("call", [*CALLS, *DETAILED])
def test_malformed_success_bodies(
    call: Call | Detailed, documented_example: dict[str, Any]
) -> None:
    for name, body, path, value in _malformed_bodies(documented_example):
        reply = httpx.Response(200, content=body, headers={"x-request-id": name})
        with pytest.raises(errors.MalformedResponseError) as caught:
            call(reply)
        error = caught.value
        assert type(error) is errors.MalformedResponseError, name
        assert error.status_code == 200, name
        assert error.content == body, name
        assert error.headers["x-request-id"] == name, name
        assert error.path == path, name
        if isinstance(value, type(UNSET)):
            assert error.value is UNSET, name
        else:
            assert error.value == value, name
            assert type(error.value) is type(value), name
        if path:
            assert path in str(error), name
        assert "HTTP 200" in str(error), name
        _assert_no_key(error)


def test_invalid_json_keeps_the_decoder_error_as_cause() -> None:
    with pytest.raises(errors.MalformedResponseError) as caught:
        call_sync(httpx.Response(200, content=b'{"data": {"id": "gen'))
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)
    assert "not valid JSON" in str(caught.value)


def test_deeply_nested_json_is_malformed_not_a_recursion_error() -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(errors.MalformedResponseError) as caught:
        call_sync(httpx.Response(200, content=body))
    assert caught.value.path == ""


TRANSPORT_FAILURES = [
    (httpx.ConnectTimeout, errors.RequestTimeoutError),
    (httpx.ReadTimeout, errors.RequestTimeoutError),
    (httpx.WriteTimeout, errors.RequestTimeoutError),
    (httpx.PoolTimeout, errors.RequestTimeoutError),
    (httpx.ConnectError, errors.NoResponseError),
    (httpx.ReadError, errors.NoResponseError),
    (httpx.RemoteProtocolError, errors.NoResponseError),
    (httpx.DecodingError, errors.NoResponseError),
]


@pytest.mark.parametrize("call", [*CALLS, *DETAILED])
@pytest.mark.parametrize(("failure", "cls"), TRANSPORT_FAILURES)
def test_transport_failures_are_wrapped_with_the_httpx_error_as_cause(
    call: Call | Detailed, failure: type[httpx.RequestError], cls: type[errors.NoResponseError]
) -> None:
    with pytest.raises(errors.NoResponseError) as caught:
        call(failure)
    error = caught.value
    assert type(error) is cls
    assert isinstance(error.__cause__, failure)
    assert failure.__name__ in str(error)
    _assert_no_key(error)


def test_errors_survive_pickling(documented_example: dict[str, Any]) -> None:
    status_error = _raised(
        call_sync, httpx.Response(429, json={"error": {"code": 429, "message": "m"}})
    )
    malformed = _raised(
        call_sync, httpx.Response(200, content=_malformed_bodies(documented_example)[-1][1])
    )
    timeout = _raised(call_sync, httpx.ReadTimeout)
    for error in (status_error, malformed, timeout):
        copied = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
        assert type(copied) is type(error)
        assert str(copied) == str(error)


def test_long_bodies_are_shortened_in_messages_but_kept_whole() -> None:
    page = b"<html>" + b"x" * 10_000 + b"</html>"
    error = _raised(call_sync, httpx.Response(500, content=page))
    assert isinstance(error, errors.InternalServerError)
    assert error.content == page
    assert len(str(error)) < 400


# Any status, any bytes: the call returns a generation or raises one of the documented errors.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.integers(min_value=200, max_value=599),
    content=st.one_of(
        st.binary(max_size=64),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=8), inner, max_size=3)
            ),
            max_leaves=8,
        ).map(lambda value: json.dumps({"data": value}).encode()),
    ),
)
def test_any_reply_ends_in_a_result_or_a_documented_error(status: int, content: bytes) -> None:
    outcome = _outcome(status, content)
    if isinstance(outcome, errors.APIStatusError):
        assert (outcome.status_code, outcome.content) == (status, content)
        assert status != 200
    elif isinstance(outcome, errors.MalformedResponseError):
        assert (outcome.status_code, outcome.content) == (status, content)
        assert status == 200
    else:
        assert isinstance(outcome, GenerationResponse)
        assert status == 200


def _outcome(status: int, content: bytes) -> GenerationResponse | errors.OpenRouterGenerationError:
    """What a call makes of the reply; anything but the client's own errors propagates."""
    try:
        return call_sync(httpx.Response(status, content=content))
    except errors.OpenRouterGenerationError as error:
        return error


# The content endpoint: the same error contract, through get_generation_content.


def _content_call(
    mode: Mode,
    reply: httpx.Response | list[Reply],
    detailed: bool = False,
    client: AuthenticatedClient | None = None,
) -> object:
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get("/generation/content", params={"id": "gen-1"})
        if isinstance(reply, httpx.Response):
            route.mock(return_value=reply)
        else:
            route.mock(side_effect=reply)
        fetch = fetch_content_detailed if detailed else fetch_content
        return fetch(mode, client or _client())


def _content_statuses(spec: dict[str, Any]) -> set[int]:
    responses = spec["paths"]["/generation/content"]["get"]["responses"]
    return {int(code) for code in responses} - {200}


def test_content_documents_the_metadata_statuses_but_402_and_also_503(
    spec: dict[str, Any],
) -> None:
    assert _content_statuses(spec) == set(DOCUMENTED) - {402} | {503}


@pytest.mark.parametrize("mode", MODES)
def test_a_content_503_is_a_service_unavailable_error_with_its_body(mode: Mode) -> None:
    body = {"error": {"code": 503, "message": "Service temporarily unavailable"}}
    with pytest.raises(errors.ServiceUnavailableError) as caught:
        _content_call(mode, httpx.Response(503, json=body))
    assert isinstance(caught.value, errors.ServerStatusError)
    assert caught.value.error is not None
    assert caught.value.error.to_dict() == body


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "cls"), sorted(DOCUMENTED.items()))
def test_content_error_status_raises_its_class_with_the_parsed_body(
    mode: Mode, status: int, cls: type[errors.APIStatusError]
) -> None:
    content = json.dumps({"error": {"code": status, "message": f"problem {status}"}}).encode()
    with pytest.raises(errors.APIStatusError) as caught:
        _content_call(mode, httpx.Response(status, content=content, headers={"retry-after": "2"}))
    error = caught.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.content == content
    assert error.headers["retry-after"] == "2"
    # 402 is not documented for this operation: its body is not parsed as an error body.
    assert (error.error is not None) == (status != 402)
    assert str(status) in str(error)
    _assert_no_key(error)


@pytest.mark.parametrize("mode", MODES)
def test_content_html_502_keeps_the_page(mode: Mode) -> None:
    page = b"<html>502 Bad Gateway</html>"
    with pytest.raises(errors.BadGatewayError) as caught:
        _content_call(mode, httpx.Response(502, content=page))
    assert (caught.value.error, caught.value.content) == (None, page)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("detailed", [False, True], ids=["parsed", "detailed"])
def test_content_success_parses(mode: Mode, detailed: bool, spec: dict[str, Any]) -> None:
    media = spec["paths"]["/generation/content"]["get"]["responses"]["200"]["content"]
    for example in media["application/json"]["examples"].values():
        result = _content_call(mode, httpx.Response(200, json=example["value"]), detailed)
        parsed = result.parsed if isinstance(result, Response) else result
        assert isinstance(parsed, GenerationContentResponse)
        assert parsed.to_dict() == example["value"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("content", "path"),
    [
        (b"", ""),
        (b'{"data": {"input": {"pro', ""),
        (b'{"data": {"input": {"text": "t"}, "output": {}, "error": null}}', "data.input"),
        (b'{"data": {"input": {"prompt": "p"}, "output": 1, "error": null}}', "data.output"),
    ],
)
def test_malformed_content_is_refused_with_its_path(mode: Mode, content: bytes, path: str) -> None:
    with pytest.raises(errors.MalformedResponseError) as caught:
        _content_call(mode, httpx.Response(200, content=content))
    error = caught.value
    assert type(error) is errors.MalformedResponseError
    assert (error.status_code, error.content, error.path) == (200, content, path)
    assert error.value is UNSET or isinstance(error.value, Redacted | int)
    assert "HTTP 200" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("failure", "cls"), TRANSPORT_FAILURES)
def test_content_transport_failures_are_wrapped(
    mode: Mode, failure: type[httpx.RequestError], cls: type[errors.NoResponseError]
) -> None:
    with pytest.raises(errors.NoResponseError) as caught:
        _content_call(mode, [failure])
    assert type(caught.value) is cls
    assert isinstance(caught.value.__cause__, failure)
    _assert_no_key(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_content_calls_are_retried_like_the_metadata_calls(mode: Mode) -> None:
    body = {"data": {"input": {"prompt": "p"}, "output": {"completion": None, "reasoning": None}}}
    body["data"]["error"] = None
    replies: list[Reply] = [
        httpx.ConnectError,
        httpx.Response(502, content=b"<html>bad gateway</html>"),
        httpx.Response(200, json=body),
    ]
    retrying = AuthenticatedClient(
        base_url=BASE_URL, token=API_KEY, verify_ssl=TLS, retries=RetryPolicy(backoff_factor=0.001)
    )
    parsed = _content_call(mode, replies, client=retrying)
    assert isinstance(parsed, GenerationContentResponse)
    assert parsed.to_dict() == body
