"""The documents a run's summary is written as: the printed summary lines, the Markdown report
of one client, and the matrix of every client's report in a directory written from the same
spec."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from conformance.adapters import APIS
from conformance.case import UNSUPPORTED
from conformance.judging.findings import shorten
from conformance.spec.fields import STATES

# A case skipped (for a feature the adapter does not declare, say) is not a failure.
NOT_FAILED = frozenset({"passed", "skipped"})


def _ratio(done: int, total: int) -> str:
    return f"{done}/{total} ({100 * done / total if total else 100:.0f}%)"


def summary_lines(summary: dict[str, Any], failures: int | None = None) -> list[str]:
    """The summary as printed: the run, then per operation, then what is not tested, then one
    line per failing case (at most `failures` of them)."""
    client_cases = [case for case in summary["cases"] if not case["kit"]]
    failed = [case for case in summary["cases"] if case["outcome"] not in NOT_FAILED]
    client_failed = [case for case in failed if not case["kit"]]
    skipped = [case for case in client_cases if case["outcome"] == "skipped"]
    kit_cases = [case for case in summary["cases"] if case["kit"]]
    kit_passed = sum(c["outcome"] == "passed" for c in kit_cases)
    lines = [
        f"client: {summary['client']} {summary['client_version']}   kit {summary['kit_version']}"
        f"   profile: {summary['profile']} (seed: {summary['seed']})"
        f"   APIs: {summary['apis'].replace(',', ' and ')}",
        f"spec: {summary['spec']} (sha256 {summary['spec_sha256'][:12]})",
        f"cases: {len(client_cases)} ({len(client_cases) - len(client_failed) - len(skipped)}"
        f" passed, {len(client_failed)} failed, {len(skipped)} skipped;"
        f" each API's run of a case counted apart:"
        f" {len({c['id'] for c in client_cases})} cases x {_apis(client_cases)})"
        f"   kit self-checks: {kit_passed}/{len(kit_cases)} passed",
        f"hypothesis examples executed: {summary['examples']}"
        f" ({summary['examples_per_second']}/s)   run time: {summary['seconds']} s",
    ]
    lines.append(f"findings per check (failing cases): {_counts(summary['findings_per_check'])}")
    lines.append(
        "not applicable to this client (a None it may give):"
        f" {_counts(summary['not_applicable_per_check'])}"
    )
    lines += by_cause(failed)
    unsupported = summary["unsupported"]
    if unsupported:
        lines.append(f"skipped, unsupported by the adapter ({sum(unsupported.values())}):")
        lines += [
            f"  {count} x {reason.removeprefix(UNSUPPORTED)}"
            for reason, count in unsupported.items()
        ]
    if summary["kit_error"]:
        lines.append(f"KIT ERROR (not the client's fault): {summary['kit_error']}")
    if summary.get("unfinished"):
        lines.append(f"RUN DID NOT FINISH: {summary['unfinished']}")
    for op in summary["operations"]:
        documented = len(op["statuses_documented"])
        lines += [
            f"{op['operation']} ({op['method']} {op['path']}): {op['cases']} cases,"
            f" {op['passed']} passed, {op['failed']} failed, {op['skipped']} skipped",
            f"  field states exercised {_ratio(op['field_states_exercised'], op['field_states'])},"
            f" passing {_ratio(op['field_states_passing'], op['field_states'])}",
            f"  statuses exercised {_ratio(len(op['statuses_exercised']), documented)},"
            f" passing {_ratio(len(op['statuses_passing']), documented)};"
            f" undocumented exercised: {' '.join(map(str, op['undocumented_exercised'])) or '-'}",
        ]
    lines.append(
        f"not tested ({len(summary['not_tested'])}):"
        + ("" if summary["not_tested"] else " nothing")
    )
    lines += [f"  {gap}" for gap in summary["not_tested"]]
    # One line per failing case, its APIs together: `FAILED <id> [sync, async]: <reason>`.
    grouped: dict[str, list[dict[str, Any]]] = {}
    for case in failed:
        grouped.setdefault(str(case["id"]), []).append(case)
    shown = list(grouped.items()) if failures is None else list(grouped.items())[:failures]
    for case_id, runs in shown:
        apis = ", ".join(str(run["api"]) for run in runs if "api" in run)
        reason = str(runs[0]["reason"])  # in full in the JSON report; one line here
        reason = shorten(reason, _LINE)
        lines.append(f"FAILED {case_id}{f' [{apis}]' if apis else ''}: {reason}")
    if len(shown) < len(grouped):
        lines.append(f"... and {len(grouped) - len(shown)} more failing cases in the report")
    return lines


def _apis(cases: list[dict[str, Any]]) -> str:
    ran = {case.get("api") for case in cases}
    return " and ".join(api for api in APIS if api in ran) or "no API"


# The printed summary's grouping of findings: this many causes per check at most.
CAUSES_PER_CHECK = 3


def by_cause(failed: list[dict[str, Any]], per_check: int = CAUSES_PER_CHECK) -> list[str]:
    """Failures by check and reason: per check (most findings first), its commonest causes,
    each a normalised reason (`cause`), how many case runs (a case through one API) found it
    and one of them, so a bug whose findings are few shows beside a trait that is everywhere."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for case in failed:
        for finding in case.get("findings", ()):
            groups[finding["check"]][cause(finding["reason"])].append(str(case["case"]))
    if not groups:
        return []
    lines = ["failures by check and reason (case runs, one example case):"]
    ranked = sorted(groups.items(), key=lambda item: -sum(map(len, item[1].values())))
    for check, causes in ranked:
        common = sorted(causes.items(), key=lambda item: -len(item[1]))
        for reason, runs in common[:per_check]:
            lines.append(f"  {check}: {reason}: {len(runs)} x, e.g. {runs[0]}")
        if len(common) > per_check:
            rest = sum(len(runs) for _, runs in common[per_check:])
            lines.append(f"  {check}: {len(common) - per_check} other reasons: {rest} x")
    return lines


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_INDEX = re.compile(r"\[\d+\]")
_MORE = re.compile(r"\s*\(?\+\d+ more\)?")
_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[+-]?\d+)?(?![\w.])")
_CAUSE_LENGTH = 120
_LINE = 400  # a FAILED line's reason, at most


def cause(reason: str) -> str:
    """A reason as its cause: the first mismatch only, array indices as `[]`, quoted text,
    decimal numbers and counts of further mismatches (`+2 more`) elided, so findings of one
    bug on different values group together."""
    first = _MORE.sub("", reason.split("; ", 1)[0])
    text = _NUMBER.sub("N", _QUOTED.sub("'…'", _INDEX.sub("[]", first)))
    return shorten(text, _CAUSE_LENGTH)


def _counts(counted: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counted.items()) or "none"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(summary: dict[str, Any]) -> str:
    lines = [f"# Conformance report: {summary['client']}", ""]
    lines += [f"- {line}" for line in summary_lines(summary, failures=0)]
    lines += ["", "## Field coverage (passing; exercised in parentheses when it differs)", ""]
    lines += ["| operation | body | field | " + " | ".join(STATES) + " |"]
    lines.append("|---|---|---|" + "---|" * len(STATES))
    for row in summary["fields"]:
        marks = []
        for state in STATES:
            if state not in row["states"]:
                marks.append("n/a")
            elif row["states"][state]:
                marks.append("yes")
            else:
                marks.append("**no** (exercised)" if row["exercised"][state] else "**no**")
        lines.append(
            f"| {row['operation']} | {row['body']} | `{row['path']}` | " + " | ".join(marks) + " |"
        )
    lines += ["", "## Cases", "", "| case | kind | result | examples | reason |"]
    lines.append("|---|---|---|---|---|")
    for case in summary["cases"]:
        result = "pass" if case["outcome"] == "passed" else f"**{case['outcome']}**"
        lines.append(
            f"| `{_cell(case['case'])}` | {case['kind']} | {result} | {case['examples']}"
            f" | {_cell(case['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def matrix(out_dir: Path, current: dict[str, Any]) -> str:
    """Case x client, from every client report in the directory written from the same spec:
    a report of another spec is left out (and named), never mixed in."""
    reports, others = [], []
    for path in sorted(out_dir.glob("*.json")):
        try:
            report = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(report, dict) or "cases" not in report:
            continue
        if report.get("spec_sha256") == current["spec_sha256"]:
            reports.append(report)
        else:
            others.append(f"{report.get('client', path.stem)} ({path.name})")
    clients = [report["client"] for report in reports]
    results: dict[str, dict[str, str]] = defaultdict(dict)
    for report in reports:
        for case in report["cases"]:
            mark = "pass" if case["outcome"] == "passed" else f"FAIL: {case['reason']}"
            results[case["case"]][report["client"]] = mark
    lines = ["# Conformance matrix", "", f"Spec sha256 {current['spec_sha256']}.", ""]
    if others:
        lines += [f"Left out, run against another spec: {', '.join(others)}.", ""]
    lines += ["| case | " + " | ".join(clients) + " |", "|---|" + "---|" * len(clients)]
    for case in sorted(results):
        cells = [_cell(results[case].get(client, "not run")) for client in clients]
        lines.append(f"| `{_cell(case)}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
