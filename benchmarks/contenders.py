"""The things measured: one batch function per contender, each checked against its answer.

Every contender returns the generation id it read, and every batch raises `WrongAnswer` when
the last one is not the served id: a contender that silently failed would look fast.
Clients are opened here and closed by the caller's `ExitStack`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack

import httpx
from openrouter import OpenRouter
from openrouter.components import GenerationResponse as SdkGenerationResponse
from openrouter.utils import BackoffStrategy, RetryConfig
from openrouter.utils.serializers import unmarshal_json
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.models import GenerationResponse

from benchmarks import payloads
from benchmarks.measure import Batch

FAKE_KEY = "sk-or-v1-bench-fake-key-not-a-secret"
API_PREFIX = "/api/v1"
GENERATION_PATH = API_PREFIX + "/generation"
EXPECTED_ID: str = payloads.example()["data"]["id"]

# The official SDK retries 5XX with backoff by default; the benchmark times one attempt.
NO_RETRIES = RetryConfig("none", BackoffStrategy(1, 1, 1.0, 1), retry_connection_errors=False)

RAW_SYNC = "raw httpx.Client + json.loads"
OURS_SYNC = "ours: get_generation.sync"
SDK_SYNC = "official SDK: get_generation"
RAW_ASYNC = "raw httpx.AsyncClient + json.loads"
OURS_ASYNC = "ours: get_generation.asyncio"
SDK_ASYNC = "official SDK: get_generation_async"

JSON_LOADS = "json.loads"
OURS_PARSE = "json.loads + GenerationResponse.from_dict (ours)"
SDK_VALIDATE = "official SDK: GenerationResponse.model_validate_json"
SDK_UNMARSHAL = "official SDK: unmarshal_json (its per-call path)"


class WrongAnswer(AssertionError):
    """A contender returned something other than the served generation."""


def generation_id(result: object) -> str:
    """The id inside a parsed response of our client; anything else is a wrong answer."""
    if not isinstance(result, GenerationResponse):
        raise WrongAnswer(f"expected a GenerationResponse, got {result!r}")
    return result.data.id


def checked(got: str) -> None:
    if got != EXPECTED_ID:
        raise WrongAnswer(f"expected generation {EXPECTED_ID!r}, got {got!r}")


def repeat(call: Callable[[], str]) -> Batch:
    """A batch calling `call` n times in a row."""

    def batch(n: int) -> None:
        got = EXPECTED_ID
        for _ in range(n):
            got = call()
        checked(got)

    return batch


def repeat_async(loop: asyncio.AbstractEventLoop, call: Callable[[], Awaitable[str]]) -> Batch:
    """A batch awaiting `call` n times in a row, one at a time, on `loop`."""

    async def run(n: int) -> None:
        got = EXPECTED_ID
        for _ in range(n):
            got = await call()
        checked(got)

    return lambda n: loop.run_until_complete(run(n))


async def drain(
    fetch: Callable[[str], Awaitable[str]],
    ids: Sequence[str],
    in_flight: int,
    failures: Counter[str] | None = None,
) -> int:
    """Fetch every id once, `in_flight` at a time (workers under one `asyncio.gather`).

    Returns how many were fetched. A failed call raises, unless `failures` is given: then it is
    counted there by exception type and the id is lost. A wrong answer always raises.
    """
    pending: Iterator[str] = iter(ids)
    fetched = 0

    async def worker() -> None:
        nonlocal fetched
        for id_ in pending:  # shared: each id is taken by exactly one worker
            try:
                checked(await fetch(id_))
            except WrongAnswer:
                raise
            except Exception as error:
                if failures is None:
                    raise
                failures[type(error).__name__] += 1
            else:
                fetched += 1

    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return fetched


def bulk(
    loop: asyncio.AbstractEventLoop,
    fetch: Callable[[str], Awaitable[str]],
    ids: Sequence[str],
    in_flight: int,
) -> Batch:
    """A batch fetching every id n times over, `in_flight` requests at a time."""

    def batch(n: int) -> None:
        for _ in range(n):
            loop.run_until_complete(drain(fetch, ids, in_flight))

    return batch


class Clients:
    """Every client under test, pointed at one server, closed with `stack`."""

    def __init__(self, base_url: str, loop: asyncio.AbstractEventLoop, stack: ExitStack) -> None:
        auth = {"Authorization": f"Bearer {FAKE_KEY}"}
        self.loop = loop
        self.raw = stack.enter_context(httpx.Client(base_url=base_url, headers=auth))
        self.raw_async = httpx.AsyncClient(base_url=base_url, headers=auth)
        self.ours = AuthenticatedClient(base_url=base_url + API_PREFIX, token=FAKE_KEY)
        stack.enter_context(self.ours)
        sdk_client = stack.enter_context(httpx.Client(follow_redirects=True))
        sdk_async_client = httpx.AsyncClient(follow_redirects=True)
        self.sdk = OpenRouter(
            api_key=FAKE_KEY,
            server_url=base_url + API_PREFIX,
            client=sdk_client,
            async_client=sdk_async_client,
            retry_config=NO_RETRIES,
        )
        stack.callback(self._close_async, self.raw_async, sdk_async_client)

    def _close_async(self, *clients: httpx.AsyncClient) -> None:
        async def close() -> None:
            for client in clients:
                await client.aclose()
            await self.ours.get_async_httpx_client().aclose()

        self.loop.run_until_complete(close())

    # One call each, returning the generation id read.
    def raw_sync(self, id_: str = EXPECTED_ID) -> str:
        body = json.loads(self.raw.get(GENERATION_PATH, params={"id": id_}).content)
        return str(body["data"]["id"])

    def ours_sync(self, id_: str = EXPECTED_ID) -> str:
        return generation_id(get_generation.sync(client=self.ours, id=id_))

    def sdk_sync(self, id_: str = EXPECTED_ID) -> str:
        return self.sdk.generations.get_generation(id=id_).data.id

    async def raw_async_call(self, id_: str = EXPECTED_ID) -> str:
        response = await self.raw_async.get(GENERATION_PATH, params={"id": id_})
        return str(json.loads(response.content)["data"]["id"])

    async def ours_async(self, id_: str = EXPECTED_ID) -> str:
        return generation_id(await get_generation.asyncio(client=self.ours, id=id_))

    async def sdk_async(self, id_: str = EXPECTED_ID) -> str:
        return (await self.sdk.generations.get_generation_async(id=id_)).data.id


def per_call(clients: Clients) -> dict[str, Batch]:
    """Sequential calls through one reused client each."""
    loop = clients.loop
    return {
        RAW_SYNC: repeat(clients.raw_sync),
        OURS_SYNC: repeat(clients.ours_sync),
        SDK_SYNC: repeat(clients.sdk_sync),
        RAW_ASYNC: repeat_async(loop, clients.raw_async_call),
        OURS_ASYNC: repeat_async(loop, clients.ours_async),
        SDK_ASYNC: repeat_async(loop, clients.sdk_async),
    }


def bulk_fetch(clients: Clients, ids: Sequence[str], in_flight: int) -> dict[str, Batch]:
    """Every id once, `in_flight` at a time, through the async APIs.

    The official SDK sits this one out: the per-call section already prices it, and at about
    three times raw per call it would triple the section's run time.
    """
    loop = clients.loop
    return {
        RAW_ASYNC: bulk(loop, clients.raw_async_call, ids, in_flight),
        OURS_ASYNC: bulk(loop, clients.ours_async, ids, in_flight),
    }


def parse(body: bytes) -> dict[str, Batch]:
    """Bytes to a parsed response, no network."""
    text = body.decode()
    return {
        JSON_LOADS: repeat(lambda: str(json.loads(body)["data"]["id"])),
        OURS_PARSE: repeat(lambda: GenerationResponse.from_dict(json.loads(body)).data.id),
        SDK_VALIDATE: repeat(lambda: SdkGenerationResponse.model_validate_json(body).data.id),
        SDK_UNMARSHAL: repeat(lambda: unmarshal_json(text, SdkGenerationResponse).data.id),
    }
