"""The body cap: the most of a response's body the client reads, counted decoded.

A metadata answer is a few KB, stored content a few MB; a server that sends 500 MB, or a 10 MB
gzip body that inflates to 10 GB, would otherwise be read whole into memory. So every
response's body is counted as httpx will decode it, while it arrives, and reading stops with
``errors.ResponseTooLargeError`` (which has the status and the headers) as soon as it passes
the request's limit: memory stays at most the limit plus about a megabyte. A compressed body
is handed to httpx in pieces of ``_PIECE`` bytes, each counted through a decompressor of its
own before httpx inflates it, so no piece can grow past about a megabyte unseen (deflate
inflates at most about 1,032 times). Encodings whose inflation cannot be bounded that way
(``br``, ``zstd``, decoded by httpx when their packages are installed) are refused, and the
client asks only for ``gzip, deflate``.

Each operation's limit is the spec's ``x-body-limit`` for its success response, or what the
client's ``body_limits=`` says for it; a request made through ``get_httpx_client()`` gets
``DEFAULT_BODY_LIMIT``.
"""

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from . import _options
from ._wrapping import Transport, WrappingTransport
from .errors import ResponseTooLargeError

DEFAULT_BODY_LIMIT = 64 * 1024 * 1024
"""Bytes, decoded, of a response to a request that names no limit of its own."""

# The request extension through which an operation gives its limit, in bytes.
EXTENSION = "openrouter_generation_client.body_limit"
# What the client sends as Accept-Encoding: the encodings whose inflation it can bound.
ACCEPT_ENCODING = "gzip, deflate"
# Pieces a compressed body is handed on in; inflated, one is at most about 1,032 times this.
_PIECE = 1024
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_UNBOUNDED = frozenset({"br", "zstd"})


class BodyLimitTransport(WrappingTransport):
    """Wraps a transport (sync, async or both): each response body stops at its limit."""

    def __init__(self, transport: Transport, default: int = DEFAULT_BODY_LIMIT) -> None:
        super().__init__(transport)
        self.default = _options.count("BodyLimitTransport's default (bytes)", default)

    def __repr__(self) -> str:
        return f"BodyLimitTransport(default={self.default}, transport={self.transport!r})"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limit = self._limit(request)
        return self._capped(request, self._sync().handle_request(request), limit)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limit = self._limit(request)
        return self._capped(request, await self._async().handle_async_request(request), limit)

    def _limit(self, request: httpx.Request) -> int:
        """The request's own limit (checked before it is sent), else the default."""
        if EXTENSION not in request.extensions:
            return self.default
        return _options.count(f"extensions[{EXTENSION!r}] (bytes)", request.extensions[EXTENSION])

    def _capped(
        self, request: httpx.Request, response: httpx.Response, limit: int
    ) -> httpx.Response:
        counter = _Counter(request, response, limit)
        if response.is_closed:  # read already (a mock's response): its length is known
            counter.count(response.content)
            return response
        response.stream = _Capped(response.stream, counter)
        return response


class _Counter:
    """Counts one response's body as httpx will decode it; raises past the limit."""

    def __init__(self, request: httpx.Request, response: httpx.Response, limit: int) -> None:
        self.request = request
        self.response = response
        self.limit = limit
        self.seen = 0
        encodings = [
            part.strip().lower()
            for part in response.headers.get("content-encoding", "").split(",")
            if part.strip() and part.strip().lower() != "identity"
        ]
        refused = [encoding for encoding in encodings if encoding in _UNBOUNDED]
        if refused or len(encodings) > 1:
            raise httpx.DecodingError(
                f"the response's Content-Encoding is {', '.join(encodings)!r}, which the client "
                f"did not ask for (it asks for {ACCEPT_ENCODING}) and cannot bound the size of",
                request=request,
            )
        self.encoding = encodings[0] if encodings else None
        wbits = _WBITS.get(self.encoding or "")
        # Other encodings httpx does not decode either: their bytes are the body.
        self.inflater = None if wbits is None else zlib.decompressobj(wbits)
        self.started = False

    def count(self, decoded: bytes) -> None:
        self.seen += len(decoded)
        if self.seen > self.limit:
            raise ResponseTooLargeError(
                self.response.status_code,
                self.response.headers,
                self.limit,
                f"{self.request.method} {self.request.url.path}",
            )

    def pieces(self, chunk: bytes) -> Iterator[bytes]:
        """`chunk` as it may go on: counted first, in small pieces when it is compressed."""
        if self.inflater is None:
            self.count(chunk)
            yield chunk
            return
        for start in range(0, len(chunk), _PIECE):
            piece = chunk[start : start + _PIECE]
            self.count(self._inflated(piece))
            yield piece

    def _inflated(self, piece: bytes) -> bytes:
        assert self.inflater is not None
        first, self.started = not self.started, True
        try:
            return self.inflater.decompress(piece)
        except zlib.error as error:
            if first and self.encoding == "deflate":
                # Raw deflate without its zlib wrapper, which httpx's decoder accepts too.
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflated(piece)
            raise httpx.DecodingError(str(error), request=self.request) from error


class _Capped(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response stream whose bytes are counted on their way to httpx."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, counter: _Counter
    ) -> None:
        self._stream = stream
        self._counter = counter

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        for chunk in self._stream:
            yield from self._counter.pieces(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            for piece in self._counter.pieces(chunk):
                yield piece

    def close(self) -> None:
        if isinstance(self._stream, httpx.SyncByteStream):
            self._stream.close()

    async def aclose(self) -> None:
        if isinstance(self._stream, httpx.AsyncByteStream):
            await self._stream.aclose()
