"""The clocks a retry case runs on (each a `conformance.adapters.Clock`): the real one, or a
virtual one the kit drives.

A client whose waits and deadlines read a replaceable clock (our generated client's `_clock`
module) can run on `VirtualClock`, as trio's MockClock runs a trio program with autojump: a
sleep returns at once, the clock having jumped by the time slept. A retry case then costs no
wall time and its expectations are exact, under any load. Any other client runs on
`RealClock`, and the cases allow `RealClock.slack` for the scheduler.

The fake servers stamp each request with the clock of the case, so the log they keep says
when each try arrived on the clock the client waited on.
"""

from __future__ import annotations

import asyncio
import threading
import time

# Where a virtual clock starts: 2026-01-01T00:00:00Z, a realistic Unix time for HTTP dates
# and X-RateLimit-Reset, the same every run.
EPOCH = 1_767_225_600.0


class Unanswered(BaseException):
    """Raised by a retry script, or a `VirtualClock` with a `spin` limit, to stop a call that
    would otherwise never end: a client retrying, or waiting for time to pass, without
    sleeping, on a clock that moves only when it sleeps. A BaseException, so
    no client's `except Exception` can catch it and try again: the call ends at once, and the
    exchange records why (`Exchange.stopped`)."""


class RealClock:
    """The machine's clock; a try may come a scheduler's delay late."""

    slack = 0.25

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class VirtualClock:
    """A clock that moves only when someone sleeps on it, by exactly the time slept.

    Only one call runs at a time in a case, so a sleep can jump the clock at once: nothing
    else could have woken first. Thread-safe (the socket server stamps from its own thread).
    """

    slack = 0.0

    def __init__(self, start: float = EPOCH, spin: int | None = None) -> None:
        """`spin`: how many reads without a sleep between them make a busy loop (`Unanswered`);
        None for no limit."""
        self._lock = threading.Lock()
        self._now = start
        self._spin = spin
        self._reads = 0

    def time(self) -> float:
        with self._lock:
            self._reads += 1
            if self._spin is not None and self._reads > self._spin:
                raise Unanswered(
                    f"read the clock {self._reads - 1} times without sleeping: it waits for"
                    " time to pass and never sleeps, so on the kit's virtual clock it never"
                    " would; the kit stopped the call"
                )
            return self._now

    def monotonic(self) -> float:
        return self.time()

    def jump(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (a negative jump is refused)."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go back ({seconds} s)")
        with self._lock:
            self._now += seconds
            self._reads = 0

    def sleep(self, seconds: float) -> None:
        self.jump(max(0.0, seconds))

    async def asleep(self, seconds: float) -> None:
        self.jump(max(0.0, seconds))
        await asyncio.sleep(0)  # still a point where other tasks run, as a real sleep is
