"""The hostile section: one call against a server that misbehaves (benchmarks/hostile_server.py).

Each run is a child process of its own with its address space capped (``MEMORY_CAP``), so a
client that reads without bound runs out of memory instead of taking the machine; the parent
reads its peak resident memory from ``os.wait4``. The child makes one call and reports how it
ended and when, or, if the call has not ended after ``give_up`` seconds, that it had not.

A smoke run, whose bodies are small, makes each call in a thread of its own process instead
(``in_thread``): no process to start, its memory neither capped nor measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass

import httpx

from benchmarks import children, contenders

OURS = "ours: get_generation.sync, defaults"
SDK = "official SDK: get_generation, defaults"
CONTENDERS = {"ours": OURS, "sdk": SDK}
MEMORY_CAP = 4 * 1024**3
# The most of an error's message a table shows.
_SHOWN = 110


@dataclass(frozen=True)
class Run:
    contender: str
    scenario: str
    outcome: str  # the exception's type and the start of its message, or what it returned
    seconds: float
    ended: bool
    peak_kib: int


def call(contender: str, base_url: str, deadline: float | None) -> str:
    """One call with the contender's default settings (ours: `deadline` when given), through a
    client closed afterwards."""
    api = base_url + contenders.API_PREFIX
    if contender == "ours":
        from openrouter_generation_client import AuthenticatedClient
        from openrouter_generation_client.api.generations import get_generation

        client = AuthenticatedClient(base_url=api, token=contenders.FAKE_KEY)
        if deadline is not None:
            client = AuthenticatedClient(base_url=api, token=contenders.FAKE_KEY, deadline=deadline)
        with client:
            return get_generation.sync(client=client, id="gen-hostile").data.id
    from openrouter import OpenRouter

    with httpx.Client(follow_redirects=True) as http:
        sdk = OpenRouter(
            api_key=contenders.FAKE_KEY,
            server_url=api,
            client=http,
            retry_config=contenders.NO_RETRIES,
        )
        return sdk.generations.get_generation(id="gen-hostile").data.id


def outcome(contender: str, base_url: str, deadline: float | None) -> str:
    """How one call ended: what it returned, or its exception's type and message, shortened."""
    try:
        found = f"returned {call(contender, base_url, deadline)!r}"
    except MemoryError:
        found = "MemoryError (out of memory)"
    except Exception as error:
        message = " ".join(str(error).split())
        found = f"{type(error).__name__}: {message}"
    return found[:_SHOWN] + ("..." if len(found) > _SHOWN else "")


def child(contender: str, base_url: str, deadline: float | None, give_up: float) -> None:
    """Run one call here; print how it ended as one JSON line, then exit."""
    start = time.perf_counter()

    def report(outcome: str, ended: bool) -> None:
        found = {"outcome": outcome, "seconds": time.perf_counter() - start, "ended": ended}
        sys.stdout.write(json.dumps(found) + "\n")
        sys.stdout.flush()
        os._exit(0)

    timer = threading.Timer(give_up, report, ("still running", False))
    timer.daemon = True
    timer.start()
    report(outcome(contender, base_url, deadline), True)


def in_thread(
    contender: str, scenario: str, base_url: str, deadline: float | None, give_up: float
) -> tuple[Run, threading.Thread]:
    """One call in a thread of this process; and that thread, which a call still going at the
    give-up leaves running until its server stops."""
    ended: list[tuple[str, float]] = []
    start = time.perf_counter()

    def attempt() -> None:
        found = outcome(contender, base_url, deadline)
        ended.append((found, time.perf_counter() - start))

    thread = threading.Thread(target=attempt, name=f"hostile {scenario} {contender}", daemon=True)
    thread.start()
    thread.join(give_up)
    name = CONTENDERS[contender]
    if not ended:
        return Run(name, scenario, "still running", give_up, False, 0), thread
    found, seconds = ended[0]
    return Run(name, scenario, found, seconds, True, 0), thread


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(
    contender: str, scenario: str, base_url: str, deadline: float | None, give_up: float
) -> Run:
    """One call in a child process of its own, its memory capped."""
    arguments = [contender, base_url, "--give-up", str(give_up)]
    if deadline is not None:
        arguments += ["--deadline", str(deadline)]
    ended = children.run("benchmarks.hostile", arguments, give_up, before=_capped)
    name = CONTENDERS[contender]
    if not ended.output.strip():
        died = f"the process died (status {ended.status})"
        return Run(name, scenario, died, give_up, True, ended.peak_kib)
    found = json.loads(ended.output)
    return Run(name, scenario, found["outcome"], found["seconds"], found["ended"], ended.peak_kib)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__)
    parser.add_argument("contender", choices=CONTENDERS)
    parser.add_argument("base_url")
    parser.add_argument("--deadline", type=float, help="ours: deadline= (default: the client's)")
    parser.add_argument("--give-up", type=float, default=60.0)
    args = parser.parse_args(argv)
    child(args.contender, args.base_url, args.deadline, args.give_up)


if __name__ == "__main__":
    main()
