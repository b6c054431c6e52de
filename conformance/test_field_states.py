"""Every field of every documented body in each of its states (null, absent, present, unlisted),
one case each, so coverage of the spec's fields is complete by construction and a failure names
the field and state."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from . import checks, fields, profiles
from .fields import State
from .kit import Kit
from .server import Api, Reply


@settings(max_examples=profiles.examples(0.08))
@given(data=st.data())
def test_field_state(
    kit: Kit, api: Api, field_state: tuple[str, State], data: st.DataObject
) -> None:
    kit.example()
    field_id, state = field_state
    field = kit.field(field_id)
    body = kit.body(field.body)
    sent = data.draw(kit.translator.body(body, {field.path: state}), label="body")
    assert (field.path, state) in fields.observed(body.schema, sent), "kit: pin not honoured"
    status = data.draw(st.sampled_from(body.statuses), label="status")
    reply = Reply.json(status, sent)
    outcome = kit.exchange(api, reply).outcome
    if status == 200:
        checks.values(outcome, body, sent)
    else:
        error = checks.api_error(outcome, status, reply.content, sent, body)
        checks.error_body(error, body, sent)
    kit.verified(body, sent, status)
