"""The benchmark harness runs end to end and writes well-formed tables.

Smoke mode only: a few repetitions against the real loopback server, real clients and the
real generator. Nothing here looks at how fast anything was; timings are reported by
`nox -s bench`, never asserted. The rate-limited section runs on the virtual clock
(tests/virtual_clock.py), its server in memory: its waits take no time, and what our client
does there is exact. The hostile one keeps real sockets and so real time, briefly (its smoke
deadline is 0.2 s; the give-up, 5 times that).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import children, contenders, hostile, ratelimit, scale, sections, server
from benchmarks.__main__ import SMOKE, main
from benchmarks.measure import Plan, Sample, interleaved, rotated
from benchmarks.results import Table, Target, kept, markdown_table, render
from tests import once
from tests.virtual_clock import VirtualClock

CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """Each markdown table under its `## heading`, as rows of cells (header row first)."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        elif line.startswith("|"):
            assert line.endswith("|"), line
            cells = [cell.strip() for cell in CELL_SEPARATOR.split(line)[1:-1]]
            found.setdefault(heading, []).append(cells)
    return found


def _smoke_run(directory: Path) -> None:
    assert main(["--smoke", "--output", str(directory / "RESULTS.md")], VirtualClock()) == 0


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    output = once.built(tmp_path_factory, "bench", _smoke_run) / "RESULTS.md"
    return tables(output.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_every_table_is_well_formed(results: dict[str, list[list[str]]]) -> None:
    assert len(results) >= 6
    for heading, rows in results.items():
        header, separator, *body = rows
        assert separator == ["---"] * len(header), heading
        assert body, f"table {heading!r} has no rows"
        assert all(len(row) == len(header) for row in body), heading


@pytest.mark.slow
def test_every_target_gets_a_verdict(results: dict[str, list[list[str]]]) -> None:
    _, _, *targets = results["Targets"]
    names = [row[0] for row in targets]
    # 4 per call, 2 parse, bulk, 3 per rate-limited hint x 2 and 2 for Retry-After, generate,
    # and ours fetching every id in each scale load, gathered and threaded.
    assert len(names) == 16 + 2 * len(SMOKE.scale)
    assert any(name.startswith("per call (sync)") for name in names)
    assert any(name.startswith("bulk throughput") for name in names)
    for hint in ("header", "body"):
        assert sum(name.startswith(f"rate limited ({hint})") for name in names) == 3
    assert sum(name.startswith("rate limited (retry-after)") for name in names) == 2
    # Everything but the generator (whose templates may be mid-edit) was measured.
    for name, _bound, measured, verdict in targets:
        assert verdict in {"met", "**missed**", "not measured"}, name
        if not name.startswith("generate"):
            assert re.fullmatch(r"\d+\.\d\dx?", measured), name


@pytest.mark.slow
def test_every_contender_answered(results: dict[str, list[list[str]]]) -> None:
    per_call = results["Per call: sequential, one reused client"]
    assert [row[0] for row in per_call[2:]] == [
        contenders.RAW_SYNC,
        contenders.OURS_SYNC,
        contenders.SDK_SYNC,
        contenders.RAW_ASYNC,
        contenders.OURS_ASYNC,
        contenders.SDK_ASYNC,
    ]
    bulk = f"Bulk: {SMOKE.bulk_ids} ids, {SMOKE.in_flight} in flight"
    for heading in ("Parse only: documented example", bulk):
        assert len(results[heading]) > 3, heading


@pytest.mark.slow
def test_the_rate_limited_runs_report_each_hint_and_contender(
    results: dict[str, list[list[str]]],
) -> None:
    ids, limit = f"{SMOKE.limited_ids} ids", f"{SMOKE.limit} per {SMOKE.window:g} s"
    _, _, *rows = results[f"Rate limited: {ids}, {SMOKE.in_flight} in flight, {limit}"]
    assert [(row[0], row[1]) for row in rows] == [
        (hint, contender)
        for hint in ("header", "body", "retry-after")
        for contender in (ratelimit.OURS, ratelimit.SDK)
    ]
    for row in rows:
        assert re.fullmatch(rf"\d+ of {SMOKE.limited_ids}", row[2]), row
        assert re.fullmatch(r"\d+\.\d% \(\d+ of \d+\)", row[3]), row
    # Ours, on the virtual clock: 20 served from the window's start (+1 ms), the 8 requests
    # then in flight answered 429, every worker waits for the reset the 429 gave (0.2 s, plus
    # its 5 ms margin) or for Retry-After's whole second, then the last 10 are served.
    ours = {row[0]: row[2:] for row in rows if row[1] == ratelimit.OURS}
    assert ours == {
        "header": ["30 of 30", "21.1% (8 of 38)", "1.47", "0.2 s", "—"],
        "body": ["30 of 30", "21.1% (8 of 38)", "1.47", "0.2 s", "—"],
        "retry-after": ["30 of 30", "21.1% (8 of 38)", "0.30", "1.0 s", "—"],
    }


@pytest.mark.slow
def test_the_scale_runs_report_each_load_and_contender(
    results: dict[str, list[list[str]]],
) -> None:
    for title in (
        "Scale: every id at once through plain asyncio.gather on one client",
        f"Scale: {SMOKE.threads} threads over one sync client",
    ):
        _, _, *rows = results[title]
        assert [(row[0], row[1]) for row in rows] == [
            (case.name, contender) for case in SMOKE.scale for contender in scale.CONTENDERS
        ], title
        for row in rows:
            ids = next(case.ids for case in SMOKE.scale if case.name == row[0])
            assert re.fullmatch(rf"\d+ of {ids}", row[2]), row


@pytest.mark.slow
def test_the_hostile_runs_report_each_server_and_contender(
    results: dict[str, list[list[str]]],
) -> None:
    _, _, *rows = results["Hostile servers: one call each"]
    assert [(row[0], row[1]) for row in rows] == [
        (case.name, contender)
        for case in SMOKE.hostile
        for contender in hostile.CONTENDERS.values()
    ]
    ours = {row[0]: row[2] for row in rows if row[1] == hostile.OURS}
    # Ours ends every one of them with its own error: the deadline, or the body cap.
    assert ours["trickle"].startswith("RequestTimeoutError"), ours
    assert ours["1xx storm"].startswith("RequestTimeoutError"), ours
    assert ours["gzip bomb"].startswith("ResponseTooLargeError"), ours
    assert ours["huge body"].startswith("ResponseTooLargeError"), ours


@pytest.mark.slow
def test_the_machine_is_described(results: dict[str, list[list[str]]]) -> None:
    described = {row[0]: row[1] for row in results["Machine"][2:]}
    for what in ("cores", "CPU", "Python", "httpx", "openrouter", "attrs"):
        assert described[what] not in {"", "unknown", "not installed"}, what


def test_a_wrong_answer_stops_the_run() -> None:
    def liar(n: int) -> None:
        contenders.repeat(lambda: "gen-someone-else")(n)

    with pytest.raises(contenders.WrongAnswer, match="gen-someone-else"):
        interleaved({"liar": liar}, Plan(rounds=1, per_round=1))


def test_rounds_rotate_every_contender_through_every_position() -> None:
    names = ["a", "b", "c"]
    firsts = [rotated(names, shift)[0] for shift in range(3)]
    assert sorted(firsts) == names


def test_ratios_are_taken_round_by_round() -> None:
    ours = Sample((2.0, 4.0, 9.0))
    base = Sample((1.0, 2.0, 3.0))
    assert ours.ratio_to(base).values == (2.0, 2.0, 3.0)
    assert ours.ratio_to(base).median == 2.0


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells, the header 3"):
        markdown_table(("a", "b", "c"), [("1", "2")])


def test_a_run_of_one_section_keeps_the_others_from_the_previous_file() -> None:
    def table(title: str, value: str) -> Table:
        return Table(title, f"How {title} was measured.", ("contender", "a | b"), [("x", value)])

    previous = render(
        mode="full mode",
        seconds=1.0,
        machine_rows=[("cores", "2")],
        targets=[
            Target("parse", 2.5, 1.5).row(),
            Target("rate limited", 0.05, 0.09).row(),
        ],
        tables=[table("Parse", "1 | 2"), table("Rate limited", "old")],
    )
    targets, tables = kept(
        previous, [Target("rate limited", 0.05, 0.03)], [table("Rate limited", "new")]
    )
    assert targets == [
        Target("parse", 2.5, 1.5).row(),
        Target("rate limited", 0.05, 0.03).row(),
    ]
    assert [(t.title, t.rows) for t in tables] == [
        ("Parse", [("x", "1 | 2")]),
        ("Rate limited", [("x", "new")]),
    ]
    assert tables[0].note == "Kept from the previous run: How Parse was measured."
    assert tables[1].note == "How Rate limited was measured."
    assert tables[0].header == ("contender", "a | b")
    # Kept again by a later run, it says so once.
    again = render(mode="", seconds=1.0, machine_rows=[], targets=targets, tables=tables)
    _, tables = kept(again, [], [])
    assert tables[0].note == "Kept from the previous run: How Parse was measured."


def _progress_once(progress: Path, fetched: int, child: subprocess.Popen[bytes]) -> None:
    """Wait until the child's progress report says it fetched `fetched` ids (an event, not a
    duration: the 60 s are only how long a broken child gets before the test fails)."""
    ends = time.monotonic() + 60
    while time.monotonic() < ends and child.poll() is None:
        if progress.exists() and json.loads(progress.read_text("utf-8"))["fetched"] == fetched:
            return
        time.sleep(0.05)
    raise AssertionError(f"no progress report of {fetched} fetched (child status {child.poll()})")


def test_a_run_the_watchdog_kills_still_reports_what_it_had_fetched(tmp_path: Path) -> None:
    # Real processes, as `nox -s bench` runs them: the official SDK fetches the 2 ids the
    # window allows, then sleeps out a Retry-After of days for the other 3; once its progress
    # report says 2, the watchdog fires (at 0 s from then) and kills it.
    progress, ids = tmp_path / "progress.json", 5
    limit = server.RateLimit(2, 1e6, "retry-after")
    with server.running(limit) as base_url:
        job = scale.Job(scale.SDK, scale.GATHER, base_url, ids, True, 1, 600)
        child = children.start("benchmarks.scale", job.arguments(progress))
        _progress_once(progress, 2, child)
        ended = children.wait(child, watchdog=0.0)

    run = scale.ended_run(job, ended, progress)
    assert ended.killed
    assert (run.fetched, run.failures, run.pending, run.stopped) == (2, Counter(), 3, True)
    load, contender, fetched, lost, wall, _peak, _per_id = sections.scale_row("load", run)
    assert (load, contender, fetched) == ("load", scale.SDK, "2 of 5")
    assert lost == (
        "3 still pending; killed by the watchdog (60 s past its give-up):"
        " counts from its last progress report"
    )
    assert wall.endswith(" s (its last report)")
