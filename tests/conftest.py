"""Shared fixtures (where things are, the spec and the documentation's example loaded once) and
the order the tests run in under pytest-xdist (tests/slow_first.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.spec import read_yaml
from tests import kit_process, slow_first
from tests.virtual_clock import VirtualClock, installed

ROOT = Path(__file__).resolve().parent.parent
# What the tests compare against, committed with its provenance (tests/reference/README.md):
# nothing outside the repository is ever read.
REFERENCE = ROOT / "tests" / "reference"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--spec-file",
        type=Path,
        default=ROOT / "openapi.yaml",
        help="the spec the `spec` fixture reads (a changed copy, for the smoke check of a client "
        "generated from it)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # not a pytest-xdist worker: this process reports
        config.pluginmanager.register(slow_first.Timer(config), "slow_first_timer")


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures, which may run the kit
def pytest_runtest_setup(item: pytest.Item) -> None:
    kit_process.marked = item.get_closest_marker("whole_kit") is not None


@pytest.hookimpl(trylast=True)  # after -k and --deselect have had their say
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, each worker starts on its share of the slow tests (slow_first.py)."""
    # Only a worker's own collection: a test's pytest subprocess inherits the worker's
    # PYTEST_XDIST_WORKER_COUNT.
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers > 1:
        items[:] = slow_first.ordered(items, workers, slow_first.remembered(config))


@pytest.fixture(scope="session")
def spec(request: pytest.FixtureRequest) -> dict[str, Any]:
    path: Path = request.config.getoption("--spec-file")
    loaded: dict[str, Any] = read_yaml(path.read_bytes())
    return loaded


@pytest.fixture(scope="session")
def documented_example() -> dict[str, Any]:
    """The documentation page's response example, as the repository's own copy of it."""
    loaded: dict[str, Any] = json.loads(
        (ROOT / "conformance" / "captured" / "200-documented-example.json").read_text("utf-8")
    )["body"]
    return loaded


@pytest.fixture
def clock() -> Iterator[VirtualClock]:
    """The client's clock replaced by a virtual one for the test (tests/virtual_clock.py)."""
    yield from installed(VirtualClock())
