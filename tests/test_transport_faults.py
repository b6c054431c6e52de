"""Faults on the wire end in NoResponseError, sync and async, with the httpx error as its cause.

Each fault comes from a real server on loopback (tests/loopback.py): a refused connection, a
connection reset before any answer, and a body cut short by the server closing.
"""

from __future__ import annotations

import socket

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.errors import NoResponseError, RequestTimeoutError

from tests.loopback import LoopbackServer, Reply, Reset, Truncated
from tests.modes import MODES, Mode, fetch, fetch_detailed

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"


def _transport_error(mode: Mode, client: AuthenticatedClient) -> NoResponseError:
    with pytest.raises(NoResponseError) as raised:
        fetch(mode, client)
    error = raised.value
    assert not isinstance(error, RequestTimeoutError)
    assert isinstance(error.__cause__, httpx.TransportError)
    assert str(error)
    return error


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_connection_is_a_transport_error(mode: Mode) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    # Nothing listens on the port any more.
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{port}", token=KEY)
    error = _transport_error(mode, client)
    assert isinstance(error.__cause__, httpx.ConnectError)
    # The message names the host and the operation, and nothing of the key or the query.
    operation = "get_generation (GET /generation)"
    assert str(error).startswith(
        f"no response from 127.0.0.1:{port} for {operation} (ConnectError)"
    )
    assert KEY not in str(error)
    assert "gen-1" not in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_a_reset_connection_is_a_transport_error(mode: Mode) -> None:
    with LoopbackServer(Reset()) as server:
        _transport_error(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_truncated_body_is_a_transport_error(
    mode: Mode, documented_example: dict[str, object]
) -> None:
    with LoopbackServer(Truncated(Reply.json(200, documented_example))) as server:
        error = _transport_error(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)


@pytest.mark.parametrize("mode", MODES)
def test_a_truncated_body_is_a_transport_error_for_detailed_calls_too(
    mode: Mode, documented_example: dict[str, object]
) -> None:
    with LoopbackServer(Truncated(Reply.json(200, documented_example))) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        with pytest.raises(NoResponseError):
            fetch_detailed(mode, client)


def test_a_transport_error_outside_an_operation_names_method_and_path() -> None:
    request = httpx.Request("GET", "https://openrouter.ai/api/v1/generation?id=gen-secret")
    error = NoResponseError.from_httpx(httpx.ConnectError("refused", request=request))
    assert str(error) == (
        "no response from openrouter.ai for GET /api/v1/generation (ConnectError): refused"
    )


def test_a_request_to_a_url_without_a_host_is_a_no_response_error_saying_so() -> None:
    """What httpx raises for a URL without a host, as the error says it. (A client's base_url
    without one is refused when the client is made: tests/test_options.py.)"""
    refused = httpx.UnsupportedProtocol(
        "Request URL is missing an 'http://' or 'https://' protocol.",
        request=httpx.Request("GET", "not a url"),
    )
    assert str(NoResponseError.from_httpx(refused, "get_generation")) == (
        "no response from a URL without a host for get_generation (UnsupportedProtocol): "
        "Request URL is missing an 'http://' or 'https://' protocol."
    )
