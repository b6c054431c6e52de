"""The order of the collection under pytest-xdist: every worker starts on its share of the slow
tests, so none of them starts late, and the short tests fill the tail.

The worksteal scheduler hands each worker one slice of the collection, in order and of equal
length (as `slices` cuts it), then moves tests from the end of a busy worker's slice to an idle
worker. So the collection is laid out slice by slice, each slice opening with the slow units
dealt to it and filled up with short tests in their collected order. A test is slow by its
`slow` mark or by the last run's clock (`SLOW` or more: a test that waits on a real timer is
best started early too). A unit is a slow test, or all the slow tests of a module that share a
fixture the module builds once (a kit run, a regenerated client): split between workers, they
would wait on each other for it.

The units are dealt longest first, each to the slice with the least time dealt so far, by the
time the previous run took (kept in pytest's cache, `DURATIONS`). A test that run did not time
counts as `UNTIMED`, so that a first run deals the units out evenly by number.

Were the scheduler to slice differently, the slow tests would still be spread over the
collection rather than bunched; no test depends on the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import islice

import pytest

# pytest's cache key of {test id: seconds}, setup, call and teardown together.
DURATIONS = "tests/durations"
UNTIMED = 1.0
SLOW = 1.0


def slices(count: int, workers: int) -> list[int]:
    """The lengths worksteal's first distribution gives `workers` idle workers out of `count`."""
    lengths = []
    for worker in range(workers):
        length = count // (workers - worker)
        lengths.append(length)
        count -= length
    return lengths


def dealt(
    units: Sequence[Sequence[str]], short: Sequence[str], workers: int, took: Mapping[str, float]
) -> list[str]:
    """The test ids of `units` and `short` in one order: each of `workers` slices opens with
    the units dealt to it."""

    def weight(unit: Sequence[str]) -> float:
        return sum(took.get(test, UNTIMED) for test in unit)

    heads: list[list[str]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for unit in sorted(units, key=weight, reverse=True):
        lightest = load.index(min(load))
        heads[lightest] += unit
        load[lightest] += weight(unit)
    count = sum(map(len, units)) + len(short)
    order: list[str] = []
    rest = iter(short)
    for head, length in zip(heads, slices(count, workers), strict=True):
        order += head
        order += islice(rest, max(0, length - len(head)))
    order += rest  # what a slice's units pushed past its length
    return order


def unit(item: pytest.Item) -> str:
    """The unit a slow test belongs to: its module, when it uses a module- or session-scoped
    fixture of the module's own (built once for all its users there), else itself alone."""
    module = item.nodeid.split("::", 1)[0]
    info = getattr(item, "_fixtureinfo", None)  # pytest.Function's resolved fixtures
    for definitions in info.name2fixturedefs.values() if info else ():
        if definitions[-1].scope in ("module", "session") and definitions[-1].baseid == module:
            return module
    return item.nodeid


def ordered(
    items: Sequence[pytest.Item], workers: int, took: Mapping[str, float]
) -> list[pytest.Item]:
    """`items` laid out for `workers` workers, by the times `took` of the last run."""
    units: dict[str, list[str]] = {}
    short: list[str] = []
    for item in items:
        marked = item.get_closest_marker("slow") or item.get_closest_marker("whole_kit")
        if marked or took.get(item.nodeid, 0.0) >= SLOW:
            units.setdefault(unit(item), []).append(item.nodeid)
        else:
            short.append(item.nodeid)
    by_id = {item.nodeid: item for item in items}
    return [by_id[test] for test in dealt(list(units.values()), short, workers, took)]


def remembered(config: pytest.Config) -> dict[str, float]:
    """The times of the last run, or none (a fresh clone, or `-p no:cacheprovider`)."""
    cache = getattr(config, "cache", None)
    took = cache.get(DURATIONS, {}) if cache is not None else {}
    return took if isinstance(took, dict) else {}


class Timer:
    """A plugin for the process that reports the run (xdist's controller, or the only one):
    each test's time, added to the cache when the run ends, for the next run to deal by."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.took: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.took[report.nodeid] = self.took.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is not None and self.took:
            cache.set(DURATIONS, {**remembered(self.config), **self.took})
