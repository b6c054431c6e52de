"""What a person reads after a failing run: a client that gets one field wrong (`created_at`
kept as a string, a mutant of tools/kit_mutants.toml) prints one line per failing case and a
short summary by default, and the summary shows full coverage with the failures counted
apart (coverage is what the cases sent, passing is what they verified)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.kit_process import run_kit
from tools import kit_mutants

ROOT = Path(__file__).resolve().parent.parent
MUTANT = "date-time-kept-as-string"


@pytest.mark.whole_kit
def test_one_wrong_field_prints_a_short_summary_with_full_coverage(tmp_path: Path) -> None:
    package = tmp_path / "client" / kit_mutants.PACKAGE
    shutil.copytree(ROOT / "generated" / kit_mutants.PACKAGE, package)
    (mutant,) = [m for m in kit_mutants.load() if m.id == MUTANT]
    mutant.apply(package)
    done = run_kit(
        f"--client-dir={package.parent}",
        f"--report-dir={tmp_path}",
        "--conformance-budget=1",
        cases_only=True,
    )
    lines = (done.stdout + done.stderr).splitlines()

    assert done.returncode == 1, "\n".join(lines[-40:])
    assert len(lines) < 200, f"{len(lines)} lines:\n" + "\n".join(lines)
    failing = [line for line in lines if line.startswith("FAILED ")]
    assert failing, "no failing case is listed"
    assert all(line.startswith("FAILED getGeneration/") for line in failing), failing
    assert all("sync" in line and "async" in line for line in failing), failing
    assert any("created_at" in line for line in failing), failing
    assert not [line for line in lines if "Falsifying example" in line or "Traceback" in line]
    report: dict[str, Any] = json.loads((tmp_path / "ours.json").read_text("utf-8"))
    (metadata,) = [op for op in report["operations"] if op["operation"] == "getGeneration"]
    assert metadata["field_states_exercised"] == metadata["field_states"]
    assert metadata["failed"] >= 2 * len(failing) > 0  # each case through both APIs
    assert metadata["passed"] + metadata["failed"] == metadata["cases"]
    created = next(row for row in report["fields"] if row["path"] == "data.created_at")
    assert created["exercised"]["present"] is True
    assert created["states"]["present"] is False
    for key in ("client_version", "kit_version", "profile", "seed", "spec_sha256"):
        assert report[key], key
