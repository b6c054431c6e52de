"""The loopback server every network benchmark talks to, run in a process of its own.

It answers `GET /api/v1/generation` with the documented example (newer fields included) over
keep-alive HTTP/1.1, from bytes built once. It must cost far less per request than any client,
or bulk throughput would measure the server: so no framework, just asyncio and httptools (the
C HTTP parser under uvicorn) for the framing. Running it in another process keeps its CPU out
of the client's `time.process_time()`; `GET /cpu` reports its own, to show what it took.

Rate-limited mode (`--limit N --window S --hint WHERE`) plays an API key's fixed-window limit:
at most N generations per window of S seconds, windows aligned on the Unix clock, and a 429
for every request over it (429s do not count against the limit). The 429 says when the window
resets where OpenRouter can put it: `header` (X-RateLimit-Limit/-Remaining/-Reset, the reset
in Unix milliseconds), `body` (the same names, only inside `error.metadata.headers`, as for an
upstream provider's limit) or `retry-after` (whole seconds, as HTTP has them). `GET /stats`
counts the generations served and the 429s.

`--latency S` answers each generation S seconds after its request (the scale section's
server at 0.2 s).

`python -m benchmarks.server [--limit N --window S --hint WHERE] [--latency S]` prints the port
it bound, then serves until terminated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httptools

from benchmarks import payloads

GENERATION_PATH = b"/api/v1/generation"
CPU_PATH = b"/cpu"
STATS_PATH = b"/stats"
HOST = "127.0.0.1"
HINTS = ("header", "body", "retry-after")


def response(status: bytes, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    """A complete keep-alive HTTP/1.1 response."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    head = (
        b"HTTP/1.1 " + status + b"\r\n"
        b"content-type: application/json\r\n"
        + extra.encode()
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    return head + body


GENERATION = response(b"200 OK", payloads.EXAMPLE)
NOT_FOUND = response(b"404 Not Found", b'{"error":{"code":404,"message":"Not Found"}}')
BAD_REQUEST = response(b"400 Bad Request", b'{"error":{"code":400,"message":"Bad Request"}}')


@dataclass(frozen=True)
class RateLimit:
    """A fixed window: `limit` generations per `window` seconds; `hint`: where 429s say when."""

    limit: int
    window: float
    hint: str

    def arguments(self) -> list[str]:
        return ["--limit", str(self.limit), "--window", str(self.window), "--hint", self.hint]


class Limiter:
    """The server's side of a RateLimit: counts this window's generations, words the 429s.

    `now` is its clock, Unix seconds (`time.time`; a smoke run's virtual clock in
    benchmarks/clocked.py)."""

    def __init__(self, rate_limit: RateLimit, now: Callable[[], float] = time.time) -> None:
        self.rate_limit = rate_limit
        self.now = now
        self.window_index = -1
        self.used = 0
        self.served = 0
        self.limited = 0

    def answer(self) -> bytes:
        """The generation, or a 429 when this window's limit is used up."""
        refused = self.refusal()
        if refused is None:
            return GENERATION
        headers, body = refused
        return response(b"429 Too Many Requests", body, headers)

    def refusal(self) -> tuple[dict[str, str], bytes] | None:
        """None when this request is served (counted against the window); else the headers
        and body of its 429."""
        now = self.now()
        index = math.floor(now / self.rate_limit.window)
        if index != self.window_index:
            self.window_index, self.used = index, 0
        if self.used < self.rate_limit.limit:
            self.used += 1
            self.served += 1
            return None
        self.limited += 1
        return self.too_many(now, (index + 1) * self.rate_limit.window)

    def too_many(self, now: float, reset: float) -> tuple[dict[str, str], bytes]:
        limits = {
            "X-RateLimit-Limit": str(self.rate_limit.limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(round(reset * 1000)),
        }
        error: dict[str, object] = {"code": 429, "message": "Rate limit exceeded"}
        headers: dict[str, str] = {}
        if self.rate_limit.hint == "header":
            headers = limits
        elif self.rate_limit.hint == "body":
            error["metadata"] = {"headers": limits}
        else:
            headers = {"Retry-After": str(math.ceil(reset - now))}
        return headers, json.dumps({"error": error}, separators=(",", ":")).encode()

    def stats(self) -> bytes:
        return json.dumps({"served": self.served, "limited": self.limited}).encode()


class Connection(asyncio.Protocol):
    """One client connection: feeds bytes to httptools, answers each complete request
    (`latency` seconds later, when there is one)."""

    def __init__(self, limiter: Limiter | None = None, latency: float = 0.0) -> None:
        self.limiter = limiter
        self.latency = latency
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
            self.reply(BAD_REQUEST, False)

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.url = b""

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_message_complete(self) -> None:
        path = httptools.parse_url(self.url).path
        if path == GENERATION_PATH:
            answer = GENERATION if self.limiter is None else self.limiter.answer()
        elif path == STATS_PATH and self.limiter is not None:
            answer = response(b"200 OK", self.limiter.stats())
        elif path == CPU_PATH:
            answer = response(b"200 OK", json.dumps(time.process_time()).encode())
        else:
            answer = NOT_FOUND
        keep_alive = self.parser.should_keep_alive()
        if self.latency > 0 and path == GENERATION_PATH:
            asyncio.get_running_loop().call_later(self.latency, self.reply, answer, keep_alive)
        else:
            self.reply(answer, keep_alive=keep_alive)

    def reply(self, answer: bytes, keep_alive: bool) -> None:
        if self.transport is None or self.transport.is_closing():
            return  # the client went away while the answer waited out its latency
        self.transport.write(answer)
        if not keep_alive:
            self.transport.close()


async def serve_forever(
    sock: socket.socket, rate_limit: RateLimit | None = None, latency: float = 0.0
) -> None:
    """Serve on an already bound socket until the process is terminated."""
    limiter = None if rate_limit is None else Limiter(rate_limit)
    server = await asyncio.get_running_loop().create_server(
        lambda: Connection(limiter, latency), sock=sock, backlog=4096
    )
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server", description=__doc__)
    parser.add_argument("--limit", type=int, help="generations per window (rate-limited mode)")
    parser.add_argument("--window", type=float, default=1.0, help="window length, seconds")
    parser.add_argument("--hint", choices=HINTS, default="header", help="where 429s say when")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    rate_limit = None if args.limit is None else RateLimit(args.limit, args.window, args.hint)
    sock = socket.create_server((HOST, 0), backlog=4096)
    print(sock.getsockname()[1], flush=True)
    asyncio.run(serve_forever(sock, rate_limit, args.latency))


@contextmanager
def running(rate_limit: RateLimit | None = None, latency: float = 0.0) -> Iterator[str]:
    """Start this server in a child process; yield its base URL (`http://127.0.0.1:PORT`)."""
    arguments = [] if rate_limit is None else rate_limit.arguments()
    if latency > 0:
        arguments += ["--latency", str(latency)]
    with spawned("benchmarks.server", arguments) as base_url:
        yield base_url


@contextmanager
def spawned(module: str, arguments: list[str]) -> Iterator[str]:
    """Start `python -m module arguments...`, a server that prints the port it bound; yield
    its base URL, and stop it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        stdout=subprocess.PIPE,
        text=True,
        cwd=payloads.ROOT,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the server {module} did not start (it printed {port!r})")
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    main()
