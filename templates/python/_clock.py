"""Where the client reads the time and waits: one place, so that every retry wait, rate-limit
window, 404 window and deadline runs on the same clock."""

import asyncio
import time as _time


def time() -> float:
    """Unix time in seconds: what `Retry-After` dates and `X-RateLimit-Reset` are compared with."""
    return _time.time()


def monotonic() -> float:
    """Seconds on a clock that never goes back: what windows and deadlines are measured on."""
    return _time.monotonic()


def sleep(seconds: float) -> None:
    """Wait `seconds` in this thread."""
    _time.sleep(seconds)


async def asleep(seconds: float) -> None:
    """Wait `seconds` in this task."""
    await asyncio.sleep(seconds)
