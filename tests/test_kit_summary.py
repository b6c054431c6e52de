"""The printed summary's grouping of failures by check and cause (report/documents.py): one
bug's findings on different values and indices group together, and a check with few findings
keeps its own line beside a trait that fails everywhere."""

from __future__ import annotations

from typing import Any

from conformance.report.documents import by_cause, cause


def test_a_cause_elides_what_varies_between_findings_of_one_bug() -> None:
    assert (
        cause(
            "unknown fields: data.provider_responses[3]['x']: unknown field sent ('a'), not kept;"
            " data.y: sent 1.5, got 2.5 (float); +2 more"
        )
        == "unknown fields: data.provider_responses[]['…']: unknown field sent ('…'), not kept"
    )
    assert cause("a secret is reachable after the call, at error.x['key'] (+12 more)") == (
        "a secret is reachable after the call, at error.x['…']"
    )
    assert cause("wrong values: data.latency: sent None, got 0.0 (float)") == (
        "wrong values: data.latency: sent None, got N (float)"
    )


def _failed(case: str, *findings: tuple[str, str]) -> dict[str, Any]:
    return {"case": case, "findings": [{"check": c, "reason": r} for c, r in findings]}


def test_a_bug_swamped_by_a_trait_keeps_its_own_line() -> None:
    trait = ("absent-null", "absent and null confused: data.x: absent, the client gives None")
    failed = [_failed(f"case-{n} [sync]", trait) for n in range(50)]
    failed.append(
        _failed(
            "valid-body [sync]", trait, ("values", "wrong values: data.cost: sent None, got 0.0")
        )
    )
    lines = by_cause(failed)
    assert lines[0].startswith("failures by check and reason")
    assert lines[1] == (
        "  absent-null: absent and null confused: data.x: absent, the client gives None:"
        " 51 x, e.g. case-0 [sync]"
    )
    assert lines[2] == (
        "  values: wrong values: data.cost: sent None, got N: 1 x, e.g. valid-body [sync]"
    )
    assert by_cause([]) == []
