"""The `spelling` kind: valid values written in a legal spelling a careless parser refuses, each
field kind once per operation's 200 body (every field of that kind in it spelled so at once),
deterministic. The body must parse with every value equal to what was sent. (Error bodies are
left out: their only integer is `error.code`, which the `error` check compares by type.)

- `integral-number`: each integer-only field as a number with a zero fraction (`12345.0`).
  JSON Schema 2020-12 (validation section 6.1.1, core section 4.2.2) says such a number IS an
  integer, and RFC 8259 section 6 does not tell `12345` from `12345.0`: the body is valid (the
  kit's oracle says so). The live API writes integers without a fraction (every example and
  capture does; its JavaScript JSON writer cannot write `12345.0`), and the official SDK's
  pydantic models read `12345.0` as the int 12345. So the client must accept it and give the
  int 12345: an integer field is an `int` (the contract), a float with a zero fraction is read
  as the integer it names, never refused, never kept as a float.
- `lower-case-date-time`: each `format: date-time` field with a lower-case `t` and `z`, which
  RFC 3339 section 5.6 allows (its NOTE: "t" and "z" MAY be used); the instant is the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from conformance.adapters import Api, Parsed
from conformance.case import PARSES, Case
from conformance.judging import checks
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import samples
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Body, Spec, fields, rfc3339, subset
from conformance.spec.subset import Schema


def _integer_only(schema: Schema) -> bool:
    admitted = subset.kinds(schema)
    return "integer" in admitted and "number" not in admitted


def _date_time(schema: Schema) -> bool:
    return any(branch.get("format") == "date-time" for branch in schema.get("anyOf", [schema]))


def _integral(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _lower_case(value: Any) -> Any:
    instant = rfc3339.parse(value) if isinstance(value, str) else None
    if instant is None:
        return None
    return f"{instant.astimezone(datetime.UTC):%Y-%m-%dt%H:%M:%S.%f}z"


@dataclass(frozen=True)
class Spelling:
    """A field kind (`applies` to its schema) and the respelling of a sample value of it."""

    name: str
    applies: Callable[[Schema], bool]
    respell: Callable[[Any], Any]  # None: the sample value has no such spelling


SPELLINGS = (
    Spelling("integral-number", _integer_only, _integral),
    Spelling("lower-case-date-time", _date_time, _lower_case),
)


@dataclass(frozen=True)
class SpellingCase:
    """A valid body of `status` with every field of one kind respelled, at `paths`."""

    body: Body
    spelling: str
    status: int
    paths: tuple[fields.Location, ...]
    sent: Any


def spelling_cases(spec: Spec) -> Iterator[SpellingCase]:
    """For each operation's 200 body and each spelling: the full sample with every field the
    spelling applies to respelled (no case when the body has none)."""
    for operation in spec.operations:
        body = operation.success
        for spelling in SPELLINGS:
            sent = samples.full(body.schema)
            paths = []
            for field in fields.inventory(body):
                if not spelling.applies(field.schema):
                    continue
                for where in fields.locations(sent, field.path):
                    value = spelling.respell(fields.at(sent, where))
                    if value is not None:
                        sent = fields.with_value(sent, where, value)
                        paths.append(where)
            if paths:
                yield SpellingCase(body, spelling.name, 200, tuple(paths), sent)


def _cases(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for case in spelling_cases(spec):
        body = case.body
        yield Case(
            f"{body.operation}/spelling/{body.name}:{case.spelling}@{case.status}",
            "spelling",
            body.operation,
            PARSES,
            status=case.status,
            state=case.spelling,
            data=case,
        )


def _run(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    spelled: SpellingCase = case.data
    outcome = kit.serve_body(api, spelled.body, spelled.sent, spelled.status)
    if spelled.spelling == "integral-number" and isinstance(outcome, Parsed):
        kit.judgement.check("values", _ints, spelled.sent, outcome.data, spelled.paths)


def _ints(sent: Any, given: Any, paths: tuple[fields.Location, ...]) -> None:
    """Each integer field sent as `n.0` given as the int n (an integer field is an `int`)."""
    for where in paths:
        value = fields.at(given, where)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            checks.fail(
                f"{fields.show(where)}: sent the integer {fields.at(sent, where)!r}, got "
                f"{type(value).__name__} {value!r}, expected the int"
            )


register(Kind("spelling", _cases, _run, share=None))
