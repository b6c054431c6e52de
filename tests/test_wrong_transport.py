"""The client's transport layers (admission, body limit, deadline, retries) over a transport of
the other flavour (an httpx.Client over httpx.AsyncHTTPTransport(), or the reverse), or over
something that is no transport at all, raise TransportMismatchError naming the layer and what
it wraps: the client's own error and a TypeError, never a bare TypeError or RuntimeError."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from openrouter_generation_client import (
    AuthenticatedClient,
    DeadlineTransport,
    RetryPolicy,
    RetryTransport,
    get_generation,
)
from openrouter_generation_client._admission import AdmissionTransport
from openrouter_generation_client._body_limit import BodyLimitTransport
from openrouter_generation_client.errors import OpenRouterGenerationError, TransportMismatchError

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
Layer = Callable[[httpx.BaseTransport | httpx.AsyncBaseTransport], object]
LAYERS: dict[str, Layer] = {
    "AdmissionTransport": lambda transport: AdmissionTransport(transport, limit=1),
    "BodyLimitTransport": BodyLimitTransport,
    "DeadlineTransport": DeadlineTransport,
    "RetryTransport": lambda transport: RetryTransport(transport, RetryPolicy()),
}


class _SyncOnly(httpx.BaseTransport):
    def __init__(self) -> None:
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(200, content=b"{}")


class _AsyncOnly(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(200, content=b"{}")


def _sync_get(transport: object) -> httpx.Response:
    assert isinstance(transport, httpx.BaseTransport)
    with httpx.Client(transport=transport) as client:
        return client.get("http://api.test/generation")


def _async_get(transport: object) -> httpx.Response:
    assert isinstance(transport, httpx.AsyncBaseTransport)

    async def run() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get("http://api.test/generation")

    return asyncio.run(run())


# Each flavour of request: the transport of the other flavour only, how it is sent, its words.
MISMATCHES: dict[
    str, tuple[Callable[[], _SyncOnly | _AsyncOnly], Callable[[object], httpx.Response], str]
] = {
    "sync": (
        _AsyncOnly,
        _sync_get,
        "a sync request, but the transport under it (_AsyncOnly) is not sync",
    ),
    "async": (
        _SyncOnly,
        _async_get,
        "an async request, but the transport under it (_SyncOnly) is not async",
    ),
}


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize("flavour", MISMATCHES)
def test_a_request_over_a_transport_of_the_other_flavour_says_which_layer(
    name: str, flavour: str
) -> None:
    only, send, said = MISMATCHES[flavour]
    under = only()
    with pytest.raises(TransportMismatchError) as raised:
        send(LAYERS[name](under))
    assert str(raised.value).startswith(
        f"{name} got {said}: an httpx.Client needs httpx.HTTPTransport()"
    )
    assert isinstance(raised.value, OpenRouterGenerationError)
    assert isinstance(raised.value, TypeError)
    assert under.requests == 0


@pytest.mark.parametrize("name", LAYERS)
def test_each_layer_passes_a_request_of_its_transport_s_flavour(name: str) -> None:
    sync_under, async_under = _SyncOnly(), _AsyncOnly()
    assert _sync_get(LAYERS[name](sync_under)).status_code == 200
    assert _async_get(LAYERS[name](async_under)).status_code == 200
    assert (sync_under.requests, async_under.requests) == (1, 1)


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize(
    "given",
    [lambda: httpx.Client(transport=_SyncOnly()), lambda: "http://api.test"],
    ids=["client", "url"],
)
def test_a_layer_over_what_is_no_transport_is_refused_when_it_is_made(
    name: str, given: Callable[[], object]
) -> None:
    wrong = given()  # an httpx.Client, or a URL, where the transport goes
    with pytest.raises(TransportMismatchError) as raised:
        LAYERS[name](wrong)  # type: ignore[arg-type]
    assert str(raised.value) == (
        f"{name} wraps an httpx transport (httpx.HTTPTransport for an httpx.Client, "
        f"httpx.AsyncHTTPTransport for an httpx.AsyncClient), not a {type(wrong).__name__}"
    )


@pytest.mark.parametrize("name", ["AdmissionTransport", "BodyLimitTransport", "DeadlineTransport"])
def test_a_layer_over_none_is_refused_too(name: str) -> None:
    """(RetryTransport's None is documented: httpx's own transports, both flavours.)"""
    with pytest.raises(TransportMismatchError, match=r"not a NoneType$"):
        LAYERS[name](None)  # type: ignore[arg-type]


def test_an_operation_on_a_mismatched_httpx_client_raises_it_unwrapped() -> None:
    """Through set_httpx_client(): the mismatch is the caller's setup, not a failed request,
    so it is not a NoResponseError."""
    client = AuthenticatedClient(token=KEY)
    client.set_httpx_client(  # (not client.get_httpx_client(): its transport loads certificates)
        httpx.Client(base_url="http://api.test", transport=DeadlineTransport(_AsyncOnly()))
    )
    with pytest.raises(TransportMismatchError, match=r"^DeadlineTransport got a sync request"):
        get_generation.sync(client=client, id="gen-1")
