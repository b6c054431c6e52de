"""Rate limits: every place a response says when to come back, read once, waited on or not.

`errors.retry_hint` is the one reading; RateLimitError exposes it with retries off, and the
retry transport waits on it, fails fast when it is too far, and shares it between the calls
of a client (threads and tasks alike) through its RateLimitState. Time is the test's: a virtual
clock and an in-memory server (tests/virtual_clock.py), so each wait is asserted exactly. Two
tests keep real sockets, each saying why: threads sharing a wait (real concurrency, real
time), and a gzip body decoded off a real connection.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import gzip
import json
import math
import threading
import time
from collections import Counter

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient, RateLimitState, RetryPolicy
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.errors import RateLimitError, RetryHint, retry_hint

from tests.loopback import LoopbackServer, Reply
from tests.modes import GENERATION_ID, MODES, Mode, fetch
from tests.virtual_clock import EPOCH, RESOLUTION, ScriptedTransport, VirtualClock

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
LATENCY = 0.025
NOW = 1_800_000_000.0  # a fixed "now" for the pure reading tests


def _limited(headers: dict[str, str] | None = None, metadata: object = None) -> Reply:
    error: dict[str, object] = {"code": 429, "message": "Rate limit exceeded"}
    if metadata is not None:
        error["metadata"] = metadata
    return Reply.json(429, {"error": error}, headers)


def _reset_in(seconds: float) -> str:
    """An X-RateLimit-Reset value (Unix milliseconds) `seconds` from the virtual clock's zero."""
    return str(round((EPOCH + seconds) * 1000))


def _client(
    server: LoopbackServer, retries: RetryPolicy | bool = True, state: RateLimitState | None = None
) -> AuthenticatedClient:
    if state is None:
        return AuthenticatedClient(base_url=server.url, token=KEY, retries=retries)
    return AuthenticatedClient(base_url=server.url, token=KEY, retries=retries, rate_limit=state)


def _scripted(
    server: ScriptedTransport,
    retries: RetryPolicy | bool = True,
    state: RateLimitState | None = None,
) -> AuthenticatedClient:
    """A client whose requests go to the in-memory `server`."""
    return AuthenticatedClient(
        base_url=server.URL,
        token=KEY,
        retries=retries,
        rate_limit=RateLimitState() if state is None else state,
        httpx_args={"transport": server},
    )


@pytest.fixture
def ok(documented_example: dict[str, object]) -> Reply:
    return Reply.json(200, documented_example)


# The one reading: each source, and what it ignores.

HTTP_DATE = email.utils.formatdate(NOW + 120, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "at", "source"),
    [
        ({"Retry-After": "30"}, NOW + 30, "Retry-After"),
        ({"Retry-After": HTTP_DATE}, NOW + 120, "Retry-After"),
        ({"retry-after-ms": "1500"}, NOW + 1.5, "retry-after-ms"),
        ({"X-RateLimit-Reset": str(int((NOW + 42) * 1000))}, NOW + 42, "X-RateLimit-Reset"),
        ({"X-RateLimit-Reset": str(int(NOW + 42))}, NOW + 42, "X-RateLimit-Reset"),
        # retry-after-ms is the most precise, then Retry-After, then the reset.
        ({"Retry-After": "2", "retry-after-ms": "1500"}, NOW + 1.5, "retry-after-ms"),
        ({"Retry-After": "2", "X-RateLimit-Reset": str(int(NOW + 9))}, NOW + 2, "Retry-After"),
        # Garbage is skipped in favour of the next source.
        (
            {"Retry-After": "soon", "X-RateLimit-Reset": str(int(NOW + 9))},
            NOW + 9,
            "X-RateLimit-Reset",
        ),
        # An instant already past means now.
        ({"X-RateLimit-Reset": str(int((NOW - 5) * 1000))}, NOW, "X-RateLimit-Reset"),
    ],
)
def test_each_header_is_read(headers: dict[str, str], at: float, source: str) -> None:
    hint = retry_hint(headers, now=NOW)
    assert hint is not None
    assert hint.at == pytest.approx(at, abs=1e-3)
    assert hint.source == source


@pytest.mark.parametrize(
    "value",
    ["soon", "-5", "nan", "inf", "", "1e30", "12abc", "Mon, 99 Foo 2026 00:00:00 GMT"],
)
def test_garbage_negative_and_absurd_values_are_ignored(value: str) -> None:
    for name in ("Retry-After", "retry-after-ms", "X-RateLimit-Reset"):
        assert retry_hint({name: value}, now=NOW) is None, name


def test_a_reset_that_is_no_unix_time_is_ignored() -> None:
    # 123 is a fine Retry-After, but as a reset it is 1970: neither seconds nor milliseconds.
    assert retry_hint({"X-RateLimit-Reset": "123"}, now=NOW) is None


def test_the_reset_inside_the_error_body_is_read() -> None:
    # An upstream provider's limit: the headers come only inside error.metadata.headers.
    reset = str(int((NOW + 7) * 1000))
    body = {
        "error": {
            "code": 429,
            "message": "upstream rate limited",
            "metadata": {"headers": {"X-RateLimit-Limit": "50", "X-RateLimit-Reset": reset}},
        }
    }
    hint = retry_hint({}, json.dumps(body).encode(), now=NOW)
    assert hint == RetryHint(NOW + 7, "X-RateLimit-Reset in error.metadata.headers", True, 50)


@pytest.mark.parametrize(
    "content",
    [b"", b"<html>429</html>", b"{", b'{"error": "slow down"}', b'{"error": {"metadata": 3}}'],
)
def test_a_body_without_hints_gives_none(content: bytes) -> None:
    assert retry_hint({}, content, now=NOW) is None


def test_headers_win_over_the_body() -> None:
    body = {"error": {"metadata": {"headers": {"X-RateLimit-Reset": str(int(NOW + 60))}}}}
    hint = retry_hint({"Retry-After": "3"}, json.dumps(body).encode(), now=NOW)
    assert hint is not None
    assert (hint.at, hint.source) == (NOW + 3, "Retry-After")


# The error says when, with retries off.


def _limited_for_20_s(where: str) -> Reply:
    """A 429 saying "20 s from now" in `where` (built when the test runs, not when collected)."""
    if where == "retry-after":
        return _limited({"Retry-After": "20"})
    if where == "reset-header":
        return _limited({"X-RateLimit-Reset": _reset_in(20)})
    return _limited(metadata={"headers": {"X-RateLimit-Reset": _reset_in(20)}})


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", ["retry-after", "reset-header", "reset-in-body"])
def test_a_rate_limit_error_says_when_to_retry_with_retries_off(
    mode: Mode, where: str, clock: VirtualClock
) -> None:
    server = ScriptedTransport(clock, _limited_for_20_s(where))
    clock.advance(0.25)  # the error's retry_after counts from when it is made, not from zero
    with pytest.raises(RateLimitError) as raised:
        fetch(mode, _scripted(server, retries=False))
    error = raised.value
    # A Retry-After counts from when the error is made; a reset is an instant.
    after, at = (20.0, 20.25) if where == "retry-after" else (19.75, 20.0)
    assert error.retry_after == pytest.approx(after, abs=RESOLUTION)
    assert error.retry_at == datetime.datetime.fromtimestamp(EPOCH + at, datetime.UTC)
    assert f"retry after {error.retry_after:.3f} s, at {error.retry_at.isoformat()}" in str(error)
    assert len(server.received) == 1


def test_a_rate_limit_error_without_a_hint_says_none(clock: VirtualClock) -> None:
    server = ScriptedTransport(clock, _limited())
    with pytest.raises(RateLimitError) as raised:
        fetch("sync", _scripted(server, retries=False))
    assert (raised.value.retry_after, raised.value.retry_at) == (None, None)


# Retries wait what the hint says.


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", ["header", "body"])
def test_the_retry_waits_for_the_reset_wherever_it_is(
    mode: Mode, where: str, ok: Reply, clock: VirtualClock
) -> None:
    reset = _reset_in(0.3)
    if where == "header":
        limited = _limited({"X-RateLimit-Reset": reset})
    else:
        limited = _limited(metadata={"headers": {"X-RateLimit-Reset": reset}})
    server = ScriptedTransport(clock, limited, ok)
    fetch(mode, _scripted(server))
    # Sent 5 ms after the reset: the state's margin for a request that reaches the server late.
    assert server.sent_at == pytest.approx([0.0, 0.305], abs=RESOLUTION)


# Fail fast.


@pytest.mark.parametrize("mode", MODES)
def test_a_daily_cap_raises_at_once_with_the_wait_on_the_error(
    mode: Mode, clock: VirtualClock
) -> None:
    server = ScriptedTransport(clock, _limited({"Retry-After": "86400"}))
    with pytest.raises(RateLimitError) as raised:
        fetch(mode, _scripted(server))
    assert clock.sleeps == []
    assert len(server.received) == 1
    assert raised.value.retry_after == 86400


def test_after_a_daily_cap_the_other_calls_of_the_client_raise_without_sending(
    clock: VirtualClock,
) -> None:
    server = ScriptedTransport(clock, _limited({"Retry-After": "86400"}))
    state = RateLimitState()
    client = _scripted(server, state=state)
    with client:
        for second in range(5):
            with pytest.raises(RateLimitError) as raised:
                get_generation.sync(client=client, id=GENERATION_ID)
            # The replayed 429 is read again when each error is made: its wait counts from it.
            assert raised.value.retry_after == 86400
            clock.advance(1.0)
            assert state.limited_until == EPOCH + 86400, second
    assert clock.sleeps == []
    assert len(server.received) == 1


def test_a_compressed_daily_cap_is_replayed_readable() -> None:
    # The 429 the other calls get back is the first one's, already decoded: no gzip header.
    # A real socket, so that the body is decoded off the wire as in production; no time is
    # asserted.
    body = json.dumps({"error": {"code": 429, "message": "daily cap"}}).encode()
    headers = {"Retry-After": "86400", "Content-Encoding": "gzip"}
    with LoopbackServer(Reply(429, gzip.compress(body), headers)) as server:
        client = _client(server)
        with client:
            for _ in range(3):
                with pytest.raises(RateLimitError, match="daily cap") as raised:
                    get_generation.sync(client=client, id=GENERATION_ID)
                assert raised.value.content == body
    assert len(server.received) == 1


def test_a_wait_longer_than_max_backoff_wait_is_not_waited(clock: VirtualClock) -> None:
    server = ScriptedTransport(clock, _limited({"retry-after-ms": "2000"}))
    with pytest.raises(RateLimitError):
        fetch("sync", _scripted(server, RetryPolicy(max_backoff_wait=0.2)))
    assert clock.sleeps == []  # not the 2 s asked, nor 0.2 s of them and a retry
    assert len(server.received) == 1


# One shared wait.


# The 429s of these tests say "in 0.5 s" (retry-after-ms, counted from when the answer
# arrives), so that a slow machine cannot make the wait over before the test looks at it.
LIMITED_FOR_A_MOMENT = {"retry-after-ms": "500"}


def _wait_until_limited(state: RateLimitState) -> float:
    """The Unix time the state learned the key is limited until (polls: a thread learns it)."""
    deadline = time.monotonic() + 5
    while (until := state.limited_until) is None:
        assert time.monotonic() < deadline, "the 429 was never learned"
        time.sleep(0.005)
    return until


def test_threads_of_one_client_share_the_wait(ok: Reply) -> None:
    # Real threads, a real socket and the real clock: what this proves is that the state holds
    # under real concurrency, which a virtual clock would serialise away. Only lower bounds
    # ("not before the reset"), which no load can break; the reset is 0.5 s away, so that a
    # slow machine cannot make the wait over before the other threads start.
    state = RateLimitState()
    script = [_limited(LIMITED_FOR_A_MOMENT), *[ok] * 5]
    with LoopbackServer(*script) as server:
        client = _client(server, state=state)
        with client:

            def call() -> None:
                get_generation.sync(client=client, id=GENERATION_ID)

            first = threading.Thread(target=call)
            first.start()
            until = _wait_until_limited(state)
            others = [threading.Thread(target=call) for _ in range(4)]
            for thread in others:
                thread.start()
            for thread in [first, *others]:
                thread.join()
    # One 429 in all: the four calls started while the key was limited sent nothing before
    # the reset, and neither did the first one's retry.
    assert [r.target for r in server.received].count(f"/generation?id={GENERATION_ID}") == 6
    assert all(r.wall_clock >= until - 0.01 for r in server.received[1:])


def test_tasks_of_one_client_share_the_wait(ok: Reply, clock: VirtualClock) -> None:
    state = RateLimitState()
    server = ScriptedTransport(clock, _limited(LIMITED_FOR_A_MOMENT), *[ok] * 5)

    async def run() -> None:
        client = _scripted(server, state=state)
        async with client:
            first = asyncio.create_task(get_generation.asyncio(client=client, id=GENERATION_ID))
            await clock.asleep(0.1)  # the first call has its 429 by now
            assert state.limited_until == EPOCH + 0.5
            others = [get_generation.asyncio(client=client, id=GENERATION_ID) for _ in range(4)]
            await asyncio.gather(first, *others)

    asyncio.run(run())
    # One 429 in all: the four calls started at 0.1 s, while the key was limited, sent nothing
    # before the reset, and neither did the first one's retry: all five went 5 ms after it.
    assert server.sent_at == pytest.approx([0.0, *[0.505] * 5], abs=RESOLUTION)


def test_requests_through_get_httpx_client_share_the_wait_too(
    ok: Reply, clock: VirtualClock
) -> None:
    state = RateLimitState()
    server = ScriptedTransport(clock, _limited({"retry-after-ms": "300"}), ok, ok)
    client = _scripted(server, state=state)
    with client:
        get_generation.sync(client=client, id=GENERATION_ID)
        # The first call waited 0.3 s and succeeded; the wait is over for the next one.
        assert state.limited_until is None
        assert client.get_httpx_client().get("/generation").status_code == 200
    assert server.sent_at == pytest.approx([0.0, 0.305, 0.305], abs=RESOLUTION)


def test_clients_share_nothing_unless_given_one_state(ok: Reply, clock: VirtualClock) -> None:
    shared = RateLimitState()
    server = ScriptedTransport(clock, _limited(LIMITED_FOR_A_MOMENT), ok, ok)
    # The first client's policy will not wait 0.5 s: its call raises at once, and the state
    # it shares has learned the wait.
    first = _scripted(server, RetryPolicy(max_backoff_wait=0.1), state=shared)
    alone = _scripted(server)
    sharing = _scripted(server, state=shared)
    with first, alone, sharing:
        with pytest.raises(RateLimitError):
            get_generation.sync(client=first, id=GENERATION_ID)
        assert shared.limited_until == EPOCH + 0.5
        get_generation.sync(client=alone, id=GENERATION_ID)  # a state of its own: no wait
        get_generation.sync(client=sharing, id=GENERATION_ID)
    assert server.sent_at == pytest.approx([0.0, 0.0, 0.505], abs=RESOLUTION)


# Pacing: what the state learns from successive windows, without a clock.


def _429(reset: float, limit: int | None = None) -> tuple[httpx.Response, RetryHint]:
    response = httpx.Response(429, content=b"{}")
    return response, RetryHint(reset, "X-RateLimit-Reset", True, limit)


def _admitted(state: RateLimitState, now: float, tries: int) -> int:
    return sum(state._admit(now)[0] == 0 for _ in range(tries))


def test_the_state_learns_the_limit_and_the_window_and_paces_sends() -> None:
    state = RateLimitState()
    # Before any 429: no limit known, every request goes.
    assert _admitted(state, 100.0, 10) == 10
    for _ in range(3):
        state._learn(httpx.Response(200), None, sent_at=100.0)
    # A 429 says the window ends at 101; three requests went through in it: the limit.
    state._learn(*_429(101.0), sent_at=100.5)
    assert state._admit(100.6)[0] == pytest.approx(0.405)
    # From the reset: three sends, then nothing until all three are answered ...
    assert _admitted(state, 101.01, 10) == 3
    for _ in range(3):
        state._learn(httpx.Response(200), None, sent_at=101.01)
    # ... then one probe, to find where this window ends ...
    assert _admitted(state, 101.02, 10) == 1
    # ... whose 429 says 102: windows are 1 s long, and sends are paced to three per window.
    state._learn(*_429(102.0), sent_at=101.02)
    assert _admitted(state, 102.01, 10) == 3
    wait, blocked_by = state._admit(102.5)
    assert wait == pytest.approx(0.505)
    assert blocked_by is None
    assert _admitted(state, 103.0, 10) == 3
    assert _admitted(state, 104.2, 10) == 3


def _probing() -> RateLimitState:
    """A state that knows a limit of one per window and has just sent the probe, at 101.02."""
    state = RateLimitState()
    state._learn(*_429(101.0, limit=1), sent_at=100.0)
    assert _admitted(state, 101.01, 10) == 1
    state._learn(httpx.Response(200), None, sent_at=101.01)
    assert _admitted(state, 101.02, 10) == 1  # the probe
    return state


def test_a_probe_that_goes_through_starts_a_new_window() -> None:
    state = _probing()
    state._learn(httpx.Response(200), None, sent_at=101.02)  # it went through: a new window,
    # which has had its one request: the next one is a probe again, one at a time.
    assert _admitted(state, 101.03, 10) == 1
    state._release(101.0)  # a failure of a request that was not the probe changes nothing
    assert _admitted(state, 101.04, 10) == 0
    state._release(101.03)  # the probe failed: another one may go
    assert _admitted(state, 101.05, 10) == 1


def test_a_probe_answered_by_a_429_without_a_reset_lets_the_next_one_go() -> None:
    state = _probing()
    state._learn(httpx.Response(429), None, sent_at=101.02)  # says nothing of when
    assert _admitted(state, 101.03, 10) == 1  # the next probe, not a wait for ever


def test_a_limit_given_by_the_server_beats_the_count() -> None:
    state = RateLimitState()
    state._learn(*_429(101.0, limit=2), sent_at=100.0)
    assert _admitted(state, 101.01, 10) == 2


# Pacing from delays: Retry-After in whole seconds marks a window's end only roughly.


def _delayed(at: float) -> tuple[httpx.Response, RetryHint]:
    return httpx.Response(429, content=b"{}"), RetryHint(at, "Retry-After", False)


def test_the_earliest_end_a_window_s_delays_give_is_the_one_waited_for() -> None:
    state = RateLimitState()
    for _ in range(3):
        state._learn(httpx.Response(200), None, sent_at=100.0)
    # Retry-After: 1, read at 100.2, then at 100.05 for a request sent earlier in the window:
    # the reset is by 101.05 at the latest.
    state._learn(*_delayed(101.2), sent_at=100.15)
    state._learn(*_delayed(101.05), sent_at=100.02)
    assert state._admit(101.0)[0] == pytest.approx(0.055)
    # A later request's 429 of the same window, saying 101.2 again, does not move it back.
    state._learn(*_delayed(101.2), sent_at=100.1)
    assert state._admit(101.0)[0] == pytest.approx(0.055)
    # The window let three through: three sends, then one probe once they are answered.
    assert _admitted(state, 101.06, 10) == 3
    for _ in range(3):
        state._learn(httpx.Response(200), None, sent_at=101.06)
    assert _admitted(state, 101.1, 10) == 1
    # Its 429 ends this window and starts the next: three again from then.
    state._learn(*_delayed(102.1), sent_at=101.1)
    assert _admitted(state, 102.11, 10) == 3


class _FixedWindows:
    """An in-memory API key limited to `limit` generations per second, windows on whole Unix
    seconds, whose 429s say `Retry-After` in whole seconds, rounded up; 50 ms of latency."""

    def __init__(self, clock: VirtualClock, limit: int, ok: Reply) -> None:
        self._clock = clock
        self._limit = limit
        self._ok = ok
        self._window = -1
        self._used = 0
        self.limited: Counter[int] = Counter()  # 429s per window
        self.served: set[str] = set()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await self._clock.asleep(LATENCY)
        now = self._clock.time()
        window = math.floor(now)
        if window != self._window:
            self._window, self._used = window, 0
        await self._clock.asleep(LATENCY)
        if self._used < self._limit:
            self._used += 1
            self.served.add(request.url.params["id"])
            return httpx.Response(200, headers=dict(self._ok.headers), content=self._ok.body)
        self.limited[window - math.floor(EPOCH)] += 1
        return httpx.Response(429, headers={"Retry-After": str(math.ceil(window + 1 - now))})


@pytest.mark.parametrize("offset", [0.0, 0.3, 0.7, 0.95])
def test_whole_second_retry_after_paces_sends_after_the_first_window(
    offset: float, ok: Reply, clock: VirtualClock
) -> None:
    # 60 ids, 8 in flight, 5 a second, starting `offset` s into a window: the first window
    # the limit runs out in meets the 429s of the requests in flight; after that each window
    # meets at most one, the probe's.
    clock.advance(offset)
    server = _FixedWindows(clock, limit=5, ok=ok)
    client = AuthenticatedClient(
        base_url="http://api.test",
        token=KEY,
        retries=True,
        httpx_args={"transport": httpx.MockTransport(server)},
    )
    ids = [f"gen-{n}" for n in range(60)]

    async def run() -> None:
        queue = list(ids)

        async def worker() -> None:
            while queue:
                await get_generation.asyncio(client=client, id=queue.pop())

        async with client:
            await asyncio.gather(*(worker() for _ in range(8)))

    asyncio.run(run())
    assert server.served == set(ids)
    first = min(server.limited)
    assert server.limited[first] <= 8
    assert all(count <= 1 for window, count in server.limited.items() if window > first)
