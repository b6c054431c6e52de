"""A real HTTP/1.1 server on 127.0.0.1 that serves the kit's replies over sockets.

respx answers inside httpx, so only httpx-based clients can be measured with it. This server
answers any client (requests, urllib3, aiohttp, ...) with the same replies, on a real socket:
keep-alive connections, and each reply framed in turn with a Content-Length, chunked, gzip
and gzip inside chunks, so a client must handle every framing a real server may pick (a reply
that names its own Content-Encoding is sent with it, as it is, by length or in chunks). It can
also misbehave the ways only a socket can: stall, reset or close mid-body (`Fault`).

An exchange ends only when the server has accounted for every connection the client opened
during its call: each accepted, and none holding a request not yet counted (`_settle`). A
request read late on a loaded machine so still counts in the exchange whose client sent it,
never in the next; a keep-alive connection a pooled client reuses in the next case serves it
as usual, since nothing of the last case is left unread on it. A connection still holding an
uncounted request after `IDLE` seconds is cut, and whatever it held is never counted.

Bounded: at most `MAX_CONNECTIONS` connections are served at once, an idle connection is
dropped after `IDLE` seconds, a stall lasts at most `STALL` seconds, and the server stops
itself after `LIFETIME` seconds if nobody stops it.
"""

from __future__ import annotations

import contextlib
import gzip
import http
import itertools
import select
import socket
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


@dataclass(eq=False)
class _Connection:
    """One accepted connection and what the server owes on it: `reading` (anything readable
    on it is a request not yet counted), `busy` (its handler holds such a request's bytes),
    `faulting` (its request is counted; the handler misbehaves, then closes it)."""

    socket: socket.socket
    state: Literal["reading", "busy", "faulting"] = "reading"
    cut: bool = False  # closed by the server before its request was counted: never count it

    def accounted(self) -> bool:
        """Nothing on it waits to be counted (called under the server's lock)."""
        if self.state == "faulting":
            return True
        return self.state == "reading" and not _readable(self.socket, 0)


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
        self._changed = threading.Condition(self._lock)  # a connection changed state
        self._accepting = threading.Lock()
        self._connections: set[_Connection] = set()
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._stopping = threading.Event()
        self._started = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._timer = threading.Timer(LIFETIME, self.stop)
        self._timer.daemon = True

    @property
    def origin(self) -> str:
        host, port = self._listener.getsockname()[:2]
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
            self._thread.join()
        with self._accepting:
            self._listener.close()

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
        self._settle()
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

    def _settle(self) -> None:
        """Wait until every connection the client opened is accounted for: accepted (the
        client's call is over, so each is accepted or queued on the listener by now) and none
        holding a request not yet counted. One still holding one after IDLE is cut."""
        with self._accepting:
            self._accept_pending()
        deadline = time.monotonic() + IDLE
        with self._changed:
            while True:
                owed = [c for c in self._connections if not c.accounted()]
                left = deadline - time.monotonic()
                if not owed:
                    return
                if left <= 0:
                    break
                self._changed.wait(min(left, 0.05))
            for connection in owed:
                connection.cut = True
                _shut(connection.socket)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            if _readable(self._listener, 0.05):
                with self._accepting:
                    self._accept_pending()

    def _accept_pending(self) -> None:
        """Accept every connection queued on the listener, each served on a thread of its own
        (called holding `_accepting`)."""
        while True:
            try:
                accepted, _ = self._listener.accept()
            except OSError:  # none queued (BlockingIOError), or the listener is closed
                return
            accepted.settimeout(IDLE)
            connection = _Connection(accepted)
            with self._lock:
                self._connections.add(connection)
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: _Connection) -> None:
        try:
            if self._slots.acquire(timeout=IDLE):
                try:
                    self._serve(connection)
                finally:
                    self._slots.release()
        finally:
            with self._changed:
                self._connections.discard(connection)
                self._changed.notify_all()
            _shut(connection.socket)
            connection.socket.close()

    def _serve(self, connection: _Connection) -> None:
        buffered = b""
        while not self._stopping.is_set():
            if not buffered and not _readable(connection.socket, IDLE):
                return
            with self._changed:
                connection.state = "busy"
                self._changed.notify_all()
            try:
                received, buffered = _read_request(connection.socket, buffered)
            except (OSError, ValueError):
                return
            if received is None:
                return
            with self._changed:
                if connection.cut:
                    return
                received.at = self._clock.time()
                reply = received.reply = self._script(len(self._received), received.at)
                self._received.append(received)
                fault, framing = self._fault, self._framing
                # Counted: from here on, only what the client sends next is owed.
                if fault is not None:
                    connection.state = "faulting"
                else:
                    connection.state = "busy" if buffered else "reading"
                self._changed.notify_all()
            if not self._answer(connection.socket, reply, fault, framing):
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


def _readable(connection: socket.socket, timeout: float) -> bool:
    """Whether `connection` has something to read (bytes or the end) within `timeout`."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(connection, select.POLLIN)
        return bool(poller.poll(timeout * 1000))
    return bool(select.select([connection], [], [], timeout)[0])


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or the client is gone
        connection.shutdown(socket.SHUT_RDWR)


def _framed(reply: Reply, body: bytes, framing: Framing) -> tuple[bytes, bytes]:
    """The status line and headers, and the body as framed."""
    phrase = http.HTTPStatus(reply.status).phrase if reply.status in _PHRASES else "Status"
    lines = [f"HTTP/1.1 {reply.status} {phrase}"]
    lines += [f"{k}: {v}" for k, v in reply.headers if k.lower() not in _FRAMING_HEADERS]
    encoded = [v for k, v in reply.headers if k.lower() == "content-encoding"]
    if reply.status in _NO_BODY:
        framing = "length"
    if encoded:  # a body the reply encoded itself (a gzip bomb, say) goes as it is
        lines.append(f"Content-Encoding: {encoded[0]}")
        framing = "chunked" if framing.endswith("chunked") else "length"
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
