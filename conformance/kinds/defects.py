"""Kinds of deterministic cases that break one thing in an otherwise valid exchange, per
operation, the same every run:

- `wrong-value`: every kind of wrong value for every field, one exchange each
  (wrong_values.py). In a 200 body it must give Malformed naming the field (its full path,
  when the adapter promises full paths); in an error body, the documented error with the
  status and the raw body, never presenting the invalid error body as parsed;
- `encoding`: encoding defects inside valid bodies (encoding.py): a BOM or a wrong charset
  label must still parse, invalid UTF-8 must be refused;
- `no-response`: a response that never arrives whole, over a real socket
  (transports/socket_server.py), whatever the adapter's transport: a stall before answering,
  or after half the body a stall, a reset or a close. The client must raise its no-response
  error within its read timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from conformance.adapters import Api, APIError, Malformed, NoResponse, Outcome
from conformance.case import API_ERROR, PARSES, REFUSED, Case
from conformance.judging import checks, strict
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import encoding, samples, wrong_values
from conformance.payloads.captured import Captured
from conformance.payloads.encoding import EncodingCase
from conformance.payloads.replay import Draws
from conformance.payloads.wrong_values import WrongCase
from conformance.spec import Spec, fields
from conformance.transports.respx_server import Reply
from conformance.transports.socket_server import Fault

_JSON = (("content-type", "application/json"),)
# The read timeout the kit asks of the client in no-response cases, and how long it waits.
TIMEOUT = 0.05
PATIENCE = 5.0
FAULTS = (Fault("before-head"), Fault("stall"), Fault("reset"), Fault("close"))


def _refused(
    kit: Kit,
    outcome: Outcome,
    reply: Reply,
    field: str | None = None,
    unions: tuple[str, ...] = (),
) -> None:
    """Rejected as a bad body of its status; an error body that breaks the spec is not parsed."""
    allowed = (Malformed,) if reply.status == 200 else (APIError, Malformed)
    refused = kit.judge_refusal(outcome, reply, allowed, field, unions)
    if isinstance(refused, APIError):
        kit.judgement.check("refusal", checks.unparsed, refused)


def _wrong_values(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for case in wrong_values.cases(spec):
        field = case.field
        yield Case(
            f"{field.operation}/wrong-value/{field.body}:{field.path}:{case.wrong.kind}"
            f"@{case.status}",
            "wrong-value",
            field.operation,
            REFUSED,
            status=case.status,
            field=field.id,
            state=case.wrong.kind,
            data=case,
        )


def _run_wrong_value(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    wrong: WrongCase = case.data
    reply = Reply(wrong.status, wrong.content, _JSON)
    operation = kit.spec.operation(case.operation)
    outcome = kit.exchange(api, operation, reply, stored=wrong.stored).outcome
    if wrong.wrong.is_json:
        schema = operation.body(wrong.field.body).schema
        unions = fields.unions_above(schema, fields.parse(wrong.path))
        _refused(kit, outcome, reply, wrong.field.name, unions)
        kit.judgement.check(
            "error-path", strict.error_path, outcome, wrong.path, kit.promises, unions=unions
        )
    else:  # NaN or ±Infinity: the body is not JSON, so the body itself may be what is named
        _refused(kit, outcome, reply)
        kit.judgement.check(
            "error-path", strict.error_path, outcome, wrong.path, kit.promises, whole_body=True
        )


def _encodings(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for case in encoding.cases(spec):
        body = case.body
        parses = PARSES if case.reply.status == 200 else API_ERROR
        yield Case(
            f"{body.operation}/encoding/{body.name}:{case.id}",
            "encoding",
            body.operation,
            REFUSED if case.expect == "reject" else parses,
            status=case.reply.status,
            data=case,
        )


def _run_encoding(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    defect: EncodingCase = case.data
    reply = defect.reply
    operation = kit.spec.operation(case.operation)
    if defect.expect == "reject":
        outcome = kit.exchange(api, operation, reply).outcome
        _refused(kit, outcome, reply)
        return
    kit.report.exercised(defect.body, defect.sent, reply.status)
    outcome = kit.exchange(api, operation, reply).outcome
    kit.judge_body(outcome, defect.body, defect.sent, reply.status, reply.content)
    kit.record_verified(outcome, defect.body, defect.sent, reply.status)


def _no_responses(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        for fault in FAULTS:
            yield Case(
                f"{operation.id}/no-response/{fault.kind}",
                "no-response",
                operation.id,
                "its no-response error within the read timeout",
                status=200,
                data=fault,
            )


def _run_no_response(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    operation = kit.spec.operation(case.operation)
    reply = Reply.json(200, samples.full(operation.success.schema))
    started = time.monotonic()
    outcome = kit.exchange(api, operation, reply, fault=case.data, timeout=TIMEOUT).outcome
    waited = time.monotonic() - started
    if not isinstance(outcome, NoResponse):
        checks.fail(f"{checks.describe(outcome)}, expected its no-response error")
    if waited >= PATIENCE:
        checks.fail(f"gave up after {waited:.1f} s, asked for a {TIMEOUT} s read timeout")


register(Kind("wrong-value", _wrong_values, _run_wrong_value, share=None))
register(Kind("encoding", _encodings, _run_encoding, share=None))
register(
    Kind(
        "no-response",
        _no_responses,
        _run_no_response,
        share=None,
        check="no-response",
        needs=("transport:socket",),
    )
)
