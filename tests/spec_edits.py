"""Edits that tests apply to a copy of openapi.yaml, shared where two tests make the same one."""

from __future__ import annotations

from typing import Any


def double_on_every_number(node: Any) -> None:
    """Add `format: double` (an annotation, as OpenRouter's own spec writes it) to every
    number schema inside `node`, in place."""
    if isinstance(node, dict):
        declared = node.get("type")
        if declared == "number" or (isinstance(declared, list) and "number" in declared):
            node["format"] = "double"
        for value in node.values():
            double_on_every_number(value)
    elif isinstance(node, list):
        for value in node:
            double_on_every_number(value)
