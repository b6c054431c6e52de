"""The kit's layout holds: its parts import each other in one order only (the top-level README's
table), no module of the kit imports itself back through others, and the public surface an
adapter author is told to import stays importable."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

KIT = Path(__file__).resolve().parents[1] / "conformance"
# Each part may import only the parts before it (README: "Conformance kit").
ORDER = ("spec", "adapters", "transports", "payloads", "judging", "case", "report", "kit", "kinds")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(KIT.parent).with_suffix("").parts).removesuffix(".__init__")


def _imports() -> dict[str, set[str]]:
    """Each kit module's imports of other kit modules (a `from package import module` names
    the module, not the package)."""
    modules = {_module(path): path for path in KIT.rglob("*.py") if "reports" not in path.parts}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        found[name] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("conformance"):
                assert node.level == 0, f"{name}: relative import"
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found[name].add(sub if sub in modules else str(node.module))
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_each_part_imports_only_the_parts_before_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _part(module) in ORDER
        and _part(target) in ORDER
        and ORDER.index(_part(target)) > ORDER.index(_part(module))
    ]
    assert wrong == []


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle reachable from some module, each as the path that closes it."""
    circles: list[list[str]] = []

    def visit(module: str, path: list[str], done: set[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                circles.append([*path[path.index(target) :], target])
            elif target not in done:
                done.add(target)
                visit(target, [*path, target], done)

    for module in sorted(graph):
        visit(module, [module], set())
    return circles


def test_no_module_of_the_kit_imports_itself_back() -> None:
    assert _circles(_imports()) == []


def test_a_circle_is_seen() -> None:
    """The search finds the circle this layout broke: report -> cases -> kit -> report."""
    old = {"_report": {"cases"}, "cases": {"kit"}, "kit": {"_report", "spec"}, "spec": set()}
    assert ["_report", "cases", "kit", "_report"] in _circles(old)


def test_the_documented_public_surface_imports() -> None:
    """What conformance/README.md tells an adapter author to import."""
    adapters = importlib.import_module("conformance.adapters")
    for name in ("APIError", "Call", "Crashed", "Malformed", "NoResponse", "Outcome", "Parsed"):
        assert hasattr(adapters, name), name
    assert hasattr(adapters, "Promises")
    spec = importlib.import_module("conformance.spec")
    unknown = importlib.import_module("conformance.spec.unknown_fields")
    schema = spec.load().operation("getGeneration").success.schema
    assert unknown.extras(schema, {"data": {"id": "x", "new": 1}, "top": 2}) == {
        "": {"top": 2},
        "data": {"new": 1},
    }
    # The first README's import path, kept for adapters written against it.
    assert importlib.import_module("conformance.unknown_fields").extras is unknown.extras
