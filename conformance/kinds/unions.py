"""The `union` kind: a value that matches several branches of a union of objects, and one that
matches none, each placed in an otherwise valid body, deterministic, per field.

What the client must do is what the spec implies, as jsonschema reads it: a `oneOf` is
exactly one branch, so a value that fits two breaks the body and must be refused like any
wrong value (Malformed naming the field, in a 200); an `anyOf` admits it, so the body must
parse with every value kept (whichever branch the client picks, the other branch's fields
are its unknown fields). A value that fits no branch is refused either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from conformance.adapters import Api, APIError, Malformed
from conformance.case import PARSES, REFUSED, Case
from conformance.judging import checks, strict
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import samples
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Body, Spec, fields, oracle, subset
from conformance.spec.fields import Field
from conformance.transports.respx_server import Reply

Fit = Literal["several", "none"]
# A key no branch declares, for a value that must fit no branch.
_UNDECLARED = "undeclared_by_any_branch"


@dataclass(frozen=True)
class UnionCase:
    """A body whose value at `path` (a union of objects) fits several branches or none."""

    field: Field
    fit: Fit
    status: int
    path: str
    body: Any
    valid: bool  # what jsonschema says of the whole body


def union_cases(spec: Spec) -> Iterator[UnionCase]:
    """For each union of two or more object branches in a documented body: the value that
    fits every object branch at once, and one that fits none."""
    for body in spec.bodies:
        for field in fields.inventory(body):
            objects = [b for b in subset.branches(field.schema) or () if _object(b)]
            if len(objects) < 2:
                continue
            several, none = _several(objects), _none(objects)
            if several is not None:
                yield _placed(body, field, "several", several)
            if none is not None:
                yield _placed(body, field, "none", none)


def _object(branch: Any) -> bool:
    return subset.kinds(branch) == frozenset({"object"})


def _several(objects: list[Any]) -> dict[str, Any] | None:
    """Every branch's full sample in one object, when it fits two branches or more."""
    merged: dict[str, Any] = {}
    for branch in objects:
        merged.update(samples.full(branch))
    return merged if sum(oracle.is_valid(b, merged) for b in objects) >= 2 else None


def _none(objects: list[Any]) -> dict[str, Any] | None:
    """An object no branch accepts (none, if one accepts even a stray key alone)."""
    for value in ({}, {_UNDECLARED: "sample-text"}):
        if not any(oracle.is_valid(branch, value) for branch in objects):
            return value
    return None


def _placed(body: Body, field: Field, fit: Fit, value: Any) -> UnionCase:
    base = samples.full(body.schema, field.path)
    where = fields.locations(base, field.path)[-1]
    sent = fields.with_value(base, where, value)
    valid = oracle.is_valid(body.schema, sent)
    return UnionCase(field, fit, body.statuses[0], fields.show(where), sent, valid)


def _cases(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for union in union_cases(spec):
        field = union.field
        yield Case(
            f"{field.operation}/union/{field.body}:{field.path}:{union.fit}@{union.status}",
            "union",
            field.operation,
            PARSES if union.valid else REFUSED,
            status=union.status,
            field=field.id,
            state=union.fit,
            data=union,
        )


def _run(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    union: UnionCase = case.data
    operation = kit.spec.operation(case.operation)
    body = operation.body(union.field.body)
    if union.valid:
        kit.serve_body(api, body, union.body, union.status, unknown=True)
        return
    reply = Reply.json(union.status, union.body)
    allowed: tuple[type[APIError] | type[Malformed], ...] = (
        (Malformed,) if union.status == 200 else (APIError, Malformed)
    )
    unions = fields.unions_above(body.schema, fields.parse(union.path))
    outcome = kit.exchange(api, operation, reply).outcome
    refused = kit.judge_refusal(outcome, reply, allowed, union.field.name, unions)
    if isinstance(refused, APIError):
        kit.judgement.check("refusal", checks.unparsed, refused)
    kit.judgement.check(
        "error-path", strict.error_path, outcome, union.path, kit.promises, unions=unions
    )


register(Kind("union", _cases, _run, share=None))
