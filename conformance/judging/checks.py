"""What a case expects of an outcome, as assertions whose first line is the report's reason.

Each check raises AssertionError with one line that says what the client did and what the
case expected, e.g. `crashed with KeyError: 'data' (get_generation.py:38), expected Malformed`.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

from conformance.adapters import (
    APIError,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    TooLarge,
)
from conformance.judging import compare
from conformance.judging.findings import Failed, NotApplicable, shorten
from conformance.spec import Body, oracle


def describe(outcome: Outcome) -> str:
    """One line saying what the client did."""
    if isinstance(outcome, Crashed):
        exc = outcome.exception
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
        return f"crashed with {type(exc).__name__}: {_line(_text(str, exc))}{where}"
    if isinstance(outcome, APIError):
        return f"raised APIError {outcome.status} ({outcome.code}: {_line(str(outcome.message))})"
    if isinstance(outcome, Malformed):
        return f"raised Malformed {outcome.status}: {_line(outcome.detail)}"
    if isinstance(outcome, NoResponse):
        return f"raised its no-response error: {_line(str(outcome.exception))}"
    if isinstance(outcome, TooLarge):
        return f"raised its too-large error: {_line(_text(str, outcome.exception))}"
    return "parsed the body"


def _line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return shorten(first, 120)


ABSENT_AS_NULL = "Supports.absent_as_null: the client does not tell an absent field from a null one"


def fail(reason: str, details: tuple[str, ...] = ()) -> NoReturn:
    """Fail the case with `reason`, the report's one line, and every problem in `details`
    when the reason names only some."""
    raise Failed(reason, details)


def _problems(what: str, problems: list[str], focus: str | None = None) -> None:
    """Fail with the mismatches, those at `focus` (the field the case targets) first."""
    if focus is not None:
        problems = sorted(problems, key=lambda problem: not _at(problem, focus))
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; +{len(problems) - 3} more" if len(problems) > 3 else ""
        )
        fail(f"{what}: {shown}", tuple(problems) if len(problems) > 3 else ())


def _at(problem: str, focus: str) -> bool:
    """Whether a mismatch (`data.provider_responses[1].latency: ...`) is at the field `focus`
    (`data.provider_responses[].latency`) or inside it."""
    where = re.sub(r"\[\d+\]", "[]", problem.split(": ", 1)[0])
    return where == focus or where.startswith((f"{focus}.", f"{focus}["))


def parsed(outcome: Outcome) -> Parsed:
    """The outcome is a parse."""
    if not isinstance(outcome, Parsed):
        fail(f"{describe(outcome)}, expected it to parse a valid 200")
    return outcome


def values(result: Parsed, body: Body, sent: Any, focus: str | None = None) -> None:
    """Every declared field equals what was sent, in value and type (absent and null aside:
    `absent_null` judges those, so a client that confuses them is still judged here)."""
    found = compare.parsed(body.schema, sent, result.data, None)
    _problems("wrong values", found.values, focus)


def absent_null(
    result: Parsed, body: Body, sent: Any, focus: str | None = None, *, declared: bool = False
) -> None:
    """An absent field is left out of `Parsed.data` and a null one is None there; `declared`:
    the adapter declares its client cannot tell them apart (`Supports.absent_as_null`)."""
    if declared:
        raise NotApplicable(ABSENT_AS_NULL)
    found = compare.parsed(body.schema, sent, result.data, None)
    _problems("absent and null confused", found.absent_null, focus)


def unknown_fields(result: Parsed, body: Body, sent: Any) -> None:
    """The unknown fields of every object are kept in `Parsed.extras` (None: not exposed)."""
    if result.extras is None:
        raise NotApplicable("Parsed.extras is None: the client does not expose unknown fields")
    found = compare.parsed(body.schema, sent, result.data, result.extras)
    _problems("unknown fields", found.unknown)


def round_trip(
    result: Parsed,
    body: Body,
    sent: Any,
    focus: str | None = None,
    *,
    absent_as_null: bool = False,
) -> None:
    """The client serialises the body back to what was sent (None: it offers no way to), at
    `focus` only when given; an absent field written back as null is equal with
    `absent_as_null`."""
    if result.round_trip is None:
        raise NotApplicable("Parsed.round_trip is None: the client offers no serialisation")
    found = compare.json_mismatches(
        body.schema, sent, result.round_trip, absent_as_null=absent_as_null
    )
    if focus is not None:
        found = [problem for problem in found if _at(problem, focus)]
    _problems("round trip", found)


def too_large(outcome: Outcome, status: int, limit: int, size: int) -> TooLarge:
    """The outcome is the too-large error for a body of `size` bytes decoded, past `limit`;
    the status and the limit it reports, if it does, are the response's and the spec's."""
    if not isinstance(outcome, TooLarge):
        fail(
            f"{describe(outcome)}, expected its too-large error: the body is {size:,} bytes"
            f" decoded, past the spec's x-body-limit of {limit:,}"
        )
    if outcome.status is not None and outcome.status != status:
        fail(f"its too-large error says status {outcome.status}, the response's is {status}")
    if outcome.limit is not None and outcome.limit != limit:
        fail(f"its too-large error says a limit of {outcome.limit:,} bytes, the spec's {limit:,}")
    return outcome


def api_error(outcome: Outcome, status: int) -> APIError:
    """The outcome is the client's typed error for an error status."""
    if not isinstance(outcome, APIError):
        fail(f"{describe(outcome)}, expected APIError {status}")
    return outcome


def error(outcome: APIError, status: int, sent: Any, body: Body | None) -> None:
    """The error carries the status; for a valid documented error body of OpenRouter's
    `{"error": {code, message, metadata}}` shape, also its code, message and metadata (the raw
    body is `raw_body`'s)."""
    _carries(outcome, status)
    if body is None or not oracle.is_valid(body.schema, sent):
        return
    problems: list[str] = []
    detail = sent.get("error") if isinstance(sent, dict) else None
    if isinstance(detail, dict) and {"code", "message"} <= detail.keys():
        problems += [
            f"{name}: sent {expected!r}, got {got!r}"
            for name, expected, got in (
                ("code", detail["code"], outcome.code),
                ("message", detail["message"], outcome.message),
            )
            if got != expected or type(got) is not type(expected)
        ]
        problems += compare.json_mismatches({}, detail.get("metadata"), outcome.metadata)
    _problems(f"APIError {status}", problems)


def error_body(
    outcome: APIError,
    body: Body,
    sent: Any,
    focus: str | None = None,
    *,
    absent_as_null: bool = False,
) -> None:
    """The parsed error body equals what was sent, its unknown fields kept when the client
    exposes them (`APIError.body` None: the client does not expose the parsed body); an absent
    field and a null one are equal with `absent_as_null`."""
    if outcome.body is None:
        raise NotApplicable("APIError.body is None: the client does not expose the parsed body")
    found = compare.parsed(
        body.schema, sent, outcome.body, outcome.extras, absent_as_null=absent_as_null
    )
    _problems("error body", found.values + found.absent_null + found.unknown, focus)


def refused_as(
    outcome: Outcome, status: int, allowed: tuple[type[APIError] | type[Malformed], ...]
) -> APIError | Malformed:
    """The client raised one of the documented errors `allowed`."""
    if not isinstance(outcome, allowed):
        wanted = " or ".join(kind.__name__ for kind in allowed)
        fail(f"{describe(outcome)}, expected {wanted} {status}")
    return outcome


def refusal(
    outcome: APIError | Malformed,
    status: int,
    field: str | None = None,
    unions: tuple[str, ...] = (),
) -> None:
    """The refusal carries the status (the raw body is `raw_body`'s); a Malformed about a
    field names it,
    or a union of objects above it (`unions`, their locations: the value makes the union
    match no branch)."""
    _carries(outcome, status)
    names = (field, *(union.rsplit(".", 1)[-1] for union in unions if union)) if field else ()
    if (
        isinstance(outcome, Malformed)
        and names
        and not any(_names(outcome.detail, name) for name in names)
    ):
        fail(f"Malformed {status} does not name the field {field!r}: {_line(outcome.detail)}")


def unparsed(outcome: APIError) -> None:
    """An error body that breaks the spec is not presented as parsed (`APIError.body` None)."""
    if outcome.body is not None:
        fail(f"{describe(outcome)}: presents an error body that breaks the spec as parsed")


def _names(text: str, field: str) -> bool:
    """Whether `text` names the field as a word (`id` in `data.id`, not in `invalid`)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])", text) is not None


def _carries(outcome: APIError | Malformed, status: int) -> None:
    if outcome.status != status:
        fail(f"{describe(outcome)}: status {outcome.status}, sent {status}")


def raw_body(outcome: APIError | Malformed, raw: bytes) -> None:
    """The error keeps the body's bytes exactly as received (None: the client does not expose
    them; the spec asks nothing of a client about raw bytes)."""
    if outcome.raw_body is None:
        raise NotApplicable("raw_body is None: the client does not expose the raw body")
    if outcome.raw_body != raw:
        fail(f"{describe(outcome)}: raw body not kept ({_line(repr(outcome.raw_body))})")


def _text(render: Callable[[object], str], value: object) -> str:
    """`str()` or `repr()` of something the client raised; one that raises fails the case."""
    try:
        return render(value)
    except Exception as exc:  # the client's error cannot even be printed: its bug, not the kit's
        fail(f"{render.__name__}() of the client's {type(value).__name__} raised {exc!r}")
