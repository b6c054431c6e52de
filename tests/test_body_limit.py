"""A response's body is read up to a limit, counted decoded: past it, ResponseTooLargeError.

Real servers on loopback send the bodies, so the count runs on what httpx's transport
reads. A gzip body that inflates far past the limit must stop near the limit: the memory
the call allocated (tracemalloc) stays at most the limit plus a small constant.
"""

from __future__ import annotations

import json
import tracemalloc
import zlib
from typing import Any

import pytest
from openrouter_generation_client import AuthenticatedClient, RetryPolicy
from openrouter_generation_client._body_limit import DEFAULT_BODY_LIMIT
from openrouter_generation_client.api.generations import get_generation, get_generation_content
from openrouter_generation_client.errors import (
    NoResponseError,
    OpenRouterGenerationError,
    ResponseTooLargeError,
)

from tests.loopback import LoopbackServer, Reply
from tests.modes import MODES, Mode, fetch, fetch_content

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
MIB = 1024 * 1024


def _padded(example: dict[str, Any], size: int) -> bytes:
    """A valid generation body of about `size` bytes: the example and one long unknown field."""
    body = json.loads(json.dumps(example))
    body["data"]["padding"] = "x" * size
    return json.dumps(body).encode()


def _gzip_bomb(mib: int) -> bytes:
    """A valid gzip member of `mib` MiB of zeros, about 1,000 times smaller. Built in
    milliseconds, not gzip.compress's half second: a full flush resets deflate's state, so one
    MiB deflated once stands for each of them."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(MIB)
    block = deflater.compress(zeros) + deflater.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
    trailer = crc.to_bytes(4, "little") + (mib * MIB % 2**32).to_bytes(4, "little")
    return head + block * mib + deflater.flush(zlib.Z_FINISH) + trailer


def _reply(body: bytes, status: int = 200, encoding: str | None = None) -> Reply:
    encoded = {} if encoding is None else {"Content-Encoding": encoding}
    return Reply(status, body, {"Content-Type": "application/json", **encoded})


def test_the_defaults_are_the_specs() -> None:
    assert get_generation.BODY_LIMIT == MIB
    assert get_generation_content.BODY_LIMIT == 64 * MIB
    assert DEFAULT_BODY_LIMIT == 64 * MIB


@pytest.mark.parametrize("mode", MODES)
def test_a_body_past_the_limit_is_an_error_with_the_status(
    mode: Mode, documented_example: dict[str, Any]
) -> None:
    body = _reply(_padded(documented_example, 2 * MIB))
    with LoopbackServer(body) as server, pytest.raises(ResponseTooLargeError) as raised:
        fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    error = raised.value
    assert isinstance(error, OpenRouterGenerationError)
    assert error.status_code == 200
    assert error.limit == MIB
    assert error.headers["content-type"] == "application/json"
    assert str(error).startswith("HTTP 200 OK: the body is longer than 1,048,576 bytes")
    assert "GET /generation" in str(error)
    assert "body_limits=" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_a_client_reads_more_for_an_operation_when_told(
    mode: Mode, documented_example: dict[str, Any]
) -> None:
    with LoopbackServer(_reply(_padded(documented_example, 2 * MIB))) as server:
        client = AuthenticatedClient(
            base_url=server.url, token=KEY, body_limits={"get_generation": 4 * MIB}
        )
        parsed = fetch(mode, client)
    assert parsed.data.id == documented_example["data"]["id"]


@pytest.mark.parametrize("mode", MODES)
def test_the_content_endpoint_has_its_own_limit(
    mode: Mode, documented_example: dict[str, Any]
) -> None:
    big = json.dumps({"data": {"padding": "x" * (2 * MIB)}}).encode()
    with LoopbackServer(_reply(big)) as server:
        client = AuthenticatedClient(
            base_url=server.url, token=KEY, body_limits={"get_generation_content": MIB}
        )
        with pytest.raises(ResponseTooLargeError, match="GET /generation/content"):
            fetch_content(mode, client)


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_bomb_stops_at_the_limit_with_bounded_memory(mode: Mode) -> None:
    bomb = _gzip_bomb(200)
    assert len(bomb) < MIB // 4  # about 200 KB on the wire
    # A gzip stream that inflates past the limit (read as far as that, not all 200 MiB).
    assert len(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(bomb, MIB + 1)) == MIB + 1
    with LoopbackServer(_reply(bomb, encoding="gzip")) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as raised:
                fetch(mode, client)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert raised.value.status_code == 200
    # The limit (1 MiB), the compressed body in flight, and a piece inflated twice (ours and
    # httpx's, about 1 MiB each) on top: far below the 200 MiB the body inflates to.
    assert peak < 5 * MIB, peak


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wrapped", [True, False], ids=["zlib", "raw deflate"])
def test_a_compressed_body_under_the_limit_parses(
    mode: Mode, wrapped: bool, documented_example: dict[str, Any]
) -> None:
    body = json.dumps(documented_example).encode()
    deflater = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
    deflated = deflater.compress(body) + deflater.flush()
    with LoopbackServer(_reply(deflated, encoding="deflate")) as server:
        parsed = fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert parsed.data.id == documented_example["data"]["id"]


@pytest.mark.parametrize("mode", MODES)
def test_an_error_body_past_the_limit_stops_a_retry_too(mode: Mode) -> None:
    huge_429 = b'{"error": {"code": 429, "message": "' + b"x" * (2 * MIB) + b'"}}'
    with LoopbackServer(_reply(huge_429, 429)) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=RetryPolicy(total=2))
        with pytest.raises(ResponseTooLargeError) as raised:
            fetch(mode, client)
    assert raised.value.status_code == 429
    assert len(server.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_an_encoding_whose_size_cannot_be_bounded_is_refused(mode: Mode) -> None:
    brotli = _reply(b"\x0b\x02\x80{}\x03", encoding="br")
    with LoopbackServer(brotli) as server, pytest.raises(NoResponseError, match="is 'br'"):
        fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))


def test_the_client_asks_only_for_encodings_it_can_bound(
    documented_example: dict[str, Any],
) -> None:
    with LoopbackServer(Reply.json(200, documented_example)) as server:
        fetch("sync", AuthenticatedClient(base_url=server.url, token=KEY))
    assert server.received[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"get_generations": MIB}, "no operation named 'get_generations'"),
        ({"get_generation": 0}, "a positive number of bytes"),
        ({"get_generation": 1.5}, "a positive number of bytes"),
    ],
)
def test_body_limits_are_checked_when_the_client_is_made(
    limits: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        AuthenticatedClient(token=KEY, body_limits=limits)
