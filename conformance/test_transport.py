"""A response that never arrives whole, over a real socket (http_server.py), whatever the
adapter's transport: the server stalls before answering, or after half the body stalls, resets
or closes the connection. The client must raise its documented no-response error (NoResponse),
not parse half a body nor crash, and give up on a stall within its read timeout.
"""

from __future__ import annotations

import time

import pytest

from . import checks, samples
from .adapters import NoResponse
from .http_server import Fault
from .kit import Kit
from .server import Api, Reply

# The read timeout the kit asks of the client, and how long it waits at most.
TIMEOUT = 0.5
PATIENCE = 5.0
FAULTS = (Fault("before-head"), Fault("stall"), Fault("reset"), Fault("close"))


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.kind for fault in FAULTS])
def test_no_whole_response(kit: Kit, api: Api, fault: Fault) -> None:
    reply = Reply.json(200, samples.full(kit.spec.success.schema))
    started = time.monotonic()
    outcome = kit.exchange(api, reply, fault=fault, timeout=TIMEOUT).outcome
    waited = time.monotonic() - started
    if not isinstance(outcome, NoResponse):
        raise AssertionError(f"{checks.describe(outcome)}, expected its no-response error")
    assert waited < PATIENCE, f"gave up after {waited:.1f} s, asked for a {TIMEOUT} s read timeout"
