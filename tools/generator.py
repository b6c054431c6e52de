"""openapi-python-client's `generate`, with what it has no option for.

1. **Files of our own inside the package.** The generator renders a fixed set of files (the
   client, errors, types, the models and operations, the readme beside pyproject.toml) and no
   template can add one. Two kinds are added here, and neither may replace a file the
   generator writes (that file's template is overridden instead):
   - each template under templates/package/, rendered by the generator's own Jinja
     environment (same globals: the spec's operations and models, `package_name`, ...) into
     the package at its path there, less `.jinja`, before the post-hooks, so ruff formats a
     `.py` one like every generated module: templates/package/README.md.jinja is the
     package's README.md, which a copied folder carries;
   - each `templates/python/_*.py`, the client's plain-Python modules (retries, rate limit,
     clock, ...), copied byte for byte after the post-hooks: the repository's own ruff
     formats them, as it does every file of templates/python/.
2. **What the templates need of the spec and are not given** (tools/generator_input.py): a
   `$ref` to a schema that is no class is inlined, so its constraints are the model's own, and
   the first server's URL is the templates' global `server_url` (DEFAULT_BASE_URL).
3. **A parameter's own description reaches its docstring.** OpenAPI puts it on the Parameter
   Object; openapi-python-client 0.29.1 reads only the description of the parameter's schema
   (upstream issue 1411), so `Args: id (str):` came out empty. Where the schema has none, the
   parameter's is copied onto it before parsing; nothing else of the spec changes.
4. **Templates compiled once.** The generator compiles every template at every run; here
   Jinja's bytecode cache keeps them (`bytecode_cache`), each file checked against its own
   SHA-256. A cache that cannot be made, read, written or trusted only costs the compile again.

The rest is the stock pipeline, from the generator's public parts: the config file, the spec
read as the generator reads YAML, `GeneratorData`, `Project.build()`. Any warning is an error
here (exit status 1, the generator's messages on stdout): the stock CLI prints them to stderr
and exits 0, and a skipped operation or schema would ship a client that lacks it.

Usage (what tools/codegen.py runs): ``python -m tools.generator --spec openapi.yaml
--config generator-config.yml --templates templates --output DIR``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from ruamel.yaml import YAML

from tools import generator_input

# Where the templates of files the generator has no slot for live, inside templates/.
PACKAGE_TEMPLATES = "package/"
# Compiling the templates is a large share of a generation's own work, and every run (each
# `nox -s generate`, the drift check, the tests' regenerations) compiled the same ones again.
# Jinja keeps each compiled template in its own per-user temporary directory, keyed by the
# template's name and path and checked against a hash of its source, so an edited template is
# compiled afresh. The file name carries the versions of Jinja, whose bytecode another version
# may not run, and of the generator, whose filters Jinja may apply at compile time (to a
# constant). The output is the same bytes either way.
BYTECODE_CACHE = (
    f"__jinja2_{jinja2.__version__}_opc_{importlib.metadata.version('openapi-python-client')}"
    "_%s.cache"
)
# The bytes of the SHA-256 each cache file opens with.
_DIGEST = hashlib.sha256().digest_size


class _CheckedCache(FileSystemBytecodeCache):
    """Jinja's file cache, each file led by a SHA-256 of the rest: Jinja trusts the compiled
    code it reads back, so a file damaged on disk would run as it is (wrong output, or a
    crash). A file that cannot be read, written or trusted is no cache: the template is
    compiled instead."""

    def _file(self, bucket: Bucket) -> Path:
        return Path(self.directory) / (self.pattern % (bucket.key,))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            kept = self._file(bucket).read_bytes()
        except OSError:
            return
        digest, compiled = kept[:_DIGEST], kept[_DIGEST:]
        if hashlib.sha256(compiled).digest() != digest:
            return
        try:
            bucket.bytecode_from_string(compiled)
        except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        target = self._file(bucket)
        # Written beside the target and renamed over it: a concurrent run reads either the
        # old file or the new one, never half of one.
        try:
            written = tempfile.NamedTemporaryFile(dir=target.parent, delete=False)  # noqa: SIM115
        except OSError:
            return
        try:
            with written:
                written.write(hashlib.sha256(compiled).digest() + compiled)
            os.replace(written.name, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(written.name)


def bytecode_cache(directory: str | None = None) -> BytecodeCache | None:
    """The compiled templates' cache, in `directory` (None: Jinja's per-user temporary one);
    None when there is no such directory to be had (an unwritable or unsafe temp dir)."""
    try:
        return _CheckedCache(directory, BYTECODE_CACHE)
    except (OSError, RuntimeError):
        return None


def modules(templates: Path) -> list[Path]:
    """The package's own plain-Python modules, `templates/python/_*.py`, copied as they are.

    The other files of templates/python/ are included by a template instead.
    """
    return sorted((templates / "python").glob("_*.py"))


def _clash(target: Path, source: str) -> GeneratorError | None:
    """The error for an addition that would replace a file the generator wrote, if it would."""
    if not target.exists():
        return None
    return GeneratorError(
        header=f"{source} would replace {target.name}",
        detail="the generator writes that file: override its own template instead",
    )


def copy_modules(templates: Path, package: Path) -> list[GeneratorError]:
    """Copy `modules(templates)` into `package`, never over a file already there."""
    clashes = []
    for module in modules(templates):
        clash = _clash(package / module.name, f"templates/python/{module.name}")
        if clash is None:
            shutil.copyfile(module, package / module.name)
        else:
            clashes.append(clash)
    return clashes


class PackageProject(Project):
    """The stock project, plus our own files inside the package (see the module docstring)."""

    def __init__(self, *, openapi: GeneratorData, config: Config, templates: Path) -> None:
        super().__init__(openapi=openapi, config=config, custom_template_path=templates)
        self.env.bytecode_cache = bytecode_cache()
        self.templates = templates

    def _run_post_hooks(self) -> None:
        # build() calls this once every stock file is written: the last moment before ruff.
        for name in sorted(self.env.list_templates(extensions=["jinja"])):
            if not name.startswith(PACKAGE_TEMPLATES):
                continue
            target = self.package_dir / name.removeprefix(PACKAGE_TEMPLATES).removesuffix(".jinja")
            clash = _clash(target, f"templates/{name}")
            if clash is not None:
                self.errors.append(clash)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                self.env.get_template(name).render(), encoding=self.config.file_encoding
            )
        super()._run_post_hooks()
        self.errors.extend(copy_modules(self.templates, self.package_dir))


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
    try:
        server = generator_input.server_url(document)
    except generator_input.SpecError as error:
        return [GeneratorError(header=str(error))]
    parsed = with_parameter_descriptions(generator_input.inline_scalar_refs(document))
    openapi = GeneratorData.from_dict(parsed, config=config)
    if isinstance(openapi, GeneratorError):
        return [openapi]
    project = PackageProject(openapi=openapi, config=config, templates=templates)
    project.env.globals["server_url"] = server
    project.env.globals["parameter_schemas"] = generator_input.parameter_schemas(document)
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
