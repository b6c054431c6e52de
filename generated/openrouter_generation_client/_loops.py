"""One httpx.AsyncClient per event loop, so that one client works on any number of loops.

An httpx.AsyncClient's pooled connections belong to the event loop that opened them: reused
from another one (a second ``asyncio.run()``, pytest's loop per test, a notebook, a thread
running a loop of its own) they fail with a bare ``RuntimeError: Event loop is closed``, or
worse. So the client keeps one httpx.AsyncClient per loop, made when the loop first uses it,
and closes each as its loop shuts down: ``asyncio.run()`` (and ``asyncio.Runner``, and
pytest-asyncio) close every async generator of a loop before closing the loop, and one
suspended generator per loop holds that loop's client and closes it. A client made outside
any loop (``get_async_httpx_client()`` called from sync code) is given to the first loop that
asks. Once the client's ``async with`` block ends, every loop gets that closed client, so any
further call says ClientClosedError, as one httpx client would.
"""

import asyncio
import contextlib
import threading
import weakref
from collections.abc import AsyncGenerator, Callable, Iterator

import httpx


class AsyncClients:
    """The httpx.AsyncClient of each event loop, made by `make` on first use. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[httpx.AsyncClient, AsyncGenerator[None, None]]
        ] = weakref.WeakKeyDictionary()
        self._unbound: httpx.AsyncClient | None = None
        self._closed: httpx.AsyncClient | None = None

    def current(self, make: Callable[[], httpx.AsyncClient]) -> httpx.AsyncClient:
        """The running loop's client (outside a loop: the one the first loop will get)."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if self._closed is not None:
                return self._closed
            if loop is None:
                if self._unbound is None:
                    self._unbound = make()
                return self._unbound
            found = self._by_loop.get(loop)
            if found is None:
                client, self._unbound = self._unbound or make(), None
                found = self._by_loop[loop] = (client, _closed_at_shutdown(client))
            return found[0]

    def every(self) -> Iterator[httpx.AsyncClient]:
        """Every client made so far (to change their settings)."""
        with self._lock:
            clients = [client for client, _ in self._by_loop.values()]
            clients += [client for client in (self._unbound, self._closed) if client is not None]
        yield from clients

    def closed(self, client: httpx.AsyncClient) -> None:
        """`client` was closed by the client's ``async with``: from now on every loop gets it."""
        with self._lock:
            self._closed = client


def _closed_at_shutdown(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """An async generator of the running loop, started and suspended: when the loop shuts its
    generators down (``loop.shutdown_asyncgens()``), it closes `client` on that loop."""

    async def holding() -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            await client.aclose()

    generator = holding()
    step = generator.asend(None)  # the loop's first-iteration hook registers the generator
    with contextlib.suppress(StopIteration):  # it ran to its `yield`: nothing awaited before
        step.send(None)
    return generator


def is_loop_error(error: RuntimeError) -> bool:
    """Whether `error` is asyncio's refusal of something that belongs to another event loop."""
    return "loop" in str(error).lower()
