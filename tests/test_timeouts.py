"""A call never waits forever: a finite default timeout, which each client may set for itself.

A stalled server accepts the connection, reads the request and sends nothing, which is what a
hung upstream looks like to the client. Time is the test's: the stalled server is a script on
the virtual network (tests/virtual_network.py), read by httpx's own transport, so each
timeout is asserted exactly, the 10 s default included. One test per API keeps a real stalled
socket and the real clock, and says why.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client import client as client_module
from openrouter_generation_client.client import DEFAULT_TIMEOUT
from openrouter_generation_client.errors import RequestTimeoutError

from tests.loopback import LoopbackServer, Stall
from tests.modes import MODES, Mode, fetch
from tests.virtual_clock import RESOLUTION, VirtualClock
from tests.virtual_network import NEVER, After, VirtualNetwork

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"

SHORT = 0.3  # seconds: a per-client timeout

STALLED = [After(NEVER, b"HTTP/1.1 200 OK\r\n")]


def _client(mode: Mode, network: VirtualNetwork, **options: Any) -> AuthenticatedClient:
    transport = network.transport(asynchronous=mode == "async")
    return AuthenticatedClient(
        base_url="http://api.test", token=KEY, httpx_args={"transport": transport}, **options
    )


def _stalls(mode: Mode, client: AuthenticatedClient) -> RequestTimeoutError:
    with pytest.raises(RequestTimeoutError) as raised:
        fetch(mode, client)
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    return raised.value


def test_the_default_timeout_is_finite_for_connect_and_read() -> None:
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 10.0
    assert DEFAULT_TIMEOUT.write is not None
    assert DEFAULT_TIMEOUT.pool is not None


def test_both_httpx_clients_get_the_default_timeout() -> None:
    client = AuthenticatedClient(token=KEY)
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT


def test_the_default_is_read_when_a_client_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    # A client made with no timeout takes DEFAULT_TIMEOUT's value when it is made, not when
    # the module was imported: whoever sets the constant gets clients that obey it.
    default = httpx.Timeout(SHORT, connect=DEFAULT_TIMEOUT.connect)
    monkeypatch.setattr(client_module, "DEFAULT_TIMEOUT", default)
    client = AuthenticatedClient(token=KEY)
    assert client.get_httpx_client().timeout == default
    assert client.get_async_httpx_client().timeout == default


@pytest.mark.parametrize("mode", MODES)
def test_a_stalled_server_fails_a_default_configured_call_at_the_default_read_timeout(
    mode: Mode, clock: VirtualClock
) -> None:
    network = VirtualNetwork(clock, STALLED)
    _stalls(mode, _client(mode, network))
    assert clock.monotonic() == pytest.approx(10.0, abs=RESOLUTION)
    assert len(network.sent) == 1  # the request went out; the answer never came


@pytest.mark.parametrize("mode", MODES)
def test_a_per_client_timeout_replaces_the_default(mode: Mode, clock: VirtualClock) -> None:
    error = _stalls(mode, _client(mode, VirtualNetwork(clock, STALLED), timeout=SHORT))
    assert clock.monotonic() == pytest.approx(SHORT, abs=RESOLUTION)
    assert "deadline" not in str(error)  # the read timeout ended it, not the 30 s deadline


@pytest.mark.parametrize("mode", MODES)
def test_with_timeout_gives_a_client_with_the_new_timeout(mode: Mode, clock: VirtualClock) -> None:
    original = _client(mode, VirtualNetwork(clock, STALLED))
    _stalls(mode, original.with_timeout(httpx.Timeout(SHORT)))
    assert clock.monotonic() == pytest.approx(SHORT, abs=RESOLUTION)
    assert original.get_httpx_client().timeout == DEFAULT_TIMEOUT


def test_timeout_none_still_means_no_limit_when_asked_for() -> None:
    client = AuthenticatedClient(token=KEY, timeout=None)
    assert client.get_httpx_client().timeout == httpx.Timeout(None)


@pytest.mark.parametrize("mode", MODES)
def test_on_a_real_socket_a_stalled_server_ends_at_the_read_timeout(mode: Mode) -> None:
    # A real stalled socket and the real clock: the one check that httpx's own read timeout
    # ends a real stall (the virtual network stands in for it above). Never sooner than the
    # timeout, a bound no load can break; the upper margin is four times it.
    with LoopbackServer(Stall()) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, timeout=SHORT)
        start = time.monotonic()
        _stalls(mode, client)
        elapsed = time.monotonic() - start
    assert SHORT <= elapsed < 4 * SHORT
