"""The run's report: a pytest plugin that records each case and writes the conformance matrix.

Test bodies tell it what they did (`example()` per hypothesis example, `served()` per reply,
`status_verified()` and `fields_verified()` for a documented body the client handled
correctly); pytest tells it which cases passed. Coverage counts only what passing cases
verified: fields against the spec's field inventory, statuses against its documented ones.

Under pytest-xdist each worker runs the test bodies and the controller writes the report: what
a case recorded travels to the controller in its teardown report's `user_properties`, the one
path for a plain run and for a distributed one alike.

At the end it writes `<report dir>/<client>.md` (summary, field coverage, one row per case),
`<client>.json` (the same, for tools and tests), and `matrix.md` (case x client, from every
client's JSON in the directory), and prints the summary.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pytest

from . import fields
from .fields import STATES, Field, State
from .spec import Body, Spec

KIT_CASE_PREFIX = "test_kit_"


@dataclass(frozen=True)
class _Case:
    case: str
    outcome: str
    reason: str
    examples: int
    seconds: float
    kit: bool


class Report:
    """Recorder and pytest plugin (registered by conftest.py)."""

    def __init__(self, client: str, spec: Spec, profile: str, out_dir: Path) -> None:
        self.client = client
        self.spec = spec
        self.profile = profile
        self.out_dir = out_dir
        self.inventory: tuple[Field, ...] = tuple(
            field for body in spec.bodies for field in fields.inventory(body)
        )
        self._recorded = _Recorded()
        self._started = time.perf_counter()
        self._examples: dict[str, int] = defaultdict(int)
        self._states: dict[str, set[tuple[str, str, State]]] = defaultdict(set)
        self._served: dict[str, set[int]] = defaultdict(set)
        self._verified_statuses: dict[str, set[int]] = defaultdict(set)
        self._outcomes: dict[str, str] = {}
        self._reasons: dict[str, str] = {}
        self._seconds: dict[str, float] = defaultdict(float)
        self.summary: dict[str, Any] = {}

    # What test bodies report.

    def example(self) -> None:
        """One hypothesis example ran in the current case."""
        self._recorded.examples += 1

    def served(self, status: int) -> None:
        """The current case served a reply with this status."""
        self._recorded.served.add(status)

    def status_verified(self, status: int) -> None:
        """The client handled a documented body of this status correctly."""
        self._recorded.verified.add(status)

    def fields_verified(self, body: Body, sent: Any) -> None:
        """The client gave back every field of this body correctly: its field states count."""
        self._recorded.states |= {
            (body.name, path, state) for path, state in fields.observed(body.schema, sent)
        }

    # pytest hooks.

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
        if report.failed:
            self._outcomes[report.nodeid] = "failed" if report.when == "call" else "error"
            self._reasons.setdefault(report.nodeid, _reason(report))
        elif report.skipped:
            self._outcomes.setdefault(report.nodeid, "skipped")
            self._reasons.setdefault(report.nodeid, _reason(report))
        elif report.when == "call":
            self._outcomes.setdefault(report.nodeid, "passed")

    def _merge(self, nodeid: str, recorded: _Recorded) -> None:
        self._examples[nodeid] += recorded.examples
        self._served[nodeid] |= recorded.served
        self._verified_statuses[nodeid] |= recorded.verified
        self._states[nodeid] |= recorded.states

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self._outcomes or hasattr(session.config, "workerinput"):
            return  # nothing ran, or this is an xdist worker: the controller writes the report
        self.summary = self._summarise()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stem = self.out_dir / _file_name(self.client)
        stem.with_suffix(".json").write_text(json.dumps(self.summary, indent=1), "utf-8")
        # A reason may quote a lone surrogate a client let through: escape it, do not crash.
        stem.with_suffix(".md").write_text(_markdown(self.summary), "utf-8", "backslashreplace")
        (self.out_dir / "matrix.md").write_text(_matrix(self.out_dir), "utf-8", "backslashreplace")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.summary:
            return
        terminalreporter.section("conformance kit")
        for line in _summary_lines(self.summary):
            terminalreporter.write_line(line)
        path = self.out_dir / f"{_file_name(self.client)}.md"
        terminalreporter.write_line(f"report: {path}")

    # The summary.

    def _passed(self, nodeid: str) -> bool:
        return self._outcomes.get(nodeid) == "passed"

    def _summarise(self) -> dict[str, Any]:
        cases = [
            _Case(
                _case_name(nodeid),
                outcome,
                self._reasons.get(nodeid, ""),
                self._examples.get(nodeid, 0),
                self._seconds[nodeid],
                kit=f"::{KIT_CASE_PREFIX}" in nodeid,
            )
            for nodeid, outcome in self._outcomes.items()
        ]
        covered = set().union(*(s for n, s in self._states.items() if self._passed(n)))
        verified = set().union(*(s for n, s in self._verified_statuses.items() if self._passed(n)))
        served = set().union(*(s for n, s in self._served.items() if self._passed(n)))
        field_rows = [
            {
                "body": field.body,
                "path": field.path,
                "states": {
                    state: (field.body, field.path, state) in covered for state in field.states
                },
            }
            for field in self.inventory
        ]
        examples = sum(case.examples for case in cases)
        example_seconds = sum(case.seconds for case in cases if case.examples)
        return {
            "client": self.client,
            "spec": str(self.spec.path),
            "profile": self.profile,
            "seconds": round(time.perf_counter() - self._started, 1),
            "cases": [case.__dict__ for case in sorted(cases, key=lambda c: c.case)],
            "examples": examples,
            "examples_per_second": round(examples / example_seconds, 1) if example_seconds else 0,
            "fields": field_rows,
            "statuses": {
                "documented": list(self.spec.documented_statuses),
                "covered": sorted(verified & set(self.spec.documented_statuses)),
                "undocumented_exercised": sorted(served - set(self.spec.documented_statuses)),
            },
        }


_RECORDED = "conformance"


@dataclass
class _Recorded:
    """What one case's test body told the report; `to_wire` is what xdist can send."""

    examples: int = 0
    served: set[int] = dataclass_field(default_factory=set)
    verified: set[int] = dataclass_field(default_factory=set)
    states: set[tuple[str, str, State]] = dataclass_field(default_factory=set)

    def to_wire(self) -> dict[str, Any]:
        return {
            "examples": self.examples,
            "served": sorted(self.served),
            "verified": sorted(self.verified),
            "states": sorted(self.states),
        }

    @classmethod
    def from_wire(cls, wire: Any) -> _Recorded:
        return cls(
            wire["examples"],
            set(wire["served"]),
            set(wire["verified"]),
            {(body, path, state) for body, path, state in wire["states"]},
        )


def _reason(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or str(report.longrepr)
    if isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2])
    line = text.strip().splitlines()[0] if text.strip() else ""
    line = line.removeprefix("AssertionError: ")
    return line if len(line) <= 200 else f"{line[:197]}..."


def _case_name(nodeid: str) -> str:
    return nodeid.rsplit("/", 1)[-1]


def _file_name(client: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in client)


def _state_counts(summary: dict[str, Any]) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for state in STATES:
        flags = [row["states"][state] for row in summary["fields"] if state in row["states"]]
        counts[state] = (sum(flags), len(flags))
    return counts


def _summary_lines(summary: dict[str, Any]) -> list[str]:
    client_cases = [case for case in summary["cases"] if not case["kit"]]
    passed = sum(c["outcome"] == "passed" for c in client_cases)
    counts = _state_counts(summary)
    covered = sum(done for done, _ in counts.values())
    total = sum(all_ for _, all_ in counts.values())
    per_state = ", ".join(f"{state} {done}/{all_}" for state, (done, all_) in counts.items())
    statuses = summary["statuses"]
    kit_cases = [case for case in summary["cases"] if case["kit"]]
    kit_passed = sum(c["outcome"] == "passed" for c in kit_cases)
    return [
        f"client: {summary['client']}   profile: {summary['profile']}   spec: {summary['spec']}",
        f"cases: {len(client_cases)} ({passed} passed, {len(client_cases) - passed} failed)"
        f"   kit self-checks: {kit_passed}/{len(kit_cases)} passed",
        f"hypothesis examples executed: {summary['examples']}"
        f" ({summary['examples_per_second']}/s)   run time: {summary['seconds']} s",
        f"fields: {len(summary['fields'])}, states covered {covered}/{total}"
        f" ({100 * covered / total if total else 0:.0f}%): {per_state}",
        f"statuses covered: {len(statuses['covered'])}/{len(statuses['documented'])} documented"
        f" ({' '.join(map(str, statuses['covered']))});"
        f" undocumented exercised: {' '.join(map(str, statuses['undocumented_exercised']))}",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(summary: dict[str, Any]) -> str:
    lines = [f"# Conformance report: {summary['client']}", ""]
    lines += [f"- {line}" for line in _summary_lines(summary)]
    lines += ["", "## Field coverage", "", "| body | field | " + " | ".join(STATES) + " |"]
    lines.append("|---|---|" + "---|" * len(STATES))
    for row in summary["fields"]:
        marks = [
            "n/a" if state not in row["states"] else ("yes" if row["states"][state] else "**no**")
            for state in STATES
        ]
        lines.append(f"| {row['body']} | `{row['path']}` | " + " | ".join(marks) + " |")
    lines += ["", "## Cases", "", "| case | result | examples | reason |", "|---|---|---|---|"]
    for case in summary["cases"]:
        result = "pass" if case["outcome"] == "passed" else f"**{case['outcome']}**"
        lines.append(
            f"| `{_cell(case['case'])}` | {result} | {case['examples']} | {_cell(case['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def _matrix(out_dir: Path) -> str:
    """Case x client, from every client report in the directory."""
    reports = []
    for path in sorted(out_dir.glob("*.json")):
        try:
            reports.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            continue
    clients = [report["client"] for report in reports]
    results: dict[str, dict[str, str]] = defaultdict(dict)
    for report in reports:
        for case in report["cases"]:
            mark = "pass" if case["outcome"] == "passed" else f"FAIL: {case['reason']}"
            results[case["case"]][report["client"]] = mark
    lines = ["# Conformance matrix", "", "| case | " + " | ".join(clients) + " |"]
    lines.append("|---|" + "---|" * len(clients))
    for case in sorted(results):
        cells = [_cell(results[case].get(client, "not run")) for client in clients]
        lines.append(f"| `{_cell(case)}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
