"""The spec, read as the package's own tests need it: its operations, references followed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))

# (path, method, operation) of each operation of the spec.
OPERATIONS = [
    (path, method, operation)
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if isinstance(operation, dict) and "operationId" in operation
]


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A parameter or response of the spec, its `$ref` (to components) followed."""
    while "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = SPEC["components"][section][name]
    return node


def snake(operation_id: str) -> str:
    """The operation's module name, as the generator makes it from the operationId."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def flat(text: str) -> str:
    """Text with its whitespace runs made single spaces (docstrings and lists wrap lines)."""
    return " ".join(text.split())
