"""What a finding's one-line reason leaves out is in the JSON report: every problem of a check
whose reason names only the first few (`+N more`), through the same wire a pytest-xdist
worker uses; and a reason cut for the printed summary is cut after a word, with a marker."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from conformance import spec
from conformance.adapters import Parsed
from conformance.judging import checks, secrets, strict
from conformance.judging.findings import Judgement, shorten
from conformance.report.recorder import Report

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = [f"data.field_{n}: sent 1, got '1' (str)" for n in range(25)]


def _judged() -> Judgement:
    judgement = Judgement()
    judgement.check("values", checks._problems, "wrong values", PROBLEMS)
    return judgement


def test_a_reason_names_three_problems_and_the_finding_keeps_all() -> None:
    (finding,) = _judged().findings
    assert finding.reason.endswith("; +22 more")
    assert finding.details == tuple(PROBLEMS)
    judgement = Judgement()
    judgement.check("values", checks._problems, "wrong values", PROBLEMS[:2])
    assert judgement.findings[0].details == ()  # the reason names them all already


def test_every_place_stored_content_is_shown_is_kept() -> None:
    class Shows:
        def __repr__(self) -> str:
            return "Content(prompt='the whole stored prompt')"

    judgement = Judgement()
    outcome = Parsed(data={}, returned=Shows())
    judgement.check(
        "stored-content", strict.not_shown, outcome, secrets.LogCapture(), ["whole stored prompt"]
    )
    (finding,) = judgement.findings
    assert finding.reason.endswith("(+1 more)")
    assert [d.split(": ", 1)[0] for d in finding.details] == ["str(returned)", "repr(returned)"]


def test_the_json_report_lists_every_problem_of_a_finding(tmp_path: Path) -> None:
    report = Report(spec.load(ROOT / "openapi.yaml"), tmp_path, {"client": "c"})
    item = cast(Any, SimpleNamespace(user_properties=[]))
    report.pytest_runtest_setup(item)
    report.judged(_judged())
    report.pytest_runtest_teardown(item)
    nodeid = "conformance/test_cases.py::test_case[x]"
    for when, failed in (("call", True), ("teardown", False)):
        sent = SimpleNamespace(
            nodeid=nodeid,
            when=when,
            failed=failed,
            skipped=False,
            duration=0.0,
            longrepr="AssertionError: values: ...",
            user_properties=item.user_properties if when == "teardown" else [],
        )
        report.pytest_runtest_logreport(cast(pytest.TestReport, sent))
    (case,) = report._summarise()["cases"]
    (finding,) = case["findings"]
    assert finding["reason"].endswith("; +22 more")
    assert finding["details"] == PROBLEMS


def test_a_cut_reason_ends_after_a_word_with_a_marker() -> None:
    reason = "error body: error.metadata.openrouter_metadata['Data.']: sent 1, the client lost it"
    cut = shorten(reason, 60)  # the 60th character falls inside "sent": cut before it
    marker = " [cut: 27 more characters]"
    assert cut == "error body: error.metadata.openrouter_metadata['Data.']:" + marker
    assert reason.startswith(cut.removesuffix(marker))
    assert shorten("x" * 80, 60) == "x" * 60 + " [cut: 20 more characters]"  # no word to cut at
    assert shorten(reason, len(reason)) == reason
