"""The spec's own examples (the documentation page's 200 among them) parse with exactly their
values: a 200 into a generation equal field by field, an error into its typed error."""

from __future__ import annotations

from typing import Any

from . import checks
from .kit import Kit
from .server import Api, Reply


def test_documented_example(kit: Kit, api: Api, example: tuple[int, Any]) -> None:
    status, sent = example
    body = kit.spec.body_for(status)
    assert body is not None
    reply = Reply.json(status, sent)
    outcome = kit.exchange(api, reply).outcome
    if status == 200:
        checks.round_trip(checks.values(outcome, body, sent), body, sent)
        kit.verified(body, sent, status)
    else:
        error = checks.api_error(outcome, status, reply.content, sent, body)
        kit.verified(body, sent, status, every_field=error.body is not None)
