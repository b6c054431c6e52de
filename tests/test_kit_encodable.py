"""Text a client let through is never what stops a run: a lone surrogate (a `\\ud800` escape a
loose decoder accepts) is escaped in every reason, in what a pytest-xdist worker sends, and in
the report; and a run that ends before its last case says so in the report."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, cast

import pytest

from conformance.judging import checks
from conformance.judging.findings import (
    CaseFindings,
    Finding,
    Findings,
    Judgement,
    NotApplicable,
    encodable,
    encodable_data,
)
from conformance.report import documents
from conformance.report.recorder import Report, _unfinished

LONE = "gen-\ud800"


def test_a_lone_surrogate_in_a_reason_is_escaped_once_everywhere_a_reason_goes() -> None:
    judgement = Judgement()
    judgement.check("refusal", checks.fail, f"raised APIError 400 (3: {LONE})")
    case = CaseFindings()
    case.add(judgement)
    case.add(judgement)
    with pytest.raises(Findings) as raised:
        case.settle()
    text = str(raised.value)
    text.encode("utf-8")  # what execnet and a report file need
    assert text == r"refusal: raised APIError 400 (3: gen-\ud800) (in 2 of 2 examples)"
    assert Finding("values", LONE).reason == r"gen-\ud800"
    assert encodable("plain é text") == "plain é text"  # encodable text is left alone


def test_what_a_worker_sends_is_encodable_in_every_string() -> None:
    data = {"longrepr": {"reprcrash": {"message": LONE}}, "sections": [("out", LONE)], "n": 1}
    sent = encodable_data(data)
    json.dumps(sent, ensure_ascii=False).encode("utf-8")
    assert sent == {
        "longrepr": {"reprcrash": {"message": r"gen-\ud800"}},
        "sections": [("out", r"gen-\ud800")],
        "n": 1,
    }


def _session(status: int = 1, stop: str | bool = False, fail: str | bool = False) -> Any:
    return cast(Any, SimpleNamespace(exitstatus=status, shouldstop=stop, shouldfail=fail))


def test_a_run_that_ends_early_says_why_and_how_far_it_got() -> None:
    assert _unfinished(_session(), ran=44, collected=44) is None
    assert _unfinished(_session(pytest.ExitCode.INTERNAL_ERROR), ran=45, collected=2722) == (
        "pytest exit status 3 (internal_error); 45 of 2722 cases ran"
    )
    assert _unfinished(_session(pytest.ExitCode.INTERRUPTED), ran=1, collected=2) == (
        "pytest exit status 2 (interrupted); 1 of 2 cases ran"
    )
    assert _unfinished(_session(fail="stopping after 1 failures"), ran=1, collected=2) == (
        "stopped: stopping after 1 failures; 1 of 2 cases ran"
    )
    assert (
        _unfinished(_session(), ran=3, collected=4) == "some cases never reported; 3 of 4 cases ran"
    )


def test_the_summary_says_the_run_did_not_finish() -> None:
    summary = {
        "client": "c",
        "client_version": "1",
        "kit_version": "k",
        "profile": "ci",
        "seed": "s",
        "apis": "sync",
        "spec": "openapi.yaml",
        "spec_sha256": "0" * 64,
        "cases": [],
        "examples": 0,
        "examples_per_second": 0,
        "seconds": 0,
        "findings_per_check": {},
        "not_applicable_per_check": {},
        "unsupported": {},
        "kit_error": None,
        "unfinished": "pytest exit status 3 (internal_error); 4 of 44 cases ran",
        "operations": [],
        "not_tested": [],
    }
    lines = documents.summary_lines(summary)
    assert "RUN DID NOT FINISH: pytest exit status 3 (internal_error); 4 of 44 cases ran" in lines
    assert not any(
        "DID NOT FINISH" in line
        for line in documents.summary_lines({**summary, "unfinished": None})
    )


def test_the_report_a_worker_sends_is_made_encodable_but_its_record_left_as_made() -> None:
    recorded = [("conformance", {"verified": [("getGeneration:G:data.x", "present", "")]})]
    data = {"longrepr": {"reprcrash": {"message": LONE}}, "user_properties": recorded}
    hook = Report.pytest_report_to_serializable(cast(Report, None), None)
    next(hook)
    with pytest.raises(StopIteration) as sent:
        hook.send(data)
    assert sent.value.value["longrepr"] == {"reprcrash": {"message": r"gen-\ud800"}}
    assert sent.value.value["user_properties"] is recorded  # encodable as made: not walked


def test_a_not_applicable_reason_is_encodable() -> None:
    judgement = Judgement()

    def not_exposed() -> None:
        raise NotApplicable(f"no extras for {LONE}")

    judgement.check("unknown-fields", not_exposed)
    assert judgement.not_applicable == {"unknown-fields": r"no extras for gen-\ud800"}
