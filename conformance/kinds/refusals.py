"""Kinds of cases that serve responses a client must refuse with its documented errors,
carrying the status and the raw body, per operation:

- `bad-reply`: bodies that are not JSON or not the documented shape, and undocumented
  statuses (bad_replies.py lists them);
- `missing-required`: a body without one required field gives Malformed naming the field
  (APIError for an error status);
- `wrong-type`: a body with one value the field's schema rejects (another JSON type, a value
  past a bound, a string breaking a format, enum, length or pattern) gives Malformed naming
  the field (APIError for an error status).
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import strategies as st

from conformance.adapters import Api, APIError, Malformed
from conformance.case import REFUSED, Case
from conformance.judging import strict
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import bad_replies, strategies
from conformance.payloads.bad_replies import BadReply
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Spec, fields
from conformance.transports.respx_server import Reply


def _allowed(status: int) -> tuple[type[APIError] | type[Malformed], ...]:
    return (Malformed,) if status == 200 else (APIError, Malformed)


def _bad_replies(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        for bad in bad_replies.catalog(operation):
            yield Case(
                f"{operation.id}/bad-reply/{bad.id}",
                "bad-reply",
                operation.id,
                REFUSED,
                status=bad.reply.status,
                data=bad,
            )


def _run_bad_reply(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    bad: BadReply = case.data
    kit.serve_refusal(api, kit.spec.operation(case.operation), bad.reply, bad.allowed)


def _field_cases(spec: Spec, kind: str, wanted: str) -> Iterator[Case]:
    for operation in spec.operations:
        for body in operation.bodies:
            for field in fields.inventory(body):
                if wanted == "required" and field.optional:
                    continue
                if wanted == "typed" and strategies.wrong(field.schema) is None:
                    continue
                yield Case(
                    f"{operation.id}/{kind}/{body.name}:{field.path}",
                    kind,
                    operation.id,
                    REFUSED,
                    field=field.id,
                )


def _run_refused_field(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    if data is None:
        raise TypeError("a property kind ran without hypothesis data")
    field = kit.field(str(case.field))
    operation = kit.spec.operation(case.operation)
    body = operation.body(field.body)
    base = data.draw(kit.translator.body(body, {field.path: "present"}), label="body")
    where = data.draw(st.sampled_from(fields.locations(base, field.path)), label="where")
    if case.kind == "missing-required":
        sent = fields.without(base, where)
    else:
        sent = fields.with_value(base, where, data.draw(kit.wrong(field), label="wrong value"))
    status = data.draw(st.sampled_from(body.statuses), label="status")
    reply = Reply.json(status, sent, body.media_type)
    unions = fields.unions_above(body.schema, where)
    outcome = kit.serve_refusal(api, operation, reply, _allowed(status), field.name, unions)
    within = case.kind == "wrong-type"  # a drawn wrong value may be an array of wrong items
    kit.judgement.check(
        "error-path",
        strict.error_path,
        outcome,
        fields.show(where),
        kit.promises,
        unions=unions,
        within=within,
    )


register(
    Kind(
        "bad-reply",
        _bad_replies,
        _run_bad_reply,
        share=None,
    )
)
register(
    Kind(
        "missing-required",
        lambda spec, _captures: _field_cases(spec, "missing-required", "required"),
        _run_refused_field,
        share=0.05,
    )
)
register(
    Kind(
        "wrong-type",
        lambda spec, _captures: _field_cases(spec, "wrong-type", "typed"),
        _run_refused_field,
        share=0.05,
    )
)
