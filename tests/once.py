"""A module's costly fixture built once per test run, however pytest-xdist splits the module.

The worksteal scheduler may hand tests of one module to both workers, and a module-scoped
fixture then runs in each: the kit batch (a regeneration, mypy and a kit run) or the benchmark
harness twice over. `built` makes the first worker that asks build into a directory every
worker of the run shares, under a file lock (filelock, as pytest-xdist's own documentation
does it); the others wait for it and read what it left.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

# Longer than any build here takes on a busy machine; a stuck build fails instead of hanging.
_WAIT = 900


def built(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """`name`'s directory, made by `build(directory)` in this run unless another worker did.

    A build that raises leaves no result, so the next worker to ask builds it again (and
    meets the same error itself).
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's basetemp sits in the run's own directory
    directory, done = root / name, root / f"{name}.done"
    with FileLock(root / f"{name}.lock", timeout=_WAIT):
        if not done.exists():
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
            build(directory)
            done.touch()
    return directory
