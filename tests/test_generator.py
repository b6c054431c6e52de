"""tools/generator.py: what it adds to openapi-python-client, and that a warning is an error."""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.metadata
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from jinja2 import BytecodeCache
from jinja2.bccache import bc_magic
from openapi_python_client import Project

from conformance.spec import read_yaml
from tools import generator
from tools.codegen import PACKAGE, GenerationError, Sources, generate
from tools.generator import bytecode_cache, with_parameter_descriptions

pytestmark = pytest.mark.slow


def _spec(tmp_path: Path, change: Any) -> Path:
    document = read_yaml(Sources().spec.read_bytes())
    change(document)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    return spec


def test_a_generator_warning_fails_the_generation(tmp_path: Path) -> None:
    """openapi-python-client skips an operation it cannot generate with only a warning (and
    exit status 0): the client would ship without it."""

    def csv_body(document: dict[str, Any]) -> None:
        document["paths"]["/generation"]["get"]["requestBody"] = {
            "content": {"text/csv": {"schema": {"type": "string"}}}
        }

    with pytest.raises(GenerationError, match="Unsupported content type text/csv"):
        generate(tmp_path / "out", Sources(spec=_spec(tmp_path, csv_body)))


def test_a_package_template_may_not_overwrite_a_file_the_generator_writes(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(Sources().templates, templates)
    (templates / "package" / "client.py.jinja").write_text("# ours\n", "utf-8")

    with pytest.raises(GenerationError, match=r"templates/package/client\.py\.jinja would replace"):
        generate(tmp_path / "out", Sources(templates=templates))


def test_each_package_template_is_rendered_into_the_package(tmp_path: Path) -> None:
    """A new file in templates/package/ appears in the package, rendered with the spec."""
    templates = tmp_path / "templates"
    shutil.copytree(Sources().templates, templates)
    (templates / "package" / "_operations.py.jinja").write_text(
        '"""Operations."""\n\nNAMES = [\n'
        "{% for c in endpoint_collections_by_tag.values() %}{% for e in c.endpoints %}"
        '"{{ e.name }}",\n{% endfor %}{% endfor %}]\n',
        "utf-8",
    )

    out = generate(tmp_path / "out", Sources(templates=templates))

    rendered = (out / PACKAGE / "_operations.py").read_text("utf-8")
    # Formatted by the post-hooks like every generated module.
    assert rendered == (
        '"""Operations."""\n\nNAMES = [\n    "get_generation",\n    "get_generation_content",\n]\n'
    )


def test_a_parameter_s_description_is_copied_onto_its_schema_unless_it_has_one() -> None:
    document: dict[str, Any] = {
        "components": {
            "parameters": {
                "Id": {"name": "id", "in": "query", "description": "The id.", "schema": {}},
                "Own": {
                    "name": "own",
                    "in": "query",
                    "description": "Outer.",
                    "schema": {"description": "Inner."},
                },
            }
        },
        "paths": {
            "/a": {
                "parameters": [
                    {"name": "p", "in": "query", "description": "Path level.", "schema": {}}
                ],
                "summary": "a path item's string field",
                "get": {
                    "parameters": [
                        {"$ref": "#/components/parameters/Id"},
                        {
                            "name": "r",
                            "in": "query",
                            "description": "Ref'd schema.",
                            "schema": {"$ref": "#/components/schemas/R"},
                        },
                        {"name": "n", "in": "query", "schema": {"type": "string"}},
                    ]
                },
            }
        },
    }
    original = copy.deepcopy(document)

    described = with_parameter_descriptions(document)

    assert document == original
    parameters = described["components"]["parameters"]
    assert parameters["Id"]["schema"] == {"description": "The id."}
    assert parameters["Own"]["schema"] == {"description": "Inner."}
    path_item = described["paths"]["/a"]
    assert path_item["parameters"][0]["schema"] == {"description": "Path level."}
    ref, named = path_item["get"]["parameters"][1:]
    assert ref["schema"] == {"$ref": "#/components/schemas/R"}
    assert named["schema"] == {"type": "string"}


def _compiled_by_a_generation(templates: Path, cache: Path, output: Path) -> list[str]:
    """The templates a generation into `output` compiled: those missing from `cache`."""
    compiled: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(env: jinja2.Environment, source: Any, name: Any = None, *args: Any) -> Any:
        compiled.append(str(name))
        return compile_source(env, source, name, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", counting)
        patch.setattr(generator, "bytecode_cache", functools.partial(bytecode_cache, str(cache)))
        # The stock post-hooks (ruff) compile nothing; the package's own templates still render.
        patch.setattr(Project, "_run_post_hooks", lambda self: None)
        sources = Sources(templates=templates)
        assert generator.generate(sources.spec, sources.config, templates, output) == []
    return compiled


def test_a_generation_compiles_only_the_templates_edited_since_the_last(tmp_path: Path) -> None:
    """Templates are compiled once, not at every generation: the bytecode cache keeps them,
    and an edited template is compiled afresh."""
    cache = tmp_path / "cache"
    cache.mkdir()
    templates = tmp_path / "templates"
    shutil.copytree(Sources().templates, templates)

    assert "model.py.jinja" in _compiled_by_a_generation(templates, cache, tmp_path / "first")
    assert _compiled_by_a_generation(templates, cache, tmp_path / "second") == []
    model = templates / "model.py.jinja"
    model.write_text(model.read_text("utf-8") + "{# edited #}\n", "utf-8")
    assert _compiled_by_a_generation(templates, cache, tmp_path / "third") == ["model.py.jinja"]


def test_a_cache_that_cannot_be_had_written_or_trusted_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template still loads whatever the cache's state: no temporary directory to make it
    in, a directory that vanished, or a cache file that is damaged or garbage."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.jinja").write_text('{{ "answer" | upper }}', "utf-8")

    def rendered(cache: BytecodeCache | None) -> str:
        env = jinja2.Environment(  # noqa: S701 (renders no HTML)
            loader=jinja2.FileSystemLoader(templates), bytecode_cache=cache
        )
        return env.get_template("t.jinja").render()

    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("", "utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(not_a_directory))
        assert bytecode_cache() is None

    assert rendered(bytecode_cache(str(tmp_path / "gone"))) == "ANSWER"
    cache = tmp_path / "cache"
    cache.mkdir()
    assert rendered(bytecode_cache(str(cache))) == "ANSWER"
    (written,) = cache.iterdir()
    # Compiled code depends on Jinja's version and, through filters folded at compile time,
    # the generator's: a file of other versions is never read back.
    generator_version = importlib.metadata.version("openapi-python-client")
    assert written.name.startswith(f"__jinja2_{jinja2.__version__}_opc_{generator_version}_")
    kept = written.read_bytes()
    assert kept.count(b"ANSWER") == 1  # the text, folded into the compiled code
    damaged = [
        b"",
        kept[:-7],
        kept.replace(b"ANSWER", b"ANSWEX"),  # Jinja would run it as it is: ANSWEX
        hashlib.sha256(bc_magic).digest() + bc_magic,  # intact, but no code after the header
    ]
    for garbage in damaged:
        written.write_bytes(garbage)
        assert rendered(bytecode_cache(str(cache))) == "ANSWER"
