"""The rate-limited run: many ids, many in flight, one client, a server allowing so many a second.

Each contender gets a fresh client with retries on (ours: `retries=True`; the official SDK:
its default backoff with 429 added to the statuses it retries) and fetches every id through
plain `asyncio.gather` of `in_flight` workers, starting at a window's beginning. The server
(benchmarks/server.py, rate-limited mode) counts what it served and how many 429s it sent.

Given a clock (a smoke run's virtual one), the same run plays the server in memory on that
clock and every wait is a sleep on it (benchmarks/clocked.py): wall times are then that
clock's seconds.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from openrouter import OpenRouter
from openrouter.utils import BackoffStrategy, RetryConfig
from openrouter_generation_client import AuthenticatedClient, _clock
from openrouter_generation_client.api.generations import get_generation

from benchmarks import clocked, contenders, server

OURS = "ours: get_generation.asyncio, retries=True"
SDK = "official SDK: get_generation_async, retrying 429 and 5XX"

# The SDK's own default backoff (0.5 s growing 1.5x, at most 60 s, for up to an hour), with
# 429 added to the 5XX it retries by default. It honours Retry-After and retry-after-ms.
SDK_RETRIES = RetryConfig(
    "backoff",
    BackoffStrategy(500, 60_000, 1.5, 3_600_000),
    retry_connection_errors=True,
    status_codes_override=["429", "5XX"],
)


@dataclass(frozen=True)
class Run:
    """One contender's pass over the ids against one rate-limited server."""

    contender: str
    hint: str
    ids: int
    fetched: int
    served: int  # generations the server answered with a 200
    limited: int  # requests it answered with a 429
    seconds: float
    rate: float  # the server's limit, per second
    failures: Counter[str]

    @property
    def share_fetched(self) -> float:
        return self.fetched / self.ids

    @property
    def share_limited(self) -> float:
        requests = self.served + self.limited
        return self.limited / requests if requests else 0.0

    @property
    def of_limit(self) -> float:
        """Throughput (ids fetched per second) as a fraction of the server's limit."""
        return self.fetched / self.seconds / self.rate


Fetch = Callable[[str], Awaitable[str]]
Contender = Callable[
    [str, httpx.AsyncBaseTransport | None], tuple[Fetch, Callable[[], Awaitable[None]]]
]


def _ours(
    base_url: str, transport: httpx.AsyncBaseTransport | None
) -> tuple[Fetch, Callable[[], Awaitable[None]]]:
    client = AuthenticatedClient(
        base_url=base_url + contenders.API_PREFIX,
        token=contenders.FAKE_KEY,
        retries=True,
        httpx_args={} if transport is None else {"transport": transport},
    )

    async def fetch(id_: str) -> str:
        return contenders.generation_id(await get_generation.asyncio(client=client, id=id_))

    return fetch, client.get_async_httpx_client().aclose


def _sdk(
    base_url: str, transport: httpx.AsyncBaseTransport | None
) -> tuple[Fetch, Callable[[], Awaitable[None]]]:
    async_client = httpx.AsyncClient(follow_redirects=True, transport=transport)
    sdk = OpenRouter(
        api_key=contenders.FAKE_KEY,
        server_url=base_url + contenders.API_PREFIX,
        async_client=async_client,
        retry_config=SDK_RETRIES,
    )

    async def fetch(id_: str) -> str:
        return (await sdk.generations.get_generation_async(id=id_)).data.id

    return fetch, async_client.aclose


CONTENDERS: dict[str, Contender] = {OURS: _ours, SDK: _sdk}


@dataclass(frozen=True)
class _Server:
    """Where the contenders send their requests, and how to read the server's counts."""

    base_url: str
    transport: httpx.AsyncBaseTransport | None  # None: the network
    stats: Callable[[], tuple[int, int]]  # generations served, 429s sent


@contextmanager
def _serving(rate_limit: server.RateLimit, clock: _clock.Clock | None) -> Iterator[_Server]:
    """The loopback server in its own process; on a given clock, its in-memory twin."""
    if clock is not None:
        limited = clocked.LimitedServer(rate_limit, clock)
        with clocked.running_on(clock):
            yield _Server(clocked.BASE_URL, limited, limited.stats)
        return
    with server.running(rate_limit) as base_url:

        def stats() -> tuple[int, int]:
            counts = httpx.get(base_url + "/stats").json()
            return int(counts["served"]), int(counts["limited"])

        yield _Server(base_url, None, stats)


async def _one(
    name: str, serving: _Server, ids: list[str], in_flight: int, window: float
) -> tuple[int, float, Counter[str]]:
    fetch, close = CONTENDERS[name](serving.base_url, serving.transport)
    failures: Counter[str] = Counter()
    try:
        # Start at a window's beginning, so every contender meets the same first window.
        await _clock.asleep(window - _clock.time() % window + 0.001)
        start = _clock.monotonic()
        fetched = await contenders.drain(fetch, ids, in_flight, failures)
        return fetched, _clock.monotonic() - start, failures
    finally:
        await close()


def run(
    rate_limit: server.RateLimit, ids: int, in_flight: int, clock: _clock.Clock | None = None
) -> list[Run]:
    """Every contender once against a server limited by `rate_limit` (on `clock`: in memory,
    its waits on that clock)."""
    id_list = [f"gen-limited-{index:05d}" for index in range(ids)]
    runs = []
    with _serving(rate_limit, clock) as serving:
        for name in CONTENDERS:
            served_before, limited_before = serving.stats()
            fetched, seconds, failures = asyncio.run(
                _one(name, serving, id_list, in_flight, rate_limit.window)
            )
            served, limited = serving.stats()
            runs.append(
                Run(
                    contender=name,
                    hint=rate_limit.hint,
                    ids=ids,
                    fetched=fetched,
                    served=served - served_before,
                    limited=limited - limited_before,
                    seconds=seconds,
                    rate=rate_limit.limit / rate_limit.window,
                    failures=failures,
                )
            )
    return runs
