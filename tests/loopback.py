"""A real HTTP server on 127.0.0.1 that plays a script, for the faults a mock cannot make.

respx answers inside httpx. What a client meets in production happens on a socket: a server
that accepts and then says nothing, a connection reset, a body cut short, a redirect to
another origin. `LoopbackServer` answers each request with the next step of its script and
records what it received (method, target, headers) and when.
"""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

# A handler gives up on a client that connects and sends nothing for this long, so that
# stopping the server never waits on it for more.
_IDLE = 5.0
# The longest a Stall holds a connection if the server is never stopped.
_STALL_MAX = 60.0


@dataclass(frozen=True)
class Reply:
    """Answer with this status, headers and body, then close the connection."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, body: object, headers: Mapping[str, str] | None = None) -> Reply:
        return cls(
            status,
            json.dumps(body).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )


@dataclass(frozen=True)
class Stall:
    """Read the request, then send nothing until the server stops."""


@dataclass(frozen=True)
class Reset:
    """Read the request, then reset the connection (TCP RST) without answering."""


@dataclass(frozen=True)
class Truncated:
    """Send `reply`'s status line, headers and half its body, then close the connection."""

    reply: Reply


@dataclass(frozen=True)
class Drip:
    """Read the request, then send `pieces` one by one, `every` seconds apart, until the
    server stops: a trickling body, headers a line at a time, a storm of 103s."""

    pieces: tuple[bytes, ...]
    every: float


Step = Reply | Stall | Reset | Truncated | Drip

# Answer to requests past the end of the script: a status no retry policy retries.
EXHAUSTED = Reply(418, b"loopback script exhausted", {"Content-Type": "text/plain"})


@dataclass(frozen=True)
class Received:
    """One request as the server read it (header names lower-cased)."""

    method: str
    target: str
    headers: Mapping[str, str]
    at: float  # time.monotonic() when it was read
    wall_clock: float  # time.time() when it was read, to compare with HTTP dates


class LoopbackServer:
    """Serve `steps` in order, one per request, on 127.0.0.1 (a free port); a context manager."""

    def __init__(self, *steps: Step) -> None:
        self._steps = list(steps)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.received: list[Received] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                owner._serve(self.request)

        # Handler threads are joined on exit (ThreadingMixIn's block_on_close), so every
        # connection is closed by the time the `with` block ends.
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        # A short poll interval: shutdown() waits up to one interval for the serving loop.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(_IDLE)
        try:
            received = _read_request(connection)
        except (OSError, ValueError):
            return
        with self._lock:
            self.received.append(received)
            step = self._steps.pop(0) if self._steps else EXHAUSTED
        if isinstance(step, Reply):
            connection.sendall(_head(step) + step.body)
        elif isinstance(step, Truncated):
            connection.sendall(_head(step.reply) + step.reply.body[: len(step.reply.body) // 2])
        elif isinstance(step, Stall):
            self._stopping.wait(_STALL_MAX)
        elif isinstance(step, Drip):
            for piece in step.pieces:
                try:
                    connection.sendall(piece)
                except OSError:  # the client gave up and closed the connection
                    return
                if self._stopping.wait(step.every):
                    return
        else:
            # SO_LINGER on with a zero timeout makes close() send RST instead of FIN.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()


def _read_request(connection: socket.socket) -> Received:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("connection closed before a complete request")
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Received(method, target, headers, time.monotonic(), time.time())


def _head(reply: Reply) -> bytes:
    lines = [f"HTTP/1.1 {reply.status} Scripted"]
    lines += [f"{name}: {value}" for name, value in reply.headers.items()]
    lines += [f"Content-Length: {len(reply.body)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")
