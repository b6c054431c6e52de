"""When a response says to try again: the one reading of ``Retry-After``, ``retry-after-ms`` and
``X-RateLimit-Reset``, shared by the retry loop, the rate-limit state and ``RateLimitError``."""

from __future__ import annotations

import datetime
import email.utils
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from . import _clock

# A wait further away than this is not a hint but garbage (a Unix time sent where seconds were
# meant, a counter): daily caps are hours away, not years.
_LONGEST_WAIT = 366 * 24 * 3600.0
# X-RateLimit-Reset values above this are Unix milliseconds (this many seconds is year 5138).
_MILLISECONDS_FROM = 1e11
# ... and below this they are neither (1e9 seconds is September 2001).
_UNIX_TIME_FROM = 1e9


@dataclass(frozen=True)
class RetryHint:
    """When a response says to try again, and where it said so.

    `at` is a Unix time in seconds; `source` names the header (and "error.metadata.headers"
    when it came from the error body); `limit` is X-RateLimit-Limit when one came with it.
    `absolute` is True when the response gave an instant (X-RateLimit-Reset), False for a
    delay (Retry-After, retry-after-ms), whose precision is the header's.
    """

    at: float
    source: str
    absolute: bool
    limit: int | None = None


def retry_hint(
    headers: Mapping[str, str], content: bytes = b"", *, now: float | None = None
) -> RetryHint | None:
    """The one reading of when a response says to try again, or None when it does not say.

    Looks at ``retry-after-ms``, then ``Retry-After`` (seconds or an HTTP date), then
    ``X-RateLimit-Reset`` (Unix milliseconds; Unix seconds tolerated): first in the response
    headers, then in the error body's ``error.metadata.headers``, where an upstream provider's
    limit puts them. Garbage, negative and non-finite values, and waits over a year, are
    ignored; an instant already past means now. Never raises.
    """
    now = _clock.time() if now is None else now
    found = _hint_in(httpx.Headers(headers), now, "")
    if found is None:
        body_headers = _metadata_headers(content)
        if body_headers is not None:
            found = _hint_in(body_headers, now, " in error.metadata.headers")
    return found


def _hint_in(headers: httpx.Headers, now: float, where: str) -> RetryHint | None:
    limit = _number(headers.get("x-ratelimit-limit"))
    whole_limit = int(limit) if limit is not None and limit >= 1 else None
    milliseconds = _number(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return _hint(now + milliseconds / 1000, now, "retry-after-ms" + where, False, whole_limit)
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        seconds = _number(retry_after)
        at = now + seconds if seconds is not None else _http_date(retry_after)
        if at is not None:
            return _hint(max(at, now), now, "Retry-After" + where, False, whole_limit)
    reset = _number(headers.get("x-ratelimit-reset"))
    if reset is not None and reset >= _UNIX_TIME_FROM:
        at = reset / 1000 if reset >= _MILLISECONDS_FROM else reset
        return _hint(max(at, now), now, "X-RateLimit-Reset" + where, True, whole_limit)
    return None


def _hint(
    at: float, now: float, source: str, absolute: bool, limit: int | None
) -> RetryHint | None:
    return RetryHint(at, source, absolute, limit) if at - now <= _LONGEST_WAIT else None


def _number(text: object) -> float | None:
    """A finite, non-negative number from a header value (a str, or a JSON number), else None."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _http_date(text: str) -> float | None:
    """An HTTP date (RFC 9110) as a Unix time, else None."""
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed.timestamp()


def _metadata_headers(content: bytes) -> httpx.Headers | None:
    """`error.metadata.headers` of an error body, as headers (string values only), else None."""
    if not content or not content.lstrip().startswith(b"{"):
        return None
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        return None
    for key in ("error", "metadata", "headers"):
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    if not isinstance(body, dict):
        return None
    return httpx.Headers(
        {
            str(name): str(value)
            for name, value in body.items()
            if isinstance(value, str | int | float)
        }
    )
