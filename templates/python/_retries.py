"""When a request is sent again and how long it waits first: ``RetryPolicy`` (what the user
configures) and ``_Call`` (one request's decisions under it, with no I/O of its own)."""

import math
import random
from collections.abc import Callable, Iterable
from typing import Any, Final

import httpx
from attrs import define, evolve, field

from . import _clock, _options
from ._deadline import CALL_DEADLINE
from ._rate_limit import RateLimitState
from ._retry_hint import retry_hint
from .errors import InvalidOptionError

# The checks of RetryPolicy's fields: each raises InvalidOptionError naming the field.


def _at_least(low: float) -> Callable[[Any, Any, float], None]:
    def check(instance: Any, attribute: Any, value: float) -> None:
        if not _options.number(attribute.name, value) >= low:
            raise InvalidOptionError(f"{attribute.name} must be at least {low}, not {value!r}")

    return check


def _above(low: float, *allowed: None) -> Callable[[Any, Any, float | None], None]:
    def check(instance: Any, attribute: Any, value: float | None) -> None:
        if value in allowed:
            return
        if value is None or not _options.number(attribute.name, value) > low:
            raise InvalidOptionError(f"{attribute.name} must be above {low}, not {value!r}")

    return check


def _between(low: float, high: float) -> Callable[[Any, Any, float], None]:
    def check(instance: Any, attribute: Any, value: float) -> None:
        if not low <= _options.number(attribute.name, value) <= high:
            raise InvalidOptionError(
                f"{attribute.name} must be between {low} and {high}, not {value!r}"
            )

    return check


def _items(field: str, given: object, kind: type | tuple[type, ...], what: str) -> list[Any]:
    """The items of `given` when it is an iterable (not a string) of `kind` only."""
    items = (
        None if isinstance(given, str | bytes) or not isinstance(given, Iterable) else list(given)
    )
    if items is None or not all(isinstance(item, kind) for item in items):
        raise InvalidOptionError(f"{field} must be an iterable of {what}, got {given!r}")
    return items


def _upper(methods: Iterable[str]) -> frozenset[str]:
    return frozenset(
        method.upper() for method in _items("allowed_methods", methods, str, "strings")
    )


def _statuses(statuses: Iterable[int]) -> frozenset[int]:
    return frozenset(_items("status_forcelist", statuses, int, "status codes (ints)"))


def _exceptions(classes: Iterable[type[Exception]]) -> tuple[type[Exception], ...]:
    found = _items("retry_on_exceptions", classes, type, "exception classes")
    if not all(issubclass(cls, Exception) for cls in found):
        raise InvalidOptionError(f"retry_on_exceptions must hold exception classes, got {found!r}")
    return tuple(found)


@define(frozen=True, repr=False)
class RetryPolicy:
    """When to send a request again, and how long to wait first.

    - 429 and 503 wait what the response asks (``errors.retry_hint``: ``Retry-After``,
      ``retry-after-ms`` or ``X-RateLimit-Reset``, in the headers or the error body). A wait
      longer than ``max_backoff_wait`` or than what is left of ``total_timeout`` is not waited:
      the response is final at once, and its error says when to come back.
    - 500, 502, 504, 524 and 529, a 429 or 503 that does not say when, and failures to connect
      or to get an answer (refused, reset, closed before answering, connect timeout), back off
      exponentially with full jitter: a random wait of up to ``backoff_factor * 2**n`` seconds
      before retry n, at most ``max_backoff_wait``, cut to the 404 window's end.
    - A 404 is retried, with the same backoff, until ``not_found_window`` seconds have passed
      since the call's first 404, whatever ``total`` says: right after a completion, the
      generation's stats are not there yet. The window counts from that answer, so time spent
      waiting before it (for the rate limit, a backoff, a slow first answer) takes none of it.
    - Otherwise at most ``total`` retries, and nothing past ``total_timeout`` seconds since the
      call started (attempts and waits both count): a wait that would reach it is not waited
      (the last answer is final), and an attempt still running then ends with
      ``RequestTimeoutError`` naming that deadline.

    Read and write timeouts are not retried: the server had the request and the whole timeout
    already; add ``httpx.ReadTimeout`` to ``retry_on_exceptions`` to retry them. A failure
    while reading a success's body is never retried: the transport has handed it over by then.
    ``allowed_methods`` (the idempotent ones), ``respect_retry_after_header``,
    ``backoff_jitter`` (1: full jitter) and ``attempts_made`` are the remaining fields, named
    as in httpx-retries' ``Retry``, which this replaced. A policy is immutable: share it
    freely; ``copy_with()`` gives a changed copy.
    """

    total: int = field(default=5, validator=_at_least(0))
    not_found_window: float = field(default=3.0, kw_only=True, validator=_at_least(0))
    backoff_factor: float = field(default=0.1, kw_only=True, validator=_at_least(0))
    max_backoff_wait: float = field(default=30.0, kw_only=True, validator=_above(0))
    total_timeout: float | None = field(default=60.0, kw_only=True, validator=_above(0, None))
    status_forcelist: frozenset[int] = field(
        default=(429, 500, 502, 503, 504, 524, 529), kw_only=True, converter=_statuses
    )
    retry_on_exceptions: tuple[type[Exception], ...] = field(
        default=(httpx.ConnectTimeout, httpx.NetworkError, httpx.RemoteProtocolError),
        kw_only=True,
        converter=_exceptions,
    )
    allowed_methods: frozenset[str] = field(
        default=("HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"),
        kw_only=True,
        converter=_upper,
    )
    respect_retry_after_header: bool = field(default=True, kw_only=True)
    backoff_jitter: float = field(default=1.0, kw_only=True, validator=_between(0, 1))
    attempts_made: int = field(default=0, kw_only=True, validator=_at_least(0))

    def copy_with(self, **changes: Any) -> "RetryPolicy":
        """A copy with `changes` (any of the fields)."""
        return evolve(self, **changes)

    def increment(self) -> "RetryPolicy":
        """A copy that counts one more retry."""
        return evolve(self, attempts_made=self.attempts_made + 1)

    def is_exhausted(self) -> bool:
        """Whether the retries ``total`` allows are used up (404s in their window aside)."""
        return self.attempts_made >= self.total

    def backoff_strategy(self) -> float:
        """The wait before the next retry: ``backoff_factor * 2**attempts_made`` seconds, with
        jitter (a random share of up to ``backoff_jitter`` taken off), at most
        ``max_backoff_wait``."""
        # 2.0**1024 overflows, and a 404 window with a tiny max_backoff_wait retries that often;
        # past 2**64 times backoff_factor, any max_backoff_wait is the wait anyway.
        backoff: float = self.backoff_factor * 2.0 ** min(self.attempts_made, 64)
        if self.backoff_jitter > 0:
            backoff *= random.uniform(1 - self.backoff_jitter, 1)  # noqa: S311 (spread, not a secret)
        return min(backoff, self.max_backoff_wait)

    def is_retryable_method(self, method: str) -> bool:
        return method.upper() in self.allowed_methods

    def is_retryable_exception(self, error: Exception) -> bool:
        return isinstance(error, self.retry_on_exceptions)

    def is_retryable_status_code(self, status_code: int) -> bool:
        """The listed statuses, and 404 unless ``not_found_window`` is 0."""
        if status_code == 404:
            return self.not_found_window > 0
        return status_code in self.status_forcelist

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(total={self.total}, attempts_made={self.attempts_made}, "
            f"not_found_window={self.not_found_window}, total_timeout={self.total_timeout})"
        )


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
        self.retry = policy
        self.state = state
        self.started = _clock.monotonic()
        self.sent_at = 0.0
        self.first_not_found: float | None = None  # when the first 404 came, on the monotonic clock

    def put_deadline(self, request: httpx.Request) -> None:
        """Tell the DeadlineTransport below when the whole call must end: no attempt may run
        past ``total_timeout`` either."""
        if self.policy.total_timeout is not None:
            ends = self.started + self.policy.total_timeout
            why = f"the call's deadline, RetryPolicy(total_timeout={self.policy.total_timeout:g})"
            request.extensions[CALL_DEADLINE] = (ends, why)

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
        now = _clock.time()
        wait, blocked_by = self.state._admit(now)
        if wait <= 0:
            self.sent_at = now
            return _SEND
        if blocked_by is not None and not self._fits(wait):
            return _replayed(blocked_by)
        return wait

    def _left(self) -> float:
        """Seconds left of the policy's total_timeout."""
        if self.policy.total_timeout is None:
            return math.inf
        return self.policy.total_timeout - (_clock.monotonic() - self.started)

    def _fits(self, wait: float) -> bool:
        """Whether the policy allows a wait of `wait` s now: at most ``max_backoff_wait``, and
        ending before ``total_timeout`` does (an attempt sent as it ends could not finish)."""
        return wait <= self.policy.max_backoff_wait and wait < self._left()

    def _backoff(self, ceiling: float = math.inf) -> float | None:
        """The next exponential backoff, cut to `ceiling`; None when nothing is left below the
        ceiling or the wait does not fit."""
        if ceiling <= 0:
            return None
        retry = self.retry.increment()
        wait = min(retry.backoff_strategy(), ceiling)
        if not self._fits(wait):
            return None
        self.retry = retry
        return wait

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
            hint = retry_hint(outcome.headers, outcome.content)
        self.state._learn(outcome, hint if status == 429 else None, self.sent_at)
        if not self.retry.is_retryable_status_code(status):
            return None
        if status == 404:
            now = _clock.monotonic()
            if self.first_not_found is None:
                self.first_not_found = now
            return self._backoff(self.policy.not_found_window - (now - self.first_not_found))
        if self.retry.is_exhausted():
            return None
        if hint is None:
            return self._backoff()
        wait = hint.at - _clock.time()
        if not self._fits(wait):
            return None  # fail fast: the error says when to come back
        self.retry = self.retry.increment()
        # A 429's wait is the shared one: the state holds it, and _admit waits it out.
        return 0.0 if status == 429 else max(wait, 0.0)
