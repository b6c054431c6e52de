"""The clients: where requests go, how long they may take, when they are retried, and the key.

Defaults, each overridable per client:

- ``base_url``: ``DEFAULT_BASE_URL``.
- ``timeout``: ``DEFAULT_TIMEOUT``, 5 s to connect and 10 s for each read, write or wait for a
  pooled connection. A call that hits it raises ``errors.RequestTimeoutError``.
- ``retries``: off. ``retries=True`` uses ``RetryPolicy()``; pass a ``RetryPolicy`` to tune it.
"""

import ssl
import time
from collections.abc import Iterable
from typing import Any, Self, TypeVar, cast

import httpx
from attrs import define, evolve, field
from httpx_retries import Retry, RetryTransport

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""Connect 5 s: a TCP and TLS handshake with the API's edge takes well under a second, and 5 s
still covers a lost SYN retransmitted twice. Read 10 s (also write and pool): a generation's
metadata is one small JSON document, answered in well under a second; a server that has said
nothing for 10 s is stalled, and the caller learns it within the same 10 s."""


class RetryPolicy(Retry):
    """When, and how long to wait, before sending a request again (httpx-retries' ``Retry``).

    - 429 and 503 wait what ``Retry-After`` asks (seconds or an HTTP date), cut to
      ``max_backoff_wait`` and to what is left of ``total_timeout``.
    - 500, 502, 504, 524 and 529, and failures to connect or to get an answer (refused, reset,
      closed before answering, connect timeout), back off exponentially with full jitter:
      a random wait of up to ``backoff_factor * 2**n`` seconds before retry n.
    - A 404 is retried while less than ``not_found_window`` seconds have passed since the
      first answer: right after a completion, the generation's stats are not there yet.
    - At most ``total`` retries, and none once ``total_timeout`` seconds have passed since
      the first answer (attempts and waits both count).

    Read and write timeouts are not retried: the server had the request and the whole timeout
    already; add ``httpx.ReadTimeout`` to ``retry_on_exceptions`` to retry them. A failure
    while reading a response's body is never retried: the transport has handed the response
    over by then. Other keyword arguments are ``Retry``'s.
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
            status_forcelist=(429, 500, 502, 503, 504, 524, 529) if status_forcelist is None else status_forcelist,
            retry_on_exceptions=(httpx.ConnectTimeout, httpx.NetworkError, httpx.RemoteProtocolError)
            if retry_on_exceptions is None
            else retry_on_exceptions,
            **options,
        )
        self.not_found_window = not_found_window
        # Set on the first retry of each request (a copy: the policy itself is shared).
        self._first_answer_at: float | None = None

    def copy_with(self, *args: Any, **kwargs: Any) -> "RetryPolicy":
        """``Retry.copy_with``, keeping this class's own settings and clock."""
        copy = cast(RetryPolicy, super().copy_with(*args, **kwargs))
        copy.not_found_window = self.not_found_window
        copy._first_answer_at = self._first_answer_at
        return copy

    def increment(self) -> "RetryPolicy":
        """``Retry.increment``; the first one starts the clock of this request's retries."""
        retry = cast(RetryPolicy, super().increment())
        if retry._first_answer_at is None:
            retry._first_answer_at = time.monotonic()
        return retry

    def elapsed(self) -> float:
        """Seconds since the request's first answer (or failure); 0 before its first retry."""
        return 0.0 if self._first_answer_at is None else time.monotonic() - self._first_answer_at

    def is_retryable_status_code(self, status_code: int) -> bool:
        """The listed statuses, and a 404 inside the not-found window."""
        if status_code == 404:
            return self.elapsed() < self.not_found_window
        return super().is_retryable_status_code(status_code)

    def is_exhausted(self) -> bool:
        """Out of retries, or out of time since the first answer."""
        out_of_time = self.total_timeout is not None and self.elapsed() >= self.total_timeout
        return out_of_time or super().is_exhausted()

    def sleep(self, response: httpx.Response | Exception) -> None:
        """``Retry.sleep``, with the wait cut to what is left of ``total_timeout``."""
        self._count_attempts_in_budget()
        super().sleep(response)

    async def asleep(self, response: httpx.Response | Exception) -> None:
        """``Retry.asleep``, with the wait cut to what is left of ``total_timeout``."""
        self._count_attempts_in_budget()
        await super().asleep(response)

    def _count_attempts_in_budget(self) -> None:
        # Retry cuts each wait to `total_timeout - elapsed_sleep`; counting the time the
        # attempts took as well makes that budget the wall clock.
        self.elapsed_sleep = max(self.elapsed_sleep, self.elapsed())

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(total={self.total}, attempts_made={self.attempts_made}, "
            f"not_found_window={self.not_found_window}, total_timeout={self.total_timeout})"
        )


def _as_timeout(timeout: httpx.Timeout | float | None) -> httpx.Timeout | None:
    return timeout if timeout is None or isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _as_retry_policy(retries: RetryPolicy | bool | None) -> RetryPolicy | None:
    if isinstance(retries, RetryPolicy):
        return retries
    return RetryPolicy() if retries else None


_HttpxClient = TypeVar("_HttpxClient", httpx.Client, httpx.AsyncClient)


def _retrying(client: _HttpxClient, policy: RetryPolicy | None) -> _HttpxClient:
    """Wrap each transport httpx built for `client` (its own, and a proxy's) in a RetryTransport.

    Wrapping after construction keeps every httpx option working (verify, limits, http2, proxies
    from the environment); passing ``transport=`` instead would silently drop those.
    """
    if policy is not None:
        client._transport = RetryTransport(transport=client._transport, retry=policy)
        client._mounts = {
            pattern: None if transport is None else RetryTransport(transport=transport, retry=policy)
            for pattern, transport in client._mounts.items()
        }
    return client


@define
class _ApiKeyHook:
    """Puts the API key on requests to the API's origin, and takes it off any other."""

    origin: httpx.URL
    header: str
    value: str = field(repr=False)

    def __call__(self, request: httpx.Request) -> None:
        url = request.url
        if (url.scheme, url.host, url.port) == (self.origin.scheme, self.origin.host, self.origin.port):
            request.headers[self.header] = self.value
        else:
            request.headers.pop(self.header, None)

    async def asynchronous(self, request: httpx.Request) -> None:
        self(request)


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        Default: ``DEFAULT_BASE_URL``.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: An httpx.Timeout, or seconds, for each phase of a request (connect, read, write,
        pool); API functions raise errors.RequestTimeoutError past it. Default: ``DEFAULT_TIMEOUT``
        (connect 5 s, the rest 10 s). ``None`` waits forever.

        ``retries``: ``True`` to retry with ``RetryPolicy()``, or a ``RetryPolicy``. Default: off.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

    """

    _base_url: str = field(default=DEFAULT_BASE_URL, alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT, converter=_as_timeout, kw_only=True, alias="timeout"
    )
    _retries: RetryPolicy | None = field(default=None, converter=_as_retry_policy, kw_only=True, alias="retries")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "Client":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = _as_timeout(timeout)
        if self._async_client is not None:
            self._async_client.timeout = _as_timeout(timeout)
        return evolve(self, timeout=timeout)

    def _httpx_kwargs(self, asynchronous: bool) -> dict[str, Any]:
        """The arguments both httpx clients are built with."""
        kwargs: dict[str, Any] = {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }
        return kwargs

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: The client is used as it is: none of this object's settings apply to it (base_url,
        cookies, headers, timeout, retries, verify_ssl, follow_redirects, httpx_args). For retries, build it with
        ``transport=httpx_retries.RetryTransport(retry=RetryPolicy())``.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = _retrying(httpx.Client(**self._httpx_kwargs(asynchronous=False)), self._retries)
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: The client is used as it is: none of this object's settings apply to it (base_url,
        cookies, headers, timeout, retries, verify_ssl, follow_redirects, httpx_args). For retries, build it with
        ``transport=httpx_retries.RetryTransport(retry=RetryPolicy())``.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = _retrying(httpx.AsyncClient(**self._httpx_kwargs(asynchronous=True)), self._retries)
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        Default: ``DEFAULT_BASE_URL``.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: An httpx.Timeout, or seconds, for each phase of a request (connect, read, write,
        pool); API functions raise errors.RequestTimeoutError past it. Default: ``DEFAULT_TIMEOUT``
        (connect 5 s, the rest 10 s). ``None`` waits forever.

        ``retries``: ``True`` to retry with ``RetryPolicy()``, or a ``RetryPolicy``. Default: off.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        token: The API key (never shown in the repr)
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    _base_url: str = field(default=DEFAULT_BASE_URL, alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT, converter=_as_timeout, kw_only=True, alias="timeout"
    )
    _retries: RetryPolicy | None = field(default=None, converter=_as_retry_policy, kw_only=True, alias="retries")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    token: str = field(kw_only=True, repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = _as_timeout(timeout)
        if self._async_client is not None:
            self._async_client.timeout = _as_timeout(timeout)
        return evolve(self, timeout=timeout)

    def _httpx_kwargs(self, asynchronous: bool) -> dict[str, Any]:
        """The arguments both httpx clients are built with."""
        kwargs: dict[str, Any] = {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }
        # The key goes on in a request hook, last so no other hook sees it: hooks run on every hop of
        # a redirect, so it is sent to base_url's origin only. It never enters self._headers.
        key = _ApiKeyHook(
            origin=httpx.URL(self._base_url),
            header=self.auth_header_name,
            value=f"{self.prefix} {self.token}" if self.prefix else self.token,
        )
        hooks = dict(kwargs.get("event_hooks") or {})
        hooks["request"] = [*hooks.get("request", []), key.asynchronous if asynchronous else key]
        kwargs["event_hooks"] = hooks
        return kwargs

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: The client is used as it is: none of this object's settings apply to it (base_url,
        cookies, headers, timeout, retries, verify_ssl, follow_redirects, httpx_args, and the
        API key, which it must send itself). For retries, build it with
        ``transport=httpx_retries.RetryTransport(retry=RetryPolicy())``.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = _retrying(httpx.Client(**self._httpx_kwargs(asynchronous=False)), self._retries)
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: The client is used as it is: none of this object's settings apply to it (base_url,
        cookies, headers, timeout, retries, verify_ssl, follow_redirects, httpx_args, and the
        API key, which it must send itself). For retries, build it with
        ``transport=httpx_retries.RetryTransport(retry=RetryPolicy())``.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = _retrying(httpx.AsyncClient(**self._httpx_kwargs(asynchronous=True)), self._retries)
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
