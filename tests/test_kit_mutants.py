"""The mutation check of the kit (tools/kit_mutants.py) stays runnable: its mutants still fit
the generated client, they are many and varied enough to mean something, and a run on one
mutant reports it caught."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from tools import kit_mutants

ROOT = Path(__file__).resolve().parent.parent
# The classes of realistic bugs the session must cover (issue 9 and its brief).
CLASSES = {
    "wrong-value",
    "looks-right",
    "encoding",
    "error-type",
    "error-path",
    "secret",
    "null",
    "date-time",
    "unknown-values",
    "raw-body",
    "request",
    "crash",
    "body-limit",
}


def test_mutants_are_many_distinct_and_cover_every_class() -> None:
    mutants = kit_mutants.load()
    assert len(mutants) >= 30
    assert [m for m, n in Counter(m.id for m in mutants).items() if n > 1] == []
    assert {m.kind for m in mutants} >= CLASSES


@pytest.mark.parametrize("mutant", kit_mutants.load(), ids=lambda m: m.id)
def test_each_mutant_still_applies_to_the_generated_client(
    mutant: kit_mutants.Mutant, tmp_path: Path
) -> None:
    """A change to generated/ that moves a mutant's old text must update kit_mutants.toml."""
    package = tmp_path / kit_mutants.PACKAGE
    shutil.copytree(ROOT / "generated" / kit_mutants.PACKAGE, package)
    mutant.apply(package)
    changed = (package / mutant.file).read_text("utf-8")
    assert mutant.new in changed
    compile(changed, mutant.file, "exec")


def test_a_stale_mutant_is_refused(tmp_path: Path) -> None:
    package = tmp_path / kit_mutants.PACKAGE
    shutil.copytree(ROOT / "generated" / kit_mutants.PACKAGE, package)
    stale = kit_mutants.Mutant("stale", "crash", "errors.py", "no such text", "x")
    with pytest.raises(kit_mutants.StaleMutant, match="occurs 0 times"):
        stale.apply(package)
