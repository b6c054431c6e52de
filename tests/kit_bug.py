"""A pytest plugin that plants a bug in the conformance kit's own code (compare.py), for the
test that a kit error stops the run and is never counted as a client failure."""

from __future__ import annotations

import pytest

from conformance.judging import compare


def pytest_configure(config: pytest.Config) -> None:
    del config
    compare._Walker._number = None  # type: ignore[assignment,method-assign]
