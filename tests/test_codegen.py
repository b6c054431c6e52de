"""The regenerate loop: the committed client is what the sources produce; drift shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import once
from tools import codegen
from tools.codegen import PACKAGE, TOOL_CACHES, Sources, drift, generate, main, tree_diff

pytestmark = pytest.mark.slow

MODEL = f"{PACKAGE}/models/generation.py"


def _generate_fresh(directory: Path) -> None:
    generate(directory / "generated")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One generation from the committed sources, shared by the tests that only read it."""
    return once.built(tmp_path_factory, "fresh", _generate_fresh) / "generated"


@pytest.fixture
def generated_once(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """drift() on the committed sources, without running the generator again: what those
    sources generate is `fresh` (the first test compares it with the committed copy), so the
    tests of what drift reports get a copy of it instead."""

    def copy_of_fresh(dest: Path, sources: Sources) -> Path:
        committed = Sources()
        assert (sources.spec, sources.config, sources.templates) == (
            committed.spec,
            committed.config,
            committed.templates,
        )
        return Path(shutil.copytree(fresh, dest))

    monkeypatch.setattr(codegen, "generate", copy_of_fresh)


def test_committed_client_is_what_the_sources_generate(fresh: Path) -> None:
    assert tree_diff(Sources().committed, fresh) == []


def test_generation_leaves_no_caches(fresh: Path) -> None:
    leftovers = [path for path in fresh.rglob("*") if path.name in TOOL_CACHES]
    assert leftovers == []
    assert (fresh / PACKAGE / "py.typed").is_file()


@pytest.mark.usefixtures("generated_once")
def test_drift_ignores_tool_caches_and_names_a_binary_file(tmp_path: Path) -> None:
    """A user who runs mypy or pytest inside generated/ leaves caches there: not drift. A
    file that is not text is drift, named in the diff rather than crashing it."""
    committed = tmp_path / "generated"
    shutil.copytree(Sources().committed, committed)
    for cache in (".mypy_cache/3.11", f"{PACKAGE}/.pytest_cache", f"{PACKAGE}/__pycache__"):
        (committed / cache).mkdir(parents=True, exist_ok=True)
        (committed / cache / "entry.data").write_bytes(b"\xf8\x00 not utf-8")
    assert drift(Sources(committed=committed)) == []

    (committed / PACKAGE / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xf8")
    lines = drift(Sources(committed=committed))
    assert f"--- generated/{PACKAGE}/logo.png\n" in lines
    assert any(line.startswith("-(binary file, 9 bytes, sha256 ") for line in lines), lines


@pytest.mark.usefixtures("generated_once")
def test_drift_catches_a_hand_edit(tmp_path: Path) -> None:
    committed = tmp_path / "generated"
    shutil.copytree(Sources().committed, committed)
    model = committed / MODEL
    model.write_text(model.read_text("utf-8").replace("total_cost", "total_c0st"), "utf-8")

    lines = drift(Sources(committed=committed))

    assert f"--- generated/{MODEL}\n" in lines
    assert any(line.startswith("-") and "total_c0st" in line for line in lines)
    assert any(line.startswith("+") and "total_cost" in line for line in lines)


@pytest.mark.usefixtures("generated_once")
def test_drift_catches_an_added_file(tmp_path: Path) -> None:
    committed = tmp_path / "generated"
    shutil.copytree(Sources().committed, committed)
    (committed / PACKAGE / "patch.py").write_text("x = 1\n", "utf-8")

    lines = drift(Sources(committed=committed))

    assert f"--- generated/{PACKAGE}/patch.py\n" in lines


def test_a_spec_edit_reaches_the_client_and_drift_fails_until_regenerated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "openapi.yaml"
    original = Sources().spec.read_text("utf-8")
    old = "Total cost of the generation, in USD."
    new = "What the generation cost, in US dollars."
    assert old in original
    spec.write_text(original.replace(old, new), "utf-8")
    committed = tmp_path / "generated"
    shutil.copytree(Sources().committed, committed)
    edited = Sources(spec=spec, committed=committed)

    regenerated = generate(tmp_path / "regenerated", edited)
    assert new in (regenerated / MODEL).read_text("utf-8")

    # drift() regenerates from the edited sources: what that gives is `regenerated` (the
    # generator is deterministic: the committed copy is what it makes of the committed
    # sources, the first test), so it gets a copy instead of a second and third run.
    def copy_of_regenerated(dest: Path, sources: Sources) -> Path:
        assert sources == edited
        return Path(shutil.copytree(regenerated, dest))

    monkeypatch.setattr(codegen, "generate", copy_of_regenerated)
    assert any(new in line for line in drift(edited))
    shutil.rmtree(committed)
    shutil.copytree(regenerated, committed)
    assert drift(edited) == []


@pytest.mark.usefixtures("generated_once")
def test_drift_command_exits_non_zero_with_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    committed = tmp_path / "generated"
    shutil.copytree(Sources().committed, committed)
    (committed / MODEL).write_text("edited by hand\n", "utf-8")

    assert main(["drift", "--generated", str(committed)]) == 1

    captured = capsys.readouterr()
    assert "+++ regenerated/" in captured.out
    assert "nox -s generate" in captured.err
