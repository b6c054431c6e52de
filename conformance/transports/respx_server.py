"""The fake API: a respx router standing in for the spec's server URL for the whole session.

Each exchange serves one reply to whatever the client sends (or, for a retry case, a script:
a reply per try) and records the requests and when each arrived, so a case can look at both
sides. respx patches httpx's transports, so any httpx-based client is
served without a socket; every request is routed (none can leak to the network).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import respx

from conformance.adapters import Api, Call, ClientAdapter, Clock, Crashed, Outcome
from conformance.transports.calls import Caller, outcome
from conformance.transports.clock import RealClock, Unanswered


@dataclass(frozen=True)
class Reply:
    """What the fake server answers: a status, raw bytes and headers."""

    status: int
    content: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status: int, body: Any, media_type: str = "application/json") -> Reply:
        """A JSON body, UTF-8 as the API sends it (not ASCII-escaped), of a JSON media type."""
        content = json.dumps(body, ensure_ascii=False).encode()
        return cls(status, content, (("content-type", media_type),))


# The reply to a call's try number n (0 for the first), arriving at Unix time t on the
# exchange's clock: a retry case's answers, each of which may depend on when it is asked.
Script = Callable[[int, float], Reply]
REAL_CLOCK = RealClock()


def scripted(reply: Reply | Script) -> Script:
    """A script: `reply` itself, or the same reply to every try."""
    if isinstance(reply, Reply):
        return lambda _try, _at: reply
    return reply


@dataclass(frozen=True)
class Exchange:
    """What the client made of a reply, the requests it sent to get it, when each arrived
    (Unix time on the exchange's clock) and what each was answered."""

    outcome: Outcome
    requests: tuple[httpx.Request, ...]
    arrivals: tuple[float, ...] = ()
    replies: tuple[Reply, ...] = ()
    stopped: str = ""  # why the script stopped answering (`Unanswered`), if it did


class FakeServer:
    """Serves one reply per exchange to a client under test, through its sync or async API."""

    def __init__(self) -> None:
        self._router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        # The kit's own loopback server (transports/socket_server.py) is reached over a real socket.
        self._router.route(host="127.0.0.1").pass_through()
        self._router.route().mock(side_effect=self._answer)
        self._script: Script = scripted(Reply(500))
        self._clock: Clock = REAL_CLOCK
        self._requests: list[httpx.Request] = []
        self._arrivals: list[float] = []
        self._replies: list[Reply] = []

    def base_url(self, spec_url: str) -> str:
        """Where the client is pointed: the spec's own server URL, which respx intercepts."""
        return spec_url

    def __enter__(self) -> FakeServer:
        self._router.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._router.stop()

    def _answer(self, request: httpx.Request) -> httpx.Response:
        request.read()
        at = self._clock.time()
        reply = self._script(len(self._requests), at)
        self._requests.append(request)
        self._arrivals.append(at)
        self._replies.append(reply)
        return httpx.Response(reply.status, headers=list(reply.headers), content=reply.content)

    def exchange(
        self,
        adapter: ClientAdapter,
        api: Api,
        call: Call,
        reply: Reply | Script,
        caller: Caller | None = None,
        clock: Clock = REAL_CLOCK,
    ) -> Exchange:
        """Let the client make its call against `reply` (through `caller`, the session's; by
        default a loop of its own), stamping each try with `clock`; whatever escapes the
        adapter crashed."""
        self._script, self._clock = scripted(reply), clock
        self._requests, self._arrivals, self._replies = [], [], []
        self._router.reset()  # respx's own record of every call would grow all session long
        stopped = ""
        try:
            made = outcome(adapter, api, call, caller)
        except Unanswered as stop:
            made, stopped = Crashed(stop), str(stop)
        return Exchange(
            made, tuple(self._requests), tuple(self._arrivals), tuple(self._replies), stopped
        )
