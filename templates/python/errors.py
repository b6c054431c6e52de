from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

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
        """Replace `value` by a Redacted: it came from the user's stored content."""
        self.value = redact(self.value)
        return self

    @classmethod
    def _no_branch(
        cls, path: str, value: object, tried: Mapping[str, MalformedResponseError]
    ) -> MalformedResponseError:
        """The error for an object that matches none of a union's object schemas (`tried`:
        each schema's name and why it refused the object)."""
        reasons = "; ".join(
            f"{name}: {error.reason}" + (f" at {error.path}" if error.path else "")
            for name, error in tried.items()
        )
        return cls(
            f"expected an object matching {' or '.join(tried)} ({reasons})", path=path, value=value
        )

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


class TransportError(OpenRouterGenerationError):
    """No usable response: the connection failed or broke, the body was cut short or could not
    be decoded (Content-Encoding), or redirects ran out. The httpx exception is the `__cause__`.
    """

    @staticmethod
    def from_httpx(error: httpx.RequestError) -> TransportError:
        """The error for an httpx failure: a RequestTimeoutError for a timeout, else this."""
        cls = RequestTimeoutError if isinstance(error, httpx.TimeoutException) else TransportError
        reason = str(error) or "no detail"
        return cls(f"no response ({type(error).__name__}): {reason}")


class RequestTimeoutError(TransportError):
    """A connect, read, write or pool timeout expired (see the client's `timeout`)."""
