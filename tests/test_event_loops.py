"""One client works on any number of event loops, one after another and at once.

An httpx.AsyncClient's connections belong to the loop that opened them; the client keeps one
per loop (`_loops`), closed when its loop shuts down. Where it truly cannot work (an
httpx.AsyncClient the caller set, met from another loop) the error is the client's own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.errors import EventLoopError, OpenRouterGenerationError

from benchmarks import server as keep_alive

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
CALLS = 40


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    """A keep-alive server (the benchmarks'), so connections stay in the pool between loops."""
    with keep_alive.running() as base_url:
        yield base_url + "/api/v1"


async def _many(client: AuthenticatedClient) -> list[str]:
    calls = (get_generation.asyncio(client=client, id=f"gen-{i}") for i in range(CALLS))
    return [result.data.id for result in await asyncio.gather(*calls)]


def test_consecutive_asyncio_runs_on_one_client(api: str) -> None:
    client = AuthenticatedClient(base_url=api, token=KEY)
    for _ in range(3):
        assert len(asyncio.run(_many(client))) == CALLS


def test_each_loops_client_is_closed_when_its_loop_shuts_down() -> None:
    client = AuthenticatedClient(token=KEY)
    seen: list[httpx.AsyncClient] = []

    async def take() -> None:
        seen.append(client.get_async_httpx_client())

    asyncio.run(take())
    asyncio.run(take())
    first, second = seen
    assert first is not second
    assert first.is_closed
    assert second.is_closed


def test_a_client_made_outside_a_loop_is_the_first_loops() -> None:
    client = AuthenticatedClient(token=KEY)
    made = client.get_async_httpx_client()

    async def take() -> httpx.AsyncClient:
        return client.get_async_httpx_client()

    assert asyncio.run(take()) is made


def test_threads_each_running_a_loop_and_a_sync_call_share_one_client(api: str) -> None:
    results: list[int] = []
    client = AuthenticatedClient(base_url=api, token=KEY)
    threads = [
        threading.Thread(target=lambda: results.append(len(asyncio.run(_many(client)))))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    with client:  # the sync side, closed here (the loops close theirs)
        results.append(len([get_generation.sync(client=client, id="gen-sync")]))
    for thread in threads:
        thread.join()
    assert sorted(results) == [1, CALLS, CALLS, CALLS]


def test_a_set_async_client_met_from_another_loop_is_the_clients_own_error(api: str) -> None:
    client = AuthenticatedClient(base_url=api, token=KEY)
    mine = httpx.AsyncClient(base_url=api)
    client.set_async_httpx_client(mine)
    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(_many(client))  # its connections now belong to `first`
        with pytest.raises(EventLoopError) as raised:
            asyncio.run(_many(client))
    finally:
        first.run_until_complete(mine.aclose())  # back on its own loop, it closes cleanly
        first.close()
    assert isinstance(raised.value, OpenRouterGenerationError)
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert "set_async_httpx_client()" in str(raised.value)
