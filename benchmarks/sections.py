"""Each measured section: run its contenders, turn the timings into a table and verdicts."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from openrouter_generation_client import _clock

from benchmarks import children, contenders, payloads, ratelimit, server, workflow
from benchmarks import hostile as hostile_runs
from benchmarks import scale as scale_runs
from benchmarks.measure import Plan, interleaved
from benchmarks.results import Table, Target, duration, ratio, spread

PER_CALL_LIMIT = 1.15
VS_SDK_LIMIT = 0.4
PARSE_LIMIT = 2.5
BULK_LIMIT = 0.8
GENERATE_LIMIT = 1.5
RATE_LIMITED_FETCHED = 1.0
# The share of requests answered 429, by where the 429 says when: an exact reset (headers or
# body) marks each window's end; Retry-After's whole seconds only bound it, so each window
# costs a probe's 429 and the windows' ends are found a little late (issue 16 item 7).
RATE_LIMITED_429_SHARE = {"header": 0.05, "body": 0.05, "retry-after": 0.10}
RATE_LIMITED_OF_LIMIT = 0.9
# The hints the throughput target holds for; Retry-After's is reported, not promised.
RATE_LIMITED_THROUGHPUT_TARGETS = ("header", "body")
CONFORMANCE = "conformance"
# Seconds a call in a thread gets to end once its hostile server has stopped (it ends at once,
# on the closed connection; this only bounds a broken one).
_STOPPED_SERVER_GRACE = 30.0


@dataclass
class Outcome:
    """What the sections found, in the order they ran."""

    tables: list[Table] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def server_cpu(base_url: str) -> float:
    """The server process's CPU seconds so far (its `GET /cpu`)."""
    return float(httpx.get(base_url + "/cpu").json())


def per_call(clients: contenders.Clients, base_url: str, plan: Plan, out: Outcome) -> None:
    """1. Sequential calls, one reused client each: client CPU and wall time per call."""
    batches = contenders.per_call(clients)
    cpu_before = server_cpu(base_url)
    timings = interleaved(batches, plan)
    served = len(batches) * (plan.warmup + plan.rounds * plan.per_round)
    server_per_request = (server_cpu(base_url) - cpu_before) / served
    baselines = {
        contenders.RAW_SYNC: contenders.RAW_SYNC,
        contenders.OURS_SYNC: contenders.RAW_SYNC,
        contenders.SDK_SYNC: contenders.RAW_SYNC,
        contenders.RAW_ASYNC: contenders.RAW_ASYNC,
        contenders.OURS_ASYNC: contenders.RAW_ASYNC,
        contenders.SDK_ASYNC: contenders.RAW_ASYNC,
    }
    table = Table(
        "Per call: sequential, one reused client",
        f"Keep-alive HTTP/1.1 on loopback to a server in another process, answering the "
        f"documented example with the newer fields ({len(payloads.EXAMPLE)} bytes). "
        f"{plan.rounds} interleaved rounds of {plan.per_round} calls per contender. CPU is "
        f"`time.process_time()` of the client process only; the server spent "
        f"{duration(server_per_request)} of CPU per request on top, inside the wall times. "
        "Ratios are to the raw httpx contender of the same flavour (sync or async). "
        "The official SDK runs with retries off.",
        ("contender", "client CPU / call", "wall / call", "CPU ratio to raw", "wall ratio to raw"),
    )
    for name, timing in timings.items():
        base = timings[baselines[name]]
        table.rows.append(
            (
                name,
                spread(timing.cpu),
                spread(timing.wall),
                ratio(timing.cpu.ratio_to(base.cpu)),
                ratio(timing.wall.ratio_to(base.wall)),
            )
        )
    out.tables.append(table)
    for flavour, ours, raw, sdk in (
        ("sync", contenders.OURS_SYNC, contenders.RAW_SYNC, contenders.SDK_SYNC),
        ("async", contenders.OURS_ASYNC, contenders.RAW_ASYNC, contenders.SDK_ASYNC),
    ):
        out.targets += [
            Target(
                f"per call ({flavour}), client CPU: ours / raw httpx",
                PER_CALL_LIMIT,
                timings[ours].cpu.ratio_to(timings[raw].cpu).median,
            ),
            Target(
                f"per call ({flavour}), client CPU: ours / official SDK",
                VS_SDK_LIMIT,
                timings[ours].cpu.ratio_to(timings[sdk].cpu).median,
            ),
        ]


def parse(name: str, body: bytes, plan: Plan, out: Outcome) -> None:
    """2. Bytes to a parsed response, no network: CPU per parse."""
    timings = interleaved(contenders.parse(body), plan)
    base = timings[contenders.JSON_LOADS]
    table = Table(
        f"Parse only: {name}",
        f"{len(body):,} bytes. {plan.rounds} interleaved rounds of {plan.per_round} parses "
        "per contender; CPU time of this process.",
        ("contender", "CPU / parse", "ratio to json.loads"),
        [
            (contender, spread(timing.cpu), ratio(timing.cpu.ratio_to(base.cpu)))
            for contender, timing in timings.items()
        ],
    )
    out.tables.append(table)
    out.targets.append(
        Target(
            f"parse ({name}): ours / json.loads",
            PARSE_LIMIT,
            timings[contenders.OURS_PARSE].cpu.ratio_to(base.cpu).median,
        )
    )


def bulk(
    clients: contenders.Clients,
    base_url: str,
    ids: int,
    in_flight: int,
    plan: Plan,
    out: Outcome,
) -> None:
    """3. `ids` distinct ids, `in_flight` at a time, through the async APIs: throughput."""
    id_list = [f"gen-bulk-{index:05d}" for index in range(ids)]
    batches = contenders.bulk_fetch(clients, id_list, in_flight)
    cpu_before = server_cpu(base_url)
    timings = interleaved(batches, plan)
    served = len(batches) * ids * (plan.warmup + plan.rounds * plan.per_round)
    server_per_request = (server_cpu(base_url) - cpu_before) / served
    base = timings[contenders.RAW_ASYNC]
    table = Table(
        f"Bulk: {ids:,} ids, {in_flight} in flight",
        f"One asyncio event loop, {in_flight} workers sharing the id list, one reused client "
        f"per contender. {plan.rounds} interleaved rounds. The server spent "
        f"{duration(server_per_request)} of CPU per request (its own process).",
        (
            "contender",
            f"wall for {ids:,} calls",
            "calls / s (median)",
            "throughput ratio to raw",
            "client CPU / call",
        ),
    )
    for name, timing in timings.items():
        table.rows.append(
            (
                name,
                spread(timing.wall),
                f"{ids / timing.wall.median:,.0f}",
                ratio(base.wall.ratio_to(timing.wall)),
                duration(timing.cpu.median / ids),
            )
        )
    out.tables.append(table)
    out.targets.append(
        Target(
            "bulk throughput: ours / raw httpx.AsyncClient",
            BULK_LIMIT,
            base.wall.ratio_to(timings[contenders.OURS_ASYNC].wall).median,
            at_most=False,
        )
    )


def rate_limited(
    limit: int,
    window: float,
    ids: int,
    in_flight: int,
    out: Outcome,
    clock: _clock.Clock | None = None,
) -> None:
    """3b. `ids` ids, `in_flight` at a time, one client with retries, against a rate limit
    (on `clock`: in memory, every wait on that clock)."""
    table = Table(
        f"Rate limited: {ids:,} ids, {in_flight} in flight, {limit} per {window:g} s",
        f"The loopback server allows {limit} generations per fixed window of {window:g} s "
        "(aligned on the Unix clock) and answers 429 past it, with the reset in the 429's "
        "headers (X-RateLimit-Reset, Unix ms), only in its body (error.metadata.headers), or as "
        "Retry-After (whole seconds). Each contender: a fresh client with retries, every id "
        f"through plain asyncio.gather of {in_flight} workers, from a window's start, once. "
        "429 share: of all requests the server answered; throughput: ids fetched per second "
        "over the limit per second. The official SDK uses its default backoff with 429 added "
        "to the statuses it retries.",
        (
            "hint",
            "contender",
            "ids fetched",
            "answered 429",
            "throughput / limit",
            "wall",
            "lost to",
        ),
    )
    for hint in server.HINTS:
        runs = ratelimit.run(server.RateLimit(limit, window, hint), ids, in_flight, clock)
        for run in runs:
            lost = ", ".join(f"{count} {name}" for name, count in run.failures.most_common())
            table.rows.append(
                (
                    hint,
                    run.contender,
                    f"{run.fetched:,} of {run.ids:,}",
                    f"{run.share_limited:.1%} ({run.limited:,} of {run.served + run.limited:,})",
                    f"{run.of_limit:.2f}",
                    f"{run.seconds:.1f} s",
                    lost or "—",
                )
            )
            if run.contender != ratelimit.OURS:
                continue
            out.targets += [
                Target(
                    f"rate limited ({hint}): share of ids fetched",
                    RATE_LIMITED_FETCHED,
                    run.share_fetched,
                    at_most=False,
                    unit="",
                ),
                Target(
                    f"rate limited ({hint}): share of requests answered 429",
                    RATE_LIMITED_429_SHARE[hint],
                    run.share_limited,
                    unit="",
                ),
            ]
            if hint in RATE_LIMITED_THROUGHPUT_TARGETS:
                out.targets.append(
                    Target(
                        f"rate limited ({hint}): throughput / limit",
                        RATE_LIMITED_OF_LIMIT,
                        run.of_limit,
                        at_most=False,
                        unit="",
                    )
                )
    out.tables.append(table)


def generate(plan: Plan, out: Outcome) -> None:
    """4a. The generator alone vs our generate command: wall time per run."""
    table = Table(
        "Generate: the generator alone vs our command",
        f"Wall time, {plan.rounds} interleaved rounds. Bare: `openapi-python-client "
        "generate` on the same spec and generator-config.yml (so the same ruff "
        "post-hooks) with stock templates. Ours: `python -m tools.codegen generate`: "
        "custom templates, generator warnings as errors, the result copied into place.",
        ("command", "wall / run", "ratio to bare"),
    )
    out.tables.append(table)
    target = "generate: our command / bare generator"
    try:
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
            timings = interleaved(workflow.generate_commands(Path(scratch)), plan)
    except subprocess.CalledProcessError as failed:
        # Templates change under other hands: a broken one is reported, not fatal.
        lines = (failed.stderr or b"").decode(errors="replace").strip().splitlines()
        why = f"`{' '.join(failed.cmd[1:4])}` exited {failed.returncode}: " + (
            lines[-1] if lines else "no output"
        )
        table.rows.append(("not measured", why, "—"))
        out.targets.append(Target(target, GENERATE_LIMIT, None))
        return
    base = timings[workflow.BARE]
    table.rows.extend(
        (name, spread(timing.wall), ratio(timing.wall.ratio_to(base.wall)))
        for name, timing in timings.items()
    )
    out.targets.append(
        Target(target, GENERATE_LIMIT, timings[workflow.OURS].wall.ratio_to(base.wall).median)
    )


def nox_sessions(nox: workflow.Nox, extra: tuple[str, ...], out: Outcome) -> None:
    """4b. A warm run of every default nox session (plus `extra`), one at a time.

    The conformance session writes its report to a scratch directory, whose summary gives
    the kit's own count of hypothesis examples.
    """
    defaults = nox.default_sessions()
    sessions = [*defaults, *(session for session in extra if session not in defaults)]
    nox.warm(sessions)
    runs: list[workflow.SessionRun] = []
    kit: list[workflow.KitSummary] = []
    for session in sessions:
        if session != CONFORMANCE:
            runs.append(nox.timed(session))
            continue
        with tempfile.TemporaryDirectory(prefix="bench-conformance-") as reports:
            runs.append(nox.timed(session, "--report-dir", reports))
            kit = workflow.kit_summaries(Path(reports))
    rows: list[tuple[str, ...]] = [
        (
            f"`nox -s {run.name}`",
            f"{run.seconds:.1f} s",
            "ok" if run.returncode == 0 else f"**failed** (exit {run.returncode})",
            run.pytest_counts or "—",
        )
        for run in runs
    ]
    total = sum(run.seconds for run in runs)
    rows.append(("total", f"{total:.1f} s", "", ""))
    out.tables.append(
        Table(
            "Warm nox sessions",
            "Each session timed once, one after the other, with environments already built "
            f"(an untimed `nox --install-only` first) in `{nox.envdir}`. Their sum is a warm "
            "full run; a bare `nox` runs the default ones of these in one process.",
            ("session", "wall", "status", "pytest"),
            rows,
        )
    )
    if CONFORMANCE not in sessions:
        return
    conformance = next(run for run in runs if run.name == CONFORMANCE)
    table = Table(
        "Conformance examples per second",
        "Hypothesis examples the kit ran, from the summary it writes per client "
        "(`conformance/report/recorder.py`). Its own rate counts only the time spent in cases that "
        "ran examples; the last column divides by the whole warm `nox -s conformance`.",
        ("client", "examples", "kit's rate", "kit's run time", "over the whole session"),
    )
    table.rows.extend(
        (
            summary.client,
            f"{summary.examples:,}",
            f"{summary.examples_per_second:,.1f} / s",
            f"{summary.seconds:.1f} s",
            f"{summary.examples / conformance.seconds:,.1f} / s",
        )
        for summary in kit
    )
    if not kit:
        table.rows.append(("not available: the kit wrote no summary", "—", "—", "—", "—"))
    out.tables.append(table)


@dataclass(frozen=True)
class ScaleCase:
    """One load of the scale section: `ids` ids against a server answering after `latency`
    seconds, or limited to `rate_limit`; clients retry when `retries`."""

    name: str
    ids: int
    latency: float = 0.0
    rate_limit: server.RateLimit | None = None

    @property
    def retries(self) -> bool:
        return self.rate_limit is not None


def _kib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MB" if kib >= 1024 else f"{kib:,.1f} KB"


def scale_row(load: str, run: scale_runs.Run) -> tuple[str, ...]:
    """One run's row of a scale table: what it fetched, lost and left pending, and how it ended."""
    lost = [f"{count:,} {name}" for name, count in run.failures.most_common()]
    if run.pending:
        lost.append(f"{run.pending:,} still pending")
    shown = ", ".join(lost) or "—"
    wall = f"{run.seconds:.1f} s" + (" (stopped)" if run.stopped else "")
    if run.cut_short:
        shown += f"; {run.cut_short}: counts from its last progress report"
        wall = f"{run.seconds:.1f} s (its last report)"
    return (
        load,
        run.contender,
        f"{run.fetched:,} of {run.ids:,}",
        shown,
        wall,
        _kib(run.peak_kib) if run.peak_kib else "not measured",
        _kib(run.per_id_kib) if run.peak_kib else "not measured",
    )


def scale(
    cases: tuple[ScaleCase, ...],
    threads: int,
    give_up: tuple[float, float],
    smoke: bool,
    out: Outcome,
) -> None:
    """5. Every id at once on one client: a plain gather, and a thread pool over one client."""
    shapes = {
        scale_runs.GATHER: (
            "Scale: every id at once through plain asyncio.gather on one client",
            "One `asyncio.gather` over every id at once (no semaphore, no batching), one "
            "client per contender, each run in a fresh process.",
        ),
        scale_runs.THREADS: (
            f"Scale: {threads} threads over one sync client",
            f"A pool of {threads} threads over one shared sync client, every id submitted at "
            "once, each run in a fresh process.",
        ),
    }
    runs: dict[str, list[tuple[ScaleCase, scale_runs.Run]]] = {shape: [] for shape in shapes}
    for case in cases:
        with server.running(case.rate_limit, case.latency) as base_url:
            for shape in shapes:
                for contender in scale_runs.CONTENDERS:
                    job = scale_runs.Job(
                        contender,
                        shape,
                        base_url,
                        case.ids,
                        case.retries,
                        threads,
                        give_up[contender != scale_runs.OURS],
                    )
                    run = scale_runs.run(job, in_process=smoke)
                    runs[shape].append((case, run))
    for shape, (title, how) in shapes.items():
        table = Table(
            title,
            f"{how} Ours and the SDK retry (ours `retries=True`, the SDK its default backoff "
            "with 429 added) only against the rate-limited server; raw httpx never does. Peak "
            "memory is the process's peak resident set (the interpreter and every contender's "
            "imports included, alike for each); "
            "per id: the peak over the memory just before the first call, divided by the ids. "
            f"A run still going after its give-up (ours {give_up[0]:g} s, the others "
            f"{give_up[1]:g} s) is stopped and says what had ended by then; one whose process "
            f"is still running {children.MARGIN:g} s later is killed, and its counts are those "
            f"of the progress report it writes every {scale_runs.PROGRESS_EVERY:g} s.",
            ("load", "contender", "ids fetched", "lost to", "wall", "peak memory", "per id"),
        )
        for case, run in runs[shape]:
            table.rows.append(scale_row(case.name, run))
            if run.contender == scale_runs.OURS:
                out.targets.append(
                    Target(
                        f"scale ({shape}, {case.name}): ours, share of ids fetched",
                        1.0,
                        run.fetched / run.ids,
                        at_most=False,
                        unit="",
                    )
                )
        out.tables.append(table)


@dataclass(frozen=True)
class HostileCase:
    """One hostile server: its scenario and how it plays it (`every`, `size`)."""

    scenario: str
    name: str
    every: float = 1.0
    size: int = 0
    deadline: float | None = None  # ours: None for the client's default
    give_up: float | None = None  # how long a call is waited for; None: the section's


def hostile(cases: tuple[HostileCase, ...], give_up: float, smoke: bool, out: Outcome) -> None:
    """6. One call against a server that misbehaves: how and when it ends, at what memory
    (`smoke`: each call in a thread here, its memory not measured)."""
    deadlines = {case.deadline for case in cases}
    shown = ", ".join("its default (30 s)" if d is None else f"{d:g} s" for d in deadlines)
    give_ups = {case.name: case.give_up or give_up for case in cases}
    waited = ", ".join(f"{seconds:g} s" for seconds in sorted(set(give_ups.values())))
    where = (
        "each in a thread of the harness (a smoke run: small bodies; memory not measured)"
        if smoke
        else f"each in a fresh process whose address space is capped at "
        f"{hostile_runs.MEMORY_CAP / 1024**3:g} GiB (peak memory: the process's peak resident "
        "set, interpreter included)"
    )
    table = Table(
        "Hostile servers: one call each",
        f"One call with each client's defaults (ours: deadline {shown}; the SDK: retries "
        f"off), {where}. A call still going after its give-up ({waited}) is stopped.",
        ("server", "contender", "how it ended", "after", "peak memory"),
    )
    for case in cases:
        arguments = [case.scenario, "--every", str(case.every), "--size", str(case.size)]
        left_running: list[threading.Thread] = []
        with server.spawned("benchmarks.hostile_server", arguments) as base_url:
            for contender in hostile_runs.CONTENDERS:
                if smoke:
                    run, thread = hostile_runs.in_thread(
                        contender, case.scenario, base_url, case.deadline, give_ups[case.name]
                    )
                    left_running.append(thread)
                else:
                    run = hostile_runs.run(
                        contender, case.scenario, base_url, case.deadline, give_ups[case.name]
                    )
                after = f"{run.seconds:.1f} s"
                if not run.ended:
                    after = f"not ended at {give_ups[case.name]:g} s"
                peak = _kib(run.peak_kib) if run.peak_kib else "not measured"
                table.rows.append((case.name, run.contender, run.outcome, after, peak))
        # Its server has stopped: a call still going meets the closed connection and ends.
        for thread in left_running:
            thread.join(_STOPPED_SERVER_GRACE)
            if thread.is_alive():
                raise RuntimeError(f"{thread.name}: still running after its server stopped")
    out.tables.append(table)
