"""Errors raised by the client: everything it raises derives from OpenRouterGenerationError.

Hierarchy (the classes of statuses come from the spec's `x-error-class`)::

    OpenRouterGenerationError            base of everything the client raises
    ├── APIStatusError                  a response with an error status
    │   ├── ClientStatusError           4xx
    │   │   ├── BadRequestError         400
    │   │   ├── AuthenticationError     401
    │   │   ├── PaymentRequiredError    402
    │   │   ├── PermissionDeniedError   403
    │   │   ├── NotFoundError           404
    │   │   └── RateLimitError          429
    │   ├── ServerStatusError           5xx, including non-standard 520-529 and 599
    │   │   ├── InternalServerError     500
    │   │   ├── BadGatewayError         502
    │   │   ├── ServiceUnavailableError 503
    │   │   ├── EdgeTimeoutError        524
    │   │   └── OverloadedError         529
    │   └── UnexpectedStatus            any other status the spec does not list (1xx, 2xx, 3xx)
    ├── MalformedResponseError          the body is not what the spec says
    ├── NoResponseError                 no usable response: connection, protocol or network failure
    │   └── RequestTimeoutError         connect, read, write or pool timeout
    ├── ResponseTooLargeError           the body, decoded, is past the client's limit for it
    ├── ClientClosedError               the client was used after it was closed
    ├── ClientAlreadyOpenError          its `with` block was entered while it was open already
    ├── EventLoopError                  an httpx.AsyncClient you set met another event loop
    ├── InvalidKeyError                 the key, a header or a cookie cannot be sent (a ValueError)
    ├── InvalidArgumentError            an argument breaks the spec's parameter (a ValueError)
    ├── InvalidOptionError              an option of the client, a policy or a transport (a ValueError)
    └── TransportMismatchError          a transport layer over no transport of the request's kind (a TypeError)

The last four are mistakes in the calling code, raised before anything is sent, and also the
builtin exception Python raises for them: a ValueError for a value that cannot be used (of
the wrong type too, as for `id=3`), a TypeError for a transport of the wrong kind.

A status the spec documents without a class of its own, or does not document, raises the
class of its range: ClientStatusError, ServerStatusError or UnexpectedStatus.

An APIStatusError keeps the response: `status_code`, `content` (raw bytes), `headers` and
`error`, the parsed body when it is a valid body of what the spec documents for the status
(an ErrorResponse, or a status's own schema), else None.

A MalformedResponseError names where the body departs from the spec: `path` (for example
"data.provider_responses[1].latency", or "" for the whole body), the offending `value` (UNSET
when a required field is missing) and the `reason`; when it comes from a response it also keeps
`status_code`, `content` and `headers` (None, b"" and empty headers when raised by a model's
from_dict called directly).

For stored content (the content endpoint's prompts and completions), `value` is a
types.Redacted, which shows the JSON type and size but not the text; `content` still holds the
raw body, as for any response, and is never shown by str() or repr().

A NoResponseError means no response arrived; the httpx exception is its `__cause__`, and the
message names the host and the operation.

A RateLimitError says when to try again, when the response said it: `retry_at` (an aware UTC
datetime) and `retry_after` (seconds from when the error was made), read by `retry_hint()`.

No error keeps the request: its headers carry the API key. No message shows the key either,
whatever an error the client wraps said: the client scrubs it from the messages of the errors
it raises and of those they chain (``_key.scrub``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from . import _clock
from ._retry_hint import RetryHint as RetryHint
from ._retry_hint import retry_hint as retry_hint
from .types import UNSET, Redacted, Unset, json_type, redact

if TYPE_CHECKING:
    # Every body an error status of the spec may carry (models/__init__.py, from the spec).
    from .models import ErrorBody

# How much of a body or a value an error message shows; the attributes keep all of it.
_SHOWN = 200


def _excerpt(value: object) -> str:
    """A short printable form of a body or value for a message."""
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
        text = " ".join(text.split())
        shown = repr(text[:_SHOWN])
        return shown + "..." if len(text) > _SHOWN else shown
    shown = repr(value)
    return shown[:_SHOWN] + "..." if len(shown) > _SHOWN else shown


def _join(prefix: str, path: str) -> str:
    """`prefix` then `path`: "data" + "latency" is "data.latency", "items" + "[1]" is "items[1]"."""
    if not path:
        return prefix
    if path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class OpenRouterGenerationError(Exception):
    """Base of every error the client raises."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class APIStatusError(OpenRouterGenerationError):
    """The server answered with an error status; the response is kept on the error."""

    status_code: int
    content: bytes
    headers: httpx.Headers
    error: ErrorBody | None

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        error: ErrorBody | None = None,
    ) -> None:
        super().__init__(status_code, content, headers, error)
        self.status_code = status_code
        self.content = content
        self.headers = httpx.Headers(headers)
        self.error = error

    def __str__(self) -> str:
        phrase = httpx.codes.get_reason_phrase(self.status_code)
        status = f"HTTP {self.status_code} {phrase}" if phrase else f"HTTP {self.status_code}"
        retry_after = self.headers.get("retry-after")
        if retry_after is not None:
            status += f" (Retry-After: {retry_after[:40]})"
        if self.error is not None:
            return status + _said(self.error.to_dict(), self.status_code)
        if not self.content:
            return f"{status}, empty body"
        if 200 <= self.status_code <= 299:
            # A success status the operation does not document: its body is a payload, maybe
            # the user's stored content, not an error page worth quoting.
            return f"{status}, a success status the spec does not list ({len(self.content)} bytes)"
        return f"{status}, body is not an error object: {_excerpt(self.content)}"

    @staticmethod
    def for_status(
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        error: ErrorBody | None = None,
    ) -> APIStatusError:
        """The error of the most specific class for `status_code` (any integer status works)."""
        cls = _BY_STATUS.get(status_code)
        if cls is None:
            if 400 <= status_code <= 499:
                cls = ClientStatusError
            elif 500 <= status_code <= 599:
                cls = ServerStatusError
            else:
                cls = UnexpectedStatus
        return cls(status_code, content, headers, error)


class ClientStatusError(APIStatusError):
    """A 4xx status: the request cannot succeed as it is."""


class ServerStatusError(APIStatusError):
    """A 5xx status, standard or not (520-529, 599): the server or an edge proxy failed."""


class RateLimitError(ClientStatusError):
    """429: rate limited (the key, or the upstream provider). `retry_at` / `retry_after` say
    when to try again, when the response said it (see retry_hint); None when it did not.
    """

    retry_at: datetime.datetime | None
    retry_after: float | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """APIStatusError's arguments; the hint is read from the headers and body at once."""
        super().__init__(*args, **kwargs)
        now = _clock.time()
        hint = retry_hint(self.headers, self.content, now=now)
        self.retry_at = None if hint is None else datetime.datetime.fromtimestamp(hint.at, datetime.UTC)
        self.retry_after = None if hint is None else hint.at - now

    def __str__(self) -> str:
        text = super().__str__()
        if self.retry_after is None or self.retry_at is None:
            return text
        return f"{text}; retry after {self.retry_after:.3f} s, at {self.retry_at.isoformat()}"


class UnexpectedStatus(APIStatusError):
    """A status the spec does not list and that is neither 4xx nor 5xx (e.g. 204, 301)."""


# The class of each status the spec documents with an `x-error-class`; errors.py fills it in
# from the spec, below the classes. Any other status gets the class of its range (for_status).
_BY_STATUS: dict[int, type[APIStatusError]] = {}


class MalformedResponseError(OpenRouterGenerationError):
    """The body is not what the spec says: `path` names where, `value` is what was found."""

    reason: str
    path: str
    value: object
    status_code: int | None
    content: bytes
    headers: httpx.Headers

    def __init__(
        self,
        reason: str,
        *,
        path: str = "",
        value: object = UNSET,
        status_code: int | None = None,
        content: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.value = value
        self.status_code = status_code
        self.content = content
        self.headers = httpx.Headers(headers)

    def __str__(self) -> str:
        status = "" if self.status_code is None else f" (HTTP {self.status_code})"
        where = f" at {self.path}" if self.path else ""
        return f"malformed response{status}{where}: {self.reason}{_got(self.value)}"

    def _under(self, prefix: str) -> MalformedResponseError:
        """Prefix `path` with where the enclosing object sits (models call this while unwinding)."""
        self.path = _join(prefix, self.path)
        return self

    def _redacted(self) -> MalformedResponseError:
        """Replace `value` by a Redacted: it came from the user's stored content, where a
        number that stands where text belongs is the user's text too."""
        value = redact(self.value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = Redacted(value)
        self.value = value
        return self

    @classmethod
    def _no_branch(
        cls, path: str, value: object, tried: Mapping[str, MalformedResponseError]
    ) -> MalformedResponseError:
        """The error for an object that matches none of a union's object schemas (`tried`:
        each schema's name and why it refused the object)."""
        reasons = "; ".join(
            f"{name}: {error.reason}" + (f" at {error.path}" if error.path else "") for name, error in tried.items()
        )
        return cls(f"expected an object matching {' or '.join(tried)} ({reasons})", path=path, value=value)

    def _from_response(self, response: httpx.Response) -> MalformedResponseError:
        """Attach the response that carried the malformed body."""
        self.status_code = response.status_code
        self.content = response.content
        self.headers = response.headers
        return self


def _said(body: Mapping[str, Any], status_code: int) -> str:
    """What a parsed error body says, for a message: OpenRouter's `error.message` (and its
    `code` when that is not the status), else the body itself, shortened. Any schema works."""
    detail = body.get("error")
    if isinstance(detail, Mapping) and isinstance(detail.get("message"), str):
        code = detail.get("code")
        shown_code = "" if code is None or code == status_code else f" (code {code!r})"
        return f": {detail['message']}{shown_code}"
    return f", error body {_excerpt(dict(body))}"


def _got(value: object) -> str:
    """ ", got <what>" for a message: the value's JSON type and an excerpt of it."""
    if isinstance(value, Unset):
        return ""
    if isinstance(value, Redacted):
        return f", got {value!r}"
    if value is None:
        return ", got null"
    if isinstance(value, bytes):
        return f", got {_excerpt(value)}"
    return f", got {json_type(value)} {_excerpt(value)}"


class NoResponseError(OpenRouterGenerationError):
    """No usable response: the connection failed or broke, the body was cut short or could not
    be decoded (Content-Encoding), or redirects ran out. The httpx exception is the `__cause__`;
    the message names the host and the operation (never the query string nor the key).
    """

    @staticmethod
    def from_httpx(error: httpx.RequestError, operation: str | None = None) -> NoResponseError:
        """The error for an httpx failure: RequestTimeoutError for a timeout, else NoResponseError.

        `operation` is the spec's operationId; without one the request's method and path stand in.
        """
        cls = RequestTimeoutError if isinstance(error, httpx.TimeoutException) else NoResponseError
        reason = str(error) or "no detail"
        try:
            request: httpx.Request | None = error.request
        except RuntimeError:  # an httpx error raised before it had a request
            request = None
        if request is None:
            return cls(f"no response for {operation or 'the request'} ({type(error).__name__}): {reason}")
        host = request.url.netloc.decode("ascii", errors="replace") or "a URL without a host"
        what = operation or f"{request.method} {request.url.path}"
        return cls(f"no response from {host} for {what} ({type(error).__name__}): {reason}")


class RequestTimeoutError(NoResponseError):
    """A connect, read, write or pool timeout expired (see the client's `timeout`)."""


class ClientClosedError(OpenRouterGenerationError):
    """The client was used after it was closed (its `with` block ended, or it was closed by
    hand): httpx cannot reopen it, so make a new client.
    """

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"{operation}: the client is closed (its `with` block has ended or it was closed); create a new client"
        )


class InvalidKeyError(OpenRouterGenerationError, ValueError):
    """The API key, its prefix, its header's name, a header given with ``headers=`` or a cookie
    given with ``cookies=`` cannot be sent as it is (whitespace around it, a control or
    non-ASCII character): raised when the client is made, before anything is sent. The message
    says what is wrong and where, never the value.
    """


class ResponseTooLargeError(OpenRouterGenerationError):
    """The response's body, decoded, is longer than the client reads for the request, so
    reading stopped there and memory stayed bounded (a gzip body that inflates without end is
    one). `status_code` and `headers` say which response, `limit` (bytes) which limit, `request`
    the method and path; the body is not kept. The client's ``body_limits=`` raises a limit.
    """

    status_code: int
    headers: httpx.Headers
    limit: int
    request: str

    def __init__(self, status_code: int, headers: Mapping[str, str], limit: int, request: str) -> None:
        super().__init__(status_code, limit, request)
        self.status_code = status_code
        self.headers = httpx.Headers(headers)
        self.limit = limit
        self.request = request

    def __str__(self) -> str:
        phrase = httpx.codes.get_reason_phrase(self.status_code)
        status = f"HTTP {self.status_code} {phrase}" if phrase else f"HTTP {self.status_code}"
        return (
            f"{status}: the body is longer than {self.limit:,} bytes (decoded), the most this "
            f"client reads for {self.request}; the client's body_limits= (bytes per operation) "
            "reads more"
        )


class EventLoopError(OpenRouterGenerationError):
    """An async call met what belongs to another event loop: the httpx.AsyncClient given to
    ``set_async_httpx_client()`` keeps connections of the loop that used it first, and cannot
    move to another one. The client's own httpx clients do not meet this (one per loop).
    """

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"{operation}: the httpx.AsyncClient set with set_async_httpx_client() belongs to "
            "another event loop (a closed one, or another thread's), and its connections cannot "
            "move to this one; set one per event loop, or let the client make its own"
        )


class InvalidArgumentError(OpenRouterGenerationError, ValueError):
    """An argument of an operation breaks what the spec says of its parameter (an empty or
    missing ``id``): raised before anything is sent. The message names the argument and the
    constraint."""


class InvalidOptionError(OpenRouterGenerationError, ValueError):
    """An option of the client, of a RetryPolicy or of one of the transports is of the wrong
    type or out of range (``deadline=-1``, ``timeout="10"``, ``body_limits=`` naming no
    operation, ``RetryPolicy(total=-1)``, ``base_url=`` that is no http(s) URL): raised when it
    is made, before anything is sent (a request's own ``extensions``: when it is sent). The
    message names the option and what it accepts. A ValueError, as InvalidKeyError is.
    """


class TransportMismatchError(OpenRouterGenerationError, TypeError):
    """A transport of the client's (DeadlineTransport, BodyLimitTransport, AdmissionTransport,
    RetryTransport) was given something that is not an httpx transport, or a request of the
    flavour (sync or async) the transport under it does not handle: an httpx.Client over
    ``httpx.AsyncHTTPTransport()``, or the reverse. The message names the layer and what it
    wraps. A TypeError: what is wrong is the kind of transport, not a value.
    """

    def __init__(self, layer: str, transport: object, asynchronous: bool | None = None) -> None:
        what = type(transport).__name__
        if asynchronous is None:
            message = (
                f"{layer} wraps an httpx transport (httpx.HTTPTransport for an httpx.Client, "
                f"httpx.AsyncHTTPTransport for an httpx.AsyncClient), not a {what}"
            )
        else:
            got, needs = ("an async", "async") if asynchronous else ("a sync", "sync")
            message = (
                f"{layer} got {got} request, but the transport under it ({what}) is not {needs}: "
                "an httpx.Client needs httpx.HTTPTransport() under the client's transports, an "
                "httpx.AsyncClient httpx.AsyncHTTPTransport()"
            )
        super().__init__(message)


class ClientAlreadyOpenError(OpenRouterGenerationError):
    """The client's ``with`` (or ``async with``) block was entered while the client was open
    already: in another block, or after a call made outside any (httpx opens a client once, at
    its block or its first call). Enter one block, before the first call.
    """

    def __init__(self) -> None:
        super().__init__(
            "entering the client: it is open already (in another `with` block, or by a call made "
            "before this block), and httpx opens a client once; enter one block, before the "
            "first call"
        )


class BadRequestError(ClientStatusError):
    """400: Bad Request - the request is invalid, e.g. the `id` parameter is missing or empty."""


class AuthenticationError(ClientStatusError):
    """401: Unauthorized - the API key is missing, invalid or disabled."""


class PaymentRequiredError(ClientStatusError):
    """402: Payment Required - the account or key has run out of credits."""


class PermissionDeniedError(ClientStatusError):
    """403: Forbidden - the key may not read this generation (it belongs to another account or
    workspace). Or: Forbidden - the key may not read stored content (only some keys, such as
    management keys, can)."""


class NotFoundError(ClientStatusError):
    """404: Not Found - no generation has this id, or its stats are not ready yet (retry
    shortly after a completion)."""


class InternalServerError(ServerStatusError):
    """500: Internal Server Error - an unexpected failure inside OpenRouter."""


class BadGatewayError(ServerStatusError):
    """502: Bad Gateway - OpenRouter could not reach the service that stores generation stats."""


class ServiceUnavailableError(ServerStatusError):
    """503: Service Unavailable - stored content cannot be read right now; retry later (the
    official SDKs document it for this operation since November 2026)."""


class EdgeTimeoutError(ServerStatusError):
    """524: Infrastructure Timeout - the request timed out at the edge network (non-standard
    status 524)."""


class OverloadedError(ServerStatusError):
    """529: Overloaded - the service is overloaded (non-standard status 529); retry with
    backoff."""


_BY_STATUS.update(
    {
        400: BadRequestError,
        401: AuthenticationError,
        402: PaymentRequiredError,
        403: PermissionDeniedError,
        404: NotFoundError,
        429: RateLimitError,
        500: InternalServerError,
        502: BadGatewayError,
        503: ServiceUnavailableError,
        524: EdgeTimeoutError,
        529: OverloadedError,
    }
)

__all__ = [
    "APIStatusError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "ClientAlreadyOpenError",
    "ClientClosedError",
    "ClientStatusError",
    "EdgeTimeoutError",
    "EventLoopError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidKeyError",
    "InvalidOptionError",
    "MalformedResponseError",
    "NoResponseError",
    "NotFoundError",
    "OpenRouterGenerationError",
    "OverloadedError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "RetryHint",
    "ServerStatusError",
    "ServiceUnavailableError",
    "TransportMismatchError",
    "UnexpectedStatus",
    "retry_hint",
]
