"""A client's traits, as the kit judges them (issue 17, the outside developer's run):

- a property case runs every one of its examples whatever it finds, so a trait that fails
  every example (tests/stdlib_client.py reads an absent field as None) hides no second bug
  (the unknown fields of `provider_responses` items dropped, tests/stdlib_extras_bug.py);
- a client that keeps no raw body (`raw_body=None`) and declares that it reads an absent
  field as None (`Supports.absent_as_null`, tests/stdlib_outsider.py) gets no finding: both
  checks are not applicable to it, counted as such, while every value is still compared, so
  a planted "null number read as 0.0" (tests/stdlib_bug.py) is caught on top of the declaration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.kinds import bodies
from conformance.payloads import profiles
from tests.kit_process import run_kit

BUDGET = 20
FIELD_STATE = "getGeneration/field-state/GenerationResponse"


def _run(reports: Path, adapter: str, *options: str) -> tuple[dict[str, Any], str]:
    """The kit's run of `adapter`, through the sync API: the client has no other, and
    tests/test_stdlib_client.py shows that every case through the async one is skipped."""
    done = run_kit(
        *("-q", "--tb=no", f"--client={adapter}", f"--report-dir={reports}"),
        "--conformance-apis=sync",
        *options,
        cases_only=True,
    )
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-3000:]
    (written,) = reports.glob("stdlib-*.json")
    report: dict[str, Any] = json.loads(written.read_text("utf-8"))
    assert report["kit_error"] is None
    return report, done.stdout


def _findings(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {finding["check"]: finding for finding in case["findings"]}


def _reasons(cases: list[dict[str, Any]], but: str = "") -> list[str]:
    """What the cases found, but `but`'s findings: the message of an assertion about them."""
    return [
        f"{case['case']}: {finding['check']}: {finding['reason']}"
        for case in cases
        for finding in case["findings"]
        if finding["check"] != but
    ] + [
        f"{case['case']}: {case['outcome']}: {case['reason']}"
        for case in cases
        if not case["findings"] and case["outcome"] != "passed"
    ]


@pytest.mark.whole_kit
def test_a_trait_in_every_example_hides_no_other_example_nor_a_second_bug(tmp_path: Path) -> None:
    report, stdout = _run(
        tmp_path,
        "tests.stdlib_adapter:StdlibAdapter",
        f"--conformance-budget={BUDGET}",
        "-p",
        "tests.stdlib_extras_bug",
        "-k",
        "getGeneration and unknown and fields and not Content",
    )
    (case,) = [c for c in report["cases"] if c["case"] == "getGeneration/unknown-fields [sync]"]
    share = bodies.UNKNOWN_FIELDS.share
    assert share is not None
    planned = profiles.share_of(BUDGET, share)
    assert planned > 2
    assert case["outcome"] == "failed"
    assert case["examples"] == planned  # not one: the first failing example stopped nothing
    found = _findings(case)
    assert found.keys() == {"absent-null", "unknown-fields"}
    dropped = found["unknown-fields"]
    assert dropped["reason"].startswith("unknown fields: data.provider_responses[")
    assert "not kept" in dropped["reason"]
    assert 0 < dropped["examples"] <= planned
    assert f"(in {dropped['examples']} of {planned} examples)" in case["reason"]
    # The summary groups the findings by check and cause: the bug has its own line.
    # (a drawn key quoted on the object that held it, whatever its text)
    cause = "  unknown-fields: unknown fields: data.provider_responses[]['…']: unknown field sent"
    assert any(line.startswith(cause) for line in stdout.splitlines()), stdout


@pytest.mark.whole_kit
def test_a_client_that_declares_its_traits_gets_no_finding(tmp_path: Path) -> None:
    report, stdout = _run(
        tmp_path, "tests.stdlib_outsider:OutsiderAdapter", "--conformance-budget=1"
    )
    judged = [c for c in report["cases"] if c["outcome"] != "skipped"]
    assert judged
    unpassed = [c for c in judged if c["outcome"] != "passed"]
    assert [c["case"] for c in unpassed] == [], _reasons(unpassed)
    assert report["findings_per_check"] == {}
    not_applicable = report["not_applicable_per_check"]
    assert {"absent-null", "raw-body", "error-body", "round-trip"} <= not_applicable.keys()
    errors = [c for c in judged if c["kind"] == "documented-error"]
    assert errors
    assert all("raw-body" in c["not_applicable"] for c in errors)
    assert "failures by check and reason" not in stdout
    # The absent state of a field the client reads as None passes, by the declaration.
    latency = next(row for row in report["fields"] if row["path"] == "data.latency")
    assert latency["states"] == {state: True for state in latency["states"]}


@pytest.mark.whole_kit
def test_a_null_number_read_as_zero_is_caught_on_top_of_the_declaration(tmp_path: Path) -> None:
    report, stdout = _run(
        tmp_path,
        "tests.stdlib_outsider:OutsiderAdapter",
        "--conformance-budget=1",
        "-p",
        "tests.stdlib_bug",
    )
    failed = [c for c in report["cases"] if c["outcome"] == "failed"]
    assert failed
    assert set(report["findings_per_check"]) == {"values"}, _reasons(failed, but="values")
    latency = next(c for c in failed if c["id"] == f"{FIELD_STATE}:data.latency=null")
    assert _findings(latency)["values"]["reason"].startswith(
        "wrong values: data.latency: sent None, got 0.0 (float)"
    )
    assert "  values: wrong values: data." in stdout
    # Coverage is judged by the finding about each field: the latency's null state fails, the
    # state of a field the bug leaves alone still passes.
    rows = {row["path"]: row for row in report["fields"] if row["body"] == "GenerationResponse"}
    assert rows["data.latency"]["states"]["null"] is False
    assert rows["data.id"]["states"]["present"] is True
