"""Kinds of cases that serve documented bodies a client must accept, per operation:

- `valid-body`: any valid 200 parses, every field equal to what was sent, and serialises back;
- `unknown-fields`: fields the spec does not declare, at every object level, are kept;
- `field-state`: each field of each documented body in each of its states (null, absent,
  present, unlisted), one case each, so field coverage is complete by construction;
- `documented-error`: each documented error status gives the typed error with its body (its
  unknown fields kept, when the adapter exposes them);
- `example`: the spec's own examples parse with exactly their values;
- `captured`: each captured response (conformance/captured/) replayed.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import strategies as st

from conformance.adapters import Api
from conformance.case import API_ERROR, PARSES, REFUSED, Case
from conformance.judging import checks
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Spec, fields


def _need(data: Draws | None) -> Draws:
    if data is None:
        raise TypeError("a property kind ran without hypothesis data")
    return data


def _valid_bodies(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        yield Case(f"{operation.id}/valid-body", "valid-body", operation.id, PARSES, status=200)


def _run_valid_body(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    body = kit.spec.operation(case.operation).success
    sent = _need(data).draw(kit.translator.body(body), label="body")
    kit.serve_body(api, body, sent, 200)


def _unknown_fields(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        yield Case(
            f"{operation.id}/unknown-fields",
            "unknown-fields",
            operation.id,
            "parses, keeping every undeclared field at every level",
            status=200,
        )


def _run_unknown_fields(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    body = kit.spec.operation(case.operation).success
    sent = _need(data).draw(kit.with_unknown.body(body), label="body")
    kit.serve_body(api, body, sent, 200, unknown=True)


def _field_states(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        for body in operation.bodies:
            for field in fields.inventory(body):
                for state in field.states:
                    yield Case(
                        f"{operation.id}/field-state/{body.name}:{field.path}={state}",
                        "field-state",
                        operation.id,
                        PARSES if 200 in body.statuses else API_ERROR,
                        status=body.statuses[0] if len(body.statuses) == 1 else None,
                        field=field.id,
                        state=state,
                    )


def _run_field_state(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    draw = _need(data).draw
    field = kit.field(str(case.field))
    state: fields.State = case.state  # type: ignore[assignment]
    body = kit.spec.operation(case.operation).body(field.body)
    sent = draw(kit.translator.body(body, {field.path: state}), label="body")
    if (field.path, state) not in fields.observed(body.schema, sent):
        raise RuntimeError(f"the translator did not honour the pin {field.path}={state}")
    status = draw(st.sampled_from(body.statuses), label="status")
    kit.serve_body(api, body, sent, status, focus=field.path)


def _documented_errors(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        for status in operation.error_statuses:
            yield Case(
                f"{operation.id}/documented-error/{status}",
                "documented-error",
                operation.id,
                API_ERROR,
                status=status,
            )


def _run_documented_error(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    status = int(str(case.status))
    body = kit.spec.operation(case.operation).body_for(status)
    if body is None:
        raise LookupError(f"{case.id}: no body documented for {status}")
    sent = _need(data).draw(kit.with_unknown.body(body), label="body")  # unknown fields kept too
    kit.serve_error(api, body, sent, status)


def _examples(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        numbered = [(status, value) for body in operation.bodies for status, value in body.examples]
        for index, (status, value) in enumerate(numbered):
            yield Case(
                f"{operation.id}/example/{status}-{index}",
                "example",
                operation.id,
                PARSES if status == 200 else API_ERROR,
                status=status,
                data=value,
            )


def _run_example(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    status = int(str(case.status))
    body = kit.spec.operation(case.operation).body_for(status)
    if body is None:
        raise LookupError(f"{case.id}: no body documented for {status}")
    if status == 200:
        kit.serve_body(api, body, case.data, 200)
    else:
        kit.serve_error(api, body, case.data, status)


def _captured(spec: Spec, captures: list[Captured]) -> Iterator[Case]:
    known = {operation.id for operation in spec.operations}
    for capture in captures:
        documented = (
            spec.operation(capture.operation).body_for(capture.reply.status)
            if capture.operation in known
            else None
        )
        yield Case(
            f"{capture.operation}/captured/{capture.name}",
            "captured",
            capture.operation,
            PARSES if capture.reply.status == 200 else (API_ERROR if documented else REFUSED),
            status=capture.reply.status,
            data=capture,
        )


def _run_captured(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    capture: Captured = case.data
    if capture.operation not in {operation.id for operation in kit.spec.operations}:
        checks.fail(f"captured for operation {capture.operation!r}, which the spec lacks")
    operation = kit.spec.operation(case.operation)
    kit.serve_capture(api, operation, capture.reply, capture.body if capture.is_json else None)


register(Kind("valid-body", _valid_bodies, _run_valid_body, share=1.5))
UNKNOWN_FIELDS = register(Kind("unknown-fields", _unknown_fields, _run_unknown_fields, share=0.5))
register(Kind("field-state", _field_states, _run_field_state, share=0.04))
register(Kind("documented-error", _documented_errors, _run_documented_error, share=0.15))
register(Kind("example", _examples, _run_example, share=None))
register(Kind("captured", _captured, _run_captured, share=None))
