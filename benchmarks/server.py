"""The loopback server every network benchmark talks to, run in a process of its own.

It answers `GET /api/v1/generation` with the documented example (newer fields included) over
keep-alive HTTP/1.1, from bytes built once. It must cost far less per request than any client,
or bulk throughput would measure the server: so no framework, just asyncio and httptools (the
C HTTP parser under uvicorn) for the framing. Running it in another process keeps its CPU out
of the client's `time.process_time()`; `GET /cpu` reports its own, to show what it took.

`python -m benchmarks.server` prints the port it bound, then serves until terminated.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httptools

from benchmarks import payloads

GENERATION_PATH = b"/api/v1/generation"
CPU_PATH = b"/cpu"
HOST = "127.0.0.1"


def response(status: bytes, body: bytes) -> bytes:
    """A complete keep-alive HTTP/1.1 response."""
    head = (
        b"HTTP/1.1 " + status + b"\r\n"
        b"content-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


GENERATION = response(b"200 OK", payloads.EXAMPLE)
NOT_FOUND = response(b"404 Not Found", b'{"error":{"code":404,"message":"Not Found"}}')
BAD_REQUEST = response(b"400 Bad Request", b'{"error":{"code":400,"message":"Bad Request"}}')


class Connection(asyncio.Protocol):
    """One client connection: feeds bytes to httptools, answers each complete request."""

    def __init__(self) -> None:
        self.parser = httptools.HttpRequestParser(self)
        self.url = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.reply(BAD_REQUEST, keep_alive=False)

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.url = b""

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_message_complete(self) -> None:
        path = httptools.parse_url(self.url).path
        if path == GENERATION_PATH:
            answer = GENERATION
        elif path == CPU_PATH:
            answer = response(b"200 OK", json.dumps(time.process_time()).encode())
        else:
            answer = NOT_FOUND
        self.reply(answer, keep_alive=self.parser.should_keep_alive())

    def reply(self, answer: bytes, *, keep_alive: bool) -> None:
        assert self.transport is not None
        self.transport.write(answer)
        if not keep_alive:
            self.transport.close()


async def serve_forever(sock: socket.socket) -> None:
    """Serve on an already bound socket until the process is terminated."""
    server = await asyncio.get_running_loop().create_server(Connection, sock=sock, backlog=256)
    async with server:
        await server.serve_forever()


def main() -> None:
    sock = socket.create_server((HOST, 0))
    print(sock.getsockname()[1], flush=True)
    asyncio.run(serve_forever(sock))


@contextmanager
def running() -> Iterator[str]:
    """Start the server in a child process; yield its base URL (`http://127.0.0.1:PORT`)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=payloads.ROOT,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the benchmark server did not start (it printed {port!r})")
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    main()
