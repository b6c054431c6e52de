"""A valid 200 parses: every field equals what was sent, unknown fields are kept, and the body
serialises back to itself. Bodies come from the spec's schema (strategies.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from . import checks, profiles
from .kit import Kit
from .server import Api, Reply


@settings(max_examples=profiles.examples(2))
@given(data=st.data())
def test_valid_200_values(kit: Kit, api: Api, data: st.DataObject) -> None:
    """Each field's parsed value equals its JSON value, of its declared type; null gives None,
    an absent optional field stays absent, an unlisted enum value keeps its text."""
    kit.example()
    body = kit.spec.success
    sent = data.draw(kit.translator.body(body), label="body")
    exchange = kit.exchange(api, Reply.json(200, sent))
    checks.values(exchange.outcome, body, sent)
    kit.verified(body, sent, 200)


@settings(max_examples=profiles.examples(0.5))
@given(data=st.data())
def test_round_trip(kit: Kit, api: Api, data: st.DataObject) -> None:
    """What the client serialises back equals what was sent (date-times as instants)."""
    kit.example()
    body = kit.spec.success
    sent = data.draw(kit.translator.body(body), label="body")
    result = checks.parsed(kit.exchange(api, Reply.json(200, sent)).outcome)
    checks.round_trip(result, body, sent)


@settings(max_examples=profiles.examples(0.5))
@given(data=st.data())
def test_unknown_fields_kept(kit: Kit, api: Api, data: st.DataObject) -> None:
    """Fields the spec does not declare, at every object level, are kept and serialised back."""
    kit.example()
    body = kit.spec.success
    sent = data.draw(kit.with_unknown.body(body), label="body")
    exchange = kit.exchange(api, Reply.json(200, sent))
    checks.unknown_fields(exchange.outcome, body, sent)
