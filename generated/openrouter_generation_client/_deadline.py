"""Deadlines: the longest one attempt may take, from its first byte on the wire to the last byte
of its response, and the longest a call with retries may take in all.

httpx's timeouts bound each read, write or connect on its own, and a read timeout restarts
with every byte: a server that sends a byte every 2 s, drips its headers or sends an HTTP 103
every second keeps a call alive forever under a 10 s read timeout. A deadline does not
restart. ``DeadlineTransport`` gives each request its deadline (in a context variable, which
the request's reads see wherever they run); ``_DeadlineBackend`` wraps the network backend of
httpx's own transports so that every connect, TLS handshake, read and write gets at most the
time left, and raises a timeout that names the deadline once none is left. With a transport of
your own (no httpx network backend under it) the deadline counts from when the request enters
the transport and is checked after each part of the response instead: headers, then each
chunk of the body.

The attempt's clock starts at its first network operation, not when the request enters the
transport: time spent waiting for one of the pool's connections is queueing, not the
server's slowness. A call's whole deadline (``RetryPolicy.total_timeout``) counts from the
call's start, waits included; ``RetryTransport`` puts it on the request.
"""

import contextvars
import inspect
import math
import ssl
import typing
from collections.abc import AsyncIterator, Iterable, Iterator

import httpcore
import httpx

from . import _clock, _options
from ._wrapping import Transport, WrappingTransport

DEFAULT_DEADLINE = 30.0
"""Seconds one attempt may take, headers and body: a generation's metadata is a few KB, its
stored content at most a few MB, each answered in well under a second; 30 s is three of the
default 10 s read timeouts, so only a server that keeps sending too slowly meets it."""

# Where RetryTransport puts a call's whole deadline on each of its requests: the monotonic
# time it ends at, and what to call it in an error.
CALL_DEADLINE = "openrouter_generation_client.call_deadline"

_TIMEOUTS = (httpcore.ConnectTimeout, httpcore.ReadTimeout, httpcore.WriteTimeout)

# The longest wait handed to a socket, in seconds (about 31 years): a socket refuses one past
# its platform's time_t with a bare OverflowError (a sync socket past about 9.2e9 s, so a
# timeout of 1e10, inf or a deadline of 1e300 did), and no finite wait that long means more
# than "no limit".
_LONGEST_WAIT = 1e9


class Deadline:
    """One attempt's deadline: `seconds` from its first network operation, but never past
    `call_ends` (the call's own, on the monotonic clock)."""

    def __init__(self, seconds: float | None, call: tuple[float, str] | None = None) -> None:
        self._seconds = seconds
        self._call = call
        self._ends: float | None = None
        self._why = ""

    def start(self) -> float:
        """When this attempt must end (its clock starts at the first call of this)."""
        if self._ends is None:
            self._ends = math.inf
            if self._seconds is not None:
                self._ends = _clock.monotonic() + self._seconds
                self._why = f"the attempt's deadline of {self._seconds:g} s"
            if self._call is not None and self._call[0] < self._ends:
                self._ends, self._why = self._call
        return self._ends

    def left(self, timeout: float | None) -> float | None:
        """`timeout` cut to the time left (None: no limit but this one); 0 when none is left."""
        ends = self.start()
        if ends == math.inf:
            return timeout
        left = max(ends - _clock.monotonic(), 0.0)
        return left if timeout is None else min(timeout, left)

    def passed(self) -> bool:
        return _clock.monotonic() >= self.start()

    def message(self) -> str:
        """What the timeout says: which deadline passed."""
        self.start()
        return f"{self._why} passed (set `deadline=` or RetryPolicy(total_timeout=) on the client)"


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "openrouter_generation_client_deadline", default=None
)


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` cut to the current request's deadline and to _LONGEST_WAIT; `error` naming
    the deadline when none is left.

    A timeout of 0 is never passed on: a socket takes it as "do not block", not as a limit.
    """
    deadline = _current.get()
    left = timeout if deadline is None else deadline.left(timeout)
    if left is None:
        return None
    if deadline is not None and left <= 0:
        raise error(deadline.message())
    return min(left, _LONGEST_WAIT)


def _named(error: Exception) -> Exception:
    """A timeout that the deadline's cut caused, re-made to name the deadline; else `error`."""
    deadline = _current.get()
    if deadline is not None and isinstance(error, _TIMEOUTS) and deadline.passed():
        return type(error)(deadline.message())
    return error


class _Stream:
    """A connection whose every operation gets at most the time left of the request's deadline."""

    def __init__(self, stream: typing.Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data: bytes = self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))
        except _TIMEOUTS as error:
            raise _named(error) from error
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))
        except _TIMEOUTS as error:
            raise _named(error) from error

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> "_Stream":
        try:
            return _Stream(
                self._stream.start_tls(
                    ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)
                )
            )
        except _TIMEOUTS as error:
            raise _named(error) from error

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _AsyncStream:
    """The async twin of _Stream."""

    def __init__(self, stream: typing.Any) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data: bytes = await self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))
        except _TIMEOUTS as error:
            raise _named(error) from error
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))
        except _TIMEOUTS as error:
            raise _named(error) from error

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> "_AsyncStream":
        try:
            return _AsyncStream(
                await self._stream.start_tls(
                    ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)
                )
            )
        except _TIMEOUTS as error:
            raise _named(error) from error

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


_SocketOptions = Iterable[typing.Any] | None


def _socket_kwargs(socket_options: _SocketOptions) -> dict[str, typing.Any]:
    """`socket_options` as a keyword when there are any: httpcore before 0.17.2 has none."""
    return {} if socket_options is None else {"socket_options": socket_options}


class _DeadlineBackend:
    """httpcore's network backend, its connections wrapped in _Stream. Duck-typed, as are the
    streams: httpcore before 0.17.3 does not export its base classes."""

    def __init__(self, backend: typing.Any) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: _SocketOptions = None,
    ) -> "_Stream":
        try:
            stream = self._backend.connect_tcp(
                host,
                port,
                _left(timeout, httpcore.ConnectTimeout),
                local_address,
                **_socket_kwargs(socket_options),
            )
        except _TIMEOUTS as error:
            raise _named(error) from error
        return _Stream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: _SocketOptions = None
    ) -> "_Stream":
        try:
            stream = self._backend.connect_unix_socket(
                path, _left(timeout, httpcore.ConnectTimeout), **_socket_kwargs(socket_options)
            )
        except _TIMEOUTS as error:
            raise _named(error) from error
        return _Stream(stream)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncDeadlineBackend:
    """The async twin of _DeadlineBackend."""

    def __init__(self, backend: typing.Any) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: _SocketOptions = None,
    ) -> "_AsyncStream":
        try:
            stream = await self._backend.connect_tcp(
                host,
                port,
                _left(timeout, httpcore.ConnectTimeout),
                local_address,
                **_socket_kwargs(socket_options),
            )
        except _TIMEOUTS as error:
            raise _named(error) from error
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: _SocketOptions = None
    ) -> "_AsyncStream":
        try:
            stream = await self._backend.connect_unix_socket(
                path, _left(timeout, httpcore.ConnectTimeout), **_socket_kwargs(socket_options)
            )
        except _TIMEOUTS as error:
            raise _named(error) from error
        return _AsyncStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _wrap_backend(transport: Transport) -> bool:
    """Put the deadline under the connections of httpx's own transports (and a proxy's); False
    for a transport of another kind, which has no network backend to wrap."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, _DeadlineBackend | _AsyncDeadlineBackend):
        return True
    connect = getattr(backend, "connect_tcp", None)
    if connect is None:
        return False
    wrapped = _AsyncDeadlineBackend if inspect.iscoroutinefunction(connect) else _DeadlineBackend
    pool._network_backend = wrapped(backend)  # type: ignore[union-attr]
    return True


class _TimedBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body read under its request's deadline, wherever and whenever it is read."""

    def __init__(
        self,
        stream: httpx.SyncByteStream | httpx.AsyncByteStream,
        deadline: Deadline,
        request: httpx.Request,
    ) -> None:
        self._stream = stream
        self._deadline = deadline
        self._request = request

    def _check(self) -> None:
        if self._deadline.passed():
            raise httpx.ReadTimeout(self._deadline.message(), request=self._request)

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(typing.cast(httpx.SyncByteStream, self._stream))
        while True:
            token = _current.set(self._deadline)
            try:
                chunk = next(chunks, None)
            finally:
                _current.reset(token)
            if chunk is None:
                return
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = aiter(typing.cast(httpx.AsyncByteStream, self._stream))
        while True:
            token = _current.set(self._deadline)
            try:
                chunk = await anext(chunks, None)
            finally:
                _current.reset(token)
            if chunk is None:
                return
            self._check()
            yield chunk

    def close(self) -> None:
        typing.cast(httpx.SyncByteStream, self._stream).close()

    async def aclose(self) -> None:
        await typing.cast(httpx.AsyncByteStream, self._stream).aclose()


class DeadlineTransport(WrappingTransport):
    """Ends each attempt that takes longer than `deadline` seconds, headers and body, with an
    ``httpx`` timeout that names the deadline (``errors.RequestTimeoutError`` from the API
    functions). Wraps another transport, sync, async or both; the client builds it for you
    (``deadline=``, default ``DEFAULT_DEADLINE``). None: no deadline of its own (a call's
    whole deadline, put on the request by RetryTransport, still holds).
    """

    def __init__(self, transport: Transport, deadline: float | None = DEFAULT_DEADLINE) -> None:
        super().__init__(transport)
        self.deadline = _options.seconds("deadline", deadline)
        self._on_sockets = _wrap_backend(self.transport)

    def _deadline(self, request: httpx.Request) -> Deadline:
        """The request's deadline. Under httpx's own transports its clock starts at the first
        network operation; under any other, now."""
        deadline = Deadline(self.deadline, request.extensions.get(CALL_DEADLINE))
        if not self._on_sockets:
            deadline.start()
        return deadline

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._sync()
        deadline = self._deadline(request)
        token = _current.set(deadline)
        try:
            response = transport.handle_request(request)
        finally:
            _current.reset(token)
        if deadline.passed():
            response.close()
            raise httpx.ReadTimeout(deadline.message(), request=request)
        response.stream = _TimedBody(response.stream, deadline, request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._async()
        deadline = self._deadline(request)
        token = _current.set(deadline)
        try:
            response = await transport.handle_async_request(request)
        finally:
            _current.reset(token)
        if deadline.passed():
            await response.aclose()
            raise httpx.ReadTimeout(deadline.message(), request=request)
        response.stream = _TimedBody(response.stream, deadline, request)
        return response

    def __enter__(self) -> "DeadlineTransport":
        if isinstance(self.transport, httpx.BaseTransport):
            self.transport.__enter__()
        return self

    def __exit__(self, *args: typing.Any) -> None:
        if isinstance(self.transport, httpx.BaseTransport):
            self.transport.__exit__(*args)

    async def __aenter__(self) -> "DeadlineTransport":
        if isinstance(self.transport, httpx.AsyncBaseTransport):
            await self.transport.__aenter__()
        return self

    async def __aexit__(self, *args: typing.Any) -> None:
        if isinstance(self.transport, httpx.AsyncBaseTransport):
            await self.transport.__aexit__(*args)
