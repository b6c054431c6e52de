"""A clock the test controls, and an in-memory server that reads it: waits take no time and
every expectation about time is exact.

`VirtualClock` is trio's MockClock with autojump, for the client's one clock
(``_clock.use``): time stands still while code runs; a thread's sleep moves it on by exactly
the time asked; an asyncio task's sleep waits until every task of the loop is asleep, then time
jumps to the earliest wake-up. `ScriptedTransport` plays a loopback script (tests/loopback.py)
inside httpx and records each request at the virtual time it was sent, so a test can say "the
second request was sent exactly 0.5 s after the first".
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Iterator

import httpx
from openrouter_generation_client import _clock

from tests.loopback import EXHAUSTED, Received, Reply, Reset, Step

# A Unix time for the clock's zero, so that HTTP dates and X-RateLimit-Reset values are
# realistic: 2027-01-15T08:00:00Z, a whole second.
EPOCH = 1_800_000_000.0
# How exactly virtual times compare: a Unix time near EPOCH, as a float, has a resolution of
# 0.24 us, and the client computes waits from Unix times (Retry-After, X-RateLimit-Reset).
RESOLUTION = 1e-6
# An asyncio task's sleep ends only after the loop has had nothing else to run for this many
# turns in a row: a task just woken may take a few turns to reach its own next sleep.
_QUIET_TURNS = 3


class VirtualClock:
    """Virtual time: ``monotonic()`` starts at 0, ``time()`` at EPOCH; only sleeps move it."""

    def __init__(self) -> None:
        self._now = 0.0
        self._lock = threading.Lock()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        # The loop whose sleepers it wakes: a clock may serve one loop after another.
        self._jumping: asyncio.AbstractEventLoop | None = None
        self.sleeps: list[float] = []  # every sleep asked for, in order, sync or async

    def time(self) -> float:
        return EPOCH + self._now

    def monotonic(self) -> float:
        return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(seconds, 0.0)

    async def asleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        woken: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self.sleeps.append(seconds)
            at = self._now + max(seconds, 0.0)
            heapq.heappush(self._sleepers, (at, next(self._order), woken))
        if self._jumping is not loop:  # none yet, or one of a loop that has ended
            self._jumping = loop
            loop.call_soon(self._jump, loop, 0)
        await woken

    def advance(self, seconds: float) -> None:
        """Move time on by `seconds`, as if the test itself had waited."""
        self.sleep(seconds)
        self.sleeps.pop()

    def _jump(self, loop: asyncio.AbstractEventLoop, quiet: int) -> None:
        """Wake the earliest sleeper once nothing else of the loop can run."""
        # asyncio keeps what is ready to run in `_ready`; the loops the tests use all have it.
        ready = getattr(loop, "_ready", None)
        if ready or quiet < _QUIET_TURNS:
            loop.call_soon(self._jump, loop, 0 if ready else quiet + 1)
            return
        with self._lock:
            while self._sleepers and self._sleepers[0][2].done():  # cancelled: no wake-up
                heapq.heappop(self._sleepers)
            if not self._sleepers:
                self._jumping = None
                return
            at, _, woken = heapq.heappop(self._sleepers)
            self._now = max(self._now, at)
        woken.set_result(None)
        loop.call_soon(self._jump, loop, 0)


def installed(clock: VirtualClock) -> Iterator[VirtualClock]:
    """Make `clock` the client's clock for the duration (a generator for a fixture)."""
    previous = _clock.use(clock)
    try:
        yield clock
    finally:
        _clock.use(previous)


class ScriptedTransport(httpx.MockTransport):
    """Answer each request with the next step of a loopback script, inside httpx.

    Sync and async alike. `received` records each request with the clock's times; a `Reset`
    is the error httpx raises when a connection is reset before the answer.
    """

    URL = "http://api.test"

    def __init__(self, clock: VirtualClock, *steps: Step) -> None:
        super().__init__(self._answer)
        self._clock = clock
        self._steps = list(steps)
        self.received: list[Received] = []

    @property
    def sent_at(self) -> list[float]:
        """When each request was sent, in virtual seconds from the clock's zero."""
        return [received.at for received in self.received]

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.received.append(
            Received(
                request.method,
                request.url.raw_path.decode("ascii"),
                {name.lower(): value for name, value in request.headers.items()},
                self._clock.monotonic(),
                self._clock.time(),
            )
        )
        step = self._steps.pop(0) if self._steps else EXHAUSTED
        if isinstance(step, Reset):
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if not isinstance(step, Reply):
            raise TypeError(f"{type(step).__name__} needs a real socket: use LoopbackServer")
        return httpx.Response(step.status, headers=dict(step.headers), content=step.body)
