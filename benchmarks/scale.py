"""The scale section: thousands of ids at once on one client, written the plain way.

Each contender fetches every id through one client: a plain ``asyncio.gather`` over all of
them at once, or a pool of threads over one sync client. Each run is a child process of its
own (``python -m benchmarks.scale ...``), so that its peak memory (the parent reads it from
``os.wait4``) is that run's alone; the child also reports its memory just before the first
call, so the difference is what the pending calls cost. A run that has not ended after
``give_up`` seconds reports what it fetched by then and stops. A run whose process does not
even manage that (its event loop too busy to notice the give-up, until the watchdog kills it)
still has a count: the child writes how far it got to a progress file every
``PROGRESS_EVERY`` seconds, and the parent reads the last one.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from benchmarks import children, contenders, ratelimit

if TYPE_CHECKING:  # imported by the runs that use it: its modules would count in every peak
    from openrouter import OpenRouter

OURS = "ours"
RAW = "raw httpx"
SDK = "official SDK"
CONTENDERS = (OURS, RAW, SDK)
GATHER = "gather"
THREADS = "threads"
# Seconds between the progress reports of a run in its own process: a run the watchdog kills
# reports its count as of at most this long before the kill.
PROGRESS_EVERY = 1.0


@dataclass(frozen=True)
class Run:
    """What one contender's pass over the ids gave."""

    contender: str
    shape: str
    ids: int
    fetched: int
    failures: Counter[str]
    seconds: float
    stopped: bool  # gave up before every call ended
    baseline_kib: int  # resident memory just before the first call
    peak_kib: int  # the child's peak resident memory
    # How the process ended when it did not report by itself ("" when it did): the counts
    # above are then those of its last progress report, `seconds` into the run.
    cut_short: str = ""

    @property
    def pending(self) -> int:
        """Calls neither fetched nor failed when the run ended."""
        return self.ids - self.fetched - sum(self.failures.values())

    @property
    def per_id_kib(self) -> float:
        """Memory over the baseline at the peak, per id (the pending calls' cost)."""
        return max(self.peak_kib - self.baseline_kib, 0) / self.ids


def resident_kib() -> int:
    """This process's resident memory now, in KiB."""
    for line in Path("/proc/self/status").read_text("utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


Fetch = Callable[[str], Awaitable[str]]
SyncFetch = Callable[[str], str]
Close = Callable[[], Awaitable[None]]


def _raw_id(response: httpx.Response) -> str:
    response.raise_for_status()
    return str(json.loads(response.content)["data"]["id"])


def async_fetch(contender: str, base_url: str, retries: bool) -> tuple[Fetch, Close]:
    """One call of `contender` through one client made here, returning the id read; and how to
    close that client."""
    api = base_url + contenders.API_PREFIX
    if contender == OURS:
        from openrouter_generation_client import AuthenticatedClient
        from openrouter_generation_client.api.generations import get_generation

        ours = AuthenticatedClient(base_url=api, token=contenders.FAKE_KEY, retries=retries)

        async def fetch_ours(id_: str) -> str:
            return contenders.generation_id(await get_generation.asyncio(client=ours, id=id_))

        async def close_ours() -> None:
            await ours.get_async_httpx_client().aclose()

        return fetch_ours, close_ours
    if contender == RAW:
        auth = {"Authorization": f"Bearer {contenders.FAKE_KEY}"}
        raw = httpx.AsyncClient(base_url=base_url, headers=auth)

        async def fetch_raw(id_: str) -> str:
            return _raw_id(await raw.get(contenders.GENERATION_PATH, params={"id": id_}))

        return fetch_raw, raw.aclose
    async_client = httpx.AsyncClient(follow_redirects=True)
    sdk = _sdk(api, retries, async_client=async_client)

    async def fetch_sdk(id_: str) -> str:
        return (await sdk.generations.get_generation_async(id=id_)).data.id

    return fetch_sdk, async_client.aclose


def sync_fetch(
    contender: str, base_url: str, retries: bool
) -> tuple[SyncFetch, Callable[[], None]]:
    """The sync twin of async_fetch: one client shared by every thread."""
    api = base_url + contenders.API_PREFIX
    if contender == OURS:
        from openrouter_generation_client import AuthenticatedClient
        from openrouter_generation_client.api.generations import get_generation

        ours = AuthenticatedClient(base_url=api, token=contenders.FAKE_KEY, retries=retries)

        def call(id_: str) -> str:
            return contenders.generation_id(get_generation.sync(client=ours, id=id_))

        return call, ours.get_httpx_client().close
    if contender == RAW:
        auth = {"Authorization": f"Bearer {contenders.FAKE_KEY}"}
        raw = httpx.Client(base_url=base_url, headers=auth)
        return lambda id_: _raw_id(
            raw.get(contenders.GENERATION_PATH, params={"id": id_})
        ), raw.close
    client = httpx.Client(follow_redirects=True)
    sdk = _sdk(api, retries, client=client)
    return lambda id_: sdk.generations.get_generation(id=id_).data.id, client.close


def _sdk(
    api: str,
    retries: bool,
    client: httpx.Client | None = None,
    async_client: httpx.AsyncClient | None = None,
) -> OpenRouter:
    from openrouter import OpenRouter

    retry_config = ratelimit.SDK_RETRIES if retries else contenders.NO_RETRIES
    return OpenRouter(
        api_key=contenders.FAKE_KEY,
        server_url=api,
        retry_config=retry_config,
        client=client,
        async_client=async_client,
    )


@dataclass
class Tally:
    """Calls ended so far: fetched, or failed by exception type; read by the progress thread
    while the calls go on."""

    fetched: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    started: float | None = None  # perf_counter() at the first call
    baseline_kib: int = 0  # resident memory just before it
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, error: Exception | None) -> None:
        with self.lock:
            if error is None:
                self.fetched += 1
            else:
                self.failures[type(error).__name__] += 1

    def record(self, call: Callable[[], str]) -> None:
        try:
            contenders.checked(call())
        except contenders.WrongAnswer:
            raise
        except Exception as error:
            self.add(error)
        else:
            self.add(None)

    def snapshot(self) -> dict[str, Any]:
        """The counts now, and the seconds since the first call."""
        with self.lock:
            seconds = 0.0 if self.started is None else time.perf_counter() - self.started
            return {
                "fetched": self.fetched,
                "failures": dict(self.failures),
                "seconds": seconds,
                "baseline_kib": self.baseline_kib,
            }


async def _gather(fetch: Fetch, ids: list[str], tally: Tally) -> None:
    async def one(id_: str) -> None:
        try:
            contenders.checked(await fetch(id_))
        except contenders.WrongAnswer:
            raise
        except Exception as error:
            tally.add(error)
        else:
            tally.add(None)

    await asyncio.gather(*(one(id_) for id_ in ids))


def report_progress(tally: Tally, path: Path, every: float) -> None:
    """Every `every` seconds, for ever (a daemon thread's work): write the tally to `path`,
    whole (a new file renamed over the old), so a reader never sees half of one."""
    partial = path.with_suffix(".partial")
    while True:
        partial.write_text(json.dumps(tally.snapshot()), "utf-8")
        os.replace(partial, path)
        time.sleep(every)


@dataclass(frozen=True)
class Job:
    """One run to make: `ids` ids through one client of `contender`, in `shape` (`threads`
    threads for THREADS), against `base_url`, giving up after `give_up` seconds."""

    contender: str
    shape: str
    base_url: str
    ids: int
    retries: bool
    threads: int
    give_up: float

    def arguments(self, progress: Path) -> list[str]:
        """The command line of `python -m benchmarks.scale` for this run."""
        found = [self.contender, self.shape, self.base_url, "--ids", str(self.ids)]
        found += ["--threads", str(self.threads), "--give-up", str(self.give_up)]
        found += ["--progress", str(progress)]
        return found + (["--retries"] if self.retries else [])


def child(job: Job, tally: Tally | None = None) -> dict[str, Any]:
    """One run, in this process: every id through one client, at once, counted in `tally`."""
    id_list = [f"gen-scale-{index:05d}" for index in range(job.ids)]
    if tally is None:
        tally = Tally()
    contender, base_url, retries, give_up = job.contender, job.base_url, job.retries, job.give_up
    if job.shape == GATHER:
        loop = asyncio.new_event_loop()
        fetch, aclose = async_fetch(contender, base_url, retries)
        baseline, start = resident_kib(), time.perf_counter()
        tally.started, tally.baseline_kib = start, baseline
        # asyncio.wait, not wait_for: at a give-up the calls are left pending, not cancelled
        # (cancelling thousands stuck in httpx's pool takes longer than the run itself).
        everything = loop.create_task(_gather(fetch, id_list, tally))
        loop.run_until_complete(asyncio.wait({everything}, timeout=give_up))
        stopped = not everything.done()
        if everything.done():
            everything.result()  # raises a wrong answer
        if not stopped:  # a stopped run's process exits with its calls still pending
            loop.run_until_complete(aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
    else:
        call, close = sync_fetch(contender, base_url, retries)
        pool = ThreadPoolExecutor(job.threads)
        baseline, start = resident_kib(), time.perf_counter()
        tally.started, tally.baseline_kib = start, baseline
        futures = [pool.submit(tally.record, functools.partial(call, id_)) for id_ in id_list]
        _, pending = wait_for_futures(futures, timeout=give_up)
        stopped = bool(pending)
        if not stopped:
            pool.shutdown()
            close()
    seconds = time.perf_counter() - start
    with tally.lock:
        return {
            "fetched": tally.fetched,
            "failures": dict(tally.failures),
            "seconds": seconds,
            "stopped": stopped,
            "baseline_kib": baseline,
        }


def run(job: Job, in_process: bool = False) -> Run:
    """One run in a child process of its own (`in_process`: here, its memory not measured,
    for a smoke run that only proves the run works)."""
    if in_process:
        return _run(job, child(job), 0)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        progress = Path(scratch) / "progress.json"
        ended = children.run("benchmarks.scale", job.arguments(progress), job.give_up)
        return ended_run(job, ended, progress)


def ended_run(job: Job, ended: children.Ended, progress: Path) -> Run:
    """The run a child reported; or, when it was killed or died before reporting, its last
    progress report's counts, marked as cut short."""
    if ended.status == 0 and ended.output.strip():
        return _run(job, json.loads(ended.output), ended.peak_kib)
    if ended.killed:
        how = f"killed by the watchdog ({children.MARGIN:g} s past its give-up)"
    else:
        how = f"the process died (wait status {ended.status})"
    try:
        last = json.loads(progress.read_text("utf-8"))
    except FileNotFoundError:  # it died before its first call
        last = {"fetched": 0, "failures": {}, "seconds": 0.0, "baseline_kib": 0}
        how += ", before its first progress report"
    found = {**last, "stopped": True}
    return replace(_run(job, found, ended.peak_kib), cut_short=how)


def _run(job: Job, found: dict[str, Any], peak_kib: int) -> Run:
    return Run(
        contender=job.contender,
        shape=job.shape,
        ids=job.ids,
        fetched=int(found["fetched"]),
        failures=Counter(found["failures"]),
        seconds=float(found["seconds"]),
        stopped=bool(found["stopped"]),
        baseline_kib=int(found["baseline_kib"]),
        peak_kib=peak_kib,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("contender", choices=CONTENDERS)
    parser.add_argument("shape", choices=(GATHER, THREADS))
    parser.add_argument("base_url")
    parser.add_argument("--ids", type=int, required=True)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--give-up", type=float, default=120.0)
    parser.add_argument("--retries", action="store_true")
    parser.add_argument("--progress", type=Path, help="where to write progress reports")
    args = parser.parse_args(argv)
    tally = Tally()
    if args.progress is not None:
        reporter = threading.Thread(
            target=report_progress, args=(tally, args.progress, PROGRESS_EVERY), daemon=True
        )
        reporter.start()
    job = Job(
        args.contender,
        args.shape,
        args.base_url,
        args.ids,
        args.retries,
        args.threads,
        args.give_up,
    )
    found = child(job, tally)
    sys.stdout.write(json.dumps(found) + "\n")
    sys.stdout.flush()
    os._exit(0)  # the calls still pending at a give-up are dropped, not cancelled one by one


if __name__ == "__main__":
    main()
