"""Regenerate the client from the spec, and check that the committed copy is exactly that.

One module serves `nox -s generate`, `nox -s drift` and the tests, so there is a single
definition of "what the spec, the config and the templates produce".

Usage: ``python -m tools.codegen generate`` or ``python -m tools.codegen drift``.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "openrouter_generation_client"


@dataclass(frozen=True)
class Sources:
    """The three inputs of a generation, and where its output is committed."""

    spec: Path = ROOT / "openapi.yaml"
    config: Path = ROOT / "generator-config.yml"
    templates: Path = ROOT / "templates"
    committed: Path = ROOT / "generated"


def generate(dest: Path, sources: Sources = Sources()) -> Path:
    """Run openapi-python-client (through tools/generator.py) into `dest`, which must not
    exist, and return it.

    The generator's post-hooks call `ruff`; the one next to this interpreter comes first on
    PATH so the pinned version formats the output, whatever else the machine has.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    command = [
        sys.executable,
        "-m",
        "tools.generator",
        "--spec",
        str(sources.spec),
        "--config",
        str(sources.config),
        "--templates",
        str(sources.templates),
        "--output",
        str(dest),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    # tools/generator.py fails on the generator's warnings too (a silently skipped schema would
    # ship a client that lacks it); the lines are checked as well, in case one slips through.
    problems = [line for line in result.stdout.splitlines() if "Warning" in line or "Error" in line]
    if result.returncode != 0 or problems or not (dest / PACKAGE).is_dir():
        raise GenerationError(result.stdout + result.stderr)
    return dest


class GenerationError(RuntimeError):
    """openapi-python-client failed or warned; the message is its full output."""


def tree_diff(expected: Path, actual: Path) -> list[str]:
    """Unified diff lines between two trees, file by file (empty when they are identical)."""
    expected_files = _files(expected)
    actual_files = _files(actual)
    lines: list[str] = []
    for name in sorted(expected_files | actual_files):
        old = _read(expected / name) if name in expected_files else []
        new = _read(actual / name) if name in actual_files else []
        lines.extend(
            difflib.unified_diff(
                old, new, fromfile=f"generated/{name}", tofile=f"regenerated/{name}"
            )
        )
    return lines


# Caches that a user's own runs of Python, mypy, pytest or ruff leave inside generated/ (all
# gitignored): not output of the generator, so never part of a diff.
TOOL_CACHES = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}
)


def _files(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not TOOL_CACHES.intersection(path.relative_to(root).parts)
    }


def _read(path: Path) -> list[str]:
    """A file's lines; a file that is not UTF-8 text as one line naming it, so that it still
    shows in the diff when it was added, removed or changed."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return [f"(binary file, {len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()})\n"]


def regenerate(sources: Sources = Sources()) -> None:
    """Replace the committed output with a fresh generation (all or nothing)."""
    with tempfile.TemporaryDirectory(prefix="regenerate-") as scratch:
        fresh = generate(Path(scratch) / "generated", sources)
        shutil.rmtree(sources.committed, ignore_errors=True)
        shutil.copytree(fresh, sources.committed)


def drift(sources: Sources = Sources()) -> list[str]:
    """Diff lines between what is committed and what the sources generate now."""
    with tempfile.TemporaryDirectory(prefix="drift-") as scratch:
        fresh = generate(Path(scratch) / "generated", sources)
        return tree_diff(sources.committed, fresh)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "drift"])
    parser.add_argument(
        "--generated",
        type=Path,
        default=Sources.committed,
        help="the committed output to write or check (default: generated/)",
    )
    args = parser.parse_args(argv)
    sources = Sources(committed=args.generated)
    if args.command == "generate":
        regenerate(sources)
        print(f"regenerated {sources.committed} from {sources.spec.name}")
        return 0
    lines = drift(sources)
    if lines:
        sys.stdout.writelines(lines)
        print(
            "\ngenerated/ differs from what openapi.yaml, generator-config.yml and templates/ "
            "produce.\nFix the spec, the config or a template (never generated/ by hand), "
            "then run `nox -s generate`.",
            file=sys.stderr,
        )
        return 1
    print("generated/ matches the spec, the config and the templates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
