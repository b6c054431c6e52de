"""Hashes of the generator's stock templates that templates/ overrides, to catch an upgrade.

Each template in templates/ is the stock template of the pinned openapi-python-client plus
our delta. When the generator changes a stock template under one of ours, our copy silently
keeps the old stock code; `check` names every such template so its delta can be re-merged.
templates/STOCK.json records, for each override, the sha256 of the stock file it started from.

Usage: ``python -m tools.stock_templates check`` (exit 1 listing the templates to re-merge),
or ``python -m tools.stock_templates refresh`` once they are re-merged (or one is added).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

import openapi_python_client

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
RECORD = TEMPLATES / "STOCK.json"
GENERATOR = "openapi-python-client"


def stock_dir() -> Path:
    """Where the installed generator keeps its stock templates."""
    return Path(openapi_python_client.__file__).parent / "templates"


# Templates of ours that replace none: package/ (files tools/generator.py renders into the
# package, which the generator has no slot for) and shared/ (what other templates import).
ADDITIONS = ("package", "shared")


def overrides(templates: Path = TEMPLATES) -> list[str]:
    """Every template of ours that replaces a stock one, as a path relative to templates/."""
    return sorted(
        path.relative_to(templates).as_posix()
        for path in templates.rglob("*.jinja")
        if path.relative_to(templates).parts[0] not in ADDITIONS
    )


def stock_hashes(names: list[str], stock: Path) -> dict[str, str | None]:
    """sha256 of each named stock template; None for one the generator does not have."""
    return {
        name: hashlib.sha256((stock / name).read_bytes()).hexdigest()
        if (stock / name).is_file()
        else None
        for name in names
    }


def to_remerge(recorded: dict[str, str | None], current: dict[str, str | None]) -> list[str]:
    """The overrides whose stock template is not the one recorded: re-merge each, then refresh."""
    return sorted(
        name
        for name in recorded.keys() | current.keys()
        if recorded.get(name, "?") != current.get(name, "?")
    )


def recorded(record: Path = RECORD) -> dict[str, str | None]:
    """The stock hashes written by the last `refresh`."""
    hashes: dict[str, str | None] = json.loads(record.read_text("utf-8"))["templates"]
    return hashes


def refresh(record: Path = RECORD) -> None:
    """Record the installed generator's stock hashes for every override."""
    document = {
        "generator": f"{GENERATOR}=={metadata.version(GENERATOR)}",
        "templates": stock_hashes(overrides(), stock_dir()),
    }
    record.write_text(json.dumps(document, indent=2) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.stock_templates", description=__doc__)
    parser.add_argument("command", choices=["check", "refresh"])
    args = parser.parse_args(argv)
    if args.command == "refresh":
        refresh()
        print(f"recorded the stock hashes of {len(overrides())} templates in {RECORD.name}")
        return 0
    changed = to_remerge(recorded(), stock_hashes(overrides(), stock_dir()))
    if changed:
        print(
            f"the stock templates of {GENERATOR} {metadata.version(GENERATOR)} differ from those "
            f"templates/ was made from; re-merge: {', '.join(changed)}, then run "
            "`python -m tools.stock_templates refresh`",
            file=sys.stderr,
        )
        return 1
    print("templates/ overrides the stock templates it was made from")
    return 0


if __name__ == "__main__":
    sys.exit(main())
