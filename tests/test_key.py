"""The key is checked when the client is made, and no error the client raises shows it.

A key that cannot be sent as it is (whitespace around it, a control or non-ASCII character)
gives InvalidKeyError at once, without the key in it. And whatever an error the client wraps
says, the key is scrubbed from the messages (str, repr, args) of the error raised and of every
error it chains: h11 quoting a header it refuses, or any transport quoting the request.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient, _key
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.errors import (
    InvalidKeyError,
    NoResponseError,
    OpenRouterGenerationError,
)

from tests.loopback import LoopbackServer, Reply
from tests.modes import MODES, Mode, fetch

KEY = "sk-or-v1-5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7"

BAD_KEYS = {
    "a trailing newline": KEY + "\n",
    "a trailing CRLF": KEY + "\r\n",
    "a leading space": " " + KEY,
    "a trailing tab": KEY + "\t",
    "a NUL inside": KEY[:20] + "\x00" + KEY[20:],
    "DEL inside": KEY[:20] + "\x7f" + KEY[20:],
    "a typographic hyphen": KEY.replace("-", "\u2010", 1),
    "a non-breaking space at the end": KEY + "\u00a0",
    "an accented letter": KEY[:30] + "\u00e9" + KEY[30:],
}


def _everything_shown(error: BaseException) -> Iterator[str]:
    """Every text a user can see of `error`: str, repr and args of it and each error it chains,
    and the whole traceback as Python prints it."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield repr(current.args)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    yield "".join(traceback.format_exception(error))


def _shows(error: BaseException, secret: str = KEY) -> list[str]:
    return [text[:200] for text in _everything_shown(error) if secret in text]


@pytest.mark.parametrize("token", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_a_key_that_cannot_be_sent_is_refused_when_the_client_is_made(token: str) -> None:
    with pytest.raises(InvalidKeyError) as raised:
        AuthenticatedClient(token=token)
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, OpenRouterGenerationError)
    assert "the API key (token=)" in str(error)
    assert _shows(error, KEY[9:40]) == []


def test_the_message_says_what_is_wrong_and_where() -> None:
    with pytest.raises(InvalidKeyError, match=r"ends with whitespace .*strip it"):
        AuthenticatedClient(token=KEY + "\n")
    with pytest.raises(InvalidKeyError, match=r"control character \(U\+0000\) at position 20 of"):
        AuthenticatedClient(token=BAD_KEYS["a NUL inside"])
    with pytest.raises(
        InvalidKeyError, match=r"non-ASCII character \(U\+2010 HYPHEN\) at position 2"
    ):
        AuthenticatedClient(token=BAD_KEYS["a typographic hyphen"])
    with pytest.raises(InvalidKeyError, match="is empty"):
        AuthenticatedClient(token="")


@pytest.mark.parametrize(
    ("options", "what"),
    [
        ({"prefix": "Bearer\n"}, "the key's prefix"),
        ({"prefix": "B\u00e9arer"}, "the key's prefix"),
        ({"auth_header_name": "X Api Key"}, "auth_header_name='X Api Key'"),
        ({"auth_header_name": "X-Api-Key\n"}, "auth_header_name="),
        ({"auth_header_name": ""}, "auth_header_name=''"),
        ({"headers": {"X-Api-Key": KEY + "\n"}}, "the value of header 'X-Api-Key'"),
        ({"headers": {"X-Api-Key": "\u00e9" + KEY}}, "the value of header 'X-Api-Key'"),
        ({"headers": {"X Api Key": KEY}}, "invalid HTTP header name"),
        ({"headers": {1: KEY}}, "headers= has an invalid HTTP header name: 1"),
        ({"headers": [("X-Api-Key", KEY)]}, "headers= must map names to values, not a list"),
        ({"auth_header_name": 3}, "auth_header_name=3"),
        # A cookie travels in a header: httpx would fail to encode it at the first call.
        ({"cookies": {"session": "\u00e9" + KEY}}, "the value of cookie 'session' (cookies=)"),
        ({"cookies": {"session": KEY + "\n"}}, "the value of cookie 'session' (cookies=)"),
        ({"cookies": {"a session": KEY}}, "cookies= has an invalid cookie name: 'a session'"),
        ({"cookies": None}, "cookies= must map names to values, not a NoneType"),
    ],
)
def test_what_is_sent_with_the_key_is_checked_too(options: dict[str, Any], what: str) -> None:
    with pytest.raises(InvalidKeyError) as raised:
        AuthenticatedClient(token=KEY, **options)
    assert what in str(raised.value)
    assert _shows(raised.value) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_cookie_refused_by_with_cookies_leaves_the_client_in_use_as_it_was(mode: Mode) -> None:
    answers = httpx.MockTransport(lambda request: httpx.Response(200))
    client = AuthenticatedClient(
        token=KEY, cookies={"session": "a"}, httpx_args={"transport": answers}
    )
    httpx_client = client.get_httpx_client() if mode == "sync" else client.get_async_httpx_client()
    with pytest.raises(InvalidKeyError, match="the value of cookie 'session'"):
        client.with_cookies({"session": "\u00e9"})
    assert dict(httpx_client.cookies) == {"session": "a"}


def test_a_good_key_and_an_inner_space_pass() -> None:
    AuthenticatedClient(token=KEY)
    AuthenticatedClient(token=KEY, prefix="", auth_header_name="X-Api-Key")
    AuthenticatedClient(token="Basic dXNlcjpwYXNz", prefix="")  # a scheme of the caller's own


@pytest.mark.parametrize("mode", MODES)
def test_a_key_set_after_the_client_was_made_is_checked_before_anything_is_sent(
    mode: Mode,
) -> None:
    with LoopbackServer() as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        client.token = KEY + "\n"
        with pytest.raises(InvalidKeyError) as raised:
            fetch(mode, client)
    assert _shows(raised.value) == []
    assert server.received == []


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key check: stands for a key the check lets through and h11 still refuses."""
    monkeypatch.setattr(_key, "check", lambda *args: None)


@pytest.mark.usefixtures("unchecked")
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "options",
    [
        {"token": KEY + "\n"},
        {"token": KEY, "prefix": "Bearer\n"},
        {"token": KEY[:20] + "\x0b" + KEY[20:]},
    ],
    ids=["newline", "prefix", "vertical tab"],
)
def test_h11_refusing_the_header_does_not_show_the_key(mode: Mode, options: dict[str, Any]) -> None:
    with LoopbackServer() as server:
        client = AuthenticatedClient(base_url=server.url, **options)
        with pytest.raises(NoResponseError) as raised:
            fetch(mode, client)
    error = raised.value
    assert "Illegal header value" in str(error)  # h11's own words, the key taken out
    assert _key.SCRUBBED in str(error)
    assert isinstance(error.__cause__, httpx.LocalProtocolError)
    assert _shows(error, KEY[:40]) == []


class _Tattletale(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport whose failures quote every header of the request, in str and in bytes,
    and chain an OSError that quotes them too."""

    def _fail(self, request: httpx.Request) -> httpx.ConnectError:
        quoted = "; ".join(f"{name}={value}" for name, value in request.headers.items())
        cause = OSError(f"refused {quoted}", repr(request.headers.raw))
        error = httpx.ConnectError(f"could not connect with {quoted}", request=request)
        error.__cause__ = cause
        return error

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise self._fail(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise self._fail(request)


def _unopened_call(mode: Mode, client: AuthenticatedClient) -> None:
    if mode == "sync":
        get_generation.sync(client=client, id="gen-1")
    else:
        asyncio.run(get_generation.asyncio(client=client, id="gen-1"))


@pytest.mark.parametrize("mode", MODES)
def test_no_wrapped_error_shows_the_key_or_a_header_given_with_headers(mode: Mode) -> None:
    other_key = "other-key-of-the-callers-1234567890"
    client = AuthenticatedClient(
        token=KEY,
        headers={"X-Proxy-Key": other_key},
        httpx_args={"transport": _Tattletale()},
    )
    with pytest.raises(NoResponseError) as raised:
        _unopened_call(mode, client)
    error = raised.value
    assert "could not connect with" in str(error)
    assert _shows(error) == []
    assert _shows(error, other_key) == []
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert isinstance(error.__cause__.__cause__, OSError)


def test_scrub_reaches_every_chained_error_and_bytes_arguments() -> None:
    root = ValueError(b"raw Bearer " + KEY.encode(), 7)
    middle = RuntimeError(f"middle {KEY}")
    middle.__context__ = root
    top = KeyError(f"top {KEY!r}")
    top.__cause__ = middle
    middle.__cause__ = top  # a cycle ends the walk, it does not loop
    _key.scrub(top, [KEY])
    assert top.args == (f"top '{_key.SCRUBBED}'",)
    assert middle.args == (f"middle {_key.SCRUBBED}",)
    assert root.args == (b"raw Bearer " + _key.SCRUBBED.encode(), 7)


def test_a_key_with_a_quote_is_scrubbed_where_a_bytes_repr_escapes_it() -> None:
    key = "sk-or-v1-it's-a-key-with-a-quote"
    error = httpx.LocalProtocolError(f"Illegal header value {(key + chr(10)).encode()!r}")
    _key.scrub(error, [key])
    assert "it\\'s" not in str(error)
    assert _key.SCRUBBED in str(error)


def _two_calls(mode: Mode, client: AuthenticatedClient, between: Any) -> None:
    """A call, then `between(client)`, then another call, on one event loop in async mode."""
    if mode == "sync":
        get_generation.sync(client=client, id="gen-1")
        between(client)
        get_generation.sync(client=client, id="gen-1")
        return

    async def calls() -> None:
        async with client:
            await get_generation.asyncio(client=client, id="gen-1")
            between(client)
            await get_generation.asyncio(client=client, id="gen-1")

    asyncio.run(calls())


@pytest.mark.parametrize("mode", MODES)
def test_a_header_with_headers_refuses_leaves_the_client_it_was_asked_of_as_it_was(
    mode: Mode, documented_example: dict[str, Any]
) -> None:
    other_key = "sk-other-secret-0123456789"

    def refused(client: AuthenticatedClient) -> None:
        with pytest.raises(InvalidKeyError) as raised:
            client.with_headers({"X-Api-Key": other_key + "\n"})
        assert _shows(raised.value, other_key) == []

    replies = [Reply.json(200, documented_example)] * 2
    with LoopbackServer(*replies) as server:
        _two_calls(mode, AuthenticatedClient(base_url=server.url, token=KEY), refused)
    assert [received.headers.get("x-api-key") for received in server.received] == [None, None]


@pytest.mark.parametrize("mode", MODES)
def test_a_header_set_on_the_httpx_client_itself_is_scrubbed_too(
    mode: Mode, documented_example: dict[str, Any]
) -> None:
    other_key = "sk-other-secret-0123456789"

    def set_by_hand(client: AuthenticatedClient) -> None:
        live = client.get_httpx_client() if mode == "sync" else client.get_async_httpx_client()
        live.headers["X-Api-Key"] = other_key + "\n"

    with LoopbackServer(Reply.json(200, documented_example)) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        with pytest.raises(NoResponseError) as raised:
            _two_calls(mode, client, set_by_hand)
    error = raised.value
    assert "Illegal header value" in str(error)
    assert _key.SCRUBBED in str(error)
    assert _shows(error, other_key) == []


def test_the_request_a_transport_failed_on_is_scrubbed_of_every_header_it_carried() -> None:
    other_key = "sk-added-by-a-hook-0123456789"

    def add_key(request: httpx.Request) -> None:
        request.headers["X-Api-Key"] = other_key

    client = AuthenticatedClient(
        token=KEY,
        httpx_args={"transport": _Tattletale(), "event_hooks": {"request": [add_key]}},
    )
    with pytest.raises(NoResponseError) as raised:
        _unopened_call("sync", client)
    error = raised.value
    assert "could not connect with" in str(error)
    assert "host=" in str(error)  # what httpx sets itself is left as it is
    assert _shows(error, other_key) == []
