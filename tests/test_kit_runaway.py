"""The kit ends a retry case whose client would never end on the virtual clock: one retrying
without waiting (the fake server stops answering) or waiting without sleeping (the clock stops
being read)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from conformance.adapters import Retries
from conformance.kinds.retries import _Judge
from conformance.transports.clock import Unanswered, VirtualClock
from conformance.transports.respx_server import Reply

DECLARED = Retries(not_found_window=0.5, max_wait=60.0, attempts=4, backoff=frozenset({429}))


def test_a_clock_with_a_spin_limit_stops_a_busy_loop_and_a_sleep_resets_it() -> None:
    clock = VirtualClock(spin=3)
    for _ in range(3):
        clock.time()
    clock.sleep(0.1)  # a sleep is progress: the count starts again
    for _ in range(3):
        clock.time()
    with pytest.raises(Unanswered, match="read the clock 3 times without sleeping"):
        clock.time()
    assert VirtualClock().time() == VirtualClock().time()  # no limit by default


def test_the_retry_script_stops_tries_in_a_row_at_one_instant_past_the_attempts() -> None:
    clock = VirtualClock()
    judge = _Judge(cast(Any, None), cast(Any, None), DECLARED, clock)
    script = judge.bounded(lambda _index, _at: Reply(404))
    for index in range(DECLARED.attempts):
        assert script(index, clock.time()).status == 404
    clock.sleep(0.1)  # a client that waits may keep trying
    for index in range(DECLARED.attempts):
        assert script(index, clock.time()).status == 404
    with pytest.raises(Unanswered, match="5 requests in a row without waiting"):
        script(DECLARED.attempts, clock.time())
