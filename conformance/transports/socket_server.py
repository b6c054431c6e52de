"""A real HTTP/1.1 server on 127.0.0.1 that serves the kit's replies over sockets.

respx answers inside httpx, so only httpx-based clients can be measured with it. This server
answers any client (requests, urllib3, aiohttp, ...) with the same replies, on a real socket:
keep-alive connections, and each reply framed in turn with a Content-Length, chunked, gzip
and gzip inside chunks, so a client must handle every framing a real server may pick. It can
also misbehave the ways only a socket can: stall, reset or close mid-body (`Fault`).

Bounded: at most `MAX_CONNECTIONS` connections are served at once, an idle connection is
dropped after `IDLE` seconds, a stall lasts at most `STALL` seconds, and the server stops
itself after `LIFETIME` seconds if nobody stops it.
"""

from __future__ import annotations

import gzip
import http
import itertools
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Literal
from urllib.parse import urlsplit

import httpx

from conformance.adapters import Api, Call, ClientAdapter, Clock
from conformance.transports.calls import Caller, outcome
from conformance.transports.respx_server import REAL_CLOCK, Exchange, Reply, Script, scripted

Framing = Literal["length", "chunked", "gzip", "gzip-chunked"]
FRAMINGS: tuple[Framing, ...] = ("length", "chunked", "gzip", "gzip-chunked")
MAX_CONNECTIONS = 16
IDLE = 5.0
STALL = 10.0
LIFETIME = 3600.0
# Headers the server writes itself, from the framing: a reply's own are dropped.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "content-encoding"})
_NO_BODY = frozenset({204, 304})


@dataclass(frozen=True)
class Fault:
    """Misbehave instead of answering whole: after the head and half the body, `stall` (say
    nothing until the client gives up or STALL passes), `reset` (TCP RST) or `close` (FIN);
    `before-head` stalls before sending anything."""

    kind: Literal["stall", "reset", "close", "before-head"]


@dataclass
class _Received:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    at: float = 0.0  # Unix time of arrival, on the exchange's clock
    reply: Reply | None = None  # what it was answered


class SocketServer:
    """Serves one reply per exchange on 127.0.0.1; a context manager, like FakeServer."""

    def __init__(self) -> None:
        self._script: Script = scripted(Reply(500))
        self._clock: Clock = REAL_CLOCK
        self._fault: Fault | None = None
        self._framings = itertools.cycle(FRAMINGS)
        self._framing: Framing = "length"
        self._received: list[_Received] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._stopping = threading.Event()
        self._started = False
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                if not owner._slots.acquire(timeout=IDLE):
                    return
                try:
                    owner._serve(self.request)
                finally:
                    owner._slots.release()

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._timer = threading.Timer(LIFETIME, self.stop)
        self._timer.daemon = True

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base_url(self, spec_url: str) -> str:
        """The spec's server URL moved onto this server: same path, loopback origin."""
        return self.origin + urlsplit(spec_url).path.rstrip("/")

    def __enter__(self) -> SocketServer:
        self._thread.start()
        self._timer.start()
        self._started = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving (idempotent): stalls end, the listening socket closes."""
        self._stopping.set()
        self._timer.cancel()
        if self._started:
            self._started = False
            self._server.shutdown()
            self._server.server_close()

    def exchange(
        self,
        adapter: ClientAdapter,
        api: Api,
        call: Call,
        reply: Reply | Script,
        fault: Fault | None = None,
        caller: Caller | None = None,
        clock: Clock = REAL_CLOCK,
    ) -> Exchange:
        """Let the client make its call against `reply` (framed the next way in turn), through
        `caller` (the session's; by default a loop of its own), stamping each try with
        `clock`."""
        with self._lock:
            self._script, self._fault, self._clock = scripted(reply), fault, clock
            self._framing = next(self._framings)
            self._received = []
        made = outcome(adapter, api, call, caller)
        with self._lock:
            received = list(self._received)
        return Exchange(
            made,
            tuple(self._as_httpx(item) for item in received),
            tuple(item.at for item in received),
            tuple(item.reply for item in received if item.reply is not None),
        )

    def _as_httpx(self, item: _Received) -> httpx.Request:
        return httpx.Request(
            item.method, self.origin + item.target, headers=item.headers, content=item.body
        )

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(IDLE)
        buffered = b""
        while not self._stopping.is_set():
            try:
                received, buffered = _read_request(connection, buffered)
            except (OSError, ValueError):
                return
            if received is None:
                return
            with self._lock:
                received.at = self._clock.time()
                reply = received.reply = self._script(len(self._received), received.at)
                self._received.append(received)
                fault, framing = self._fault, self._framing
            if not self._answer(connection, reply, fault, framing):
                return

    def _answer(
        self, connection: socket.socket, reply: Reply, fault: Fault | None, framing: Framing
    ) -> bool:
        """Send the reply; False when the connection is done with."""
        if fault is not None and fault.kind == "before-head":
            self._stopping.wait(STALL)
            return False
        body = b"" if reply.status in _NO_BODY else reply.content
        head, payload = _framed(reply, body, framing if fault is None else "length")
        try:
            if fault is None:
                connection.sendall(head + payload)
                return True
            connection.sendall(head + payload[: len(payload) // 2])
            if fault.kind == "stall":
                self._stopping.wait(STALL)
            elif fault.kind == "reset":
                # SO_LINGER on with a zero timeout makes close() send RST instead of FIN.
                linger = struct.pack("ii", 1, 0)
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                connection.close()
        except OSError:
            pass
        return False


def _framed(reply: Reply, body: bytes, framing: Framing) -> tuple[bytes, bytes]:
    """The status line and headers, and the body as framed."""
    phrase = http.HTTPStatus(reply.status).phrase if reply.status in _PHRASES else "Status"
    lines = [f"HTTP/1.1 {reply.status} {phrase}"]
    lines += [f"{k}: {v}" for k, v in reply.headers if k.lower() not in _FRAMING_HEADERS]
    if reply.status in _NO_BODY:
        framing = "length"
    if framing.startswith("gzip") and body:
        body = gzip.compress(body, mtime=0)
        lines.append("Content-Encoding: gzip")
    if framing.endswith("chunked"):
        lines.append("Transfer-Encoding: chunked")
        body = _chunks(body)
    elif reply.status not in _NO_BODY:
        lines.append(f"Content-Length: {len(body)}")
    head = "\r\n".join([*lines, "", ""]).encode("latin-1")
    return head, body


_PHRASES = frozenset(status.value for status in http.HTTPStatus)


def _chunks(body: bytes) -> bytes:
    """`body` in three chunks (or none), then the last, empty chunk."""
    size = max(1, len(body) // 3 + 1)
    parts = [body[start : start + size] for start in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def _read_request(connection: socket.socket, buffered: bytes) -> tuple[_Received | None, bytes]:
    """The next request on the connection, and what was read past it (None: closed)."""
    data = buffered
    deadline = time.monotonic() + IDLE
    while b"\r\n\r\n" not in data:
        if time.monotonic() > deadline:
            return None, b""
        chunk = connection.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    length = int(dict(headers).get("content-length", "0"))
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("connection closed inside a request body")
        rest += chunk
    return _Received(method, target, headers, rest[:length]), rest[length:]
