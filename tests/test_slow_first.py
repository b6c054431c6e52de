"""The layout tests/slow_first.py gives the collection: the installed pytest-xdist's worksteal
scheduler hands each worker a slice that opens with that worker's share of the slow units."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from xdist.scheduler import WorkStealingScheduling  # type: ignore[import-untyped]

from tests import slow_first


class _Node:
    """What the scheduler calls on a worker."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent += indices

    def shutdown(self) -> None:
        self.shutting_down = True


class _Config:
    def __init__(self, workers: int) -> None:
        self.workers = workers

    def getvalue(self, name: str) -> Any:
        assert name == "tx"
        return [f"{self.workers}*popen"]


def _first_slices(collection: list[str], workers: int) -> list[list[str]]:
    """What pytest-xdist's worksteal hands each of `workers` idle workers first."""
    scheduler = WorkStealingScheduling(_Config(workers))
    nodes = [_Node(f"gw{worker}") for worker in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    return [[collection[index] for index in node.sent] for node in nodes]


@pytest.mark.parametrize("workers", [2, 3, 4])
@pytest.mark.parametrize("count", [5, 97, 1289])
def test_the_slices_are_those_worksteal_hands_out(workers: int, count: int) -> None:
    collection = [f"t{i}" for i in range(count)]
    cut = slow_first.slices(count, workers)
    starts = [sum(cut[:worker]) for worker in range(workers)]
    expected = [collection[at : at + length] for at, length in zip(starts, cut, strict=True)]
    assert _first_slices(collection, workers) == expected


def test_each_worker_opens_on_its_units_longest_first_to_the_least_loaded() -> None:
    units = [["batch-1", "batch-2", "batch-3"], ["bench"], ["kit-a"], ["kit-b"], ["kit-c"]]
    took = {"batch-1": 20.0, "batch-2": 0.0, "batch-3": 0.0, "bench": 15.0}
    took |= {"kit-a": 9.0, "kit-b": 8.0, "kit-c": 7.0}
    short = [f"s{i}" for i in range(40)]
    order = slow_first.dealt(units, short, 3, took)
    assert sorted(order) == sorted([*short, *(test for unit in units for test in unit)])
    first = _first_slices(order, 3)
    # 20 to the first worker, 15 to the second, 9 to the third, then 8 to the third (17) and 7
    # to the second (22); each batch test is on one worker, which builds the batch once.
    assert [s[:n] for s, n in zip(first, [3, 2, 2], strict=True)] == [
        ["batch-1", "batch-2", "batch-3"],
        ["bench", "kit-c"],
        ["kit-a", "kit-b"],
    ]
    # The short tests fill each slice in their collected order.
    assert [test for s in first for test in s if test.startswith("s")] == short


def test_a_first_run_counts_each_untimed_test_the_same() -> None:
    units = [["a"], ["b-1", "b-2", "b-3"], ["c"], ["d"]]
    order = slow_first.dealt(units, [f"s{i}" for i in range(10)], 2, {})
    first = _first_slices(order, 2)
    assert first[0][:3] == ["b-1", "b-2", "b-3"]
    assert first[1][:3] == ["a", "c", "d"]


def test_units_longer_than_their_slice_keep_every_test_once() -> None:
    units = [["a-1", "a-2", "a-3", "a-4"], ["b"]]
    order = slow_first.dealt(units, ["s1", "s2"], 4, {})
    assert sorted(order) == ["a-1", "a-2", "a-3", "a-4", "b", "s1", "s2"]
    assert order[:4] == ["a-1", "a-2", "a-3", "a-4"]


@pytest.fixture(scope="module")
def built_once() -> str:
    return "what the module's tests share"


def test_a_test_using_a_shared_fixture_of_its_module_is_in_the_module_s_unit(
    request: pytest.FixtureRequest, built_once: str
) -> None:
    assert slow_first.unit(request.node) == "tests/test_slow_first.py"


def test_shared_fixtures_of_conftest_or_pytest_leave_a_test_alone_in_its_unit(
    request: pytest.FixtureRequest, spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert slow_first.unit(request.node) == request.node.nodeid
