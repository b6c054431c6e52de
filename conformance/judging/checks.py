"""What a case expects of an outcome, as assertions whose first line is the report's reason.

Each check raises AssertionError with one line that says what the client did and what the
case expected, e.g. `crashed with KeyError: 'data' (get_generation.py:38), expected Malformed`.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

from conformance.adapters import APIError, Crashed, Malformed, NoResponse, Outcome, Parsed
from conformance.judging import compare
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
    return "parsed the body"


def _line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= 120 else f"{first[:117]}..."


def fail(reason: str) -> NoReturn:
    """Fail the case with `reason`, the report's one line."""
    raise AssertionError(reason)


def _problems(what: str, problems: list[str]) -> None:
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; +{len(problems) - 3} more" if len(problems) > 3 else ""
        )
        fail(f"{what}: {shown}")


def parsed(outcome: Outcome) -> Parsed:
    """The outcome is a parse."""
    if not isinstance(outcome, Parsed):
        fail(f"{describe(outcome)}, expected it to parse a valid 200")
    return outcome


def values(outcome: Outcome, body: Body, sent: Any) -> Parsed:
    """Parsed, and every declared field equals what was sent (types, nulls, absences)."""
    result = parsed(outcome)
    _problems("wrong values", compare.parsed_mismatches(body.schema, sent, result.data, None))
    return result


def unknown_fields(outcome: Outcome, body: Body, sent: Any) -> Parsed:
    """Parsed, and the unknown fields of every object are kept, in extras and the round trip."""
    result = parsed(outcome)
    if result.extras is None:
        fail("the client does not keep unknown fields (no extras)")
    _problems(
        "unknown fields", compare.parsed_mismatches(body.schema, sent, result.data, result.extras)
    )
    return result


def round_trip(result: Parsed, body: Body, sent: Any) -> None:
    """The client serialises the body back to what was sent."""
    if result.round_trip is None:
        fail("the client offers no way to serialise the body back (no round trip)")
    _problems("round trip", compare.json_mismatches(body.schema, sent, result.round_trip))


def api_error(outcome: Outcome, status: int, raw: bytes, sent: Any, body: Body | None) -> APIError:
    """The client's typed error with the status and raw body; for a valid documented error body,
    also its code, message and metadata when the body has OpenRouter's `{"error": {code,
    message, metadata}}` shape, and the whole parsed body when the adapter exposes it."""
    if not isinstance(outcome, APIError):
        fail(f"{describe(outcome)}, expected APIError {status}")
    _carries(outcome, status, raw)
    if body is None or not oracle.is_valid(body.schema, sent):
        return outcome
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
    if outcome.body is not None:
        problems += compare.parsed_mismatches(body.schema, sent, outcome.body, outcome.extras)
    _problems(f"APIError {status}", problems)
    return outcome


def error_body(outcome: APIError, body: Body, sent: Any) -> None:
    """The adapter exposes the parsed error body and it equals what was sent."""
    if outcome.body is None:
        fail("the client exposes no parsed error body: its fields cannot be checked")
    _problems("error body", compare.parsed_mismatches(body.schema, sent, outcome.body, None))


def rejected(
    outcome: Outcome,
    status: int,
    raw: bytes,
    allowed: tuple[type[APIError] | type[Malformed], ...],
    field: str | None = None,
    unions: tuple[str, ...] = (),
) -> None:
    """The client raised one of its documented errors carrying the status and the raw body;
    a Malformed about a field names it, or a union of objects above it (`unions`, their
    locations: the value makes the union match no branch)."""
    if not isinstance(outcome, allowed):
        wanted = " or ".join(kind.__name__ for kind in allowed)
        fail(f"{describe(outcome)}, expected {wanted} {status}")
    _carries(outcome, status, raw)
    names = (field, *(union.rsplit(".", 1)[-1] for union in unions if union)) if field else ()
    if (
        isinstance(outcome, Malformed)
        and names
        and not any(_names(outcome.detail, name) for name in names)
    ):
        fail(f"Malformed {status} does not name the field {field!r}: {_line(outcome.detail)}")


def _names(text: str, field: str) -> bool:
    """Whether `text` names the field as a word (`id` in `data.id`, not in `invalid`)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])", text) is not None


def _carries(outcome: APIError | Malformed, status: int, raw: bytes) -> None:
    if outcome.status != status:
        fail(f"{describe(outcome)}: status {outcome.status}, sent {status}")
    if outcome.raw_body != raw:
        fail(f"{describe(outcome)}: raw body not kept ({_line(repr(outcome.raw_body))})")


def _text(render: Callable[[object], str], value: object) -> str:
    """`str()` or `repr()` of something the client raised; one that raises fails the case."""
    try:
        return render(value)
    except Exception as exc:  # the client's error cannot even be printed: its bug, not the kit's
        fail(f"{render.__name__}() of the client's {type(value).__name__} raised {exc!r}")
