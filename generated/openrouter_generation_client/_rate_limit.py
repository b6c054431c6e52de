"""What the calls sharing one API key have learned about its rate limit, and how that paces them."""

import math
import threading

import httpx

from . import _clock
from ._retry_hint import RetryHint

# Sent this long after a reset, so that a timer firing a clock tick early, or a request that
# reaches the server a moment later than it left, still lands in the new window.
_MARGIN = 0.005
# While one request finds where a window of unknown length ends, the others look this often.
_PROBE_POLL = 0.01
# Two resets closer than this are one window's (each answer of a window carries the same one).
_SAME_WINDOW = 0.002


class RateLimitState:
    """What the calls sharing one API key have learned about its rate limit.

    When any call learns from a 429 that the key is limited until T, the others wait until T
    before sending instead of each meeting its own 429; a call whose policy does not allow
    that long a wait gets that 429 back at once, without sending. From the resets of
    successive windows (``X-RateLimit-Reset``) and ``X-RateLimit-Limit`` (or the count of
    requests a window let through) it also paces sends: at most the limit per window. A delay
    (``Retry-After``, ``retry-after-ms``) marks a window's end only roughly; from the earliest
    end the 429s of a window give, and the count of requests the window let through, it paces
    sends too, one request at a time finding where each window ends once its limit is used.

    Each client has its own, shared by its sync and async calls, its threads and tasks, and
    requests made through ``get_httpx_client()``; pass one as ``rate_limit=`` to several
    clients using the same key to share it between them. Thread-safe: one lock, never held
    while waiting; each caller waits with its own sleep (the clock's, ``_clock``: in a thread
    or in a task).
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
            return self._until if self._until > _clock.time() else None

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

    def _learn(self, response: httpx.Response, hint: RetryHint | None, sent_at: float) -> None:
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
            if hint.absolute:
                self._learn_reset(response, hint, probe)
            else:
                self._learn_delay(response, hint, sent_at)

    def _learn_reset(self, response: httpx.Response, hint: RetryHint, probe: bool) -> None:
        """A 429 that gives the instant its window resets (X-RateLimit-Reset)."""
        if hint.at > self._until:
            self._until, self._blocked_by = hint.at, response
        if self._anchor is not None and hint.at <= self._anchor + _SAME_WINDOW:
            return
        if probe and self._anchor is not None:
            self._period = hint.at - self._anchor
        self._new_window(hint)

    def _learn_delay(self, response: httpx.Response, hint: RetryHint, sent_at: float) -> None:
        """A 429 that gives a delay (Retry-After, retry-after-ms): "not before `hint.at`".

        The window resets by then, not exactly then: Retry-After in whole seconds is rounded up,
        so `at` may be up to a second past the reset. Of the 429s of one window (those of
        requests sent before its expected end) the earliest `at` is the closest to the reset:
        it is the end everyone waits for. No period is learned from such rough ends: once a
        window's limit is used up, one request at a time finds where it ends (_admit).
        """
        if self._anchor is not None and sent_at < self._until:
            if hint.at < self._until:  # the same window, a closer end
                self._until, self._blocked_by = hint.at, response
                self._anchor = self._window = hint.at
            return
        self._until, self._blocked_by = hint.at, response
        self._new_window(hint)

    def _new_window(self, hint: RetryHint) -> None:
        """A 429 says the window ends at `hint.at`: what it let through is the limit, and the
        next one starts then."""
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
