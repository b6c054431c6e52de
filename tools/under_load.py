"""The test command on a busy machine: run it beside CPU-bound processes, and time it.

A shared 2-core machine often shows a load of about 10; timing tests that pass on an idle one
can fail there. `nox -s under_load` (not in the default run) starts four busy processes per
core, runs the README's test command (`python -m nox`: the default sessions, with the nox that
runs this) beside them, and stops them afterwards whatever happens: an error, Ctrl-C, a run
past its timeout. Each busy process also ends by itself at a deadline past the last run's
timeout, so not even a killed nox leaves one spinning. A run past --timeout is stopped with
everything it started (its process group) and counts as failed.

The report gives each run's outcome, wall time and the one-minute load average at its end.

Usage: ``python -m tools.under_load [--runs N] [--per-core N] [--timeout SECONDS]
[-- COMMAND ...]``; exit status 0 only when every run passed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

# A busy process: spin until the deadline (seconds from its start), then exit 0.
_SPIN = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
# How long a timed-out run gets between SIGTERM and SIGKILL to stop its processes.
_GRACE = 10.0


@dataclass(frozen=True)
class Run:
    """One run of the command: its exit status (None: stopped at the timeout) and timing."""

    number: int
    returncode: int | None
    seconds: float
    load: float

    @property
    def passed(self) -> bool:
        return self.returncode == 0

    def line(self, runs: int) -> str:
        outcome = (
            "passed"
            if self.passed
            else "TIMED OUT"
            if self.returncode is None
            else f"FAILED (exit status {self.returncode})"
        )
        return (
            f"run {self.number} of {runs}: {outcome} in {self.seconds:.1f} s, "
            f"load average {self.load:.1f} at its end"
        )


@contextlib.contextmanager
def busy_processes(count: int, seconds: float) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` CPU-bound processes, each ending by itself after `seconds`, all stopped on exit."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", _SPIN.format(seconds=seconds)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield processes
    finally:
        for process in processes:
            process.kill()
        for process in processes:
            process.wait()


def _wait(process: subprocess.Popen[bytes], timeout: float) -> int:
    return process.wait(timeout=timeout)


def run_once(
    command: Sequence[str],
    timeout: float,
    wait: Callable[[subprocess.Popen[bytes], float], int] = _wait,
) -> tuple[int | None, float]:
    """Run `command` in its own process group; its exit status (None when it was stopped at
    `timeout`, with every process it started) and its wall time in seconds.

    `wait(process, timeout)` is how the run is waited for (`Popen.wait`): a test passes its
    own, which says when the timeout has passed, instead of waiting one out."""
    started = time.monotonic()
    process = subprocess.Popen(command, start_new_session=True)
    try:
        returncode: int | None = wait(process, timeout)
    except subprocess.TimeoutExpired:
        returncode = None
    finally:
        # Whatever happened (a timeout, Ctrl-C), nothing the command started outlives it.
        _stop_group(process)
    return returncode, time.monotonic() - started


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a process and everything in its group: SIGTERM, then SIGKILL after a grace."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_GRACE)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def under_load(command: Sequence[str], runs: int, busy: int, timeout: float) -> list[Run]:
    """Run `command` `runs` times beside `busy` busy processes; every run, passed or not."""
    results: list[Run] = []
    # Past the last run's timeout (and its grace), a busy process stops by itself.
    deadline = runs * (timeout + 2 * _GRACE) + 60
    with busy_processes(busy, deadline):
        for number in range(1, runs + 1):
            returncode, seconds = run_once(command, timeout)
            results.append(Run(number, returncode, seconds, os.getloadavg()[0]))
            print(results[-1].line(runs), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.under_load", description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="runs in a row (default 1)")
    parser.add_argument(
        "--per-core", type=int, default=4, help="busy processes per core (default 4)"
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds one run may take (default 900)"
    )
    parser.add_argument(
        "command",
        nargs="*",
        help="what to run (default: python -m nox, the README's test command)",
    )
    args = parser.parse_args(argv)
    command = args.command or [sys.executable, "-m", "nox"]
    busy = args.per_core * (os.cpu_count() or 1)
    print(
        f"{busy} busy processes ({args.per_core} per core) beside {args.runs} run(s) of: "
        f"{' '.join(command)}",
        flush=True,
    )
    results = under_load(command, args.runs, busy, args.timeout)
    print(f"\n{busy} busy processes beside {' '.join(command)}:")
    for result in results:
        print(f"  {result.line(args.runs)}")
    passed = sum(result.passed for result in results)
    print(f"{passed} of {len(results)} runs passed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
