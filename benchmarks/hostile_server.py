"""A server that misbehaves on purpose, for the hostile section: every request gets the same
bad answer, whatever it asks.

- ``trickle``: a 200's head, then its body one byte every ``--every`` seconds, for ever.
- ``early-hints``: an HTTP 103 every ``--every`` seconds, for ever, and never the final answer.
- ``gzip-bomb``: a 200 whose ``Content-Encoding: gzip`` body of about ``--size`` / 1,000 bytes
  inflates to ``--size`` bytes of zeros (deflate's ratio on zeros is about 1,030 to 1; 10 GiB
  from 10 MB).
- ``huge-body``: a 200 whose JSON body (the example with one long unknown field) is ``--size``
  bytes.

Bodies are written as the client reads them (``drain()``), so the server never holds more
than a piece of one. ``python -m benchmarks.hostile_server SCENARIO`` prints the port it bound,
then serves until terminated.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import zlib
from collections.abc import Iterator

from benchmarks import payloads

SCENARIOS = ("trickle", "early-hints", "gzip-bomb", "huge-body")
HOST = "127.0.0.1"
# Zeros deflated per block of the bomb: every block after a full flush deflates the same.
_BLOCK = 16 * 1024 * 1024
_PIECE = 1024 * 1024


def gzip_bomb(size: int) -> tuple[bytes, Iterator[bytes]]:
    """The gzip member of `size` zero bytes, as (head, pieces); built from one deflated block
    repeated (a full flush resets deflate's state, so each block deflates alike)."""
    blocks, rest = divmod(size, _BLOCK)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflater.compress(bytes(_BLOCK)) + deflater.flush(zlib.Z_FULL_FLUSH)
    tail = deflater.compress(bytes(rest)) + deflater.flush(zlib.Z_FINISH)
    head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
    # The CRC of the inflated bytes is left at 0: computing it takes most of a minute, and no
    # client reaches the trailer (a cap stops ours; memory runs out for the others first).
    trailer = bytes(4) + (size % 2**32).to_bytes(4, "little")
    length = len(head) + blocks * len(block) + len(tail) + len(trailer)

    def pieces() -> Iterator[bytes]:
        yield head
        for _ in range(blocks):
            yield block
        yield tail + trailer

    return str(length).encode(), pieces()


def huge_body(size: int) -> tuple[bytes, Iterator[bytes]]:
    """A valid generation body of `size` bytes: the example with one long unknown field."""
    start = payloads.EXAMPLE[:-2] + b',"padding":"'  # inside "data", before its closing braces
    end = b'"}}'
    filler = size - len(start) - len(end)

    def pieces() -> Iterator[bytes]:
        yield start
        left = filler
        chunk = b"x" * _PIECE
        while left > 0:
            yield chunk[: min(left, _PIECE)]
            left -= _PIECE
        yield end

    return str(size).encode(), pieces()


class Hostile:
    def __init__(self, scenario: str, every: float, size: int) -> None:
        self.scenario = scenario
        self.every = every
        self.size = size

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await self.answer(writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def answer(self, writer: asyncio.StreamWriter) -> None:
        if self.scenario == "early-hints":
            while True:
                writer.write(b"HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n")
                await writer.drain()
                await asyncio.sleep(self.every)
        if self.scenario == "trickle":
            head = b"content-length: 1000000\r\n"
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + head + b"\r\n")
            while True:
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(self.every)
        length, pieces = (gzip_bomb if self.scenario == "gzip-bomb" else huge_body)(self.size)
        encoding = b"content-encoding: gzip\r\n" if self.scenario == "gzip-bomb" else b""
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + encoding
            + b"content-length: "
            + length
            + b"\r\n\r\n"
        )
        for piece in pieces:
            writer.write(piece)
            await writer.drain()


async def serve_forever(sock: socket.socket, hostile: Hostile) -> None:
    server = await asyncio.start_server(hostile.handle, sock=sock)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    prog = "python -m benchmarks.hostile_server"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between drips")
    parser.add_argument("--size", type=int, default=500_000_000, help="body bytes, decoded")
    args = parser.parse_args(argv)
    sock = socket.create_server((HOST, 0))
    print(sock.getsockname()[1], flush=True)
    asyncio.run(serve_forever(sock, Hostile(args.scenario, args.every, args.size)))


if __name__ == "__main__":
    main()
