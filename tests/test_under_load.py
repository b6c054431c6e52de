"""tools/under_load.py: the busy processes and the command end, whatever happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import under_load


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0: it is gone once its state says so.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_busy_processes_spin_and_are_stopped_after_an_error() -> None:
    started: list[subprocess.Popen[bytes]] = []

    def failing_run() -> None:
        with under_load.busy_processes(2, seconds=600) as processes:
            started.extend(processes)
            assert [process.poll() for process in processes] == [None, None]
            raise RuntimeError("the command failed")

    with pytest.raises(RuntimeError, match="the command failed"):
        failing_run()

    assert [process.returncode for process in started] == [-signal.SIGKILL] * 2


def test_a_busy_process_ends_by_itself_at_its_deadline() -> None:
    with under_load.busy_processes(1, seconds=0) as processes:
        # Its own deadline, not the context's exit, ends it: exit status 0, not SIGKILL's.
        assert processes[0].wait(timeout=60) == 0


def test_a_run_past_its_timeout_is_stopped_with_all_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    sleeper = "import time; time.sleep(600)"
    parent = (
        "import os, subprocess, sys\n"
        f"child = subprocess.Popen([sys.executable, '-c', {sleeper!r}])\n"
        f"open({str(pid_file)!r} + '.partial', 'w').write(str(child.pid))\n"
        f"os.replace({str(pid_file)!r} + '.partial', {str(pid_file)!r})\n"
        "child.wait()\n"
    )
    waited: list[float] = []

    def past_the_timeout(process: subprocess.Popen[bytes], timeout: float) -> int:
        # The timeout passes when the test says: once the parent has started its child (an
        # event, awaited; the 60 s only bound a broken parent), with both still running.
        waited.append(timeout)
        ends = time.monotonic() + 60
        while not pid_file.exists():
            assert process.poll() is None, "the parent ended before starting its child"
            assert time.monotonic() < ends, "the parent never wrote its child's pid"
            time.sleep(0.01)
        assert process.poll() is None
        raise subprocess.TimeoutExpired(process.args, timeout)

    returncode, _seconds = under_load.run_once(
        [sys.executable, "-c", parent], timeout=900, wait=past_the_timeout
    )

    assert returncode is None
    assert waited == [900]
    grandchild = int(pid_file.read_text())
    assert _gone_within(grandchild, seconds=10)


def _gone_within(pid: int, seconds: float) -> bool:
    """Whether `pid` is gone within `seconds`: a process sent SIGKILL dies when the kernel gets
    to it, a moment after the signal is sent, so a check right after the kill may still see it
    (it did, on a warm run). Real time, with a margin far above that moment."""
    ends = time.monotonic() + seconds
    while _alive(pid):
        if time.monotonic() > ends:
            return False
        time.sleep(0.01)
    return True


def test_each_run_is_reported_and_a_failure_fails_the_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    flaky = "import os, sys; sys.exit(0 if os.path.exists('.nothing-here') else 3)"
    status = under_load.main(
        ["--runs", "2", "--per-core", "1", "--timeout", "60", "--", sys.executable, "-c", flaky]
    )

    out = capsys.readouterr().out
    assert status == 1
    assert "run 1 of 2: FAILED (exit status 3) in " in out
    assert "run 2 of 2: FAILED (exit status 3) in " in out
    assert out.rstrip().endswith("0 of 2 runs passed")
    busy = os.cpu_count() or 1
    assert out.startswith(f"{busy} busy processes (1 per core) beside 2 run(s) of: ")


def test_passing_runs_pass(capsys: pytest.CaptureFixture[str]) -> None:
    status = under_load.main(["--per-core", "1", "--", sys.executable, "-c", "pass"])

    assert status == 0
    assert capsys.readouterr().out.rstrip().endswith("1 of 1 runs passed")
