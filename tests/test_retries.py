"""Retries: off by default, on with one argument, and then patient exactly where the API asks.

Time is the test's: a virtual clock (tests/virtual_clock.py) and an in-memory server that
plays a scripted sequence of answers and records the virtual time each request was sent, so
each wait is asserted exactly. A few tests keep a real server on loopback
(tests/loopback.py), each for a reason it states: what httpx raises on a real reset, a proxy,
and one end-to-end check that real time and real sockets agree with the virtual ones.
"""

from __future__ import annotations

import email.utils
import itertools
import time

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.client import RetryPolicy
from openrouter_generation_client.errors import (
    APIStatusError,
    BadGatewayError,
    InvalidOptionError,
    NotFoundError,
    RateLimitError,
    RequestTimeoutError,
)
from openrouter_generation_client.models import GenerationResponse

from tests.loopback import LoopbackServer, Reply, Reset, Stall, Step
from tests.modes import GENERATION_ID, MODES, Mode, fetch
from tests.virtual_clock import EPOCH, RESOLUTION, ScriptedTransport, VirtualClock

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"

# For the tests on real sockets: backoff waits of a few milliseconds.
QUICK = RetryPolicy(backoff_factor=0.005)
# Backoff without jitter, so that each wait is known: retry n waits backoff_factor * 2**n.
EXACT = RetryPolicy(backoff_jitter=0)


def _error(status: int, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"code": status, "message": f"scripted {status}"}}
    return Reply.json(status, body, headers)


def _client(server: LoopbackServer, retries: RetryPolicy | bool) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.url, token=KEY, retries=retries)


def _scripted(
    clock: VirtualClock, *steps: Step, retries: RetryPolicy | bool = True
) -> tuple[AuthenticatedClient, ScriptedTransport]:
    """A client whose requests go to an in-memory server playing `steps` on `clock`."""
    server = ScriptedTransport(clock, *steps)
    client = AuthenticatedClient(
        base_url=server.URL, token=KEY, retries=retries, httpx_args={"transport": server}
    )
    return client, server


def _gaps(times: list[float]) -> list[float]:
    """Seconds between consecutive requests."""
    return [later - earlier for earlier, later in itertools.pairwise(times)]


@pytest.fixture
def ok(documented_example: dict[str, object]) -> Reply:
    return Reply.json(200, documented_example)


@pytest.mark.parametrize("mode", MODES)
def test_retries_are_off_by_default(mode: Mode, ok: Reply, clock: VirtualClock) -> None:
    client, server = _scripted(clock, _error(502), ok, retries=False)
    with pytest.raises(BadGatewayError):
        fetch(mode, client)
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_404_429_502_then_200_waits_a_backoff_what_the_429_asks_and_a_backoff(
    mode: Mode, ok: Reply, documented_example: dict[str, dict[str, object]], clock: VirtualClock
) -> None:
    script: list[Step] = [_error(404), _error(429, {"retry-after-ms": "300"}), _error(502), ok]
    client, server = _scripted(clock, *script, retries=EXACT)
    generation = fetch(mode, client)

    assert isinstance(generation, GenerationResponse)
    assert generation.data.id == documented_example["data"]["id"]
    assert all(r.target == f"/generation?id={GENERATION_ID}" for r in server.received)
    # Retry 1 backs off 0.1 * 2 s; the 429 asks for 0.3 s, sent 5 ms after it ends (the
    # rate-limit state's margin); retry 3 backs off 0.1 * 2**3 s.
    assert _gaps(server.sent_at) == pytest.approx([0.2, 0.305, 0.8], abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_as_an_http_date_is_honoured(
    mode: Mode, ok: Reply, clock: VirtualClock
) -> None:
    when = EPOCH + 2  # HTTP dates have whole seconds
    retry_after = email.utils.formatdate(when, usegmt=True)
    client, server = _scripted(clock, _error(503, {"Retry-After": retry_after}), ok)
    fetch(mode, client)
    assert [r.wall_clock for r in server.received] == [EPOCH, when]


@pytest.mark.parametrize("status", [500, 502, 503, 524, 529])
def test_server_errors_are_retried(status: int, ok: Reply, clock: VirtualClock) -> None:
    client, server = _scripted(clock, _error(status), ok)
    fetch("sync", client)
    assert len(server.received) == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403])
def test_client_errors_other_than_404_and_429_are_not_retried(
    status: int, ok: Reply, clock: VirtualClock
) -> None:
    client, server = _scripted(clock, _error(status), ok)
    with pytest.raises(APIStatusError) as raised:
        fetch("sync", client)
    assert raised.value.status_code == status
    assert len(server.received) == 1


def test_server_error_backoff_grows_exponentially_with_jitter() -> None:
    # Retry n waits a random time up to backoff_factor * 2**n: never more than that bound,
    # and not the same every time.
    policy = RetryPolicy(backoff_factor=0.1)
    for attempt in range(1, 5):
        retry = policy.copy_with(attempts_made=attempt)
        waits = {retry.backoff_strategy() for _ in range(50)}
        assert max(waits) <= 0.1 * 2**attempt
        assert len(waits) > 1


@pytest.mark.parametrize("mode", MODES)
def test_a_reset_connection_is_retried_after_a_backoff(
    mode: Mode, ok: Reply, clock: VirtualClock
) -> None:
    client, server = _scripted(clock, Reset(), ok, retries=EXACT)
    assert isinstance(fetch(mode, client), GenerationResponse)
    assert server.sent_at == pytest.approx([0.0, 0.2], abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_a_reset_of_a_real_connection_is_retried(mode: Mode, ok: Reply) -> None:
    # A real socket, for what httpx really raises on a TCP reset; no time is asserted.
    with LoopbackServer(Reset(), ok) as server:
        assert isinstance(fetch(mode, _client(server, retries=QUICK)), GenerationResponse)
    assert len(server.received) == 2


def test_a_read_timeout_is_not_retried() -> None:
    # A real socket: only a real server can stall a read. No time is asserted. Only the read
    # timeout is short: a 0.2 s connect timeout, which a loaded machine can miss, is retried
    # and made this test flaky.
    timeout = httpx.Timeout(10.0, read=0.2)
    with LoopbackServer(Stall(), Stall()) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=True, timeout=timeout)
        with pytest.raises(RequestTimeoutError):
            fetch("sync", client)
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_the_attempt_cap_ends_retries(mode: Mode, clock: VirtualClock) -> None:
    client, server = _scripted(clock, *[_error(502)] * 5, retries=RetryPolicy(total=2))
    with pytest.raises(BadGatewayError):
        fetch(mode, client)
    assert len(server.received) == 3  # the first attempt and two retries


@pytest.mark.parametrize("mode", MODES)
def test_the_total_time_cap_ends_retries(mode: Mode, clock: VirtualClock) -> None:
    # Backoffs of 0.1 s then 0.2 s fit in 0.35 s; the third, 0.4 s, would pass it: the 502
    # answered at 0.3 s is final at once, though 17 retries are left.
    policy = RetryPolicy(total=20, total_timeout=0.35, backoff_factor=0.05, backoff_jitter=0)
    client, server = _scripted(clock, *[_error(502)] * 20, retries=policy)
    with pytest.raises(BadGatewayError):
        fetch(mode, client)
    assert server.sent_at == pytest.approx([0.0, 0.1, 0.3], abs=RESOLUTION)
    assert clock.monotonic() == pytest.approx(0.3, abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_a_backoff_that_would_end_at_the_cap_is_not_waited(mode: Mode, clock: VirtualClock) -> None:
    # The second backoff, 0.2 s, would end exactly at the 0.3 s cap, leaving an attempt no
    # time at all: the 502 answered at 0.1 s is final.
    policy = RetryPolicy(total=20, total_timeout=0.3, backoff_factor=0.05, backoff_jitter=0)
    client, server = _scripted(clock, *[_error(502)] * 20, retries=policy)
    with pytest.raises(BadGatewayError):
        fetch(mode, client)
    assert server.sent_at == pytest.approx([0.0, 0.1], abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_longer_than_the_time_left_is_not_waited(mode: Mode, clock: VirtualClock) -> None:
    # The first 429 asks for 0.4 s, which fits in 0.7 s; the second, answered at 0.405 s,
    # asks for 0.4 s more when 0.295 s is left: it is final at once, instead of a cut wait and
    # a third 429.
    script = [_error(429, {"retry-after-ms": "400"})] * 5
    client, server = _scripted(clock, *script, retries=RetryPolicy(total=10, total_timeout=0.7))
    with pytest.raises(RateLimitError) as raised:
        fetch(mode, client)
    assert server.sent_at == pytest.approx([0.0, 0.405], abs=RESOLUTION)
    assert clock.monotonic() == pytest.approx(0.405, abs=RESOLUTION)
    assert raised.value.retry_after == pytest.approx(0.4, abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_retried_until_the_stats_are_ready(
    mode: Mode, ok: Reply, clock: VirtualClock
) -> None:
    client, server = _scripted(clock, _error(404), _error(404), ok)
    assert isinstance(fetch(mode, client), GenerationResponse)
    assert len(server.received) == 3


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_retried_for_its_time_window_whatever_the_retry_count(
    mode: Mode, clock: VirtualClock
) -> None:
    # total=2 would allow 3 requests; the 404 window is time: retried with backoffs of 10,
    # 20 and 40 ms, then 50 ms (max_backoff_wait), the last one cut to end the 0.5 s window
    # exactly; the 404 answered then is final.
    policy = RetryPolicy(
        total=2, not_found_window=0.5, backoff_factor=0.005, max_backoff_wait=0.05, backoff_jitter=0
    )
    client, server = _scripted(clock, *[_error(404)] * 50, retries=policy)
    with pytest.raises(NotFoundError):
        fetch(mode, client)
    expected = [0.0, 0.01, 0.03, 0.07, *(0.07 + 0.05 * n for n in range(1, 9)), 0.5]
    assert server.sent_at == pytest.approx(expected, abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_the_404_window_counts_from_the_first_404_not_from_the_call_s_start(
    mode: Mode, ok: Reply, clock: VirtualClock
) -> None:
    # A second of waiting for the rate limit before the first 404 takes none of the 0.5 s
    # window: 404s at 1.005 s and 1.405 s (a 0.4 s backoff), then a backoff cut to the 0.1 s
    # left of the window, and the stats are there.
    script = [_error(429, {"retry-after-ms": "1000"}), _error(404), _error(404), ok]
    policy = RetryPolicy(not_found_window=0.5, backoff_jitter=0)
    client, server = _scripted(clock, *script, retries=policy)
    assert isinstance(fetch(mode, client), GenerationResponse)
    assert server.sent_at == pytest.approx([0.0, 1.005, 1.405, 1.505], abs=RESOLUTION)


def test_the_404_window_ends_the_same_way_after_a_wait(clock: VirtualClock) -> None:
    # The same, with 404s to the end: the last one, at 0.5 s after the first, is final.
    script = [_error(429, {"retry-after-ms": "1000"}), *[_error(404)] * 5]
    policy = RetryPolicy(not_found_window=0.5, backoff_jitter=0)
    client, server = _scripted(clock, *script, retries=policy)
    with pytest.raises(NotFoundError):
        fetch("sync", client)
    assert server.sent_at == pytest.approx([0.0, 1.005, 1.405, 1.505], abs=RESOLUTION)


def test_a_404_window_of_zero_turns_404_retries_off(ok: Reply, clock: VirtualClock) -> None:
    client, server = _scripted(clock, _error(404), ok, retries=RetryPolicy(not_found_window=0))
    with pytest.raises(NotFoundError):
        fetch("sync", client)
    assert len(server.received) == 1


def test_requests_through_get_httpx_client_are_retried_too(ok: Reply, clock: VirtualClock) -> None:
    client, server = _scripted(clock, _error(502), ok)
    with client:
        response = client.get_httpx_client().get("/generation", params={"id": "gen-1"})
    assert response.status_code == 200
    assert len(server.received) == 2


def test_retries_apply_behind_a_proxy_too(ok: Reply) -> None:
    # httpx gives a proxy its own transport; the client wraps that one as well. A real socket:
    # the proxy is a URL httpx connects to. No time is asserted.
    with LoopbackServer(_error(502), ok) as proxy:
        client = AuthenticatedClient(
            base_url="http://generation.test/api/v1",
            token=KEY,
            retries=QUICK,
            httpx_args={"proxy": proxy.url},
        )
        fetch("sync", client)
    assert [r.target for r in proxy.received] == [
        "http://generation.test/api/v1/generation?id=gen-1"
    ] * 2


def test_set_httpx_client_uses_the_given_client_as_is(ok: Reply, clock: VirtualClock) -> None:
    # Documented: none of the client's settings apply to an httpx client set by hand, so
    # neither retries nor the key do.
    server = ScriptedTransport(clock, _error(502), ok)
    client = AuthenticatedClient(token=KEY, retries=True)
    client.set_httpx_client(httpx.Client(base_url=server.URL, transport=server))
    with pytest.raises(BadGatewayError):
        fetch("sync", client)
    assert len(server.received) == 1
    assert "authorization" not in server.received[0].headers


def test_a_shared_policy_gives_each_request_its_own_clock(ok: Reply, clock: VirtualClock) -> None:
    # The 404 window and the time cap count from each request's start, not from the
    # policy's creation nor from an earlier request's.
    policy = RetryPolicy(not_found_window=0.5, backoff_factor=0.005, backoff_jitter=0)
    client, server = _scripted(clock, _error(404), ok, _error(404), ok, retries=policy)
    with client:
        httpx_client = client.get_httpx_client()
        assert httpx_client.get("/generation").status_code == 200
        clock.advance(0.6)
        assert httpx_client.get("/generation").status_code == 200
    assert server.sent_at == pytest.approx([0.0, 0.01, 0.61, 0.62], abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_on_a_real_socket_and_the_real_clock_a_429_s_wait_is_waited(mode: Mode, ok: Reply) -> None:
    # The one check that the real clock and real sockets agree with the virtual ones: never
    # sooner than asked (a lower bound no load can break), and the upper margin is ten times
    # the wait, so that only a client that waits far too long fails.
    with LoopbackServer(_error(429, {"retry-after-ms": "300"}), ok) as server:
        start = time.monotonic()
        fetch(mode, _client(server, retries=True))
        elapsed = time.monotonic() - start
    assert len(server.received) == 2
    assert server.received[1].at - server.received[0].at >= 0.3
    assert elapsed < 3.0


def test_retries_true_means_the_default_policy() -> None:
    client = AuthenticatedClient(token=KEY, retries=True)
    assert "RetryPolicy(total=5" in repr(client)
    assert "_retries=None" in repr(AuthenticatedClient(token=KEY))


def test_a_bad_window_is_refused() -> None:
    with pytest.raises(ValueError, match="not_found_window"):
        RetryPolicy(not_found_window=-1)


def test_transport_errors_are_what_get_retried() -> None:
    policy = RetryPolicy()
    request = httpx.Request("GET", "http://127.0.0.1/")
    assert policy.is_retryable_exception(httpx.ConnectError("refused", request=request))
    assert policy.is_retryable_exception(httpx.ConnectTimeout("slow", request=request))
    assert policy.is_retryable_exception(httpx.RemoteProtocolError("closed", request=request))
    assert not policy.is_retryable_exception(httpx.ReadTimeout("stalled", request=request))


@pytest.mark.parametrize(
    "options",
    [
        {"total": -1},
        {"backoff_factor": -0.1},
        {"max_backoff_wait": 0},
        {"total_timeout": 0},
        {"backoff_jitter": 1.5},
    ],
)
def test_a_policy_with_an_impossible_setting_is_refused(options: dict[str, float]) -> None:
    (name,) = options
    with pytest.raises(ValueError, match=name):
        RetryPolicy(**options)  # type: ignore[arg-type]


def test_a_policy_is_immutable_and_copies_carry_every_setting() -> None:
    policy = RetryPolicy(3, not_found_window=1.5, backoff_jitter=0)
    copy = policy.copy_with(total=4)
    assert (copy.total, copy.not_found_window, copy.backoff_jitter) == (4, 1.5, 0)
    assert policy.increment().attempts_made == 1
    assert policy.attempts_made == 0
    with pytest.raises(AttributeError):
        policy.total = 9  # type: ignore[misc]


def test_the_backoff_after_thousands_of_retries_is_the_longest_wait_not_an_overflow() -> None:
    """A 404 window with a tiny max_backoff_wait retries that often: 2.0**1024 overflowed."""
    policy = RetryPolicy(total=5000, backoff_jitter=0, max_backoff_wait=0.001)
    assert policy.copy_with(attempts_made=2000).backoff_strategy() == 0.001
    assert policy.copy_with(attempts_made=3).backoff_strategy() == 0.001
    assert RetryPolicy(backoff_jitter=0).copy_with(attempts_made=3).backoff_strategy() == 0.8


def test_a_request_s_own_retry_extension_must_be_a_policy(clock: VirtualClock) -> None:
    client, _ = _scripted(clock, _error(502))
    with client, pytest.raises(InvalidOptionError, match="must be a RetryPolicy, not int"):
        client.get_httpx_client().get("/generation", extensions={"retry": 3})
