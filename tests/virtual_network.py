"""A network on the virtual clock: servers that send their bytes when the script says, read
through httpx's own transports, with httpcore's real HTTP/1.1 parsing.

`VirtualNetwork` is an httpcore network backend (sync and async). Each connection plays the
next script: a list of `After(seconds, data)`, each piece sent that long after the one before.
A read waits on the virtual clock for the next piece, or for its timeout when that comes
first, and then raises httpcore's ReadTimeout, as a socket would. So a trickling body, a
header drip or a storm of 103s takes no real time, and each timeout and deadline is asserted
exactly. `transport()` gives httpx's HTTPTransport (or AsyncHTTPTransport) on this network.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore
import httpx

from tests.virtual_clock import VirtualClock


@dataclass(frozen=True)
class After:
    """Send `data` `seconds` after the previous piece (or after the request, for the first)."""

    seconds: float
    data: bytes


Script = list[After]

# Never, in practice: a server that has stopped sending.
NEVER = 1e9


def response(status: int, body: bytes, *headers: str) -> bytes:
    """An HTTP/1.1 response, whole."""
    head = [f"HTTP/1.1 {status} Scripted", *headers, f"Content-Length: {len(body)}", "", ""]
    return "\r\n".join(head).encode("latin-1") + body


class _Connection:
    """One connection: the server's side is `script`; the clock moves only as reads wait."""

    def __init__(self, network: VirtualNetwork, script: Script) -> None:
        self._network = network
        self._pieces = list(script)

    def _next(self, max_bytes: int, timeout: float | None) -> tuple[float, bytes | None]:
        """How long this read waits, and what it gets (None: its timeout ends it first)."""
        self._network.read_timeouts.append(timeout)
        if not self._pieces:
            return 0.0, b""  # the server closed the connection
        piece = self._pieces[0]
        if timeout is not None and timeout < piece.seconds:
            self._pieces[0] = After(piece.seconds - timeout, piece.data)
            return timeout, None
        self._pieces.pop(0)
        data, rest = piece.data[:max_bytes], piece.data[max_bytes:]
        if rest:
            self._pieces.insert(0, After(0.0, rest))
        return piece.seconds, data

    def _wrote(self, buffer: bytes) -> None:
        if buffer:  # httpcore writes the end of a request without a body as b""
            self._network.sent.append((self._network.clock.monotonic(), buffer))


class _Stream(httpcore.NetworkStream):
    def __init__(self, connection: _Connection, clock: VirtualClock) -> None:
        self._connection = connection
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        wait, data = self._connection._next(max_bytes, timeout)
        self._clock.sleep(wait)
        if data is None:
            raise httpcore.ReadTimeout("timed out")
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._connection._wrote(buffer)

    def close(self) -> None:
        pass

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        raise NotImplementedError("the virtual network speaks plain HTTP")


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, connection: _Connection, clock: VirtualClock) -> None:
        self._connection = connection
        self._clock = clock

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        wait, data = self._connection._next(max_bytes, timeout)
        await self._clock.asleep(wait)
        if data is None:
            raise httpcore.ReadTimeout("timed out")
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._connection._wrote(buffer)

    async def aclose(self) -> None:
        pass

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise NotImplementedError("the virtual network speaks plain HTTP")


class VirtualNetwork(httpcore.NetworkBackend):
    """Each connection made plays the next of `scripts` (past the last, the last again)."""

    def __init__(self, clock: VirtualClock, *scripts: Script) -> None:
        self.clock = clock
        self._scripts = list(scripts)
        self.connected_at: list[float] = []  # when each connection was made
        self.sent: list[tuple[float, bytes]] = []  # what the client wrote, and when
        self.read_timeouts: list[float | None] = []  # the timeout of each read, in order

    def _connection(self) -> _Connection:
        self.connected_at.append(self.clock.monotonic())
        script = self._scripts.pop(0) if len(self._scripts) > 1 else self._scripts[0]
        return _Connection(self, script)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._connection(), self.clock)

    def asynchronous(self) -> httpcore.AsyncNetworkBackend:
        """The same network, for AsyncHTTPTransport."""
        network = self

        class Async(httpcore.AsyncNetworkBackend):
            async def connect_tcp(
                self,
                host: str,
                port: int,
                timeout: float | None = None,
                local_address: str | None = None,
                socket_options: Iterable[typing.Any] | None = None,
            ) -> httpcore.AsyncNetworkStream:
                return _AsyncStream(network._connection(), network.clock)

            async def sleep(self, seconds: float) -> None:
                await network.clock.asleep(seconds)

        return Async()

    def transport(self, asynchronous: bool) -> httpx.HTTPTransport | httpx.AsyncHTTPTransport:
        """httpx's own transport, its connections made on this network."""
        if asynchronous:
            async_transport = httpx.AsyncHTTPTransport()
            async_transport._pool._network_backend = self.asynchronous()
            return async_transport
        transport = httpx.HTTPTransport()
        transport._pool._network_backend = self
        return transport
