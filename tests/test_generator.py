"""tools/generator.py: what it adds to openapi-python-client, and that a warning is an error."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.codegen import PACKAGE, GenerationError, Sources, generate
from tools.generator import with_parameter_descriptions

pytestmark = pytest.mark.slow


def _spec(tmp_path: Path, change: Any) -> Path:
    document = yaml.safe_load(Sources().spec.read_text("utf-8"))
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
