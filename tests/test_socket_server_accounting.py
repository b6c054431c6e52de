"""The kit's socket server counts each request in the exchange whose client sent it.

A loaded machine can run the server's thread late: a request a client sent and gave up on
must still count in its own exchange, not in the next case's ("sent 2 requests for one
call"). The late read is forced here, not hoped for: the server's read waits on a gate that
opens only once the server, at the exchange's end, waits for what the client sent.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from conformance.adapters import Call, NoResponse, Outcome
from conformance.transports.respx_server import Reply
from conformance.transports.socket_server import SocketServer

REQUEST = b"GET /api/v1/generation?id=x HTTP/1.1\r\nHost: loopback\r\n\r\n"


class RawAdapter:
    """A socket-only client whose call is `make(origin)`, as the test writes it."""

    name = "raw"

    def __init__(self, make: Callable[[], Outcome]) -> None:
        self._make = make

    def get(self, call: Call) -> Outcome:
        return self._make()

    async def aget(self, call: Call) -> Outcome:
        return self._make()


def call(server: SocketServer) -> Call:
    return Call(server.origin, "key", "getGeneration", {"id": "x"})


@pytest.fixture
def server() -> Iterator[SocketServer]:
    with SocketServer() as serving:
        yield serving


def connect(server: SocketServer) -> socket.socket:
    host, port = urlsplit(server.origin).netloc.split(":")
    return socket.create_connection((host, int(port)))


def test_a_request_read_late_counts_in_its_own_exchange(
    server: SocketServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    serve, wait = SocketServer._serve, server._changed.wait

    def late_serve(self: SocketServer, connection: object) -> None:
        gate.wait(timeout=60)  # bounded, so a broken server cannot hang the run
        serve(self, connection)  # type: ignore[arg-type]

    def open_then_wait(timeout: float | None = None) -> bool:
        gate.set()  # the server waits at the exchange's end: only now may it read
        return wait(timeout)

    monkeypatch.setattr(SocketServer, "_serve", late_serve)
    monkeypatch.setattr(server._changed, "wait", open_then_wait)
    abandoned: list[socket.socket] = []

    def send_and_give_up() -> Outcome:
        sock = connect(server)
        sock.sendall(REQUEST)
        abandoned.append(sock)  # timed out: never reads the reply
        return NoResponse(TimeoutError("read timed out"))

    first = server.exchange(RawAdapter(send_and_give_up), "sync", call(server), Reply(200))
    gate.clear()
    second = server.exchange(RawAdapter(send_and_give_up), "sync", call(server), Reply(200))
    for sock in abandoned:
        sock.close()

    assert [len(first.requests), len(second.requests)] == [1, 1]


def test_a_connection_opened_and_left_silent_counts_nothing(server: SocketServer) -> None:
    opened: list[socket.socket] = []

    def connect_and_give_up() -> Outcome:
        opened.append(connect(server))
        return NoResponse(TimeoutError("connect timed out"))

    def send_on_it() -> Outcome:
        opened[0].sendall(REQUEST)  # the next call sends on it and gives up too
        return NoResponse(TimeoutError("read timed out"))

    silent = server.exchange(RawAdapter(connect_and_give_up), "sync", call(server), Reply(200))
    late = server.exchange(RawAdapter(send_on_it), "sync", call(server), Reply(200))
    opened[0].close()

    assert [len(silent.requests), len(late.requests)] == [0, 1]


def test_a_keep_alive_connection_reused_across_exchanges_serves_each(
    server: SocketServer,
) -> None:
    host, port = urlsplit(server.origin).netloc.split(":")
    pooled = http.client.HTTPConnection(host, int(port))
    statuses: list[int] = []
    sockets: list[object] = []

    def get() -> Outcome:
        pooled.request("GET", "/api/v1/generation?id=x")
        response = pooled.getresponse()
        response.read()
        statuses.append(response.status)
        sockets.append(pooled.sock)
        return NoResponse(TimeoutError("not parsed here"))

    exchanges = [server.exchange(RawAdapter(get), "sync", call(server), Reply(404)) for _ in "ab"]
    pooled.close()

    assert [len(made.requests) for made in exchanges] == [1, 1]
    assert statuses == [404, 404]
    assert sockets[0] is sockets[1]  # one connection, kept alive from one exchange to the next
