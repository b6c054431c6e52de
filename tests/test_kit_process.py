"""Only a test marked `whole_kit` may start a kit run (tests/kit_process.py): the default
`tests` session leaves those out, so a new one left unmarked would lengthen it unseen."""

from __future__ import annotations

import pytest

from tests import kit_process


def test_an_unmarked_test_may_not_start_a_kit_run() -> None:
    with pytest.raises(kit_process.Unmarked, match=r"@pytest\.mark\.whole_kit"):
        kit_process.run_kit("--collect-only", timeout=60)


@pytest.mark.whole_kit
def test_a_marked_test_may() -> None:
    done = kit_process.run_kit("--collect-only", "-q", cases_only=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "tests collected" in done.stdout
