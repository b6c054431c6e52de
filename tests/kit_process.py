"""The conformance kit run in a fresh process, for the tests that judge a whole run.

A fresh process because the kit imports the client package once per process: a regenerated or
mutated copy needs its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_kit(*options: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """`pytest conformance` with `options`, from the repository root; output captured as text."""
    command = [sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", *options]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout
    )
