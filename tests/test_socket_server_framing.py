"""The kit's socket server frames each reply the next way in turn (length, chunked, gzip, gzip in
chunks), but a reply that is already encoded, a gzip bomb of the body-limit kind, goes as it
is: compressing it again would hand the client a body its Content-Encoding does not describe."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

from conformance.adapters import Call, Malformed, Outcome
from conformance.transports.respx_server import Reply
from conformance.transports.socket_server import FRAMINGS, SocketServer

BODY = b'{"data": {}}' + b" " * 1000


class _RawAdapter:
    """Reads the reply with http.client, which undoes chunking but not Content-Encoding."""

    name = "raw"

    def __init__(self) -> None:
        self.seen: list[tuple[str | None, str | None, bytes]] = []

    def get(self, call: Call) -> Outcome:
        origin = urlsplit(call.base_url)
        connection = http.client.HTTPConnection(origin.hostname or "", origin.port)
        try:
            connection.request("GET", "/api/v1/generation?id=x")
            response = connection.getresponse()
            encoding = response.getheader("content-encoding")
            self.seen.append((encoding, response.getheader("transfer-encoding"), response.read()))
        finally:
            connection.close()
        return Malformed(200, None, "read raw", exception=ValueError("read raw"))

    async def aget(self, call: Call) -> Outcome:
        return self.get(call)


def _served(reply: Reply) -> list[tuple[str | None, str | None, bytes]]:
    adapter = _RawAdapter()
    with SocketServer() as server:
        for _ in FRAMINGS:
            server.exchange(adapter, "sync", Call(server.origin, "key", "getGeneration"), reply)
    return adapter.seen


def test_a_plain_reply_is_framed_each_way_in_turn() -> None:
    seen = _served(Reply(200, BODY, (("content-type", "application/json"),)))

    assert [(encoding, chunked) for encoding, chunked, _ in seen] == [
        (None, None),
        (None, "chunked"),
        ("gzip", None),
        ("gzip", "chunked"),
    ]
    assert [gzip.decompress(body) if encoding else body for encoding, _, body in seen] == [BODY] * 4


def test_a_reply_encoded_already_goes_as_it_is_by_length_or_in_chunks() -> None:
    bomb = gzip.compress(BODY, mtime=0)
    headers = (("content-type", "application/json"), ("Content-Encoding", "gzip"))

    seen = _served(Reply(200, bomb, headers))

    assert [(encoding, chunked) for encoding, chunked, _ in seen] == [
        ("gzip", None),
        ("gzip", "chunked"),
        ("gzip", None),
        ("gzip", "chunked"),
    ]
    assert [body for _, _, body in seen] == [bomb] * 4
