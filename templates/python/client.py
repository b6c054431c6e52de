"""The clients: where requests go, how long they may take, when they are retried, and the key.

Defaults, each overridable per client:

- ``base_url``: ``DEFAULT_BASE_URL``.
- ``timeout``: ``DEFAULT_TIMEOUT``, 5 s to connect and 10 s for each read, write or wait for a
  pooled connection. A call that hits it raises ``errors.RequestTimeoutError``.
- ``retries``: off. ``retries=True`` uses ``RetryPolicy()``; pass a ``RetryPolicy`` to tune it.
- ``rate_limit``: a ``RateLimitState`` of the client's own; pass one to several clients that
  use the same key so they share what they learn about its limit.
"""

import asyncio
import math
import ssl as ssl  # `x as x`: used by the client classes client.py.jinja renders after this
import threading
import time
from collections.abc import Iterable
from typing import Any, Final, TypeVar, cast
from typing import Self as Self

import httpx
import httpx_retries
from attrs import define, field
from attrs import evolve as evolve
from httpx_retries import Retry

from . import errors

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""Connect 5 s: a TCP and TLS handshake with the API's edge takes well under a second, and 5 s
still covers a lost SYN retransmitted twice. Read 10 s (also write and pool): a generation's
metadata is one small JSON document, answered in well under a second; a server that has said
nothing for 10 s is stalled, and the caller learns it within the same 10 s.

Read when each client is made, not when this module is imported (see ``_default_timeout``)."""

# Sent this long after a reset, so that a timer firing a clock tick early, or a request that
# reaches the server a moment later than it left, still lands in the new window.
_MARGIN = 0.005
# While one request finds where a window of unknown length ends, the others look this often.
_PROBE_POLL = 0.01
# Two resets closer than this are one window's (each answer of a window carries the same one).
_SAME_WINDOW = 0.002


class RetryPolicy(Retry):
    """When to send a request again, and how long to wait first (httpx-retries' ``Retry``).

    - 429 and 503 wait what the response asks (``errors.retry_hint``: ``Retry-After``,
      ``retry-after-ms`` or ``X-RateLimit-Reset``, in the headers or the error body). A wait
      longer than ``max_backoff_wait`` or than what is left of ``total_timeout`` is not waited:
      the response is final at once, and its error says when to come back.
    - 500, 502, 504, 524 and 529, a 429 or 503 that does not say when, and failures to connect
      or to get an answer (refused, reset, closed before answering, connect timeout), back off
      exponentially with full jitter: a random wait of up to ``backoff_factor * 2**n`` seconds
      before retry n, at most ``max_backoff_wait``.
    - A 404 is retried, with the same backoff, until ``not_found_window`` seconds have passed
      since the call started, whatever ``total`` says: right after a completion, the
      generation's stats are not there yet.
    - Otherwise at most ``total`` retries, and no wait past ``total_timeout`` seconds since the
      call started (attempts and waits both count).

    Read and write timeouts are not retried: the server had the request and the whole timeout
    already; add ``httpx.ReadTimeout`` to ``retry_on_exceptions`` to retry them. A failure
    while reading a success's body is never retried: the transport has handed it over by then.
    Other keyword arguments are ``Retry``'s. A policy holds no state: share it freely.
    """

    def __init__(
        self,
        total: int = 5,
        *,
        not_found_window: float = 3.0,
        backoff_factor: float = 0.1,
        max_backoff_wait: float = 30.0,
        total_timeout: float | None = 60.0,
        status_forcelist: Iterable[int] | None = None,
        retry_on_exceptions: Iterable[type[Exception]] | None = None,
        **options: Any,
    ) -> None:
        if not_found_window < 0:
            raise ValueError("not_found_window must be non-negative")
        super().__init__(
            total=total,
            backoff_factor=backoff_factor,
            max_backoff_wait=max_backoff_wait,
            total_timeout=total_timeout,
            status_forcelist=(429, 500, 502, 503, 504, 524, 529)
            if status_forcelist is None
            else status_forcelist,
            retry_on_exceptions=(
                httpx.ConnectTimeout,
                httpx.NetworkError,
                httpx.RemoteProtocolError,
            )
            if retry_on_exceptions is None
            else retry_on_exceptions,
            **options,
        )
        self.not_found_window = not_found_window

    def copy_with(self, *args: Any, **kwargs: Any) -> "RetryPolicy":
        """``Retry.copy_with``, keeping ``not_found_window``."""
        copy = cast(RetryPolicy, super().copy_with(*args, **kwargs))
        copy.not_found_window = self.not_found_window
        return copy

    def is_retryable_status_code(self, status_code: int) -> bool:
        """The listed statuses, and 404 unless ``not_found_window`` is 0."""
        if status_code == 404:
            return self.not_found_window > 0
        return super().is_retryable_status_code(status_code)

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(total={self.total}, attempts_made={self.attempts_made}, "
            f"not_found_window={self.not_found_window}, total_timeout={self.total_timeout})"
        )


class RateLimitState:
    """What the calls sharing one API key have learned about its rate limit.

    When any call learns from a 429 that the key is limited until T, the others wait until T
    before sending instead of each meeting its own 429; a call whose policy does not allow
    that long a wait gets that 429 back at once, without sending. From the resets of
    successive windows (``X-RateLimit-Reset``) and ``X-RateLimit-Limit`` (or the count of
    requests a window let through) it also paces sends: at most the limit per window.

    Each client has its own, shared by its sync and async calls, its threads and tasks, and
    requests made through ``get_httpx_client()``; pass one as ``rate_limit=`` to several
    clients using the same key to share it between them. Thread-safe: one lock, never held
    while waiting; each caller waits with its own sleep (``time.sleep`` in a thread,
    ``asyncio.sleep`` in a task).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0  # Unix time: no request before it
        self._blocked_by: httpx.Response | None = None  # the 429 that set _until
        self._anchor: float | None = None  # the latest reset an X-RateLimit-Reset gave
        self._period: float | None = None  # length of a window, once two resets showed it
        self._limit: int | None = None  # requests a window lets through
        self._window = 0.0  # start of the window whose sends are counted
        self._sent = 0  # requests sent in that window
        self._answered = 0  # and answered with anything but 429
        self._done = 0  # and answered at all, or failed
        self._probing = False  # one request is finding where a window of unknown length ends
        self._probe_sent_at = 0.0  # when that request was sent: it is known by it

    @property
    def limited_until(self) -> float | None:
        """Unix time until which the key is known to be limited, or None when it is not."""
        with self._lock:
            return self._until if self._until > time.time() else None

    def __repr__(self) -> str:
        until, limit, period = self.limited_until, self._limit, self._period
        return f"RateLimitState(limited_until={until}, limit={limit}, period={period})"

    def _admit(self, now: float) -> tuple[float, httpx.Response | None]:
        """``(0, None)``: send now (a place in the window is taken). Else how long to wait, and
        the 429 that taught the wait when it is one (a wait for the next window is not)."""
        with self._lock:
            if now < self._until:
                return self._until - now + _MARGIN, self._blocked_by
            if self._limit is None:
                return 0.0, None
            if self._period is not None:
                if now >= self._window + self._period:
                    self._window += math.floor((now - self._window) / self._period) * self._period
                    self._sent = self._answered = self._done = 0
                if self._sent >= self._limit:
                    return self._window + self._period - now + _MARGIN, None
            elif self._sent >= self._limit:
                # The window's end is unknown: once every request sent in it is answered (so
                # none can overtake it), one request goes to find it.
                if self._probing or self._done < self._sent:
                    return _PROBE_POLL, None
                self._probing, self._probe_sent_at = True, now
            self._sent += 1
            return 0.0, None

    def _learn(
        self, response: httpx.Response, hint: errors.RetryHint | None, sent_at: float
    ) -> None:
        """Take in what an answer to a request sent at `sent_at` says about the limit."""
        with self._lock:
            probe = self._probing and sent_at == self._probe_sent_at
            if probe:
                self._probing = False  # whatever the answer, the probe is over
            if sent_at >= self._window:
                self._done += 1
            if response.status_code != 429:
                if sent_at >= self._window:
                    self._answered += 1
                if probe:
                    # The probe went through: a new window began, its end still unknown.
                    self._window, self._sent, self._answered, self._done = sent_at, 1, 1, 1
                return
            if hint is None:
                return
            if hint.at > self._until:
                self._until, self._blocked_by = hint.at, response
            if not hint.absolute or (
                self._anchor is not None and hint.at <= self._anchor + _SAME_WINDOW
            ):
                return
            if probe and self._anchor is not None:
                self._period = hint.at - self._anchor
            learned = hint.limit if hint.limit is not None else self._answered
            if learned > 0:
                self._limit = learned
            self._anchor = self._window = hint.at
            self._sent = self._answered = self._done = 0

    def _release(self, sent_at: float) -> None:
        """A request sent at `sent_at` ended without an answer: if it was the probe, let another
        request find the window's end."""
        with self._lock:
            if sent_at >= self._window:
                self._done += 1
            if sent_at == self._probe_sent_at:
                self._probing = False


# Headers that describe the bytes on the wire, which a replayed 429 no longer has: its
# content is already decoded.
_FRAMING = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _replayed(response: httpx.Response) -> httpx.Response:
    """A copy of a 429 already read, for a call that will not wait as long as it asks."""
    headers = [
        (name, value) for name, value in response.headers.multi_items() if name not in _FRAMING
    ]
    return httpx.Response(response.status_code, headers=headers, content=response.content)


class _Send:
    """The step that says: send the request now."""


_SEND: Final = _Send()


class _Call:
    """One request's way through retries: what to do next, given what the last try gave.

    No I/O of its own, so the sync and the async transport drive the same decisions.
    """

    def __init__(self, policy: RetryPolicy, state: RateLimitState) -> None:
        self.policy = policy
        self.retry: Retry = policy
        self.state = state
        self.started = time.monotonic()
        self.sent_at = 0.0

    def next(self, outcome: httpx.Response | Exception | None) -> "httpx.Response | float | _Send":
        """The response to return, seconds to wait before asking again, or _SEND.

        `outcome` is what the last send gave (None after a wait); a final exception is raised.
        """
        if outcome is not None:
            wait = self._after(outcome)
            if wait is None:
                if isinstance(outcome, Exception):
                    raise outcome
                return outcome
            if wait > 0:
                return wait
        now = time.time()
        wait, blocked_by = self.state._admit(now)
        if wait <= 0:
            self.sent_at = now
            return _SEND
        if blocked_by is not None and wait > self._allowed():
            return _replayed(blocked_by)
        return wait

    def _left(self) -> float:
        """Seconds left of the policy's total_timeout."""
        if self.policy.total_timeout is None:
            return math.inf
        return self.policy.total_timeout - (time.monotonic() - self.started)

    def _allowed(self) -> float:
        """The longest wait the policy allows now."""
        return min(self.policy.max_backoff_wait, self._left())

    def _backoff(self, ceiling: float = math.inf) -> float | None:
        """The next exponential backoff, cut to `ceiling` and to the time left; None if none is."""
        left = min(self._left(), ceiling)
        if left <= 0:
            return None
        self.retry = self.retry.increment()
        return min(self.retry.backoff_strategy(), left)

    def _after(self, outcome: httpx.Response | Exception) -> float | None:
        """None when `outcome` is final, else how long to wait before the next try."""
        if isinstance(outcome, Exception):
            self.state._release(self.sent_at)
            if not self.retry.is_retryable_exception(outcome) or self.retry.is_exhausted():
                return None
            return self._backoff()
        status = outcome.status_code
        hint = None
        if status in (429, 503) and self.policy.respect_retry_after_header:
            hint = errors.retry_hint(outcome.headers, outcome.content)
        self.state._learn(outcome, hint if status == 429 else None, self.sent_at)
        if not self.retry.is_retryable_status_code(status):
            return None
        if status == 404:
            return self._backoff(self.policy.not_found_window - (time.monotonic() - self.started))
        if self.retry.is_exhausted():
            return None
        if hint is None:
            return self._backoff()
        wait = hint.at - time.time()
        if wait > self._allowed():
            return None  # fail fast: the error says when to come back
        self.retry = self.retry.increment()
        # A 429's wait is the shared one: the state holds it, and _admit waits it out.
        return 0.0 if status == 429 else max(wait, 0.0)


class RetryTransport(httpx_retries.RetryTransport):
    """httpx-retries' transport, running the retries of ``RetryPolicy`` with a shared
    ``RateLimitState``.

    Wraps another transport (sync, async, or both); the client builds it for you with
    ``retries=``. By hand, e.g. for ``set_httpx_client()``:
    ``httpx.Client(transport=RetryTransport(httpx.HTTPTransport(), RetryPolicy()))``.
    A request may carry its own policy in ``extensions={"retry": RetryPolicy(...)}``.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimitState | None = None,
    ) -> None:
        super().__init__(transport=transport, retry=retry or RetryPolicy())
        self.rate_limit = RateLimitState() if rate_limit is None else rate_limit

    def _call(self, request: httpx.Request) -> _Call | None:
        """The retry state of `request`, or None when its method is not retried."""
        policy = request.extensions.get("retry", self.retry)
        if not isinstance(policy, RetryPolicy):
            policy = RetryPolicy(total=policy.total) if isinstance(policy, Retry) else RetryPolicy()
        return (
            _Call(policy, self.rate_limit) if policy.is_retryable_method(request.method) else None
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`, waiting and retrying as the policy and the shared state say."""
        transport = self._sync_transport
        if transport is None:
            raise RuntimeError("a sync request, but RetryTransport wraps no sync transport")
        call = self._call(request)
        if call is None:
            return transport.handle_request(request)
        outcome: httpx.Response | Exception | None = None
        while not isinstance(step := call.next(outcome), httpx.Response):
            if isinstance(step, float):
                time.sleep(step)
                outcome = None
                continue
            try:  # an exception is the outcome too: call.next() raises it when final
                outcome = transport.handle_request(request)
                if outcome.status_code >= 400:
                    outcome.read()  # a small error body, which may say when to retry
            except Exception as error:
                outcome = error
        return step

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The async twin of handle_request."""
        transport = self._async_transport
        if transport is None:
            raise RuntimeError("an async request, but RetryTransport wraps no async transport")
        call = self._call(request)
        if call is None:
            return await transport.handle_async_request(request)
        outcome: httpx.Response | Exception | None = None
        while not isinstance(step := call.next(outcome), httpx.Response):
            if isinstance(step, float):
                await asyncio.sleep(step)
                outcome = None
                continue
            try:
                outcome = await transport.handle_async_request(request)
                if outcome.status_code >= 400:
                    await outcome.aread()
            except Exception as error:
                outcome = error
        return step


def _default_timeout() -> httpx.Timeout:
    """``DEFAULT_TIMEOUT`` as it is now: the default a client gets is the constant's value when
    the client is made, so whoever sets the constant (a test shrinking it to watch a stalled
    call end) gets clients that obey it."""
    return DEFAULT_TIMEOUT


def _as_timeout(timeout: httpx.Timeout | float | None) -> httpx.Timeout | None:
    return (
        timeout if timeout is None or isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    )


def _as_retry_policy(retries: RetryPolicy | bool | None) -> RetryPolicy | None:
    if isinstance(retries, RetryPolicy):
        return retries
    return RetryPolicy() if retries else None


_HttpxClient = TypeVar("_HttpxClient", httpx.Client, httpx.AsyncClient)


def _retrying(
    client: _HttpxClient, policy: RetryPolicy | None, state: RateLimitState
) -> _HttpxClient:
    """Wrap each transport httpx built for `client` (its own, and a proxy's) in a RetryTransport.

    Wrapping after construction keeps every httpx option working (verify, limits, http2, proxies
    from the environment); passing ``transport=`` instead would silently drop those.
    """
    if policy is not None:
        client._transport = RetryTransport(client._transport, policy, state)
        client._mounts = {
            pattern: None if transport is None else RetryTransport(transport, policy, state)
            for pattern, transport in client._mounts.items()
        }
    return client


def _open(client: _HttpxClient) -> _HttpxClient:
    """`client`, or ClientClosedError when it has been closed (httpx cannot reopen it)."""
    if client.is_closed:
        raise errors.ClientClosedError("entering the client")
    return client


@define
class _ApiKeyHook:
    """Puts the API key on requests to the API's origin, and takes it off any other."""

    origin: httpx.URL
    header: str
    value: str = field(repr=False)

    def __call__(self, request: httpx.Request) -> None:
        url = request.url
        if (url.scheme, url.host, url.port) == (
            self.origin.scheme,
            self.origin.host,
            self.origin.port,
        ):
            request.headers[self.header] = self.value
        else:
            request.headers.pop(self.header, None)

    async def asynchronous(self, request: httpx.Request) -> None:
        self(request)
