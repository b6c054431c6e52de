"""The kit's judging, piece by piece: a Judgement keeps every finding and every check that did
not apply; comparison tells a wrong value from an absent/null confusion; header names compare
case-insensitively; a None the contract allows is 'not applicable', never a failure."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.adapters import APIError, Parsed
from conformance.judging import checks, compare, strict
from conformance.judging.findings import Finding, Findings, Judgement, NotApplicable
from conformance.spec import Body
from conformance.transports.respx_server import Reply

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "cost": {"type": ["number", "null"]},
        "latency": {"type": ["number", "null"]},
        "name": {"type": "string"},
    },
}


def _fails(reason: str) -> None:
    checks.fail(reason)


def _not_exposed() -> None:
    raise NotApplicable("X is None")


def test_a_judgement_keeps_every_finding_and_raises_them_together() -> None:
    judgement = Judgement()
    assert judgement.check("values", lambda: 1) == 1
    assert judgement.check("values", _fails, "data.cost: sent None, got 0.0") is None
    assert judgement.check("secrets", _fails, "a secret is reachable\nsecond line") is None
    assert judgement.check("round-trip", _not_exposed) is None
    assert judgement.not_applicable == {"round-trip": "X is None"}
    with pytest.raises(Findings) as raised:
        judgement.settle()
    assert raised.value.findings == (
        Finding("values", "data.cost: sent None, got 0.0"),
        Finding("secrets", "a secret is reachable"),
    )
    assert (
        str(raised.value) == "values: data.cost: sent None, got 0.0; secrets: a secret is reachable"
    )


def test_a_judgement_with_nothing_found_settles_quietly_and_names_are_checked() -> None:
    judgement = Judgement()
    judgement.check("round-trip", _not_exposed)
    judgement.settle()
    with pytest.raises(ValueError, match="unknown check 'valuez'"):
        judgement.check("valuez", lambda: None)


def test_a_value_is_compared_apart_from_absent_and_null() -> None:
    sent = {"cost": None, "name": "x"}  # latency absent
    found = compare.parsed(SCHEMA, sent, {"cost": 0.0, "latency": None, "name": "y"}, None)
    assert sorted(found.values) == [
        "cost: sent None, got 0.0 (float)",
        "name: sent 'x', got 'y' (str)",
    ]
    assert found.absent_null == [
        "latency: absent from the response, the client gives None (NoneType)"
    ]
    lost = compare.parsed(SCHEMA, {"cost": None, "name": "x"}, {"name": "x"}, None)
    assert lost.values == []
    assert lost.absent_null == ["cost: sent None, the client lost it"]


def test_a_field_state_reason_names_the_targeted_field_first() -> None:
    parsed = Parsed(data={"cost": 1.0, "latency": 2.0, "name": "y"})
    with pytest.raises(AssertionError) as raised:
        checks.values(parsed, _body(), {"cost": 0.5, "latency": 0.5, "name": "x"}, focus="name")
    assert str(raised.value).startswith("wrong values: name: sent 'x'")


def test_a_field_state_round_trip_is_judged_at_the_targeted_field_only() -> None:
    sent = {"cost": None, "latency": 0.5, "name": "x"}
    parsed = Parsed(
        data=sent, round_trip={"latency": 9.0, "name": "x"}
    )  # lost cost, changed latency
    with pytest.raises(AssertionError, match=r"^round trip: cost: sent None, the client lost it$"):
        checks.round_trip(parsed, _body(), sent, "cost")
    checks.round_trip(parsed, _body(), sent, "name")  # the rest is the valid body's case's to judge


def _body() -> Body:
    return Body("getGeneration", "Test", SCHEMA, (200,), ())


def _error(headers: dict[str, str] | None) -> APIError:
    return APIError(429, 429, "slow down", None, b"{}", RuntimeError("429"), headers=headers)


def test_header_names_compare_case_insensitively() -> None:
    reply = Reply(429, b"{}", (("Retry-After", "3"), ("content-type", "application/json")))
    strict.kept_headers(_error({"RETRY-AFTER": "3", "Content-Type": "application/json"}), reply)
    with pytest.raises(AssertionError, match=r"lost the response headers \['Retry-After'\]"):
        strict.kept_headers(_error({"retry-after": "4", "content-type": "application/json"}), reply)


def test_a_none_the_contract_allows_is_not_applicable() -> None:
    reply = Reply(429, b"{}", (("retry-after", "3"),))
    with pytest.raises(NotApplicable, match=r"APIError\.headers is None"):
        strict.kept_headers(_error(None), reply)
    with pytest.raises(NotApplicable, match=r"APIError\.body is None"):
        checks.error_body(_error(None), _body(), {})
    parsed = Parsed(data={"name": "x"})
    with pytest.raises(NotApplicable, match="round_trip is None"):
        checks.round_trip(parsed, _body(), {"name": "x"})
    with pytest.raises(NotApplicable, match="extras is None"):
        checks.unknown_fields(parsed, _body(), {"name": "x"})
