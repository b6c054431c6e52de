"""Every documented error status parses into the client's typed error: status, code, message,
metadata, the raw body and (when the adapter exposes them) its unknown fields, with bodies
drawn from the spec's error schema."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from . import checks, profiles
from .kit import Kit
from .server import Api, Reply


@settings(max_examples=profiles.examples(0.5))
@given(data=st.data())
def test_documented_error(kit: Kit, api: Api, error_status: int, data: st.DataObject) -> None:
    kit.example()
    body = kit.spec.body_for(error_status)
    assert body is not None
    sent = data.draw(kit.with_unknown.body(body), label="body")  # unknown fields kept too
    reply = Reply.json(error_status, sent)
    outcome = kit.exchange(api, reply).outcome
    error = checks.api_error(outcome, error_status, reply.content, sent, body)
    checks.no_key_leak(error, kit.api_key)
    kit.verified(body, sent, error_status, every_field=error.body is not None)
