"""The project's own loop: regenerating the client, and a warm run of the nox sessions.

Both are child processes, so only elapsed time means anything here (this process's CPU is
idle while they run). Children get the environment minus PYTHONPATH and VIRTUAL_ENV, which
the bench session sets for itself and which would leak into what is being timed.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Batch

ROOT = Path(__file__).resolve().parent.parent
BARE = "bare openapi-python-client generate"
OURS = "python -m tools.codegen generate"

# pytest's closing line: "==== 41 passed, 2 skipped in 3.21s ====" ("-q" drops the "=").
PYTEST_SUMMARY = re.compile(r"^(?:=+ )?(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s", re.MULTILINE)


def child_env() -> dict[str, str]:
    """This environment without what the bench session set for its own imports."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    # The generator's post-hooks run `ruff`: the pinned one next to this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def generate_commands(scratch: Path) -> dict[str, Batch]:
    """The generator alone vs our generate command, each into a fresh directory per run.

    Bare: the same spec and config (so the same ruff post-hooks), stock templates, no
    warning check, no copy into place. Ours: `tools.codegen`, which adds the custom templates,
    treats warnings as errors and replaces the target directory.
    """
    counter = itertools.count()

    def bare() -> list[str]:
        return [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--config",
            str(ROOT / "generator-config.yml"),
            "--meta",
            "uv",
            "--output-path",
            str(scratch / f"bare-{next(counter)}"),
        ]

    def ours() -> list[str]:
        target = scratch / f"ours-{next(counter)}"
        return [sys.executable, "-m", "tools.codegen", "generate", "--generated", str(target)]

    def runner(command: Callable[[], list[str]]) -> Batch:
        def batch(n: int) -> None:
            for _ in range(n):
                subprocess.run(
                    command(), cwd=ROOT, env=child_env(), check=True, capture_output=True
                )

        return batch

    return {BARE: runner(bare), OURS: runner(ours)}


@dataclass(frozen=True)
class KitSummary:
    """The conformance kit's own count of one client's run (the `<client>.json` it writes)."""

    client: str
    examples: int
    examples_per_second: float
    seconds: float


def kit_summaries(report_dir: Path) -> list[KitSummary]:
    """Every client's summary the kit wrote into `report_dir` (none if it wrote none)."""
    found = []
    for path in sorted(report_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {"client", "examples", "examples_per_second", "seconds"}
        if isinstance(data, dict) and keys <= set(data):
            found.append(
                KitSummary(
                    str(data["client"]),
                    int(data["examples"]),
                    float(data["examples_per_second"]),
                    float(data["seconds"]),
                )
            )
    return found


@dataclass(frozen=True)
class SessionRun:
    """One timed `nox -s NAME` with reused environments."""

    name: str
    seconds: float
    returncode: int
    pytest_counts: str  # pytest's closing counts ("41 passed, 2 skipped"), "" if none


class Nox:
    """Runs nox with the interpreter that runs the bench session, on its envdir."""

    def __init__(self, python: str, envdir: Path) -> None:
        self.python = python
        self.envdir = envdir

    def command(self, *args: str) -> list[str]:
        return [self.python, "-m", "nox", "--envdir", str(self.envdir), *args]

    def default_sessions(self) -> list[str]:
        """What a bare `nox` runs, in order."""
        listed = subprocess.run(
            self.command("--list", "--json"),
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return [entry["session"] for entry in json.loads(listed.stdout)]

    def warm(self, sessions: Sequence[str]) -> None:
        """Create or update the sessions' environments without running them (untimed)."""
        subprocess.run(
            self.command("--install-only", "-s", *sessions),
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            check=True,
        )

    def timed(self, session: str, *posargs: str) -> SessionRun:
        """Run one session (`posargs` go after `--`), timing it from start to exit."""
        start = time.perf_counter()
        done = subprocess.run(
            self.command("-s", session, *(("--", *posargs) if posargs else ())),
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        found = PYTEST_SUMMARY.findall(done.stdout + done.stderr)
        counts = found[-1] if found else ""
        return SessionRun(session, seconds, done.returncode, counts)
