"""Writing benchmarks/RESULTS.md: markdown tables, target verdicts and the machine they ran on.

Numbers without their machine mean little, so the file opens with cores, CPU model, Python,
the versions of every library in the race, and the load average before and after the run.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks.measure import Sample

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"

LIBRARIES = (
    "httpx",
    "httpcore",
    "h11",
    "attrs",
    "openrouter",
    "pydantic",
    "pydantic-core",
    "openapi-python-client",
    "ruff",
    "httptools",
)


@dataclass(frozen=True)
class Table:
    """One markdown table under a heading, with a note saying how it was measured."""

    title: str
    note: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """A number we promised, the one measured, and whether it holds."""

    name: str
    limit: float
    measured: float | None  # None: not measured in this run
    at_most: bool = True  # False: the measured value must be at least `limit`
    unit: str = "x"  # "x" for a ratio between contenders, "" for a share or a fraction

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        met = self.measured <= self.limit if self.at_most else self.measured >= self.limit
        return "met" if met else "**missed**"

    def row(self) -> tuple[str, ...]:
        bound = ("≤ " if self.at_most else "≥ ") + f"{self.limit:g}{self.unit}"
        shown = "—" if self.measured is None else f"{self.measured:.2f}{self.unit}"
        return (self.name, bound, shown, self.verdict)


def duration(seconds: float) -> str:
    """Three significant digits in the unit that suits: ns, µs, ms or s."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def spread(sample: Sample) -> str:
    """Median with its interquartile range, e.g. `712 µs (705-730 µs)`."""
    q1, q3 = sample.quartiles
    return f"{duration(sample.median)} ({duration(q1)}-{duration(q3)})"


def ratio(sample: Sample) -> str:
    """A ratio's median with its interquartile range, e.g. `1.08x (1.05-1.10)`."""
    q1, q3 = sample.quartiles
    return f"{sample.median:.2f}x ({q1:.2f}-{q3:.2f})"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured markdown table; `|` inside a cell is escaped."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, the header {len(header)}")
    return "\n".join([line(header), line(["---"] * len(header)), *(line(row) for row in rows)])


CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
TARGETS = "Targets"
MACHINE = "Machine"
KEPT = "Kept from the previous run: "


def parse(markdown: str) -> dict[str, Table]:
    """Each `## heading` of a file `render` wrote, as the Table it came from (Targets and Machine
    included, with their rows as cells)."""
    found: dict[str, Table] = {}
    title, note = "", ""
    cells: list[list[str]] = []
    for line in [*markdown.splitlines(), "## "]:
        if line.startswith("## "):
            if title and cells:
                header, _separator, *rows = cells
                found[title] = Table(title, note, tuple(header), [tuple(row) for row in rows])
            title, note, cells = line[3:], "", []
        elif line.startswith("|"):
            parts = CELL_SEPARATOR.split(line)[1:-1]
            cells.append([part.strip().replace("\\|", "|") for part in parts])
        elif line.strip() and title:
            note = line
    return found


def kept(
    previous: str, targets: Sequence[Target], tables: Sequence[Table]
) -> tuple[list[tuple[str, ...]], list[Table]]:
    """A run of some sections over a previous RESULTS.md: every target row and table, in the
    previous order, with those this run measured replaced and the others kept (their notes
    say so); what is new comes last."""
    before = parse(previous)
    rows = {target.name: target.row() for target in targets}
    old_rows = before[TARGETS].rows if TARGETS in before else []
    merged_rows = [rows.pop(row[0], row) for row in old_rows]
    merged_rows += rows.values()
    new = {table.title: table for table in tables}
    merged: list[Table] = []
    for title, table in before.items():
        if title in (TARGETS, MACHINE):
            continue
        if title in new:
            merged.append(new.pop(title))
        else:
            note = table.note if table.note.startswith(KEPT) else KEPT + table.note
            merged.append(Table(title, note, table.header, table.rows))
    return merged_rows, [*merged, *new.values()]


def cpu_model() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " / ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def commit() -> str:
    """The checked-out commit, with `+ changes` when the work tree differs from it."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def _git(*args: str) -> str:
    """What a git command in the repository printed, stripped."""
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(load_before: str) -> list[tuple[str, str]]:
    """What the numbers ran on; `load_before` is `load_average()` taken at the start."""
    return [
        ("date (UTC)", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")),
        ("commit", commit()),
        ("cores", str(os.cpu_count())),
        ("CPU", cpu_model()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("load average 1/5/15 min, before → after", f"{load_before} → {load_average()}"),
        *((name, version(name)) for name in LIBRARIES),
    ]


def render(
    *,
    mode: str,
    seconds: float,
    machine_rows: list[tuple[str, str]],
    targets: Sequence[tuple[str, ...]],
    tables: Sequence[Table],
) -> str:
    """The whole RESULTS.md; `targets` are rows (`Target.row()`)."""
    parts = [
        "# Benchmark results",
        "",
        f"Written by `nox -s bench` (`python -m benchmarks`, {mode}) in "
        f"{seconds:.0f} s. Medians over interleaved rounds; ranges in parentheses are "
        "interquartile (25th-75th percentile). Ratios are taken round by round, then "
        "summarised. On a shared machine every absolute number moves with the load (see "
        "the load average below); ratios between contenders interleaved in the same run "
        "hold up far better. Regenerate rather than edit.",
        "",
        f"## {TARGETS}",
        "",
        markdown_table(("target", "bound", "measured (median)", "verdict"), targets),
        "",
    ]
    for table in tables:
        parts += [
            f"## {table.title}",
            "",
            table.note,
            "",
            markdown_table(table.header, table.rows),
            "",
        ]
    parts += [f"## {MACHINE}", "", markdown_table(("what", "value"), machine_rows), ""]
    return "\n".join(parts)
