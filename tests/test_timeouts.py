"""A call never waits forever: a finite default timeout, which each client may set for itself.

The stalled server is real (tests/loopback.py): it accepts the connection, reads the request
and sends nothing, which is what a hung upstream looks like to the client.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client import client as client_module
from openrouter_generation_client.client import DEFAULT_TIMEOUT
from openrouter_generation_client.errors import RequestTimeoutError

from tests.loopback import LoopbackServer, Stall
from tests.modes import MODES, Mode, fetch

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"

SHORT = 0.3  # seconds: a per-client timeout that keeps the stall tests fast


def _timed_stall(mode: Mode, client: AuthenticatedClient) -> tuple[float, RequestTimeoutError]:
    start = time.monotonic()
    with pytest.raises(RequestTimeoutError) as raised:
        fetch(mode, client)
    return time.monotonic() - start, raised.value


def test_the_default_timeout_is_finite_for_connect_and_read() -> None:
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 10.0
    assert DEFAULT_TIMEOUT.write is not None
    assert DEFAULT_TIMEOUT.pool is not None


def test_both_httpx_clients_get_the_default_timeout() -> None:
    client = AuthenticatedClient(token=KEY)
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT


def test_a_stalled_server_fails_a_default_configured_call_within_the_default_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A client made with no timeout takes DEFAULT_TIMEOUT's value when it is made, so a short
    # stand-in for the constant (its real value is pinned above) keeps the wait short. Sync and
    # async side by side, so the test waits it out once.
    default = httpx.Timeout(SHORT, connect=DEFAULT_TIMEOUT.connect)
    monkeypatch.setattr(client_module, "DEFAULT_TIMEOUT", default)
    with LoopbackServer(Stall(), Stall()) as server, ThreadPoolExecutor(2) as pool:
        clients = [AuthenticatedClient(base_url=server.url, token=KEY) for _ in MODES]
        assert all(client.get_httpx_client().timeout == default for client in clients)
        calls = [
            pool.submit(_timed_stall, mode, client)
            for mode, client in zip(MODES, clients, strict=True)
        ]
        results = [call.result() for call in calls]
    for elapsed, error in results:
        assert SHORT <= elapsed < SHORT + 1.0
        assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert len(server.received) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_per_client_timeout_replaces_the_default(mode: Mode) -> None:
    with LoopbackServer(Stall()) as server:
        elapsed, error = _timed_stall(
            mode, AuthenticatedClient(base_url=server.url, token=KEY, timeout=SHORT)
        )
    assert SHORT <= elapsed < SHORT + 1.0
    assert isinstance(error.__cause__, httpx.ReadTimeout)


@pytest.mark.parametrize("mode", MODES)
def test_with_timeout_gives_a_client_with_the_new_timeout(mode: Mode) -> None:
    with LoopbackServer(Stall()) as server:
        original = AuthenticatedClient(base_url=server.url, token=KEY)
        elapsed, _ = _timed_stall(mode, original.with_timeout(httpx.Timeout(SHORT)))
    assert SHORT <= elapsed < SHORT + 1.0
    assert original.get_httpx_client().timeout == DEFAULT_TIMEOUT


def test_timeout_none_still_means_no_limit_when_asked_for() -> None:
    client = AuthenticatedClient(token=KEY, timeout=None)
    assert client.get_httpx_client().timeout == httpx.Timeout(None)
