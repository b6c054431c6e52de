"""The conformance kit follows the spec by itself: a field added to a copy of openapi.yaml is
covered in all its states by a client regenerated from that copy, with no edit to conformance/.

The kit runs in a subprocess (it loads the client package once per process), on the copied
spec and the regenerated client, with a small example budget; the proof is read from the JSON
report it writes. As a control, the committed client (which lacks the field) must fail those
same cases: the coverage is earned, not assumed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.wrong_values import wrong_values
from tools.codegen import Sources, generate

ROOT = Path(__file__).resolve().parent.parent
NEW_FIELD = "carbon_footprint_grams"
NEW_PATH = f"data.{NEW_FIELD}"


def _spec_with_new_field(tmp_path: Path, **keywords: Any) -> Path:
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))
    generation = document["components"]["schemas"]["Generation"]
    assert NEW_FIELD not in generation["properties"]
    generation["properties"][NEW_FIELD] = {
        "description": "Estimated emissions of the generation, in grams of CO2e.",
        "type": ["number", "null"],
        **keywords,
    }
    copy = tmp_path / "openapi.yaml"
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


def _run_kit(spec: Path, client_dir: Path, reports: Path, *select: str) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "conformance",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--spec={spec}",
        f"--client-dir={client_dir}",
        f"--report-dir={reports}",
        "--conformance-budget=10",
        *select,
    ]
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)
    report: dict[str, Any] = json.loads((reports / "ours.json").read_text("utf-8"))
    return report


def _new_field_row(report: dict[str, Any]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [row for row in report["fields"] if row["path"] == NEW_PATH]
    assert len(rows) == 1, f"{NEW_PATH} appears {len(rows)} times in the report"
    return rows[0]


def _failed(report: dict[str, Any]) -> list[str]:
    return [f"{c['case']}: {c['reason']}" for c in report["cases"] if c["outcome"] != "passed"]


@pytest.mark.slow
def test_new_nullable_field_is_covered_in_every_state(tmp_path: Path) -> None:
    spec = _spec_with_new_field(tmp_path)
    client = generate(tmp_path / "client", Sources(spec=spec))

    report = _run_kit(spec, client, tmp_path / "reports")

    assert report["spec"] == str(spec)
    assert _new_field_row(report)["states"] == {"null": True, "absent": True, "present": True}
    assert not _failed(report), _failed(report)
    new_cases = [c["case"] for c in report["cases"] if NEW_PATH in c["case"]]
    # null, absent, present, a drawn wrong-typed value and one case per kind of wrong value
    # (boolean, numeric string, NaN, ...), each through the sync and the async API.
    kinds = wrong_values({"type": ["number", "null"]})
    assert len(new_cases) == 2 * (4 + len(kinds)), new_cases


@pytest.mark.slow
def test_a_client_without_the_new_field_fails_its_cases(tmp_path: Path) -> None:
    spec = _spec_with_new_field(tmp_path)

    report = _run_kit(spec, ROOT / "generated", tmp_path / "reports", "-k", NEW_FIELD)

    row = _new_field_row(report)
    assert not row["states"]["present"], "the committed client cannot have kept the new field"
    assert not row["states"]["null"]
    failed = _failed(report)
    assert any(f"{NEW_PATH}=present" in case and "lost it" in case for case in failed), failed


@pytest.mark.slow
def test_a_keyword_the_kit_cannot_translate_stops_the_run(tmp_path: Path) -> None:
    """A spec change the kit cannot test fails the run loudly instead of being under-tested."""
    spec = _spec_with_new_field(tmp_path, minimum=0)
    command = [sys.executable, "-m", "pytest", "conformance", "-q", f"--spec={spec}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert f"{NEW_FIELD}: keyword 'minimum' is outside the subset" in result.stderr
