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


def third_operation(document: dict[str, Any]) -> None:
    """The top-level README's "Adding an operation": `GET /generation/usage`
    (`getGenerationUsage`), its own 200 body and the shared 404."""
    get = document["paths"]["/generation"]["get"]
    document["components"]["schemas"]["GenerationUsageResponse"] = {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {
                "type": "object",
                "required": ["tokens"],
                "properties": {
                    "tokens": {"type": "integer"},
                    "cost": {"type": ["number", "null"]},
                },
            }
        },
    }
    document["paths"]["/generation/usage"] = {
        "get": {
            "operationId": "getGenerationUsage",
            "tags": ["Generations"],
            "summary": "Usage of a generation",
            "security": get["security"],
            "parameters": [get["parameters"][0]],
            "responses": {
                "200": {
                    "description": "The usage.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/GenerationUsageResponse"}
                        }
                    },
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    }
