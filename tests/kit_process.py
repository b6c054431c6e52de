"""The conformance kit run in a fresh process, for the tests that judge a whole run.

A fresh process because the kit imports the client package once per process: a regenerated or
mutated copy needs its own. Each run costs seconds of CPU, so only a test marked `whole_kit`
may start one: `nox -s whole_kit` runs those, and the default `tests` session stays short.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Unmarked(Exception):
    """A test that is not marked `whole_kit` started a kit run."""


# The running test's `whole_kit` mark: tests/conftest.py sets it before each test's setup.
marked = False


def run_kit(
    *options: str, cases_only: bool = False, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """`pytest conformance` with `options`, from the repository root; output captured as text.

    `cases_only` leaves out the kit's self-checks (conformance/test_kit.py): they judge the kit
    and the spec, not the client, and the conformance session runs them on the same spec."""
    if not marked:
        raise Unmarked(
            "a test that runs the kit in a fresh process must be marked @pytest.mark.whole_kit:"
            " the default `tests` session leaves those to `nox -s whole_kit`"
        )
    where = "conformance/test_cases.py" if cases_only else "conformance"
    command = [sys.executable, "-m", "pytest", where, "-p", "no:cacheprovider", *options]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout
    )
