"""`python -m benchmarks`: run every section, then write RESULTS.md.

Run by `nox -s bench`, which puts generated/ on the import path and says where nox lives.
By hand: `PYTHONPATH=generated python -m benchmarks --smoke --output /tmp/results.md`.
With `--only SECTION` (e.g. `nox -s bench -- --only ratelimit`) only that section runs, and the
output keeps the other sections' tables and targets from the file it replaces.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from openrouter_generation_client import _clock

from benchmarks import contenders, payloads, results, sections, server, workflow
from benchmarks.measure import Plan


@dataclass(frozen=True)
class Config:
    """How hard each section works."""

    per_call: Plan
    parse_example: Plan
    parse_large: Plan
    bulk: Plan
    bulk_ids: int
    in_flight: int
    generate: Plan
    limited_ids: int
    limit: int  # the rate-limited server's generations per window
    window: float  # its window, seconds
    scale: tuple[sections.ScaleCase, ...]
    threads: int
    scale_give_up: tuple[float, float]  # ours, the others
    hostile: tuple[sections.HostileCase, ...]
    hostile_give_up: float


# About 3 minutes for the micro-benchmarks on 2 cores, 2.5 for the rate-limited runs, plus the
# nox sessions.
FULL = Config(
    per_call=Plan(rounds=15, per_round=150, warmup=50),
    parse_example=Plan(rounds=15, per_round=1000, warmup=100),
    parse_large=Plan(rounds=15, per_round=10, warmup=2),
    bulk=Plan(rounds=6, per_round=1, warmup=1),
    bulk_ids=1000,
    in_flight=32,
    generate=Plan(rounds=5, per_round=1, warmup=1),
    limited_ids=1000,
    limit=50,
    window=1.0,
    scale=(
        sections.ScaleCase("10,000 ids, no latency", 10_000),
        sections.ScaleCase("10,000 ids, 0.2 s latency", 10_000, latency=0.2),
        sections.ScaleCase(
            "2,000 ids, 50 per 1 s", 2_000, rate_limit=server.RateLimit(50, 1.0, "header")
        ),
    ),
    threads=64,
    scale_give_up=(180.0, 60.0),  # the others are shown failing, not timed
    hostile=(
        sections.HostileCase("trickle", "trickle: a body byte every 2 s", every=2.0),
        sections.HostileCase("early-hints", "1xx storm: an HTTP 103 every second", every=1.0),
        sections.HostileCase("gzip-bomb", "gzip bomb: 10 MB inflating to 10 GiB", size=10 * 2**30),
        sections.HostileCase("huge-body", "a 500 MB body", size=500_000_000),
    ),
    hostile_give_up=60.0,
)
# Seconds: proves every contender answers and the file is written, nothing more.
SMOKE = Config(
    per_call=Plan(rounds=3, per_round=3, settle=False),
    parse_example=Plan(rounds=3, per_round=3, settle=False),
    parse_large=Plan(rounds=3, per_round=1, settle=False),
    bulk=Plan(rounds=2, per_round=1, settle=False),
    bulk_ids=40,
    in_flight=8,
    generate=Plan(rounds=1, per_round=1, warmup=0, settle=False),
    # Past one window's limit, so each contender meets 429s and waits once (Retry-After: 1 s).
    limited_ids=30,
    limit=20,
    window=0.2,
    # One load, tiny servers, a short deadline: every contender and scenario runs, briefly.
    scale=(sections.ScaleCase("40 ids, no latency", 40),),
    threads=8,
    scale_give_up=(20.0, 20.0),
    hostile=(
        # Real sockets, so real time: a short deadline ends the endless ones, and their give-up
        # (how long the SDK, which has none, is waited for) is 5 times it, a margin for ours
        # on a loaded machine. The big bodies keep the default deadline, so the cap, not a
        # deadline passed under load, is what stops them; every call to them ends by itself,
        # so their give-up only bounds a broken client.
        sections.HostileCase("trickle", "trickle", every=0.05, deadline=0.2),
        sections.HostileCase("early-hints", "1xx storm", every=0.05, deadline=0.2),
        sections.HostileCase("gzip-bomb", "gzip bomb", size=20 * 2**20, give_up=60.0),
        sections.HostileCase("huge-body", "huge body", size=4 * 2**20, give_up=60.0),
    ),
    hostile_give_up=1.0,
)


SECTIONS = ("per-call", "parse", "bulk", "ratelimit", "scale", "hostile", "generate", "nox")
# Sessions timed besides the default ones: the kit's run gives examples per second.
EXTRA_SESSIONS = ("conformance",)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few repetitions, no nox runs")
    parser.add_argument("--output", type=Path, default=results.RESULTS, help="markdown to write")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="run this section (repeatable); default: all",
    )
    parser.add_argument(
        "--nox-python",
        help="interpreter that has nox; with --nox-envdir, times warm nox sessions",
    )
    parser.add_argument("--nox-envdir", type=Path, help="nox's --envdir (reused environments)")
    return parser.parse_args(argv)


def run(
    config: Config,
    only: frozenset[str],
    nox: workflow.Nox | None,
    clock: _clock.Clock | None = None,
) -> sections.Outcome:
    """Every section in `only`; the rate-limited one on `clock` when given (in memory)."""
    out = sections.Outcome()
    if "parse" in only:
        sections.parse("documented example", payloads.EXAMPLE, config.parse_example, out)
        sections.parse(
            f"{payloads.LARGE_PROVIDER_RESPONSES} provider_responses",
            payloads.LARGE,
            config.parse_large,
            out,
        )
    if only & {"per-call", "bulk"}:
        loop = asyncio.new_event_loop()
        try:
            with server.running() as base_url, ExitStack() as stack:
                clients = contenders.Clients(base_url, loop, stack)
                if "per-call" in only:
                    sections.per_call(clients, base_url, config.per_call, out)
                if "bulk" in only:
                    sections.bulk(
                        clients, base_url, config.bulk_ids, config.in_flight, config.bulk, out
                    )
        finally:
            loop.close()
    if "ratelimit" in only:
        sections.rate_limited(
            config.limit, config.window, config.limited_ids, config.in_flight, out, clock
        )
    smoke = config is SMOKE  # in-process runs: seconds, not a process per contender
    if "scale" in only:
        sections.scale(config.scale, config.threads, config.scale_give_up, smoke, out)
    if "hostile" in only:
        sections.hostile(config.hostile, config.hostile_give_up, smoke, out)
    if "generate" in only:
        sections.generate(config.generate, out)
    if "nox" in only and nox is not None:
        sections.nox_sessions(nox, EXTRA_SESSIONS, out)
    return out


def main(argv: list[str] | None = None, clock: _clock.Clock | None = None) -> int:
    """Run the sections and write the results; `clock`: the rate-limited section's (a test's
    virtual clock, whose waits take no time), in memory instead of on the loopback server."""
    args = arguments(argv)
    started, load_before = time.perf_counter(), results.load_average()
    nox = None
    if args.nox_python and args.nox_envdir and not args.smoke:
        nox = workflow.Nox(args.nox_python, args.nox_envdir)
    only = frozenset(args.only or SECTIONS)
    out = run(SMOKE if args.smoke else FULL, only, nox, clock)
    mode = "smoke mode: too few repetitions to trust any number" if args.smoke else "full mode"
    targets, tables = [target.row() for target in out.targets], out.tables
    if only != set(SECTIONS):
        mode += ", only " + ", ".join(sorted(only))
        if args.output.exists():
            # The sections not run this time keep their previous tables and targets.
            mode += "; the other sections are kept from the previous run"
            previous = args.output.read_text(encoding="utf-8")
            targets, tables = results.kept(previous, out.targets, out.tables)
    text = results.render(
        mode=mode,
        seconds=time.perf_counter() - started,
        machine_rows=results.machine(load_before),
        targets=targets,
        tables=tables,
    )
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
