"""The rate-limited section on a clock the caller gives: for a smoke run whose waits take no
time, deterministic at any load.

On a given clock the section does not start the loopback server: `LimitedServer` plays its
rate-limited mode inside httpx (the same `server.Limiter`, reading this clock), and every
wait of the run is a sleep on this clock: the run's own wait for a window to start, our
client's (its clock is swapped in, ``_clock.use``) and the official SDK's backoff (its retry
module's ``time`` and ``asyncio`` are swapped for this clock while the run lasts; it has no
clock of its own to pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import httpx
from openrouter.utils import retries as sdk_retries
from openrouter_generation_client import _clock

from benchmarks import payloads, server

Clock = _clock.Clock
BASE_URL = "http://bench.test"
JSON = {"content-type": "application/json"}


class LimitedServer(httpx.MockTransport):
    """The loopback server's rate-limited mode, in memory, on `clock`, for async clients."""

    def __init__(self, rate_limit: server.RateLimit, clock: Clock) -> None:
        super().__init__(self._answer)
        self.limiter = server.Limiter(rate_limit, clock.time)
        self._clock = clock

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        answer = self._decide(request)
        # The round trip: on a network, every request in flight reaches the server before the
        # first answer is back; a sleep of 0 on the clock lets every task send first.
        await self._clock.asleep(0)
        return answer

    def _decide(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != server.GENERATION_PATH.decode():
            return httpx.Response(404, json={"error": {"code": 404, "message": "Not Found"}})
        refused = self.limiter.refusal()
        if refused is None:
            return httpx.Response(200, headers=JSON, content=payloads.EXAMPLE)
        headers, body = refused
        return httpx.Response(429, headers={**JSON, **headers}, content=body)

    def stats(self) -> tuple[int, int]:
        """Generations served, and 429s sent."""
        return self.limiter.served, self.limiter.limited


@contextmanager
def running_on(clock: Clock) -> Iterator[None]:
    """Our client's clock, and the official SDK's retry waits, on `clock` for the duration."""
    saved = vars(sdk_retries)["time"], vars(sdk_retries)["asyncio"]
    vars(sdk_retries)["time"] = SimpleNamespace(time=clock.time, sleep=clock.sleep)
    vars(sdk_retries)["asyncio"] = SimpleNamespace(sleep=clock.asleep)
    previous = _clock.use(clock)
    try:
        yield
    finally:
        _clock.use(previous)
        vars(sdk_retries)["time"], vars(sdk_retries)["asyncio"] = saved
