"""Responses a client must refuse with its documented errors, carrying status and raw body:
bodies that are not JSON or not the documented shape, undocumented statuses, a required field
missing and a value of the wrong type (for every field of every documented body)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from . import checks, fields, profiles, strict
from .adapters import APIError, Malformed
from .bad_replies import BadReply
from .kit import Kit
from .server import Api, Reply


def test_bad_reply(kit: Kit, api: Api, bad_reply: BadReply) -> None:
    reply = bad_reply.reply
    outcome = kit.exchange(api, reply).outcome
    checks.rejected(outcome, reply.status, reply.content, bad_reply.allowed)
    checks.no_key_leak(outcome, kit.api_key)


def _allowed(status: int) -> tuple[type[APIError] | type[Malformed], ...]:
    return (Malformed,) if status == 200 else (APIError, Malformed)


@settings(max_examples=profiles.examples(0.05))
@given(data=st.data())
def test_missing_required(kit: Kit, api: Api, required_field: str, data: st.DataObject) -> None:
    """A body without one required field: Malformed naming the field (APIError for errors)."""
    kit.example()
    field = kit.field(required_field)
    body = kit.body(field.body)
    base = data.draw(kit.translator.body(body, {field.path: "present"}), label="body")
    where = data.draw(st.sampled_from(fields.locations(base, field.path)), label="where")
    status = data.draw(st.sampled_from(body.statuses), label="status")
    reply = Reply.json(status, fields.without(base, where))
    outcome = kit.exchange(api, reply).outcome
    checks.rejected(outcome, status, reply.content, _allowed(status), field.name)
    strict.error_path(outcome, fields.show(where), kit.promises)
    checks.no_key_leak(outcome, kit.api_key)


# Light: test_wrong_values.py sends every kind of wrong value to every field; these draw more.
@settings(max_examples=profiles.examples(0.03))
@given(data=st.data())
def test_wrong_type(kit: Kit, api: Api, typed_field: str, data: st.DataObject) -> None:
    """A body with one value the schema rejects: Malformed naming the field (APIError for
    errors). Wrong values: other JSON types, null where not nullable, a non-date-time."""
    kit.example()
    field = kit.field(typed_field)
    body = kit.body(field.body)
    base = data.draw(kit.translator.body(body, {field.path: "present"}), label="body")
    where = data.draw(st.sampled_from(fields.locations(base, field.path)), label="where")
    value = data.draw(kit.wrong(field), label="wrong value")
    status = data.draw(st.sampled_from(body.statuses), label="status")
    reply = Reply.json(status, fields.with_value(base, where, value))
    outcome = kit.exchange(api, reply).outcome
    checks.rejected(outcome, status, reply.content, _allowed(status), field.name)
    strict.error_path(outcome, fields.show(where), kit.promises)
    checks.no_key_leak(outcome, kit.api_key)
