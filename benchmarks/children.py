"""A measured run in a child process of its own: its output, and its peak memory.

Peak resident memory is per process and only grows, so each run that reports one gets a
fresh process; the parent reads the child's peak from the kernel (``os.wait4``), which counts
everything, the interpreter and its imports included. A child still running at its watchdog
(its own ``give_up`` plus a margin) is killed, and says so.
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
MARGIN = 60.0


@dataclass(frozen=True)
class Ended:
    """How a child ended: what it printed, its wait status, its peak memory (KiB), and
    whether the watchdog killed it."""

    output: str
    status: int
    peak_kib: int
    killed: bool = False


def start(
    module: str, arguments: list[str], before: Callable[[], None] | None = None
) -> subprocess.Popen[bytes]:
    """Start `python -m module arguments...`, its output piped; `before` runs in the child first."""
    # The generated package where the parent has it (nox puts it on PYTHONPATH, pytest on
    # sys.path): the child imports the same one.
    path = os.pathsep.join([str(payloads.ROOT / "generated"), os.environ.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        stdout=subprocess.PIPE,
        cwd=payloads.ROOT,
        env={**os.environ, "PYTHONPATH": path},
        preexec_fn=before,
    )


def wait(process: subprocess.Popen[bytes], watchdog: float) -> Ended:
    """Wait for a started child to end; kill it if it is still running after `watchdog` s."""
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        process.kill()

    killer = threading.Timer(watchdog, kill)
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
    return Ended(output, status, usage.ru_maxrss, killed.is_set())


def run(
    module: str,
    arguments: list[str],
    give_up: float,
    before: Callable[[], None] | None = None,
) -> Ended:
    """Run `python -m module arguments...` and wait for it; `before` runs in the child first."""
    return wait(start(module, arguments, before), give_up + MARGIN)
