"""The run's report: a pytest plugin that records each case and writes the conformance matrix.

The kit's exchange-and-check path (kit.py) tells it what each case did: `served()` per reply,
`exercised()` for every documented body sent to the client, `verified()` once the client's
answer to it checked out, `example()` per hypothesis example. pytest tells it which cases
passed. Coverage is reported two ways, per operation: *exercised* (what the cases sent,
whatever the client made of it) and *passing* (what cases that passed verified), so a client
that gets one field wrong still shows full coverage, with its failures counted apart.

Under pytest-xdist each worker runs the cases and the controller writes the report: what a
case recorded travels to the controller in its teardown report's `user_properties`, the one
path for a plain run and for a distributed one alike.

At the end it writes `<report dir>/<client>.md` (summary, not-tested list, field coverage,
one row per case), `<client>.json` (the same, with run metadata, for tools and tests) and
`matrix.md` (case x client, from every client's JSON in the directory written from the same
spec), and prints the summary: one line per failing case, quiet about the rest.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pytest

from conformance.case import UNSUPPORTED, Case
from conformance.judging.findings import CHECKS, Judgement, encodable, encodable_data
from conformance.report import documents
from conformance.spec import Body, Spec, fields
from conformance.spec.fields import Field

_SHOWN_FAILURES = 120  # the printed summary lists at most this many failing cases

Seen = set[tuple[str, str, str]]  # (field id, state, "") or (operation, "status", "<status>")


class Report:
    """Recorder and pytest plugin (registered by conftest.py)."""

    def __init__(self, spec: Spec, out_dir: Path, metadata: dict[str, Any]) -> None:
        self.spec = spec
        self.out_dir = out_dir
        self.metadata = metadata
        self.client = str(metadata["client"])
        self.inventory: tuple[Field, ...] = tuple(
            field for body in spec.bodies for field in fields.inventory(body)
        )
        self._recorded = _Recorded()
        self._session: pytest.Session | None = None
        self._started = time.perf_counter()
        self._cases: dict[str, dict[str, Any]] = {}
        self._examples: dict[str, int] = defaultdict(int)
        self._exercised: dict[str, Seen] = defaultdict(set)
        self._verified: dict[str, Seen] = defaultdict(set)
        self._served: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self._outcomes: dict[str, str] = {}
        self._reasons: dict[str, str] = {}
        self._seconds: dict[str, float] = defaultdict(float)
        self._findings: dict[str, dict[str, str]] = defaultdict(dict)
        self._details: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self._failing: dict[str, Counter[str]] = defaultdict(Counter)
        self._not_applicable: dict[str, dict[str, str]] = defaultdict(dict)
        self.kit_error: str | None = None
        self.unfinished: str | None = None  # why the run stopped before its last case
        self._collected = 0
        self.summary: dict[str, Any] = {}

    # What the exchange-and-check path reports.

    def start(self, case: Case, api: str) -> None:
        """The current pytest item runs `case` through `api`."""
        self._recorded.case = {**case.row(), "api": api}

    def example(self) -> None:
        """One hypothesis example ran in the current case."""
        self._recorded.examples += 1

    def served(self, operation: str, status: int) -> None:
        """The current case served a reply with this status to a call of `operation`."""
        self._recorded.served.add((operation, status))

    def exercised(self, body: Body, sent: Any, status: int) -> None:
        """The current case sent a valid documented body to the client."""
        self._recorded.exercised |= _seen(body, sent, status)

    def verified(self, body: Body, sent: Any, wrong: Iterable[str] = ()) -> None:
        """The client gave back the fields of a documented body; those at or under a location
        in `wrong` (`data.provider_responses[1].latency`, `(body)`) it got wrong."""
        wrong_fields = {re.sub(r"\[\d+\]", "[]", where) for where in wrong}
        prefix = f"{body.operation}:{body.name}:"
        self._recorded.verified |= {
            (prefix + path, state, "")
            for path, state in fields.observed(body.schema, sent)
            if not any(_under(path, where) for where in wrong_fields)
        }

    def status_verified(self, operation: str, status: int) -> None:
        """The client handled a documented status correctly (its body's fields aside)."""
        self._recorded.verified.add((operation, "status", str(status)))

    def judged(self, judgement: Judgement) -> None:
        """What an example's checks found: each failed check (its first reason kept per case)
        and each check that did not apply to this client."""
        for finding in judgement.findings:
            if finding.check not in self._recorded.findings:
                self._recorded.findings[finding.check] = finding.reason
                self._recorded.details[finding.check] = list(finding.details)
        for check in {finding.check for finding in judgement.findings}:
            self._recorded.failing[check] = self._recorded.failing.get(check, 0) + 1
        for check, why in judgement.not_applicable.items():
            self._recorded.not_applicable.setdefault(check, why)

    def failed_in_kit(self, where: str) -> None:
        """The kit's own code failed in the current case: the run stops, the report says so."""
        self._recorded.kit_error = where

    # pytest hooks.

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._session = session

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._collected = max(self._collected, len(session.items))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Under pytest-xdist the controller collects nothing: each worker says what it has."""
        self._collected = max(self._collected, len(ids))

    @pytest.hookimpl(wrapper=True)
    def pytest_report_to_serializable(self, report: Any) -> Any:
        """What a worker sends the controller, every string made encodable: execnet refuses a
        lone surrogate (a client's text in a longrepr, in captured output) and the whole run
        would stop on it. A case's record (`user_properties`) is left as it is: its text is
        encodable as it is made (`Finding`, `Judgement`, `run_case`), and the rest of it, the
        many field ids the kit wrote, would cost a walk per case for nothing."""
        data = yield
        if not isinstance(data, dict):
            return data
        return {
            key: value if key == "user_properties" else encodable_data(value)
            for key, value in data.items()
        }

    def pytest_internalerror(self, excrepr: Any) -> None:
        last = str(excrepr).strip().splitlines()
        self.unfinished = encodable(
            f"pytest internal error: {last[-1] if last else 'no message'}"
        ).removeprefix("INTERNALERROR> ")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._recorded = _Recorded()

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        item.user_properties.append((_RECORDED, self._recorded.to_wire()))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == _RECORDED and report.when == "teardown":
                self._merge(report.nodeid, _Recorded.from_wire(value))
        self._seconds[report.nodeid] += report.duration
        if self._outcomes.get(report.nodeid) == "kit-error":
            return
        if report.failed:
            self._outcomes[report.nodeid] = "failed" if report.when == "call" else "error"
            self._reasons.setdefault(report.nodeid, _reason(report))
        elif report.skipped:
            self._outcomes.setdefault(report.nodeid, "skipped")
            self._reasons.setdefault(report.nodeid, _reason(report))
        elif report.when == "call":
            self._outcomes.setdefault(report.nodeid, "passed")

    def _merge(self, nodeid: str, recorded: _Recorded) -> None:
        if recorded.case:
            self._cases[nodeid] = recorded.case
        for check, reason in recorded.findings.items():
            if check not in self._findings[nodeid]:
                self._findings[nodeid][check] = reason
                self._details[nodeid][check] = recorded.details.get(check, [])
        for check, count in recorded.failing.items():
            self._failing[nodeid][check] += count
        for check, why in recorded.not_applicable.items():
            self._not_applicable[nodeid].setdefault(check, why)
        self._examples[nodeid] += recorded.examples
        self._served[nodeid] |= recorded.served
        self._exercised[nodeid] |= recorded.exercised
        self._verified[nodeid] |= recorded.verified
        if recorded.kit_error:
            self.kit_error = recorded.kit_error
            self._outcomes[nodeid] = "kit-error"
            self._reasons[nodeid] = recorded.kit_error
            self._stop(f"conformance kit error (not the client's fault): {recorded.kit_error}")

    def _stop(self, why: str) -> None:
        """Stop the run after this case: pytest's loop, or xdist's controller when it runs."""
        if self._session is None:
            return
        self._session.shouldstop = why
        controller = self._session.config.pluginmanager.get_plugin("dsession")
        if controller is not None:
            controller.shouldstop = why

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self._outcomes or hasattr(session.config, "workerinput"):
            return  # nothing ran, or this is an xdist worker: the controller writes the report
        if self.kit_error:
            session.exitstatus = EXIT_KIT_ERROR
        self.unfinished = self.unfinished or _unfinished(
            session, ran=len(self._outcomes), collected=self._collected
        )
        self.summary = self._summarise()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stem = self.out_dir / _file_name(self.client)
        stem.with_suffix(".json").write_text(json.dumps(self.summary, indent=1), "utf-8")
        # A reason may quote a lone surrogate a client let through: escape it, do not crash.
        stem.with_suffix(".md").write_text(
            documents.markdown(self.summary), "utf-8", "backslashreplace"
        )
        (self.out_dir / "matrix.md").write_text(
            documents.matrix(self.out_dir, self.summary), "utf-8", "backslashreplace"
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.summary:
            return
        terminalreporter.section("conformance kit")
        for line in documents.summary_lines(self.summary, failures=_SHOWN_FAILURES):
            terminalreporter.write_line(line)
        path = self.out_dir / f"{_file_name(self.client)}.md"
        terminalreporter.write_line(f"report: {path}")

    # The summary.

    def _summarise(self) -> dict[str, Any]:
        cases = []
        for nodeid, outcome in self._outcomes.items():
            row = self._cases.get(nodeid) or {"id": _case_name(nodeid), "kind": "kit-self-check"}
            examples = self._examples.get(nodeid, 0)
            # Per check: its first example's reason, and how many examples it failed in.
            findings = [
                {
                    "check": check,
                    "reason": reason,
                    "examples": self._failing[nodeid][check],
                    # Every problem, when the one-line reason names only the first few.
                    "details": self._details[nodeid].get(check, []),
                }
                for check, reason in sorted(
                    self._findings.get(nodeid, {}).items(), key=lambda item: _CHECK_ORDER[item[0]]
                )
            ]
            reason = self._reasons.get(nodeid, "")
            if findings and outcome == "failed":
                reason = "; ".join(
                    f"{f['check']}: {f['reason']}"
                    + (f" (in {f['examples']} of {examples} examples)" if examples > 1 else "")
                    for f in findings
                )
            cases.append(
                {
                    **row,
                    "case": f"{row['id']} [{row['api']}]" if "api" in row else row["id"],
                    "outcome": outcome,
                    "reason": reason,
                    "findings": findings if outcome == "failed" else [],
                    "not_applicable": sorted(self._not_applicable.get(nodeid, {})),
                    "examples": examples,
                    "seconds": round(self._seconds[nodeid], 3),
                    "kit": nodeid not in self._cases,
                }
            )
        passed = {n for n, outcome in self._outcomes.items() if outcome == "passed"}
        exercised: Seen = set().union(*self._exercised.values())
        # A field state passes when an example gave it back right, whatever the case found
        # about other fields; a status, only in a case that passed.
        verified: Seen = {
            seen
            for nodeid, all_seen in self._verified.items()
            for seen in all_seen
            if seen[1] != "status" or nodeid in passed
        }
        served = set().union(*self._served.values())
        examples = sum(case["examples"] for case in cases)
        judged = [case for case in cases if not case["kit"]]
        example_seconds = sum(case["seconds"] for case in cases if case["examples"])
        return {
            **self.metadata,
            "spec": str(self.spec.path),
            "spec_sha256": self.spec.sha256,
            "seconds": round(time.perf_counter() - self._started, 1),
            "kit_error": self.kit_error,
            "unfinished": self.unfinished,
            "examples": examples,
            "examples_per_second": round(examples / example_seconds, 1) if example_seconds else 0,
            "not_tested": [str(gap) for gap in self.spec.gaps],
            # Per check, the cases it failed in, and those it could not judge (a None the
            # contract allows); per reason, the cases skipped as unsupported by the adapter.
            "findings_per_check": _count(
                check for case in judged for check in (f["check"] for f in case["findings"])
            ),
            "not_applicable_per_check": _count(
                check for case in judged for check in case["not_applicable"]
            ),
            "unsupported": _count(
                case["reason"]
                for case in judged
                if case["outcome"] == "skipped" and case["reason"].startswith(UNSUPPORTED)
            ),
            "operations": [
                self._operation(operation.id, exercised, verified, served, cases)
                for operation in self.spec.operations
            ],
            "fields": [
                {
                    "operation": field.operation,
                    "body": field.body,
                    "path": field.path,
                    "states": {state: (field.id, state, "") in verified for state in field.states},
                    "exercised": {
                        state: (field.id, state, "") in exercised for state in field.states
                    },
                }
                for field in self.inventory
            ],
            "cases": sorted(cases, key=lambda c: str(c["case"])),
        }

    def _operation(
        self,
        operation_id: str,
        exercised: Seen,
        verified: Seen,
        served: set[tuple[str, int]],
        cases: list[dict[str, Any]],
    ) -> dict[str, Any]:
        operation = self.spec.operation(operation_id)
        documented = list(operation.documented_statuses)
        states = [
            (f.id, s, "") for f in self.inventory if f.operation == operation_id for s in f.states
        ]
        mine = [case for case in cases if case.get("operation") == operation_id]

        def statuses(seen: Seen) -> list[int]:
            return [s for s in documented if (operation_id, "status", str(s)) in seen]

        return {
            "operation": operation_id,
            "method": operation.method,
            "path": operation.path,
            "parameters": [
                {"name": p.name, "in": p.location, "required": p.required}
                for p in operation.parameters
            ],
            "cases": len(mine),
            "passed": sum(case["outcome"] == "passed" for case in mine),
            "failed": sum(case["outcome"] not in documents.NOT_FAILED for case in mine),
            "skipped": sum(case["outcome"] == "skipped" for case in mine),
            "field_states": len(states),
            "field_states_exercised": sum(state in exercised for state in states),
            "field_states_passing": sum(state in verified for state in states),
            "statuses_documented": documented,
            "statuses_exercised": statuses(exercised),
            "statuses_passing": statuses(verified),
            "undocumented_exercised": sorted(
                status for op, status in served if op == operation_id and status not in documented
            ),
        }


_RECORDED = "conformance"
_CHECK_ORDER = {check: index for index, check in enumerate(CHECKS)}
# The exit status of a run stopped by an error in the kit's own code (pytest uses 0 to 5).
EXIT_KIT_ERROR = 6


@dataclass
class _Recorded:
    """What one case told the report; `to_wire` is what xdist can send to the controller."""

    case: dict[str, Any] = dataclass_field(default_factory=dict)
    examples: int = 0
    served: set[tuple[str, int]] = dataclass_field(default_factory=set)
    exercised: Seen = dataclass_field(default_factory=set)
    verified: Seen = dataclass_field(default_factory=set)
    kit_error: str = ""
    findings: dict[str, str] = dataclass_field(default_factory=dict)
    details: dict[str, list[str]] = dataclass_field(default_factory=dict)
    not_applicable: dict[str, str] = dataclass_field(default_factory=dict)
    # Per check, how many examples it failed in.
    failing: dict[str, int] = dataclass_field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {
            "findings": self.findings,
            "details": self.details,
            "failing": self.failing,
            "not_applicable": self.not_applicable,
            "case": self.case,
            "examples": self.examples,
            "served": sorted(self.served),
            "exercised": sorted(self.exercised),
            "verified": sorted(self.verified),
            "kit_error": self.kit_error,
        }

    @classmethod
    def from_wire(cls, wire: Any) -> _Recorded:
        return cls(
            dict(wire["case"]),
            int(wire["examples"]),
            {(str(op), int(status)) for op, status in wire["served"]},
            {(str(a), str(b), str(c)) for a, b, c in wire["exercised"]},
            {(str(a), str(b), str(c)) for a, b, c in wire["verified"]},
            str(wire["kit_error"]),
            {str(check): str(reason) for check, reason in wire["findings"].items()},
            {str(check): [str(d) for d in details] for check, details in wire["details"].items()},
            {str(check): str(why) for check, why in wire["not_applicable"].items()},
            {str(check): int(count) for check, count in wire["failing"].items()},
        )


def _seen(body: Body, sent: Any, status: int) -> Seen:
    prefix = f"{body.operation}:{body.name}:"
    found: Seen = {(prefix + path, state, "") for path, state in fields.observed(body.schema, sent)}
    found.add((body.operation, "status", str(status)))
    return found


def _under(path: str, where: str) -> bool:
    """Whether the field `path` is at the location `where` or inside it."""
    return where == "(body)" or path == where or path.startswith((f"{where}.", f"{where}["))


def _reason(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or str(report.longrepr)
    if isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2])
    line = text.strip().splitlines()[0] if text.strip() else ""
    return encodable(line).removeprefix("AssertionError: ").removeprefix("Skipped: ")


def _unfinished(session: pytest.Session, ran: int, collected: int) -> str | None:
    """Why the run ended before every collected case ran (None when it did not): pytest
    interrupted or failing inside, a stop (a kit error, -x), or cases that never reported."""
    status = session.exitstatus
    if status in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
        why = f"pytest exit status {int(status)} ({pytest.ExitCode(status).name.lower()})"
    elif session.shouldstop or session.shouldfail:
        why = f"stopped: {session.shouldstop or session.shouldfail}"
    elif collected and ran < collected:
        why = "some cases never reported"
    else:
        return None
    return encodable(f"{why}; {ran} of {collected} cases ran")


def _count(names: Iterable[str]) -> dict[str, int]:
    """How often each name occurs, most often first (ties in check order, then by name)."""
    counted = Counter(names)
    return dict(
        sorted(counted.items(), key=lambda item: (-item[1], _CHECK_ORDER.get(item[0], 0), item[0]))
    )


def _case_name(nodeid: str) -> str:
    return nodeid.rsplit("/", 1)[-1]


def _file_name(client: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in client)
