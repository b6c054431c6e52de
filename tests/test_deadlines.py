"""A deadline per call: however slowly a server sends, a call ends, and says which deadline ended
it (issue 16 item 4).

httpx's read timeout restarts with every byte; the client's deadline does not. Time is the
test's: each server is a script on the virtual network (tests/virtual_network.py), read by
httpx's own transport and httpcore's real HTTP/1.1 parsing, so every deadline is asserted to
the microsecond, the 30 s default included. The last tests replay the three hostile servers on
a real socket with the real clock, to show the deadline holds where it matters; they say why.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from openrouter_generation_client import DEFAULT_DEADLINE, AuthenticatedClient, RetryPolicy
from openrouter_generation_client.errors import (
    BadGatewayError,
    MalformedResponseError,
    RequestTimeoutError,
)
from openrouter_generation_client.models import GenerationResponse

from tests.loopback import Drip, LoopbackServer
from tests.modes import MODES, Mode, fetch
from tests.virtual_clock import RESOLUTION, VirtualClock
from tests.virtual_network import NEVER, After, Script, VirtualNetwork, response

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"


def trickle(every: float) -> Script:
    """Headers at once, then a body of 100 bytes, one byte every `every` seconds."""
    return [After(0.0, HEAD), *[After(every, b" ")] * 100]


def header_drip(every: float) -> Script:
    """A status line, then one header line every `every` seconds, never the blank line."""
    lines = [After(every, f"X-Drip-{n}: y\r\n".encode()) for n in range(100)]
    return [After(0.0, b"HTTP/1.1 200 OK\r\n"), *lines]


def storm(every: float) -> Script:
    """An HTTP 103 every `every` seconds, never the final response."""
    return [After(every, EARLY_HINTS)] * 100


HOSTILE = {"trickle": trickle(2.0), "header-drip": header_drip(2.0), "1xx-storm": storm(1.0)}


def _client(mode: Mode, network: VirtualNetwork, **options: Any) -> AuthenticatedClient:
    transport = network.transport(asynchronous=mode == "async")
    return AuthenticatedClient(
        base_url="http://api.test", token=KEY, httpx_args={"transport": transport}, **options
    )


def _ends(mode: Mode, client: AuthenticatedClient) -> RequestTimeoutError:
    with pytest.raises(RequestTimeoutError) as raised:
        fetch(mode, client)
    assert isinstance(raised.value.__cause__, httpx.TimeoutException)
    return raised.value


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("server", HOSTILE)
def test_the_default_deadline_ends_a_hostile_server_at_30_s(
    mode: Mode, server: str, clock: VirtualClock
) -> None:
    # Each piece comes well within the 10 s read timeout, so only the deadline can end it.
    network = VirtualNetwork(clock, HOSTILE[server])
    error = _ends(mode, _client(mode, network))
    assert DEFAULT_DEADLINE == 30.0
    assert clock.monotonic() == pytest.approx(30.0, abs=RESOLUTION)
    assert "the attempt's deadline of 30 s passed" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("server", HOSTILE)
def test_a_deadline_of_the_client_s_own_ends_it_there(
    mode: Mode, server: str, clock: VirtualClock
) -> None:
    network = VirtualNetwork(clock, HOSTILE[server])
    error = _ends(mode, _client(mode, network, deadline=5))
    assert clock.monotonic() == pytest.approx(5.0, abs=RESOLUTION)
    assert "the attempt's deadline of 5 s passed" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_each_read_gets_at_most_the_time_left(mode: Mode, clock: VirtualClock) -> None:
    # The headers and the body's first read at 0 s get 5 s, not the 10 s read timeout; bytes
    # come at 2 s and 4 s, and the reads after them get the 3 s and then the 1 s left.
    network = VirtualNetwork(clock, trickle(2.0))
    _ends(mode, _client(mode, network, deadline=5))
    assert network.read_timeouts == pytest.approx([5.0, 5.0, 3.0, 1.0], abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_a_slow_answer_that_ends_within_the_deadline_is_parsed(
    mode: Mode, clock: VirtualClock, documented_example: dict[str, object]
) -> None:
    # The whole answer in ten pieces, 2 s apart: 18 s, inside 30 s.
    whole = response(200, json.dumps(documented_example).encode(), "Content-Type: application/json")
    size = -(-len(whole) // 10)
    pieces = [whole[i : i + size] for i in range(0, len(whole), size)]
    network = VirtualNetwork(
        clock, [After(0.0 if i == 0 else 2.0, p) for i, p in enumerate(pieces)]
    )
    generation = fetch(mode, _client(mode, network))
    assert isinstance(generation, GenerationResponse)
    assert clock.monotonic() == pytest.approx(2.0 * (len(pieces) - 1), abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
def test_no_deadline_when_asked_for_none(mode: Mode, clock: VirtualClock) -> None:
    # The same trickle runs its 200 s to the end; its body of spaces is then no JSON.
    network = VirtualNetwork(clock, trickle(2.0))
    with pytest.raises(MalformedResponseError):
        fetch(mode, _client(mode, network, deadline=None))
    assert clock.monotonic() == pytest.approx(200.0, abs=RESOLUTION)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "options",
    [{"timeout": 1e10, "deadline": None}, {"timeout": None, "deadline": 1e300}],
    ids=["timeout 1e10", "deadline 1e300"],
)
def test_a_wait_longer_than_a_socket_takes_is_handed_on_as_the_longest_one(
    mode: Mode, options: dict[str, Any], clock: VirtualClock, documented_example: dict[str, object]
) -> None:
    """A sync socket refuses a wait past about 9.2e9 s with a bare OverflowError (a timeout of
    1e10, or a deadline of 1e300 with no timeout, did): each read gets 1e9 s at most."""
    body = json.dumps(documented_example).encode()
    network = VirtualNetwork(clock, [After(0.0, response(200, body))])
    assert isinstance(fetch(mode, _client(mode, network, **options)), GenerationResponse)
    assert network.read_timeouts
    assert set(network.read_timeouts) == {1e9}


@pytest.mark.parametrize("mode", MODES)
def test_a_stalled_server_still_meets_the_read_timeout_first(
    mode: Mode, clock: VirtualClock
) -> None:
    # A read timeout shorter than the deadline ends the call at the read timeout, and says so.
    network = VirtualNetwork(clock, [After(NEVER, b"HTTP/1.1 200 OK\r\n")])
    error = _ends(mode, _client(mode, network, timeout=0.3))
    assert clock.monotonic() == pytest.approx(0.3, abs=RESOLUTION)
    assert "deadline" not in str(error)
    assert isinstance(error.__cause__, httpx.ReadTimeout)


@pytest.mark.parametrize("mode", MODES)
def test_with_retries_the_call_s_total_timeout_ends_an_attempt_too(
    mode: Mode, clock: VirtualClock
) -> None:
    # A 502, a 0.2 s backoff, then a trickle: the call's 10 s end it, before the attempt's 30.
    bad = [After(0.0, response(502, b"", "Connection: close"))]
    network = VirtualNetwork(clock, bad, trickle(2.0))
    policy = RetryPolicy(total_timeout=10, backoff_jitter=0)
    error = _ends(mode, _client(mode, network, retries=policy))
    assert network.connected_at == pytest.approx([0.0, 0.2], abs=RESOLUTION)
    assert clock.monotonic() == pytest.approx(10.0, abs=RESOLUTION)
    assert "the call's deadline, RetryPolicy(total_timeout=10) passed" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_with_retries_each_attempt_has_its_own_deadline(
    mode: Mode, clock: VirtualClock, documented_example: dict[str, object]
) -> None:
    # Retrying a passed attempt deadline is the caller's choice (a read timeout is not retried
    # by default): two header drips end at 3 s each, after backoffs of 0.2 and 0.4 s, then an
    # answer. (A body is never retried: the response is the caller's by then.)
    ok = [After(0.0, response(200, json.dumps(documented_example).encode()))]
    network = VirtualNetwork(clock, header_drip(2.0), header_drip(2.0), ok)
    policy = RetryPolicy(
        backoff_jitter=0, retry_on_exceptions=[httpx.ReadTimeout, httpx.NetworkError]
    )
    generation = fetch(mode, _client(mode, network, deadline=3, retries=policy))
    assert isinstance(generation, GenerationResponse)
    assert network.connected_at == pytest.approx([0.0, 3.2, 6.6], abs=RESOLUTION)


def test_a_deadline_that_is_no_positive_number_is_refused() -> None:
    for bad in (0, -1.0):
        with pytest.raises(ValueError, match="deadline must be a positive number"):
            AuthenticatedClient(token=KEY, deadline=bad)


@pytest.mark.parametrize("mode", MODES)
def test_a_transport_of_your_own_is_held_to_the_deadline_between_parts(
    mode: Mode, clock: VirtualClock
) -> None:
    # No httpx network under it: the deadline is checked once the headers are in.
    def slow(request: httpx.Request) -> httpx.Response:
        clock.advance(40.0)
        return httpx.Response(502)

    transport = httpx.MockTransport(slow)
    client = AuthenticatedClient(
        base_url="http://api.test", token=KEY, httpx_args={"transport": transport}
    )
    error = _ends(mode, client)
    assert clock.monotonic() == 40.0
    assert "the attempt's deadline of 30 s passed" in str(error)
    transport.handler = lambda request: httpx.Response(502)  # the same server, in time
    with pytest.raises(BadGatewayError):
        fetch(
            mode,
            AuthenticatedClient(
                base_url="http://api.test", token=KEY, httpx_args={"transport": transport}
            ),
        )


# Real sockets and the real clock: the three hostile servers once more, sending every 0.05 s
# with a 0.2 s deadline. What only a real socket shows is that the deadline reaches the
# socket's own reads (the virtual network stands in for them above). Never sooner than the
# deadline, a bound no load can break; the upper margin is 15 times the deadline, below the
# 5 s each server would last without it.

REAL = {
    "trickle": (HEAD, *[b" "] * 100),
    "header-drip": (b"HTTP/1.1 200 OK\r\n", *[f"X-Drip-{n}: y\r\n".encode() for n in range(100)]),
    "1xx-storm": (EARLY_HINTS,) * 100,
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("server", REAL)
def test_on_a_real_socket_a_hostile_server_ends_at_the_deadline(mode: Mode, server: str) -> None:
    with LoopbackServer(Drip(REAL[server], every=0.05)) as loopback:
        client = AuthenticatedClient(base_url=loopback.url, token=KEY, deadline=0.2)
        start = time.monotonic()
        error = _ends(mode, client)
        elapsed = time.monotonic() - start
    assert "the attempt's deadline of 0.2 s passed" in str(error)
    assert 0.2 <= elapsed < 3.0
