"""Checks of what an adapter promises beyond the base contract, and of what no client may do.

Run by `Kit.exchange` on every exchange, so no case has to remember them:

- no secret (the API key, and any value the case marks secret) is reachable from what the
  client returned or raised, nor in a log record emitted during the call (secrets.py); for a
  no-response error, which rightly chains the transport's error and its request (key and all),
  none is shown in the message of the error or of any error it chains;
- with `Promises.error_type`, a reply of a status with a promised class gives an APIError of
  exactly that class (a RateLimitError for a 429, not a bare ClientStatusError);
- the error can be printed (str and repr do not raise), and an APIError that exposes headers
  kept every one the reply sent (Retry-After, say).

`error_path` is the third promise, checked by the cases that know where a body is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NoReturn

from conformance.adapters import (
    APIError,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    Promises,
    TooLarge,
)
from conformance.judging import checks, secrets
from conformance.judging.findings import Failed, NotApplicable, shorten
from conformance.transports.respx_server import Reply


def _fail(reason: str, details: list[str] | None = None) -> NoReturn:
    raise Failed(reason, tuple(details) if details and len(details) > 1 else ())


def no_secret(outcome: Outcome, logs: secrets.LogCapture, hidden: Iterable[str]) -> None:
    """No secret is reachable from the outcome's objects or appears in the call's log records."""
    roots: dict[str, object] = {}
    if isinstance(outcome, Parsed):
        # What the client returned; the adapter's plain copy only when it gives no object.
        roots = {"returned": outcome.returned if outcome.returned is not None else outcome.data}
    elif isinstance(outcome, APIError | Malformed):
        roots = {"error": outcome.exception, "detail": getattr(outcome, "detail", None)}
    elif isinstance(outcome, Crashed | TooLarge):
        roots = {"error": outcome.exception}
    found = secrets.leaks(roots, hidden)
    if isinstance(outcome, NoResponse):
        found += secrets.shown(dict(_chain(outcome.exception)), hidden)
    found += [
        f"{where}: {secrets.redacted(text, secret)}"
        for where, text in logs.texts()
        for secret in hidden
        if secret and secret in text
    ]
    if found:
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        _fail(f"a secret is reachable after the call, at {found[0]}{more}", found)


def _chain(error: BaseException) -> Iterator[tuple[str, object]]:
    """The error and each error it chains (`__cause__`, `__context__`), with their args: what
    their messages show. Their attributes are not walked: httpx's error keeps its `.request`,
    headers and all, which is held, not shown."""
    seen: set[int] = set()
    pending: list[tuple[str, BaseException | None]] = [("error", error)]
    while pending:
        where, current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield where, current
        yield f"{where}.args", current.args
        pending.append((f"{where}.__cause__", current.__cause__))
        pending.append((f"{where}.__context__", current.__context__))


def kept_headers(outcome: Outcome, reply: Reply) -> None:
    """An APIError that exposes headers keeps every header the reply sent, with its value;
    names compare case-insensitively (HTTP field names are, RFC 9110 section 5.1), so a client
    may keep `Retry-After` as `retry-after` or any other case."""
    if not isinstance(outcome, APIError) or not reply.headers:
        return
    if outcome.headers is None:
        raise NotApplicable("APIError.headers is None: the client does not expose headers")
    kept: dict[str, str] = {}
    for name, value in outcome.headers.items():
        kept.setdefault(str(name).lower(), value)
    lost = [name for name, value in reply.headers if kept.get(name.lower()) != value]
    if lost:
        _fail(f"{checks.describe(outcome)}: the error lost the response headers {lost}")


def printable(outcome: Outcome) -> None:
    """The error the client raised can be shown: its str() and repr() do not raise."""
    error = getattr(outcome, "exception", None)
    if error is None or isinstance(outcome, Crashed):
        return
    for show in (str, repr):
        try:
            show(error)
        except Exception as exc:
            _fail(shorten(f"{show.__name__}() of its {type(error).__name__} raises {exc!r}", 200))


def error_type(outcome: Outcome, status: int, promises: Promises) -> None:
    """With a promised class for `status`, the outcome is an APIError of exactly that class."""
    if promises.error_type is None:
        return
    expected = promises.error_type(status)
    if expected is None or isinstance(outcome, Crashed):
        return
    if not isinstance(outcome, APIError):
        kind = type(getattr(outcome, "exception", None)).__name__
        _fail(
            f"status {status} gave {type(outcome).__name__} ({kind}), promised {expected.__name__}"
        )
    if type(outcome.exception) is not expected:
        got = type(outcome.exception).__name__
        _fail(f"status {status} raised {got}, the adapter promises {expected.__name__}")


def error_path(
    outcome: Outcome,
    path: str,
    promises: Promises,
    *,
    whole_body: bool = False,
    unions: tuple[str, ...] = (),
    within: bool = False,
) -> None:
    """With `full_paths` promised, a Malformed reports exactly `path` (or "", the body itself,
    with `whole_body`: for a value that makes the body not JSON; one of `unions`, the
    locations of unions of objects above `path` that the value makes match no branch; or,
    with `within`, a location inside the value: an array's wrong item, say)."""
    if not promises.full_paths or not isinstance(outcome, Malformed):
        return
    if outcome.path in unions:
        return
    if within and str(outcome.path).startswith((f"{path}[", f"{path}.")):
        return
    if outcome.path != path and not (whole_body and outcome.path == ""):
        _fail(f"Malformed names the path {outcome.path!r}, the value is at {path!r}")


def not_shown(outcome: Outcome, logs: secrets.LogCapture, private: Iterable[str]) -> None:
    """The user's stored text (`private`) is in no str() or repr() of what the client returned
    or raised, nor in any log record of the call; it may be held, never displayed."""
    if isinstance(outcome, Parsed):
        roots: dict[str, object] = {"returned": outcome.returned}
    else:
        roots = {"error": getattr(outcome, "exception", None)}
    found = secrets.shown(roots, private)
    found += [
        f"{where}: {excerpt}"
        for where, text in logs.texts()
        for secret in private
        if (excerpt := secrets.displayed(text, secret)) is not None
    ]
    if found:
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        _fail(f"stored content is displayed, at {found[0]}{more}", found)
