"""Where our client spends its time: cProfile of one path, the top functions by own time.

For chasing a missed target, not part of the bench run. cProfile (standard library) rather
than a sampling profiler: the paths are short and deterministic, and exact call counts show
per-field costs directly.

`PYTHONPATH=generated python -m benchmarks.profiling {call,async-call,parse,parse-large}`
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
from collections.abc import Callable
from contextlib import ExitStack

from openrouter_generation_client.models import GenerationResponse

from benchmarks import contenders, payloads, server


def profiled(work: Callable[[], None], top: int) -> str:
    """Run `work` once warm and once under cProfile; the `top` functions by own time."""
    work()
    profile = cProfile.Profile()
    profile.runcall(work)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def parse(body: bytes, times: int) -> Callable[[], None]:
    def work() -> None:
        for _ in range(times):
            GenerationResponse.from_dict(json.loads(body))

    return work


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling", description=__doc__)
    parser.add_argument("path", choices=["call", "async-call", "parse", "parse-large"])
    parser.add_argument("--times", type=int, default=2000, help="operations profiled")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args(argv)
    if args.path == "parse":
        print(profiled(parse(payloads.EXAMPLE, args.times), args.top))
        return
    if args.path == "parse-large":
        print(profiled(parse(payloads.LARGE, max(1, args.times // 100)), args.top))
        return
    loop = asyncio.new_event_loop()
    try:
        with server.running() as base_url, ExitStack() as stack:
            clients = contenders.Clients(base_url, loop, stack)
            batches = contenders.per_call(clients)
            name = contenders.OURS_SYNC if args.path == "call" else contenders.OURS_ASYNC
            print(profiled(lambda: batches[name](args.times), args.top))
    finally:
        loop.close()


if __name__ == "__main__":
    main()
