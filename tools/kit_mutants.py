"""The conformance kit's own measure of strength: how many realistic client bugs it catches.

Each mutant in kit_mutants.toml (id, class, file, old text, new text) is applied alone to a
temporary copy of generated/openrouter_generation_client; the kit then runs against that copy
(`--client-dir`) with a smaller budget, stopping at the first failing case. A mutant the kit
fails on is caught; one it passes survived, and the session fails. The unmutated copy runs
first and must pass, or no score means anything.

Usage: ``python -m tools.kit_mutants [--budget N] [--jobs N] [--only ID ...]`` (nox -s kit_mutants).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "openrouter_generation_client"
MUTANTS = Path(__file__).resolve().parent / "kit_mutants.toml"
# The catalogue's cases first (conformance/cases.py orders its quick, deterministic kinds
# first): with -x most mutants are caught before any hypothesis run.
FIRST = ("test_cases.py",)


def test_files() -> list[str]:
    """Every test module of the kit, the quick deterministic ones first."""
    names = sorted(path.name for path in (ROOT / "conformance").glob("test_*.py"))
    ordered = [name for name in FIRST if name in names]
    ordered += [name for name in names if name not in ordered]
    return [f"conformance/{name}" for name in ordered]


@dataclass(frozen=True)
class Mutant:
    """One realistic bug: `old` (found exactly once in `file`) replaced by `new`."""

    id: str
    kind: str
    file: str
    old: str
    new: str

    def apply(self, package: Path) -> None:
        """Patch the copy of the package at `package`; refuse a mutant that no longer fits."""
        target = package / self.file
        text = target.read_text("utf-8")
        count = text.count(self.old)
        if count != 1:
            raise StaleMutant(f"{self.id}: its old text occurs {count} times in {self.file}")
        target.write_text(text.replace(self.old, self.new), "utf-8")


class StaleMutant(Exception):
    """A mutant's old text is no longer in the generated client: update kit_mutants.toml."""


@dataclass(frozen=True)
class Outcome:
    """What the kit made of one copy: caught (a case failed), survived, or an error."""

    mutant: str
    verdict: str  # "caught", "survived" or "error"
    seconds: float
    detail: str


def load(path: Path = MUTANTS) -> list[Mutant]:
    """The mutants, in file order."""
    document = tomllib.loads(path.read_text("utf-8"))
    return [
        Mutant(entry["id"], entry["class"], entry["file"], entry["old"], entry["new"])
        for entry in document["mutant"]
    ]


def run(mutant: Mutant | None, budget: int, work: Path) -> Outcome:
    """Copy the package, apply `mutant` (None: the unmutated baseline), run the kit on it."""
    name = mutant.id if mutant else "baseline"
    home = work / name
    shutil.copytree(ROOT / "generated" / PACKAGE, home / PACKAGE)
    started = time.perf_counter()
    try:
        if mutant is not None:
            mutant.apply(home / PACKAGE)
    except StaleMutant as exc:
        return Outcome(name, "error", 0.0, str(exc))
    reports = home / "reports"
    command = [
        sys.executable,
        *(
            "-m",
            "pytest",
            *test_files(),
            "-x",
            "-q",
            "--tb=no",
            "--no-header",
            "-p",
            "no:cacheprovider",
        ),
        *("--client", "ours", "--client-dir", str(home)),
        *("--conformance-budget", str(budget), "--report-dir", str(reports)),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode == 0:
        return Outcome(name, "survived", seconds, "every case passed")
    if done.returncode == 1:
        return Outcome(name, "caught", seconds, _first_failure(reports))
    tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
    return Outcome(name, "error", seconds, f"pytest exit {done.returncode}: {' | '.join(tail)}")


def _first_failure(reports: Path) -> str:
    """`case: reason` of the first failed case in the run's JSON report."""
    for report in reports.glob("*.json"):
        cases = json.loads(report.read_text("utf-8")).get("cases", [])
        for case in cases:
            if case.get("outcome") not in ("passed", "skipped"):
                return f"{case.get('case')}: {case.get('reason')}"
    return "a case failed (no report)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=10, help="examples of a full property")
    parser.add_argument("--jobs", type=int, default=2, help="copies tested at once")
    parser.add_argument("--only", nargs="*", default=None, help="run only these mutant ids")
    args = parser.parse_args(argv)
    mutants = [m for m in load() if args.only is None or m.id in args.only]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kit-mutants-") as work:
        baseline = run(None, args.budget, Path(work))
        print(_line(baseline, "baseline"), flush=True)
        if baseline.verdict != "caught" and baseline.verdict != "survived":
            return 2
        if baseline.verdict == "caught":
            print("the unmutated client fails the kit: fix that first", file=sys.stderr)
            return 2
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            outcomes = []
            for mutant, outcome in zip(
                mutants, pool.map(lambda m: run(m, args.budget, Path(work)), mutants), strict=True
            ):
                print(_line(outcome, mutant.kind), flush=True)
                outcomes.append(outcome)
    caught = sum(outcome.verdict == "caught" for outcome in outcomes)
    total = time.perf_counter() - started
    print(
        f"kit_mutants: caught {caught} of {len(outcomes)} mutants "
        f"({100 * caught / max(1, len(outcomes)):.0f}%), budget {args.budget}, "
        f"{args.jobs} jobs, {total:.0f} s"
    )
    return 0 if caught == len(outcomes) else 1


def _line(outcome: Outcome, kind: str) -> str:
    verdict = {"caught": "CAUGHT", "survived": "SURVIVED", "error": "ERROR"}[outcome.verdict]
    if outcome.mutant == "baseline":
        verdict = {"survived": "PASSED", "caught": "FAILED"}.get(outcome.verdict, verdict)
    detail = outcome.detail if len(outcome.detail) <= 160 else outcome.detail[:157] + "..."
    return f"{verdict:<8} {outcome.mutant:<32} {kind:<14} {outcome.seconds:5.1f} s  {detail}"


if __name__ == "__main__":
    raise SystemExit(main())
