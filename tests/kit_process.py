"""The conformance kit run in a fresh process, for the tests that judge a whole run.

A fresh process because the kit imports the client package once per process: a regenerated or
mutated copy needs its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_kit(
    *options: str, cases_only: bool = False, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """`pytest conformance` with `options`, from the repository root; output captured as text.

    `cases_only` leaves out the kit's self-checks (conformance/test_kit.py): they judge the kit
    and the spec, not the client, and the conformance session runs them on the same spec."""
    where = "conformance/test_cases.py" if cases_only else "conformance"
    command = [sys.executable, "-m", "pytest", where, "-p", "no:cacheprovider", *options]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout
    )
