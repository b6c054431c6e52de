"""Retries: off by default, on with one argument, and then patient exactly where the API asks.

Every test runs against a real server on loopback (tests/loopback.py) that plays a scripted
sequence of answers and records when each request arrived. Bounds on elapsed time check
behaviour (the client waited what Retry-After asked, and gave up when told), not speed.
"""

from __future__ import annotations

import email.utils
import itertools
import math
import time

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.client import RetryPolicy
from openrouter_generation_client.errors import (
    APIStatusError,
    BadGatewayError,
    NotFoundError,
    RateLimitError,
    RequestTimeoutError,
)
from openrouter_generation_client.models import GenerationResponse

from tests.loopback import LoopbackServer, Reply, Reset, Stall, Step
from tests.modes import GENERATION_ID, MODES, Mode, fetch

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"

# A policy whose backoff waits are a few milliseconds, for tests about counts, not waits.
QUICK = RetryPolicy(backoff_factor=0.005)


def _error(status: int, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"code": status, "message": f"scripted {status}"}}
    return Reply.json(status, body, headers)


def _client(server: LoopbackServer, retries: RetryPolicy | bool) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.url, token=KEY, retries=retries)


def _gaps(server: LoopbackServer) -> list[float]:
    """Seconds between consecutive requests the server received."""
    times = [received.at for received in server.received]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


@pytest.fixture
def ok(documented_example: dict[str, object]) -> Reply:
    return Reply.json(200, documented_example)


@pytest.mark.parametrize("mode", MODES)
def test_retries_are_off_by_default(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(_error(502), ok) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        with pytest.raises(BadGatewayError):
            fetch(mode, client)
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_404_429_502_then_200_ends_in_a_generation_in_about_the_time_the_429_asks(
    mode: Mode, ok: Reply, documented_example: dict[str, dict[str, object]]
) -> None:
    script: list[Step] = [_error(404), _error(429, {"retry-after-ms": "300"}), _error(502), ok]
    with LoopbackServer(*script) as server:
        start = time.monotonic()
        generation = fetch(mode, _client(server, retries=True))
        elapsed = time.monotonic() - start

    assert isinstance(generation, GenerationResponse)
    assert generation.data.id == documented_example["data"]["id"]
    assert len(server.received) == 4
    assert all(r.target == f"/generation?id={GENERATION_ID}" for r in server.received)
    # The wait after the 429 is the second gap: what it asked, give or take.
    assert 0.3 <= _gaps(server)[1] < 0.45
    # The other two waits are backoffs of at most 0.2 s and 0.8 s with the defaults.
    assert 0.3 <= elapsed < 1.8


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_as_an_http_date_is_honoured(mode: Mode, ok: Reply) -> None:
    # HTTP dates have whole seconds: ask for the first whole second at least 0.2 s away.
    when = math.ceil(time.time() + 0.2)
    retry_after = email.utils.formatdate(when, usegmt=True)
    with LoopbackServer(_error(503, {"Retry-After": retry_after}), ok) as server:
        fetch(mode, _client(server, retries=True))
    # asyncio's timers may fire up to a clock tick early: allow 10 ms.
    assert when - 0.01 <= server.received[1].wall_clock < when + 0.5


@pytest.mark.parametrize("status", [500, 502, 503, 524, 529])
def test_server_errors_are_retried(status: int, ok: Reply) -> None:
    with LoopbackServer(_error(status), ok) as server:
        fetch("sync", _client(server, retries=QUICK))
    assert len(server.received) == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403])
def test_client_errors_other_than_404_and_429_are_not_retried(status: int, ok: Reply) -> None:
    with LoopbackServer(_error(status), ok) as server, pytest.raises(APIStatusError) as raised:
        fetch("sync", _client(server, retries=QUICK))
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
def test_a_reset_connection_is_retried(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(Reset(), ok) as server:
        assert isinstance(fetch(mode, _client(server, retries=QUICK)), GenerationResponse)
    assert len(server.received) == 2


def test_a_read_timeout_is_not_retried() -> None:
    with LoopbackServer(Stall(), Stall()) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=True, timeout=0.2)
        with pytest.raises(RequestTimeoutError):
            fetch("sync", client)
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_the_attempt_cap_ends_retries(mode: Mode) -> None:
    script = [_error(502)] * 5
    with LoopbackServer(*script) as server, pytest.raises(BadGatewayError):
        fetch(mode, _client(server, RetryPolicy(total=2, backoff_factor=0.005)))
    assert len(server.received) == 3  # the first attempt and two retries


@pytest.mark.parametrize("mode", MODES)
def test_the_total_time_cap_ends_retries(mode: Mode) -> None:
    # Each 502 backs off at least 50 ms (no jitter); with 0.3 s in all, the waits are cut to
    # what is left, and the answer that comes once nothing is left is final.
    script = [_error(502)] * 20
    policy = RetryPolicy(total=20, total_timeout=0.3, backoff_factor=0.05, backoff_jitter=0)
    with LoopbackServer(*script) as server:
        start = time.monotonic()
        with pytest.raises(BadGatewayError):
            fetch(mode, _client(server, policy))
        elapsed = time.monotonic() - start
    assert 3 <= len(server.received) < 20
    # Uncapped, the 20 waits would add up to minutes; a loaded machine may add a few tenths.
    assert 0.3 <= elapsed < 1.2


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_longer_than_the_time_left_is_not_waited(mode: Mode) -> None:
    # The first 429 asks for 0.4 s, which fits in 0.7 s; the second asks for 0.4 s more when
    # at most 0.3 s is left: it is final at once, instead of a cut wait and a third 429.
    script = [_error(429, {"retry-after-ms": "400"})] * 5
    policy = RetryPolicy(total=10, total_timeout=0.7)
    with LoopbackServer(*script) as server:
        start = time.monotonic()
        with pytest.raises(RateLimitError) as raised:
            fetch(mode, _client(server, policy))
        elapsed = time.monotonic() - start
    assert len(server.received) == 2
    assert 0.4 <= elapsed < 0.7
    assert raised.value.retry_after is not None
    assert raised.value.retry_after == pytest.approx(0.4, abs=0.05)


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_retried_until_the_stats_are_ready(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(_error(404), _error(404), ok) as server:
        assert isinstance(fetch(mode, _client(server, retries=True)), GenerationResponse)
    assert len(server.received) == 3


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_retried_for_its_time_window_whatever_the_retry_count(mode: Mode) -> None:
    # total=2 would allow 3 requests; the 404 window is time: retried with backoff (at most
    # 50 ms here) until 0.5 s have passed, then final.
    script = [_error(404)] * 50
    policy = RetryPolicy(total=2, not_found_window=0.5, backoff_factor=0.005, max_backoff_wait=0.05)
    with LoopbackServer(*script) as server, pytest.raises(NotFoundError):
        fetch(mode, _client(server, policy))
    received = server.received
    assert len(received) > 3 * 2  # well past what total=2 allows
    assert 0.45 <= received[-1].at - received[0].at < 0.9


def test_a_404_window_of_zero_turns_404_retries_off(ok: Reply) -> None:
    with LoopbackServer(_error(404), ok) as server, pytest.raises(NotFoundError):
        fetch("sync", _client(server, RetryPolicy(not_found_window=0)))
    assert len(server.received) == 1


def test_requests_through_get_httpx_client_are_retried_too(ok: Reply) -> None:
    with LoopbackServer(_error(502), ok) as server:
        client = _client(server, QUICK)
        with client:
            response = client.get_httpx_client().get("/generation", params={"id": "gen-1"})
    assert response.status_code == 200
    assert len(server.received) == 2


def test_retries_apply_behind_a_proxy_too(ok: Reply) -> None:
    # httpx gives a proxy its own transport; the client wraps that one as well.
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


def test_set_httpx_client_uses_the_given_client_as_is(ok: Reply) -> None:
    # Documented: none of the client's settings apply to an httpx client set by hand, so
    # neither retries nor the key do.
    with LoopbackServer(_error(502), ok) as server:
        client = AuthenticatedClient(token=KEY, retries=True)
        client.set_httpx_client(httpx.Client(base_url=server.url))
        with pytest.raises(BadGatewayError):
            fetch("sync", client)
    assert len(server.received) == 1
    assert "authorization" not in server.received[0].headers


def test_a_shared_policy_gives_each_request_its_own_clock(ok: Reply) -> None:
    # The 404 window and the time cap count from each request's start, not from the
    # policy's creation nor from an earlier request's.
    policy = RetryPolicy(not_found_window=0.5, backoff_factor=0.005)
    with LoopbackServer(_error(404), ok, _error(404), ok) as server:
        client = _client(server, policy)
        with client:
            httpx_client = client.get_httpx_client()
            assert httpx_client.get("/generation").status_code == 200
            time.sleep(0.6)
            assert httpx_client.get("/generation").status_code == 200
    assert len(server.received) == 4


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
