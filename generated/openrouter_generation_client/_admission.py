"""Admission: how many requests one connection pool is given at once; the rest queue here.

httpx counts the time a request waits for a pooled connection against its pool timeout, and
httpcore walks every waiting request each time a connection frees up. So a plain
``asyncio.gather`` of thousands of calls on one client would time out while merely queueing,
burning a core on the walk. The client lets at most as many requests into each pool as it
has connections (``httpx.Limits.max_connections``); the others wait here, first come first
served, for as long as it takes: waiting for the client's own connections is queueing, never
a timeout. A request keeps its place until its response is closed (its body read or the
stream closed), since until then it holds its connection; retry and rate-limit waits happen
inside, so they hold it too.

Threads share one bound per pool; each event loop has its own (an asyncio primitive belongs
to one loop), so a pool used from several loops at once may see that many times the bound.
"""

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from . import _options
from ._wrapping import Transport, WrappingTransport


class AdmissionTransport(WrappingTransport):
    """Wraps a transport (sync, async or both): at most `limit` of its requests in flight."""

    def __init__(self, transport: Transport, limit: int) -> None:
        self.limit = _options.count("an admission limit (httpx.Limits.max_connections)", limit)
        super().__init__(transport)
        self._threads = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        return f"AdmissionTransport(limit={self.limit}, transport={self.transport!r})"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Wait for a place, send, and give the place back when the response is closed."""
        transport = self._sync()
        self._threads.acquire()
        try:
            response = transport.handle_request(request)
        except BaseException:
            self._threads.release()
            raise
        if response.is_closed:  # read already (a mock's, or an error body a retry read)
            self._threads.release()
        else:
            response.stream = _Releasing(response.stream, self._threads.release)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The async twin of handle_request; the place is one of this event loop's."""
        transport = self._async()
        places = self._places()
        await places.acquire()
        try:
            response = await transport.handle_async_request(request)
        except BaseException:
            places.release()
            raise
        if response.is_closed:
            places.release()
        else:
            response.stream = _AsyncReleasing(response.stream, places.release)
        return response

    def _places(self) -> asyncio.Semaphore:
        """The running event loop's semaphore, made on first use."""
        loop = asyncio.get_running_loop()
        with self._lock:
            places = self._loops.get(loop)
            if places is None:
                places = self._loops[loop] = asyncio.Semaphore(self.limit)
            return places


class _Releasing(httpx.SyncByteStream):
    """A response stream that gives its request's place back, once, when it is closed."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, release: Callable[[], None]
    ) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        yield from self._stream

    def close(self) -> None:
        try:
            if isinstance(self._stream, httpx.SyncByteStream):
                self._stream.close()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


class _AsyncReleasing(httpx.AsyncByteStream):
    """The async twin of _Releasing."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, release: Callable[[], None]
    ) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            if isinstance(self._stream, httpx.AsyncByteStream):
                await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()
