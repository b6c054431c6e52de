"""The kit judges a client it has never seen without a false positive: tests/stdlib_client.py,
a small third-party-style client on the standard library, with three traits (headers kept
upper-cased, no parsed error body exposed, an absent field read as None), measured over
sockets through its adapter (tests/stdlib_adapter.py, sync only).

Only the absent-as-None trait is a finding (the spec tells absent from null; this client
cannot), recorded under its own check; the other two are what the contract allows, so their
checks pass (headers) or are recorded not applicable (the error body, the round trip). Then a
planted bug, a null number read as 0.0, is caught on top of that trait, in the same cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.kit_process import run_kit

ADAPTER = "tests.stdlib_adapter:StdlibAdapter"


def _judged(reports: Path, *options: str) -> tuple[dict[str, Any], str]:
    done = run_kit(
        *("-q", "--tb=no", f"--client={ADAPTER}", f"--report-dir={reports}"),
        "--conformance-budget=1",
        *options,
        cases_only=True,
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    report: dict[str, Any] = json.loads((reports / "stdlib-client.json").read_text("utf-8"))
    assert report["kit_error"] is None
    return report, done.stdout


def _checks(case: dict[str, Any]) -> list[str]:
    return [finding["check"] for finding in case["findings"]]


@pytest.mark.whole_kit
def test_a_third_party_client_gets_no_false_positive(tmp_path: Path) -> None:
    report, stdout = _judged(tmp_path)
    failed = [case for case in report["cases"] if case["outcome"] == "failed"]
    assert failed
    assert report["findings_per_check"] == {"absent-null": len(failed)}
    assert all(_checks(case) == ["absent-null"] for case in failed)
    assert all("the client gives None" in case["reason"] for case in failed)
    # What the contract lets it leave out is not judged, and says why; its headers are.
    assert {"error-body", "round-trip"} <= report["not_applicable_per_check"].keys()
    assert "headers" not in report["not_applicable_per_check"]
    errors = [c for c in report["cases"] if c["kind"] == "documented-error" and c["api"] == "sync"]
    assert errors
    assert all(case["outcome"] == "passed" for case in errors)
    assert all("error-body" in case["not_applicable"] for case in errors)
    # Its async API does not exist: every case through it is skipped, and the summary says so.
    through_async = [case for case in report["cases"] if case["api"] == "async"]
    assert through_async
    assert all(case["outcome"] == "skipped" for case in through_async)
    assert f"{len(through_async)} x the async API not supported" in stdout
    # Nor does it retry: its retry cases are skipped too, never failed.
    retry = [case for case in report["cases"] if case["kind"] == "retry" and case["api"] == "sync"]
    assert retry
    assert all(case["outcome"] == "skipped" for case in retry)
    assert f"FAILED {failed[0]['id']} [sync]: absent-null: " in stdout


@pytest.mark.whole_kit
def test_a_null_read_as_zero_is_caught_on_top_of_absent_as_none(tmp_path: Path) -> None:
    """Through the sync API alone: the client has no other (the run above shows every async
    case skipped), and the bug is in what the client reads, the same for any API."""
    report, _ = _judged(tmp_path, "-p", "tests.stdlib_bug", "--conformance-apis=sync")
    failed = [case for case in report["cases"] if case["outcome"] == "failed"]
    caught = [case for case in failed if "values" in _checks(case)]
    assert caught
    assert report["findings_per_check"]["values"] == len(caught)
    # The cases that catch it fail for the client's trait too; the trait hides nothing.
    assert all("absent-null" in _checks(case) for case in caught)
    null_latency = next(
        case
        for case in caught
        if case["id"] == "getGeneration/field-state/GenerationResponse:data.latency=null"
    )
    values = next(f["reason"] for f in null_latency["findings"] if f["check"] == "values")
    # The field the case targets comes first.
    assert values.startswith("wrong values: data.latency: sent None, got 0.0 (float)")
