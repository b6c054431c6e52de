"""openapi-python-client's `generate`, with two things it has no option for.

1. **Files of our own inside the package.** The generator renders a fixed set of files. Each
   template under templates/package/ is rendered too, by the generator's own Jinja environment
   (same globals: the spec's operations and models, `package_name`, ...), into the package at
   its path there, less `.jinja`: templates/package/README.md.jinja becomes
   openrouter_generation_client/README.md. They are written before the post-hooks run, so ruff
   formats a `.py` one like every other module. One that would overwrite a file the generator
   writes is an error: override that file's template instead.
2. **A parameter's own description reaches its docstring.** OpenAPI puts it on the Parameter
   Object; openapi-python-client 0.29.1 reads only the description of the parameter's schema
   (upstream issue 1411), so `Args: id (str):` came out empty. Where the schema has none, the
   parameter's is copied onto it before parsing; nothing else of the spec changes.

The rest is the stock pipeline, from the generator's public parts: the config file, the spec
read as the generator reads YAML, `GeneratorData`, `Project.build()`. Any warning is an error
here (exit status 1, the generator's messages on stdout): a silently skipped schema would
ship a client that lacks it.

Usage (what tools/codegen.py runs): ``python -m tools.generator --spec openapi.yaml
--config generator-config.yml --templates templates --output DIR``.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from ruamel.yaml import YAML

# Where the templates of files the generator has no slot for live, inside templates/.
PACKAGE_TEMPLATES = "package/"


class PackageProject(Project):
    """The stock project, which also renders templates/package/ into the package."""

    def _run_post_hooks(self) -> None:
        # build() calls this once every stock file is written: the last moment before ruff.
        for name in sorted(self.env.list_templates(extensions=["jinja"])):
            if not name.startswith(PACKAGE_TEMPLATES):
                continue
            target = self.package_dir / name.removeprefix(PACKAGE_TEMPLATES).removesuffix(".jinja")
            if target.exists():
                self.errors.append(
                    GeneratorError(
                        header=f"templates/{name} would overwrite {target.name}",
                        detail="the generator writes that file: override its own template instead",
                    )
                )
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                self.env.get_template(name).render(), encoding=self.config.file_encoding
            )
        super()._run_post_hooks()


def _parameters(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every Parameter Object written out in the document (references are skipped)."""
    components = document.get("components") or {}
    yield from (components.get("parameters") or {}).values()
    for item in (document.get("paths") or {}).values():
        yield from item.get("parameters") or []
        for operation in item.values():
            if isinstance(operation, dict):
                yield from operation.get("parameters") or []


def with_parameter_descriptions(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document where each parameter's schema carries the parameter's
    description, unless the schema has its own or is a reference."""
    document = copy.deepcopy(document)
    for parameter in _parameters(document):
        schema = parameter.get("schema")
        if "description" in parameter and isinstance(schema, dict) and "$ref" not in schema:
            schema.setdefault("description", parameter["description"])
    return document


def generate(spec: Path, config_file: Path, templates: Path, output: Path) -> list[GeneratorError]:
    """Generate the project into `output` (which must not exist); the generator's problems."""
    config = Config.from_sources(
        ConfigFile.load_from_path(config_file),
        MetaType.UV,
        spec,
        "utf-8",
        overwrite=False,
        output_path=output,
    )
    document = YAML(typ="safe").load(spec.read_bytes())
    openapi = GeneratorData.from_dict(with_parameter_descriptions(document), config=config)
    if isinstance(openapi, GeneratorError):
        return [openapi]
    project = PackageProject(openapi=openapi, config=config, custom_template_path=templates)
    return list(project.build())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.generator", description=__doc__)
    parser.add_argument("--spec", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--templates", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    problems = generate(args.spec, args.config, args.templates.resolve(), args.output.resolve())
    for problem in problems:
        print(f"{problem.level.name.title()}: {problem.header}\n{problem.detail or ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
