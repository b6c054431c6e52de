"""The fake API: a respx router standing in for the spec's server URL for the whole session.

Each exchange serves one reply to whatever the client sends and records the requests, so a
case can look at both sides. respx patches httpx's transports, so any httpx-based client is
served without a socket; every request is routed (none can leak to the network).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import respx

from conformance.adapters import Call, ClientAdapter, Outcome
from conformance.transports.calls import Api, Caller, outcome


@dataclass(frozen=True)
class Reply:
    """What the fake server answers: a status, raw bytes and headers."""

    status: int
    content: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status: int, body: Any) -> Reply:
        """A JSON body, UTF-8 as the API sends it (not ASCII-escaped)."""
        content = json.dumps(body, ensure_ascii=False).encode()
        return cls(status, content, (("content-type", "application/json"),))


@dataclass(frozen=True)
class Exchange:
    """What the client made of a reply, and the requests it sent to get it."""

    outcome: Outcome
    requests: tuple[httpx.Request, ...]


class FakeServer:
    """Serves one reply per exchange to a client under test, through its sync or async API."""

    def __init__(self) -> None:
        self._router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        # The kit's own loopback server (transports/socket_server.py) is reached over a real socket.
        self._router.route(host="127.0.0.1").pass_through()
        self._router.route().mock(side_effect=self._answer)
        self._reply = Reply(500)
        self._requests: list[httpx.Request] = []

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
        self._requests.append(request)
        return httpx.Response(
            self._reply.status, headers=list(self._reply.headers), content=self._reply.content
        )

    def exchange(
        self,
        adapter: ClientAdapter,
        api: Api,
        call: Call,
        reply: Reply,
        caller: Caller | None = None,
    ) -> Exchange:
        """Let the client make its call against `reply` (through `caller`, the session's; by
        default a loop of its own); whatever escapes the adapter crashed."""
        self._reply = reply
        self._requests = []
        self._router.reset()  # respx's own record of every call would grow all session long
        made = outcome(adapter, api, call, caller)
        return Exchange(made, tuple(self._requests))
