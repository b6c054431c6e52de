"""A measured run in a child process of its own: its output, and its peak memory.

Peak resident memory is per process and only grows, so each run that reports one gets a
fresh process; the parent reads the child's peak from the kernel (``os.wait4``), which counts
everything, the interpreter and its imports included. A child that does not end within its
``give_up`` plus a margin is killed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import payloads

# A child that overstays its own give-up by this much is killed.
_MARGIN = 60.0


@dataclass(frozen=True)
class Ended:
    """How a child ended: what it printed, its wait status and its peak memory (KiB)."""

    output: str
    status: int
    peak_kib: int


def run(
    module: str,
    arguments: list[str],
    give_up: float,
    before: Callable[[], None] | None = None,
) -> Ended:
    """Run `python -m module arguments...` and wait for it; `before` runs in the child first."""
    # The generated package where the parent has it (nox puts it on PYTHONPATH, pytest on
    # sys.path): the child imports the same one.
    path = os.pathsep.join([str(payloads.ROOT / "generated"), os.environ.get("PYTHONPATH", "")])
    process = subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        stdout=subprocess.PIPE,
        cwd=payloads.ROOT,
        env={**os.environ, "PYTHONPATH": path},
        preexec_fn=before,
    )
    killer = threading.Timer(give_up + _MARGIN, process.kill)
    killer.start()
    try:
        assert process.stdout is not None
        output = process.stdout.read().decode()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = status
    finally:
        killer.cancel()
        if process.stdout is not None:
            process.stdout.close()
    return Ended(output, status, usage.ru_maxrss)
