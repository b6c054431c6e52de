"""Many calls at once on one client queue for its connections; queueing is never a timeout.

httpx counts a wait for a pooled connection against the pool timeout. With a pool timeout of
0, any wait there fails at once, so these tests show that the client never lets a request
wait in httpx's pool: it queues the calls past the pool's size itself (`_admission`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from openrouter_generation_client import DEFAULT_LIMITS, AuthenticatedClient
from openrouter_generation_client._admission import AdmissionTransport
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.errors import RequestTimeoutError

from tests.loopback import LoopbackServer, Reply

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
CALLS = 24
# The pool is this small, so that nearly every call has to queue.
CONNECTIONS = 2
NO_POOL_WAIT = httpx.Timeout(5.0, pool=0.0)


def _client(url: str, **options: Any) -> AuthenticatedClient:
    limits = httpx.Limits(max_connections=CONNECTIONS)
    return AuthenticatedClient(
        base_url=url, token=KEY, timeout=NO_POOL_WAIT, httpx_args={"limits": limits}, **options
    )


@pytest.mark.parametrize("retries", [False, True])
def test_a_plain_gather_of_more_calls_than_connections_fetches_every_id(
    retries: bool, documented_example: dict[str, object]
) -> None:
    with LoopbackServer(*[Reply.json(200, documented_example)] * CALLS) as server:
        client = _client(server.url, retries=retries)

        async def run() -> list[object]:
            calls = (get_generation.asyncio(client=client, id=f"gen-{i}") for i in range(CALLS))
            return await asyncio.gather(*calls, return_exceptions=True)

        results = asyncio.run(run())
    assert [type(result).__name__ for result in results] == ["GenerationResponse"] * CALLS
    assert len(server.received) == CALLS


def test_a_thread_pool_wider_than_the_pool_fetches_every_id(
    documented_example: dict[str, object],
) -> None:
    with LoopbackServer(*[Reply.json(200, documented_example)] * CALLS) as server:
        client = _client(server.url)
        with ThreadPoolExecutor(8) as threads:
            ids = [f"gen-{i}" for i in range(CALLS)]
            results = list(threads.map(lambda id_: get_generation.sync(client=client, id=id_), ids))
    assert len(results) == CALLS
    assert len(server.received) == CALLS


def test_without_admission_the_same_gather_times_out_in_the_pool(
    documented_example: dict[str, object],
) -> None:
    """The control: the failure the admission prevents is real (httpx's own pool timeout)."""
    with LoopbackServer(*[Reply.json(200, documented_example)] * CALLS) as server:
        client = _client(server.url)
        admission = client.get_async_httpx_client()._transport
        assert isinstance(admission, AdmissionTransport)
        inner = admission.transport
        assert isinstance(inner, httpx.AsyncBaseTransport)
        client.get_async_httpx_client()._transport = inner  # the admission taken away

        async def run() -> list[object]:
            calls = (get_generation.asyncio(client=client, id=f"gen-{i}") for i in range(CALLS))
            return await asyncio.gather(*calls, return_exceptions=True)

        results = asyncio.run(run())
    assert any(isinstance(result, RequestTimeoutError) for result in results)


def test_the_bound_is_the_pools_connections() -> None:
    default = AuthenticatedClient(token=KEY)
    for httpx_client in (default.get_httpx_client(), default.get_async_httpx_client()):
        transport = httpx_client._transport
        assert isinstance(transport, AdmissionTransport)
        assert transport.limit == DEFAULT_LIMITS.max_connections == 100
    sized = AuthenticatedClient(token=KEY, httpx_args={"limits": httpx.Limits(max_connections=7)})
    transport = sized.get_async_httpx_client()._transport
    assert isinstance(transport, AdmissionTransport)
    assert transport.limit == 7
    unbounded = httpx.Limits(max_connections=None)
    free = AuthenticatedClient(token=KEY, httpx_args={"limits": unbounded})
    assert not isinstance(free.get_httpx_client()._transport, AdmissionTransport)


def test_a_proxys_pool_gets_a_bound_of_its_own() -> None:
    mounts = {"http://": httpx.HTTPTransport(), "https://": httpx.HTTPTransport()}
    client = AuthenticatedClient(token=KEY, httpx_args={"mounts": mounts})
    wrapped = client.get_httpx_client()._mounts.values()
    assert wrapped
    assert all(isinstance(transport, AdmissionTransport) for transport in wrapped)


class _Gate:
    """An async transport whose requests wait until the test opens the gate; counts them."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.open = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.inside += 1
        self.most = max(self.most, self.inside)
        await self.open.wait()
        self.inside -= 1
        return httpx.Response(200, content=b"{}")


def test_at_most_the_bound_is_in_flight_and_the_rest_queue_in_order() -> None:
    gate = _Gate()
    order: list[int] = []

    async def run() -> None:
        transport = AdmissionTransport(httpx.MockTransport(gate), limit=3)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:

            async def call(index: int) -> None:
                await client.get("/generation")
                order.append(index)

            tasks = [asyncio.create_task(call(index)) for index in range(10)]
            for _ in range(20):  # every task that can get in gets in
                await asyncio.sleep(0)
            assert gate.inside == 3
            gate.open.set()
            await asyncio.gather(*tasks)

    asyncio.run(run())
    assert gate.most == 3
    assert sorted(order) == list(range(10))


def test_a_place_is_given_back_when_the_call_fails() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    transport = AdmissionTransport(httpx.MockTransport(refuse), limit=1)
    with httpx.Client(transport=transport, base_url="http://api.test") as client:
        for _ in range(3):  # a place kept by a failed call would block the second one forever
            with pytest.raises(httpx.ConnectError):
                client.get("/generation")


class _Body(httpx.SyncByteStream):
    """A body the transport streams, as a real one does (httpx reads a plain bytes body at once)."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"{}"


def test_a_streamed_response_holds_its_place_until_it_is_closed() -> None:
    streamed = httpx.MockTransport(lambda request: httpx.Response(200, stream=_Body()))
    transport = AdmissionTransport(streamed, limit=1)
    with httpx.Client(transport=transport, base_url="http://api.test") as client:
        with client.stream("GET", "/generation"):
            assert not transport._threads.acquire(blocking=False)  # the only place is taken
        assert transport._threads.acquire(blocking=False)
        transport._threads.release()


def test_a_bound_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1, got 0"):
        AdmissionTransport(httpx.HTTPTransport(), limit=0)
