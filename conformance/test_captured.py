"""Captured responses (conformance/captured/*.json) replayed as cases. The expectation follows
from the status: a 200 parses (and, when its body is valid per the spec, with exactly its
values); a documented error status gives the typed error; anything else a documented error
carrying the status and raw body."""

from __future__ import annotations

from . import checks, oracle
from .adapters import APIError, Malformed, Parsed
from .captured import Captured
from .kit import Kit
from .server import Api


def test_captured(kit: Kit, api: Api, capture: Captured) -> None:
    reply = capture.reply
    body = kit.spec.body_for(reply.status)
    outcome = kit.exchange(api, reply).outcome
    checks.no_key_leak(outcome, kit.api_key)
    valid = body is not None and capture.is_json and oracle.is_valid(body.schema, capture.body)
    if reply.status == 200:
        if body is not None and valid:
            checks.round_trip(checks.values(outcome, body, capture.body), body, capture.body)
        elif not isinstance(outcome, Parsed):
            problem = (
                oracle.first_error(body.schema, capture.body) if body and capture.is_json else None
            )
            raise AssertionError(
                f"{checks.describe(outcome)}; the capture is not valid per the spec either"
                f" ({problem or 'not JSON'}): does the spec lag behind the API?"
            )
    elif body is not None:
        sent = capture.body if capture.is_json else None
        checks.api_error(outcome, reply.status, reply.content, sent, body if valid else None)
    else:
        checks.rejected(outcome, reply.status, reply.content, (APIError, Malformed))
