"""Where the client reads the time and waits: one place, so that every retry wait, rate-limit
window, 404 window and deadline runs on the same clock, and a test can swap in its own.

The client never calls ``time`` or ``asyncio.sleep`` itself; it calls the functions below,
which ask the clock in use. ``use()`` replaces it (a test's virtual clock, which jumps to the
next wake-up instead of waiting, as trio's MockClock does) and gives back the previous one.
"""

import asyncio
import time as _time
from typing import Protocol


class Clock(Protocol):
    """What the client needs of a clock."""

    def time(self) -> float:
        """Unix time in seconds."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` in this thread."""

    async def asleep(self, seconds: float) -> None:
        """Wait `seconds` in this task."""


class SystemClock:
    """The real one: ``time.time``, ``time.monotonic``, ``time.sleep``, ``asyncio.sleep``."""

    def time(self) -> float:
        return _time.time()

    def monotonic(self) -> float:
        return _time.monotonic()

    def sleep(self, seconds: float) -> None:
        _time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


_current: Clock = SystemClock()


def use(clock: Clock) -> Clock:
    """Make `clock` the one every client reads from now on; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


def time() -> float:
    """Unix time in seconds: what `Retry-After` dates and `X-RateLimit-Reset` are compared with."""
    return _current.time()


def monotonic() -> float:
    """Seconds on a clock that never goes back: what windows and deadlines are measured on."""
    return _current.monotonic()


def sleep(seconds: float) -> None:
    """Wait `seconds` in this thread."""
    _current.sleep(seconds)


async def asleep(seconds: float) -> None:
    """Wait `seconds` in this task."""
    await _current.asleep(seconds)
