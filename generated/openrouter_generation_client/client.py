"""The clients: where requests go, how long they may take, when they are retried, and the key.

Defaults, each overridable per client:

- ``base_url``: ``DEFAULT_BASE_URL``.
- ``timeout``: ``DEFAULT_TIMEOUT``, 5 s to connect and 10 s for each read, write or wait for a
  pooled connection. A call that hits it raises ``errors.RequestTimeoutError``.
- ``deadline``: ``DEFAULT_DEADLINE``, 30 s for one attempt, headers and body, however the
  server trickles them; with retries, ``RetryPolicy.total_timeout`` bounds the whole call too.
  Past either, ``errors.RequestTimeoutError`` names the one that passed.
- ``retries``: off. ``retries=True`` uses ``RetryPolicy()``; pass a ``RetryPolicy`` to tune it.
- ``rate_limit``: a ``RateLimitState`` of the client's own; pass one to several clients that
  use the same key so they share what they learn about its limit.
- ``user_agent``: ``DEFAULT_USER_AGENT``, this package and its version; ``app_url``,
  ``app_title``, ``app_categories``: OpenRouter's app attribution headers, not sent unless set
  (``_identity``).
- ``httpx_args["limits"]``: ``DEFAULT_LIMITS``, 100 connections; calls past that queue.

The retry policy, the rate-limit state, the retry and deadline transports live in modules of
their own (``_retries``, ``_rate_limit``, ``_transport``, ``_deadline``) and are importable from
here and from the package's top.
"""

import contextlib
import inspect
import os
import ssl as ssl  # `x as x`: used by the client classes client.py.jinja renders after this
from collections.abc import Callable, Iterator, Mapping
from typing import Any as Any
from typing import Self as Self
from typing import TypeVar

import httpx
from attrs import define, field
from attrs import evolve as evolve

from . import _identity as _identity  # used by the client classes client.py.jinja renders
from . import _key as _key
from . import _loops as _loops
from . import _options, errors
from ._admission import AdmissionTransport
from ._body_limit import ACCEPT_ENCODING as ACCEPT_ENCODING
from ._body_limit import BodyLimitTransport
from ._deadline import DEFAULT_DEADLINE as DEFAULT_DEADLINE
from ._deadline import DeadlineTransport as DeadlineTransport
from ._rate_limit import RateLimitState as RateLimitState
from ._retries import RetryPolicy as RetryPolicy
from ._transport import RetryTransport as RetryTransport

_Error = TypeVar("_Error", bound=BaseException)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""Connect 5 s: a TCP and TLS handshake with the API's edge takes well under a second, and 5 s
still covers a lost SYN retransmitted twice. Read 10 s (also write and pool): a generation's
metadata is one small JSON document, answered in well under a second; a server that has said
nothing for 10 s is stalled, and the caller learns it within the same 10 s.

Read when each client is made, not when this module is imported (see ``_default_timeout``)."""


DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
"""httpx's own default pool, spelled out: each client lets at most ``max_connections`` calls
into a pool at once, and the others queue, with no timeout, until a connection is free (see
``_admission``). Pass ``httpx_args={"limits": httpx.Limits(...)}`` for another size;
``max_connections=None`` lets every call in at once."""


def _default_timeout() -> httpx.Timeout:
    """``DEFAULT_TIMEOUT`` as it is now: the default a client gets is the constant's value when
    the client is made, so whoever sets the constant (a test shrinking it to watch a stalled
    call end) gets clients that obey it."""
    return DEFAULT_TIMEOUT


def _as_timeout(timeout: httpx.Timeout | float | None) -> httpx.Timeout | None:
    """`timeout` as an httpx.Timeout whose phases are each positive seconds or None (the pool
    wait may be 0: do not wait for a connection); InvalidOptionError otherwise."""
    if timeout is None:
        return None
    if not isinstance(timeout, httpx.Timeout):
        try:
            timeout = httpx.Timeout(timeout)
        except (TypeError, ValueError, IndexError) as error:  # IndexError: a short tuple
            raise errors.InvalidOptionError(f"timeout must be seconds, an httpx.Timeout or None: {error}") from error
    for phase in ("connect", "read", "write"):
        _options.seconds(f"timeout's {phase}", getattr(timeout, phase))
    if timeout.pool is not None and not _options.number("timeout's pool", timeout.pool) >= 0:
        raise errors.InvalidOptionError(f"timeout's pool must be at least 0, not {timeout.pool!r}")
    return timeout


def _as_retry_policy(retries: RetryPolicy | bool | None) -> RetryPolicy | None:
    if isinstance(retries, RetryPolicy):
        return retries
    if retries is None or isinstance(retries, bool):
        return RetryPolicy() if retries else None
    raise errors.InvalidOptionError(f"retries must be True, False, None or a RetryPolicy, not {type(retries).__name__}")


_HttpxClient = TypeVar("_HttpxClient", httpx.Client, httpx.AsyncClient)


def _as_deadline(deadline: float | None) -> float | None:
    return _options.seconds("deadline", deadline)


_Transport = TypeVar("_Transport", httpx.BaseTransport, httpx.AsyncBaseTransport)


def _made(cls: type[_HttpxClient], kwargs: dict[str, Any], scrubbed: Callable[[Exception], Exception]) -> _HttpxClient:
    """`cls(**kwargs)`, or InvalidOptionError when httpx refuses a value of ``httpx_args=`` (of
    the wrong type, or ``http2=True`` without h2 installed). httpx builds nothing before, and the
    client builds its httpx clients at the first call, so that is when this is raised; the
    message is scrubbed of the key and the headers, as a wrapped error's always is."""
    try:
        return cls(**kwargs)
    except (TypeError, ValueError, AttributeError, ImportError) as error:
        said = scrubbed(error)
        raise errors.InvalidOptionError(
            f"httpx_args: httpx.{cls.__name__} refused the client's arguments ({type(error).__name__}: {said})"
        ) from error


def _wrapped(
    client: _HttpxClient,
    in_flight: int | None,
    deadline: float | None,
    policy: RetryPolicy | None,
    state: RateLimitState,
) -> _HttpxClient:
    """Wrap each transport httpx built for `client` (its own, and a proxy's) in a
    DeadlineTransport, that in a BodyLimitTransport (so a retry's read of an error body is
    capped too), that in a RetryTransport when retries are on, and the whole in an
    AdmissionTransport letting `in_flight` requests in at once (None: no bound), so that
    queueing for a connection happens before any deadline or retry starts.

    Wrapping after construction keeps every httpx option working (verify, limits, http2, proxies
    from the environment); passing ``transport=`` instead would silently drop those.
    """

    def wrap(transport: _Transport) -> _Transport:
        capped = BodyLimitTransport(DeadlineTransport(transport, deadline))
        retried = capped if policy is None else RetryTransport(capped, policy, state)
        return retried if in_flight is None else AdmissionTransport(retried, in_flight)

    client._transport = wrap(client._transport)
    client._mounts = {
        pattern: None if transport is None else wrap(transport) for pattern, transport in client._mounts.items()
    }
    return client


@contextlib.contextmanager
def _opening(client: httpx.Client | httpx.AsyncClient) -> Iterator[None]:
    """Around entering `client`: httpx's RuntimeError for a client it cannot open becomes
    ClientClosedError (closed: httpx cannot reopen it) or ClientAlreadyOpenError (open already:
    in a block, or by a call made outside one)."""
    if client.is_closed:
        raise errors.ClientClosedError("entering the client")
    try:
        yield
    except RuntimeError as error:
        if "more than once" not in str(error):  # httpx's words for a client open already
            raise
        raise errors.ClientAlreadyOpenError() from error


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


def _carried_headers(error: BaseException, *clients: httpx.Client | httpx.AsyncClient | None) -> list[dict[str, str]]:
    """The headers, secret or not public, that the live httpx clients and the request `error`
    failed on carry: what a message of h11 or a transport may quote."""
    found = [_key.carried(client.headers) for client in clients if client is not None]
    if isinstance(error, httpx.RequestError):
        # httpx raises RuntimeError when the error was made without its request.
        with contextlib.suppress(RuntimeError):
            found.append(_key.carried(error.request.headers))
    return found


def _checked_body_limits(limits: Mapping[str, int], operations: frozenset[str]) -> None:
    """InvalidOptionError unless `limits` maps operations of this client to positive byte
    counts."""
    if not isinstance(limits, Mapping):
        raise errors.InvalidOptionError(f"body_limits must map operations to bytes, not a {type(limits).__name__}")
    for operation, limit in limits.items():
        if operation not in operations:
            raise errors.InvalidOptionError(
                f"body_limits: no operation named {operation!r}; the operations are " + ", ".join(sorted(operations))
            )
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise errors.InvalidOptionError(
                f"body_limits[{operation!r}] must be a positive number of bytes, not {limit!r}"
            )


def _checked_base_url(base_url: object) -> None:
    """InvalidOptionError unless `base_url` is an absolute http(s) URL. The message shows no
    more of it than its scheme: a URL may carry a password."""
    try:
        url = httpx.URL(base_url)  # type: ignore[arg-type]
    except (TypeError, httpx.InvalidURL) as error:
        raise errors.InvalidOptionError(f"base_url is not a URL: {error}") from error
    if url.scheme not in ("http", "https") or not url.host:
        raise errors.InvalidOptionError(
            "base_url must be an absolute http:// or https:// URL, with a host; this one has "
            + (f"the scheme {url.scheme!r}" if url.scheme else "no scheme")
            + ("" if url.host else " and no host")
        )


# What both httpx clients take, so what `httpx_args=` may hold.
_HTTPX_ARGS = frozenset(inspect.signature(httpx.Client).parameters) & frozenset(
    inspect.signature(httpx.AsyncClient).parameters
)


def _checked_options(httpx_args: object, rate_limit: object, verify_ssl: object) -> None:
    """InvalidOptionError for an ``httpx_args=`` or a ``verify_ssl=`` the httpx clients would
    refuse at the first call, or a ``rate_limit=`` that is no RateLimitState."""
    if isinstance(verify_ssl, str):
        if not os.path.exists(verify_ssl):
            raise errors.InvalidOptionError(
                f"verify_ssl names a CA bundle that does not exist: no file or folder {verify_ssl!r}"
            )
    elif not isinstance(verify_ssl, bool | ssl.SSLContext):
        raise errors.InvalidOptionError(
            "verify_ssl must be True, False, an ssl.SSLContext or the path of a CA bundle, not "
            f"{type(verify_ssl).__name__}"
        )
    if not isinstance(httpx_args, Mapping):
        raise errors.InvalidOptionError(
            f"httpx_args must map httpx.Client's argument names to values, not a {type(httpx_args).__name__}"
        )
    unknown = sorted(str(name) for name in httpx_args if name not in _HTTPX_ARGS)
    if unknown:
        raise errors.InvalidOptionError(
            f"httpx_args: httpx.Client and httpx.AsyncClient take no argument named {', '.join(unknown)}"
        )
    # What httpx keeps as given and reads only later (mid-request), and what the client reads.
    if "max_redirects" in httpx_args:
        _options.count("httpx_args['max_redirects']", httpx_args["max_redirects"], low=0)
    hooks = httpx_args.get("event_hooks") or {}
    listed = isinstance(hooks, Mapping) and all(
        isinstance(each, list | tuple) and all(callable(hook) for hook in each) for each in hooks.values()
    )
    if not listed:  # the client adds its key hook to the list of "request"
        raise errors.InvalidOptionError(
            f"httpx_args['event_hooks'] must map 'request' and 'response' to lists of hooks, not {hooks!r}"[:200]
        )
    limits = httpx_args.get("limits", DEFAULT_LIMITS)
    if not isinstance(limits, httpx.Limits):
        raise errors.InvalidOptionError(f"httpx_args['limits'] must be an httpx.Limits, not {type(limits).__name__}")
    if not isinstance(rate_limit, RateLimitState):
        raise errors.InvalidOptionError(f"rate_limit must be a RateLimitState, not {type(rate_limit).__name__}")


DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
"""The spec's server: where requests go unless ``base_url=`` says otherwise."""

DEFAULT_USER_AGENT = "openrouter-generation-client/1.1.0"
"""Sent as ``User-Agent`` unless ``user_agent=`` says otherwise: this package and its version."""


# The operations, by their module's name: what `body_limits=` may name.
_OPERATIONS = frozenset(
    {
        "get_generation",
        "get_generation_content",
    }
)


@define
class AuthenticatedClient:
    """The client every operation takes: the API key, the base URL, timeouts and retries

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        Default: ``DEFAULT_BASE_URL``.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: An httpx.Timeout, or seconds, for each phase of a request (connect, read, write,
        pool); API functions raise errors.RequestTimeoutError past it. Default: ``DEFAULT_TIMEOUT``
        (connect 5 s, the rest 10 s). ``None`` waits forever.

        ``deadline``: seconds one attempt may take, from its first byte on the wire to the last
        byte of the response, however slowly the server sends them (httpx's read timeout restarts
        with every byte; this does not). Default: ``DEFAULT_DEADLINE`` (30 s). ``None``: none.

        ``retries``: ``True`` to retry with ``RetryPolicy()``, or a ``RetryPolicy``. Default: off.
        Its ``total_timeout`` (60 s) is the whole call's deadline, waits and attempts together.

        ``rate_limit``: the ``RateLimitState`` through which calls with retries share what they
        learn about the key's limit. Default: one of this client's own (copies made by the
        ``with_*`` methods share it); pass one to several clients to share it between them.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``user_agent``: the ``User-Agent`` of every request. Default: ``DEFAULT_USER_AGENT``.

        ``app_url``, ``app_title``, ``app_categories``: OpenRouter's app attribution, sent as
        ``HTTP-Referer``, ``X-OpenRouter-Title`` and ``X-OpenRouter-Categories`` (a string, or
        several categories joined with commas). Default: not sent. Printable ASCII only
        (an errors.InvalidOptionError says which option is not). ``headers=`` overrides any of them.

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
        factory=_default_timeout, converter=_as_timeout, kw_only=True, alias="timeout"
    )
    _deadline: float | None = field(default=DEFAULT_DEADLINE, converter=_as_deadline, kw_only=True, alias="deadline")
    _retries: RetryPolicy | None = field(default=None, converter=_as_retry_policy, kw_only=True, alias="retries")
    _rate_limit: RateLimitState = field(factory=RateLimitState, kw_only=True, alias="rate_limit", repr=False)
    _body_limits: dict[str, int] = field(factory=dict, kw_only=True, alias="body_limits")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _user_agent: str = field(
        default=DEFAULT_USER_AGENT, kw_only=True, alias="user_agent", validator=_identity.header_text
    )
    _app_url: str | None = field(default=None, kw_only=True, alias="app_url", validator=_identity.header_text)
    _app_title: str | None = field(default=None, kw_only=True, alias="app_title", validator=_identity.header_text)
    _app_categories: str | None = field(
        default=None,
        converter=_identity.categories,
        kw_only=True,
        alias="app_categories",
        validator=_identity.header_text,
    )
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _async_clients: _loops.AsyncClients = field(factory=_loops.AsyncClients, init=False, repr=False)

    token: str = field(kw_only=True, repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def __attrs_post_init__(self) -> None:
        """Refuse a key, a header, a cookie or an option that cannot be used as it is, now
        rather than at the first call."""
        _key.check(self.token, self.prefix, self.auth_header_name, self._headers, self._cookies)
        _checked_base_url(self._base_url)
        _checked_body_limits(self._body_limits, _OPERATIONS)
        _checked_options(self._httpx_args, self._rate_limit, self._verify_ssl)

    def _body_limit(self, operation: str, default: int) -> int:
        """Bytes of a response's body, decoded, that `operation` reads (``body_limits=``)."""
        return self._body_limits.get(operation, default)

    def _scrubbed(self, error: _Error) -> _Error:
        """`error`, and the errors it chains, with the key taken out of their messages: the key,
        the headers given with ``headers=``, and any other header the httpx clients or the
        failed request carry (set on ``get_httpx_client().headers``, say)."""
        carried = [self._headers, *_carried_headers(error, self._client, self._async_client)]
        return _key.scrub(error, _key.secrets(self.token, self.prefix, *carried))

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers

        The new client is made (and its headers checked) before the live httpx clients, which
        both share, are touched: a header refused leaves this client as it was."""
        new = evolve(self, headers={**self._headers, **headers})
        if self._client is not None:
            self._client.headers.update(headers)
        for async_client in self._async_httpx_clients():
            async_client.headers.update(headers)
        return new

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies

        Made (and its cookies checked) before the live httpx clients are touched, as with
        with_headers()."""
        new = evolve(self, cookies={**self._cookies, **cookies})
        if self._client is not None:
            self._client.cookies.update(cookies)
        for async_client in self._async_httpx_clients():
            async_client.cookies.update(cookies)
        return new

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration

        Made (and the timeout checked) before the live httpx clients are touched."""
        new = evolve(self, timeout=timeout)
        if self._client is not None:
            self._client.timeout = new._timeout
        for async_client in self._async_httpx_clients():
            async_client.timeout = new._timeout
        return new

    def _httpx_kwargs(self, asynchronous: bool) -> dict[str, Any]:
        """The arguments both httpx clients are built with."""
        kwargs: dict[str, Any] = {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": {
                "Accept-Encoding": ACCEPT_ENCODING,
                **_identity.identity_headers(
                    self._user_agent,
                    {"app_url": self._app_url, "app_title": self._app_title, "app_categories": self._app_categories},
                ),
                **self._headers,
            },
            "timeout": self._timeout,
            "limits": DEFAULT_LIMITS,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }
        # Checked again: the attributes may have been set since the client was made.
        _key.check(self.token, self.prefix, self.auth_header_name, self._headers, self._cookies)
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
        cookies, headers, timeout, deadline, retries, verify_ssl, follow_redirects, httpx_args, and
        the API key, which it must send itself). For a deadline and retries, build it with
        ``transport=RetryTransport(DeadlineTransport(httpx.HTTPTransport()), RetryPolicy())``.
        """
        if not isinstance(client, httpx.Client):
            raise errors.InvalidOptionError(
                f"set_httpx_client() takes an httpx.Client, not {type(client).__name__} "
                "(an httpx.AsyncClient goes to set_async_httpx_client())"
            )
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            kwargs = self._httpx_kwargs(asynchronous=False)
            self._client = _wrapped(
                _made(httpx.Client, kwargs, self._scrubbed),
                kwargs["limits"].max_connections,
                self._deadline,
                self._retries,
                self._rate_limit,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        client = self.get_httpx_client()
        with _opening(client):
            client.__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: The client is used as it is: none of this object's settings apply to it (base_url,
        cookies, headers, timeout, deadline, retries, verify_ssl, follow_redirects, httpx_args, and
        the API key, which it must send itself). For a deadline and retries, build it with
        ``transport=RetryTransport(DeadlineTransport(httpx.AsyncHTTPTransport()), RetryPolicy())``.
        """
        if not isinstance(async_client, httpx.AsyncClient):
            raise errors.InvalidOptionError(
                f"set_async_httpx_client() takes an httpx.AsyncClient, not "
                f"{type(async_client).__name__} (an httpx.Client goes to set_httpx_client())"
            )
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient of the running event loop, made on its first use there (one
        per loop: its connections belong to that loop; see ``_loops``), or the one set by
        ``set_async_httpx_client()``, for every loop"""
        if self._async_client is not None:
            return self._async_client
        return self._async_clients.current(self._new_async_httpx_client)

    def _new_async_httpx_client(self) -> httpx.AsyncClient:
        kwargs = self._httpx_kwargs(asynchronous=True)
        return _wrapped(
            _made(httpx.AsyncClient, kwargs, self._scrubbed),
            kwargs["limits"].max_connections,
            self._deadline,
            self._retries,
            self._rate_limit,
        )

    def _async_httpx_clients(self) -> list[httpx.AsyncClient]:
        """Every httpx.AsyncClient made or set so far."""
        made = list(self._async_clients.every())
        return made if self._async_client is None else [self._async_client, *made]

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        async_client = self.get_async_httpx_client()
        with _opening(async_client):
            await async_client.__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs); the client
        is closed for every event loop from then on"""
        async_client = self.get_async_httpx_client()
        await async_client.__aexit__(*args, **kwargs)
        self._async_clients.closed(async_client)
