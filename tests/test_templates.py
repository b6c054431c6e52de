"""templates/ survives a generator upgrade: the stock templates under our overrides are the ones
we started from, and the plain Python the templates include, or that tools/generator.py copies
into the package as modules of its own, is real, linted Python."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from tools import generator, stock_templates
from tools.codegen import PACKAGE, Sources
from tools.stock_templates import TEMPLATES

INCLUDE = re.compile(r"""\{%-?\s*include\s+["']python/([^"']+)["']""")


def test_the_installed_generator_s_stock_templates_are_the_ones_ours_were_made_from() -> None:
    current = stock_templates.stock_hashes(stock_templates.overrides(), stock_templates.stock_dir())
    changed = stock_templates.to_remerge(stock_templates.recorded(), current)
    assert not changed, (
        f"re-merge these templates with the new stock ones: {changed}; "
        "then run `python -m tools.stock_templates refresh`"
    )


def test_every_override_has_a_stock_twin_on_record() -> None:
    hashes = stock_templates.recorded()
    assert set(hashes) == set(stock_templates.overrides())
    assert all(hashes.values()), [name for name, digest in hashes.items() if not digest]


def test_a_changed_stock_template_is_named_for_re_merge(tmp_path: Path) -> None:
    stock = tmp_path / "stock"
    shutil.copytree(stock_templates.stock_dir(), stock)
    (stock / "model.py.jinja").write_text("{# the next release #}\n", "utf-8")
    (stock / "types.py.jinja").unlink()
    names = stock_templates.overrides()

    changed = stock_templates.to_remerge(
        stock_templates.recorded(), stock_templates.stock_hashes(names, stock)
    )

    assert changed == ["model.py.jinja", "types.py.jinja"]


def test_a_new_override_is_named_until_it_is_recorded(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "setup.py.jinja").write_text("{# ours #}\n", "utf-8")
    names = stock_templates.overrides(templates)

    changed = stock_templates.to_remerge(
        stock_templates.recorded(), stock_templates.stock_hashes(names, stock_templates.stock_dir())
    )

    assert changed == ["setup.py.jinja"]


def _includes() -> dict[str, list[str]]:
    """Each templates/python/ file but the package's own modules, with the templates that
    include it."""
    modules = {path.name for path in generator.modules(TEMPLATES)}
    found: dict[str, list[str]] = {
        p.name: [] for p in (TEMPLATES / "python").glob("*.py") if p.name not in modules
    }
    for template in TEMPLATES.rglob("*.jinja"):
        for name in INCLUDE.findall(template.read_text("utf-8")):
            found.setdefault(name, []).append(template.name)
    return found


def test_each_plain_python_file_is_included_by_a_template_and_exists() -> None:
    includes = _includes()
    assert includes, "templates/python/ holds the templates' plain Python"
    assert all(includes.values()), [name for name, users in includes.items() if not users]
    assert all((TEMPLATES / "python" / name).is_file() for name in includes)


def test_each_plain_python_file_is_python_and_free_of_jinja_syntax() -> None:
    for path in sorted((TEMPLATES / "python").glob("*.py")):
        text = path.read_text("utf-8")
        # The generator's Jinja parses an included file too: these would be read as tags.
        assert not re.search(r"\{\{|\{%|\{#", text), path.name
        ast.parse(text, filename=str(path))


def test_each_module_of_the_package_s_own_is_copied_byte_for_byte_and_never_included() -> None:
    modules = generator.modules(TEMPLATES)
    names = [path.name for path in modules]
    assert {"_clock.py", "_retries.py", "_rate_limit.py", "_transport.py"} <= set(names)
    assert not set(names) & {name for users in _includes().values() for name in users}
    assert not set(names) & set(_includes())
    committed = Sources().committed / PACKAGE
    for path in modules:
        assert (committed / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_module_that_would_replace_a_generated_file_is_an_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "python" / "_clash.py").write_text('"""ours"""\n', "utf-8")
    package = tmp_path / "out" / PACKAGE
    package.mkdir(parents=True)
    (package / "_clash.py").write_text("generated\n", "utf-8")

    clashes = generator.copy_modules(templates, package)

    assert [clash.header for clash in clashes] == [
        "templates/python/_clash.py would replace _clash.py"
    ]
    assert (package / "_clash.py").read_text("utf-8") == "generated\n"
