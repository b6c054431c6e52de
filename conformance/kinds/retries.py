"""The `retry` kind: what a client that retries sends, and when, over a scripted sequence of
replies, judged from the fake server's own log of when each try arrived.

Cases come from the spec, per operation:

- every documented error status: a 404 is tried again until the declared window and no
  longer (`404:transient`, `404:persistent`); a status the adapter backs off on ends in the
  200 that follows it (`<status>:transient`) or is final after the declared attempts
  (`<status>:persistent`); any other 4xx, and a 5xx not declared, is sent exactly once
  (`<status>:once`);
- every retry hint a header documents (`x-retry-hint`), in each of its forms, in the headers
  and where `x-headers-in-body` says the same headers may come instead: the next try
  arrives no sooner than the hint says and soon after it, and ends in the 200
  (`429:<header>:<form>`); a hint past the adapter's `max_wait` makes the 429 final at
  once, and the error carries the hint (`...:too-far`);
- each hint header with a value no form reads (`429:<header>:garbage`, `Retry-After: soon`,
  which the live API has sent): no crash, the hint ignored, the status handled as without one
  (backed off into the 200 that follows, within max_wait; sent once if the policy does not
  back off on it).

The cases run only for an adapter that declares `Retries`; without it they are skipped. An
adapter that declares `Retries(clock=True)` runs on the kit's virtual clock (clock.py): then
the waits cost nothing and the expectations are exact.
"""

from __future__ import annotations

import copy
import email.utils
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pytest

from conformance.adapters import Api, APIError, Clock, Retries
from conformance.case import Case
from conformance.judging import checks
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import samples
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Operation, Spec
from conformance.spec.document import Header, Headers, HintForm
from conformance.transports.clock import RealClock, Unanswered, VirtualClock
from conformance.transports.respx_server import Exchange, Reply, Script

Variant = Literal["once", "transient", "persistent", "hint", "too-far", "garbage"]
HINTED: tuple[Variant, ...] = ("hint", "too-far")
# How far ahead the hints the kit serves point, in seconds: Retry-After is whole seconds.
HINT: dict[HintForm, float] = {
    "delay-seconds": 1.0,
    "http-date": 1.0,  # then rounded up to a whole second, as an HTTP date is
    "delay-milliseconds": 0.4,
    "unix-milliseconds": 0.4,
}
# A try may come this long after the hint said and still be prompt (on top of clock slack).
PROMPT = 1.0
# A try before the hint by less than this is on time (clocks read in different places).
EARLY = 0.001
# A hint value no form reads (api-behaviour.md: Retry-After may be garbage).
GARBAGE = "soon"
# Clock reads between two sleeps that make a busy loop: a correct client reads it a few times per
# try, and a case's script is a few tries; a client that waits without sleeping reads it forever.
SPIN = 10_000
# How far past the adapter's max_wait a `too-far` hint points.
BEYOND = 60.0
_JSON = (("content-type", "application/json"),)
# The values the kit serves for documented headers that give no hint (X-RateLimit-Limit...).
_PLAIN_VALUES = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0"}


@dataclass(frozen=True)
class Hint:
    """A retry hint a 429 carries: `header` in `form`, in the headers or where the status's
    `headers` say the body may carry them, beside the other documented headers."""

    headers: Headers
    header: Header
    form: HintForm
    in_body: bool

    def __str__(self) -> str:
        return f"{self.header.name} ({self.form}{', in the body' if self.in_body else ''})"


@dataclass(frozen=True)
class RetryCase:
    """What one retry case serves: `status` for every try but the last, which may be a 200."""

    variant: Variant
    status: int
    hint: Hint | None = None


def _cases(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        for status in operation.error_statuses:
            for variant in _status_variants(status):
                yield _case(operation, RetryCase(variant, status))
        for documented in operation.headers:
            places = (False, True) if documented.in_body else (False,)
            for header in documented.headers:
                for form, in_body, variant in itertools.product(header.hints, places, HINTED):
                    hint = Hint(documented, header, form, in_body)
                    yield _case(operation, RetryCase(variant, documented.status, hint))
                if header.hints:
                    hint = Hint(documented, header, header.hints[0], in_body=False)
                    yield _case(operation, RetryCase("garbage", documented.status, hint))


def _status_variants(status: int) -> tuple[Variant, ...]:
    """404 and 5xx may be transient (which the adapter's declaration decides); other 4xx not."""
    if status == 404 or status >= 500 or status == 429:
        return ("transient", "persistent")
    return ("once",)


def _case(operation: Operation, retry: RetryCase) -> Case:
    name = f"{retry.status}:{retry.variant}"
    hint = retry.hint
    if hint is not None:
        name = f"{retry.status}:{hint.header.name}:{hint.form}{':body' * hint.in_body}"
        name += ":too-far" if retry.variant == "too-far" else ""
        if retry.variant == "garbage":
            name = f"{retry.status}:{hint.header.name}:garbage"
    return Case(
        f"{operation.id}/retry/{name}",
        "retry",
        operation.id,
        EXPECTATIONS[retry.variant],
        status=retry.status,
        data=retry,
    )


EXPECTATIONS: dict[Variant, str] = {
    "once": "sent exactly once",
    "transient": "tried again as the policy says, ending in the 200",
    "persistent": "tried again as the policy says, then final",
    "hint": "the next try no sooner than the hint, and soon after it",
    "too-far": "final at once, the error carrying the hint",
    "garbage": "the unreadable hint ignored: handled as the status is without one",
}


def _run(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    declared = kit.supports.retries
    if declared is None:  # test_cases.py skips it first (Kind.needs); a runner that does not
        pytest.skip("the adapter declares no retries (conformance.adapters.Retries)")
    retry: RetryCase = case.data
    clock: Clock = VirtualClock(spin=SPIN) if declared.clock else RealClock()
    judge = _Judge(kit, kit.spec.operation(case.operation), declared, clock)
    RUNS[retry.variant](judge, api, retry)


@dataclass
class _Judge:
    """Serves one case's script to the client and holds its tries up to the declaration."""

    kit: Kit
    operation: Operation
    declared: Retries
    clock: Clock

    @property
    def slack(self) -> float:
        return float(getattr(self.clock, "slack", RealClock.slack))

    def exchange(self, api: Api, script: Script) -> Exchange:
        """The call with retries on, against `script`, stamped (and run) on the case's clock."""
        handed = self.clock if self.declared.clock else None
        bounded = self.bounded(script)
        exchange = self.kit.exchange(api, self.operation, bounded, retries=True, clock=handed)
        if exchange.stopped:
            checks.fail(f"{_tries(exchange)}: {exchange.stopped}")
        return exchange

    def bounded(self, script: Script) -> Script:
        """`script`, stopping (`Unanswered`) a client that sends more tries in a row at one
        instant of the virtual clock than its declared attempts: it retries without waiting,
        and as the clock moves only when it waits, would do so forever. A correct client sends
        none at the same instant (`_transient`); any finite run stays for the checks to judge."""
        if not isinstance(self.clock, VirtualClock):
            return script  # the real clock moves on its own: every window ends
        limit, previous, still = self.declared.attempts, [math.nan], [0]

        def answer(index: int, at: float) -> Reply:
            still[0] = still[0] + 1 if at == previous[0] else 0
            previous[0] = at
            if still[0] >= limit:
                raise Unanswered(
                    f"{still[0] + 1} requests in a row without waiting (the virtual clock did"
                    f" not move; {limit} attempts declared): the kit stopped answering"
                )
            return script(index, at)

        return answer

    def error(self, status: int) -> dict[str, Any]:
        """A documented error body for `status`: its first example, else a minimal one."""
        body = self.operation.body_for(status)
        examples = body.examples if body is not None else ()
        sent = next((value for code, value in examples if code == status), None)
        if isinstance(sent, dict) and isinstance(sent.get("error"), dict):
            return copy.deepcopy(sent)
        return {"error": {"code": status, "message": f"scripted {status}"}}

    def reply(self, status: int) -> Reply:
        return Reply.json(status, self.error(status))

    def success(self) -> Reply:
        """A valid 200 body, the same every run."""
        return Reply.json(200, samples.full(self.operation.success.schema))

    def tries(self, exchange: Exchange, expected: int) -> None:
        if len(exchange.arrivals) != expected:
            checks.fail(
                f"{_tries(exchange)}, expected {expected} ({checks.describe(exchange.outcome)})"
            )


def _tries(exchange: Exchange) -> str:
    """`sent 3 times, at +0.000, +0.012, +0.500 s`: the server's log of the call."""
    first = exchange.arrivals[0] if exchange.arrivals else 0.0
    times = ", ".join(f"+{at - first:.3f}" for at in exchange.arrivals[:6])
    more = f", ... (+{len(exchange.arrivals) - 6})" if len(exchange.arrivals) > 6 else ""
    count = len(exchange.arrivals)
    return f"sent {count} time{'s' * (count != 1)}" + (f", at {times}{more} s" if count else "")


def _repeat(first: Reply, then: Reply | None = None, after: int = 0) -> Script:
    """`first` for the first `after` tries, then `then` (every try `first` when None)."""
    return lambda index, _at: first if then is None or index < after else then


def _the_error(judge: _Judge, exchange: Exchange, status: int, raw: bytes) -> None:
    """The final outcome is the typed error of `status` with its raw body (each a finding of
    its own: the tries are judged whatever the outcome)."""
    check = judge.kit.judgement.check
    error = check("outcome", checks.api_error, exchange.outcome, status)
    if error is not None:
        check("error", checks.error, error, status, None, None)
        check("raw-body", checks.raw_body, error, raw)


def _once(judge: _Judge, api: Api, retry: RetryCase) -> None:
    exchange = judge.exchange(api, _repeat(judge.reply(retry.status), judge.success(), after=1))
    # No reply when the client failed before sending: its outcome is what is judged.
    raw = exchange.replies[0].content if exchange.replies else b""
    _the_error(judge, exchange, retry.status, raw)
    judge.tries(exchange, 1)


def _final_status(judge: _Judge, status: int) -> bool:
    """Whether the adapter treats `status` as final (sent once): not backed off, no window."""
    if status == 404:
        return judge.declared.not_found_window <= 0
    return status not in judge.declared.backoff


def _transient(judge: _Judge, api: Api, retry: RetryCase) -> None:
    if _final_status(judge, retry.status):
        _once(judge, api, retry)
        return
    exchange = judge.exchange(api, _repeat(judge.reply(retry.status), judge.success(), after=2))
    checks.parsed(exchange.outcome)
    judge.tries(exchange, 3)
    first, *rest = exchange.arrivals
    if retry.status == 404:
        window = judge.declared.not_found_window
        if rest[-1] - first > window + judge.slack:
            checks.fail(f"{_tries(exchange)}: past the {window} s window for a 404")
        return
    for earlier, later in itertools.pairwise(exchange.arrivals):
        if later - earlier > judge.declared.max_wait + judge.slack:
            checks.fail(f"{_tries(exchange)}: waited past max_wait {judge.declared.max_wait} s")
        if isinstance(judge.clock, VirtualClock) and later <= earlier:
            checks.fail(f"{_tries(exchange)}: tried again without backing off")


def _persistent(judge: _Judge, api: Api, retry: RetryCase) -> None:
    if _final_status(judge, retry.status):
        _once(judge, api, retry)
        return
    exchange = judge.exchange(api, _repeat(judge.reply(retry.status)))
    _the_error(judge, exchange, retry.status, exchange.replies[-1].content)
    if retry.status != 404:
        judge.tries(exchange, judge.declared.attempts)
        return
    window = judge.declared.not_found_window
    last = exchange.arrivals[-1] - exchange.arrivals[0]
    if len(exchange.arrivals) < 2 or not window / 2 <= last <= window + judge.slack:
        checks.fail(f"{_tries(exchange)}: a persistent 404 should end near the {window} s window")


def _hinted(judge: _Judge, api: Api, retry: RetryCase) -> None:
    hint = retry.hint
    if hint is None:
        raise ValueError(f"a {retry.variant} case needs a hint")
    far = retry.variant == "too-far"
    ahead = judge.declared.max_wait + BEYOND if far else HINT[hint.form]
    hints: list[float] = []

    def script(index: int, at: float) -> Reply:
        if index > 0:
            return judge.success()
        reply, hint_at = _hint_reply(judge, retry.status, hint, at, ahead)
        hints.append(hint_at)
        return reply

    exchange = judge.exchange(api, script)
    if not exchange.arrivals:
        checks.fail(f"{checks.describe(exchange.outcome)}, and sent nothing")
    first, hint_at, where = exchange.arrivals[0], hints[0], str(hint)
    if far or hint_at - first > judge.declared.max_wait:
        _the_error(judge, exchange, retry.status, exchange.replies[0].content)
        judge.tries(exchange, 1)
        _carries_hint(exchange, hint_at - first, where, judge.slack)
        return
    checks.parsed(exchange.outcome)
    judge.tries(exchange, 2)
    early = hint_at - exchange.arrivals[1]
    if early > EARLY:
        checks.fail(f"{_tries(exchange)}: tried {early:.3f} s before {where} said")
    late = -early
    if late > PROMPT + judge.slack:
        checks.fail(f"{_tries(exchange)}: tried {late:.3f} s after {where} said")


def _garbage(judge: _Judge, api: Api, retry: RetryCase) -> None:
    hint = retry.hint
    if hint is None:
        raise ValueError("a garbage case needs a hint header")
    error = judge.reply(retry.status)
    unreadable = Reply(error.status, error.content, (*error.headers, (hint.header.name, GARBAGE)))
    exchange = judge.exchange(api, _repeat(unreadable, judge.success(), after=1))
    if _final_status(judge, retry.status):
        _the_error(judge, exchange, retry.status, unreadable.content)
        judge.tries(exchange, 1)
        return
    checks.parsed(exchange.outcome)
    judge.tries(exchange, 2)
    waited = exchange.arrivals[1] - exchange.arrivals[0]
    if waited > judge.declared.max_wait + judge.slack:
        checks.fail(f"{_tries(exchange)}: waited past max_wait {judge.declared.max_wait} s")


def _carries_hint(exchange: Exchange, expected: float, where: str, slack: float) -> None:
    """The error's retry_after (when the adapter exposes it) says what the hint said."""
    outcome = exchange.outcome
    if not isinstance(outcome, APIError) or outcome.retry_after is None:
        return
    # An HTTP date is whole seconds: the error may count from a moment within one of them.
    if abs(outcome.retry_after - expected) > 1.0 + slack:
        checks.fail(
            f"{checks.describe(outcome)}: retry_after {outcome.retry_after:.3f} s,"
            f" {where} said {expected:.3f} s"
        )


def _hint_reply(
    judge: _Judge, status: int, hint: Hint, at: float, ahead: float
) -> tuple[Reply, float]:
    """The `status` reply whose `hint` says to retry `ahead` seconds after `at`; and the
    instant it names."""
    value, hint_at = HINT_VALUES[hint.form](at, ahead)
    sent = {hint.header.name: value}
    for other in hint.headers.headers:
        plain = _PLAIN_VALUES.get(other.name.lower())
        if not other.hints and plain is not None:
            sent[other.name] = plain
    if not hint.in_body:
        error = judge.reply(status)
        return Reply(error.status, error.content, (*error.headers, *sent.items())), hint_at
    body = judge.error(status)
    *above, last = hint.headers.in_body
    node = body
    for key in above:
        child = node.get(key)
        node[key] = child = child if isinstance(child, dict) else {}
        node = child
    node[last] = sent
    return Reply.json(status, body), hint_at


def _seconds(at: float, ahead: float) -> tuple[str, float]:
    whole = math.ceil(ahead)
    return str(whole), at + whole


def _http_date(at: float, ahead: float) -> tuple[str, float]:
    instant = math.ceil(at + ahead)
    return email.utils.formatdate(instant, usegmt=True), float(instant)


def _milliseconds(at: float, ahead: float) -> tuple[str, float]:
    count = round(ahead * 1000)
    return str(count), at + count / 1000


def _unix_milliseconds(at: float, ahead: float) -> tuple[str, float]:
    instant = math.ceil((at + ahead) * 1000)
    return str(instant), instant / 1000


# How each form writes "retry `ahead` seconds after `at`": the value, and the instant it names.
HINT_VALUES: dict[HintForm, Callable[[float, float], tuple[str, float]]] = {
    "delay-seconds": _seconds,
    "http-date": _http_date,
    "delay-milliseconds": _milliseconds,
    "unix-milliseconds": _unix_milliseconds,
}
RUNS: dict[Variant, Callable[[_Judge, Api, RetryCase], None]] = {
    "once": _once,
    "transient": _transient,
    "persistent": _persistent,
    "hint": _hinted,
    "too-far": _hinted,
    "garbage": _garbage,
}
assert set(RUNS) == set(EXPECTATIONS), "retries.py: a variant has no run"

register(Kind("retry", _cases, _run, share=None, check="retries", needs=("retries",)))
