"""A client used after it was closed says so in the client's own error, not httpx's RuntimeError."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.errors import (
    ClientAlreadyOpenError,
    ClientClosedError,
    OpenRouterGenerationError,
)

from tests.loopback import LoopbackServer, Reply
from tests.modes import GENERATION_ID, MODES, Mode, fetch

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"


def _call_outside_with(mode: Mode, client: AuthenticatedClient) -> None:
    """One call, without opening the client first."""
    if mode == "sync":
        get_generation.sync(client=client, id=GENERATION_ID)
    else:
        asyncio.run(get_generation.asyncio(client=client, id=GENERATION_ID))


@pytest.mark.parametrize("retries", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_a_call_after_the_with_block_raises_client_closed(
    mode: Mode, retries: bool, documented_example: dict[str, object]
) -> None:
    with LoopbackServer(Reply.json(200, documented_example)) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=retries)
        fetch(mode, client)  # opens and closes the client, as a `with` block does
        with pytest.raises(ClientClosedError) as raised:
            _call_outside_with(mode, client)
    assert isinstance(raised.value, OpenRouterGenerationError)
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert str(raised.value).startswith("get_generation (GET /generation): the client is closed")
    assert KEY not in str(raised.value)
    assert len(server.received) == 1


def test_entering_a_closed_client_raises_client_closed() -> None:
    client = AuthenticatedClient(token=KEY)
    with client:
        pass
    with pytest.raises(ClientClosedError, match="entering the client: the client is closed"):
        client.__enter__()


def test_entering_a_closed_async_client_raises_client_closed() -> None:
    client = AuthenticatedClient(token=KEY)

    async def run() -> None:
        async with client:
            pass
        async with client:
            pass

    with pytest.raises(ClientClosedError, match="the client is closed"):
        asyncio.run(run())


def test_entering_an_open_client_again_says_so() -> None:
    """httpx opens a client once: its bare RuntimeError becomes the client's own error, and the
    outer block still works (the inner one did not close the client)."""
    client = _answering({})
    with client:
        with pytest.raises(ClientAlreadyOpenError, match="it is open already") as raised:
            client.__enter__()
        assert not client.get_httpx_client().is_closed
    assert isinstance(raised.value.__cause__, RuntimeError)


def _answering(documented_example: dict[str, object]) -> AuthenticatedClient:
    """A client whose every call gets the documented example, from a transport in memory."""
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=documented_example))
    return AuthenticatedClient(token=KEY, httpx_args={"transport": answer})


def test_entering_the_with_block_after_a_call_made_outside_one_says_so(
    documented_example: dict[str, object],
) -> None:
    client = _answering(documented_example)
    _call_outside_with("sync", client)  # httpx opened the client at this call
    with pytest.raises(ClientAlreadyOpenError, match="by a call made before this block"):
        client.__enter__()


def test_entering_the_async_with_block_after_a_call_on_its_loop_says_so(
    documented_example: dict[str, object],
) -> None:
    async def run(client: AuthenticatedClient) -> None:
        await get_generation.asyncio(client=client, id=GENERATION_ID)
        async with client:
            pass

    with pytest.raises(ClientAlreadyOpenError, match="by a call made before this block"):
        asyncio.run(run(_answering(documented_example)))
