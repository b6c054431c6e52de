"""The lock files the sessions install from agree with pyproject.toml's dependency groups.

`nox -s lock` writes them; this catches a group edited without re-locking, and a lock file
that would send uv to a particular index rather than the one the machine is configured with.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

LOCKS = ROOT / "requirements" / "lock"
GROUPS: dict[str, list[str | dict[str, str]]] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text("utf-8")
)["dependency-groups"]


def requirements(group: str) -> set[str]:
    """A group's requirements, its included groups' too (PEP 735 include-group)."""
    found: set[str] = set()
    for entry in GROUPS[group]:
        if isinstance(entry, dict):
            found |= requirements(entry["include-group"])
        else:
            found.add(entry)
    return found


def pins(lock: Path) -> set[str]:
    """`name==version` of every package a lock file installs."""
    return set(re.findall(r"^([A-Za-z0-9._-]+==[^\s;\\]+)", lock.read_text("utf-8"), re.M))


def normalise(requirement: str) -> str:
    name, version = requirement.split("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


LOCK_FILES = sorted(LOCKS.glob("*.txt"))


def test_every_session_environment_has_a_lock() -> None:
    names = {lock.stem for lock in LOCK_FILES}
    assert {"generate", "lint", "typecheck", "test", "test+peer", "bench", "live"} <= names


@pytest.mark.parametrize("lock", LOCK_FILES, ids=[lock.stem for lock in LOCK_FILES])
def test_a_lock_pins_each_requirement_of_its_groups_at_the_group_s_version(lock: Path) -> None:
    wanted = {normalise(r) for group in lock.stem.split("+") for r in requirements(group)}
    locked = {normalise(pin) for pin in pins(lock)}
    assert wanted - locked == set(), f"{lock.name} is stale: run `python3 -m nox -s lock`"


@pytest.mark.parametrize("lock", LOCK_FILES, ids=[lock.stem for lock in LOCK_FILES])
def test_a_lock_pins_every_package_with_hashes_and_names_no_index(lock: Path) -> None:
    text = lock.read_text("utf-8")
    assert "://" not in text
    assert "--index-url" not in text
    entries = [line for line in text.splitlines() if line and not line[0].isspace()]
    entries = [line for line in entries if not line.startswith("#")]
    assert entries
    assert all(re.match(r"[A-Za-z0-9._-]+==\S+ (; .+ )?\\$", line) for line in entries), entries
    assert text.count("--hash=sha256:") >= len(entries)
