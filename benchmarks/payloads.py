"""The response bodies the benchmarks serve and parse, built once as bytes.

The documented example lacks the fields the live API has added since; the official SDK
requires some of them, so every body here carries them, and both clients parse the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CAPTURED_EXAMPLE = ROOT / "conformance" / "captured" / "200-documented-example.json"

# Fields the live API sends that the documentation page's example predates.
NEWER_FIELDS: dict[str, Any] = {
    "data_region": "global",
    "preset_id": None,
    "response_cache_source_id": None,
    "workspace_id": None,
}

# A long fallback chain, far past what one request sees, so per-item costs dominate.
LARGE_PROVIDER_RESPONSES = 500


def example() -> dict[str, Any]:
    """The documented example's body with the newer fields, as a fresh dict."""
    body: dict[str, Any] = json.loads(CAPTURED_EXAMPLE.read_text(encoding="utf-8"))["body"]
    body["data"].update(NEWER_FIELDS)
    return body


def provider_response(index: int) -> dict[str, Any]:
    """One fallback attempt; every third one failed upstream."""
    return {
        "status": 502 if index % 3 == 0 else 200,
        "endpoint_id": f"endpoint-{index:04d}",
        "id": f"chatcmpl-{index:08x}",
        "is_byok": False,
        "latency": 100.5 + index,
        "model_permaslug": "sao10k/l3-stheno-8b",
        "provider_name": "Infermatic" if index % 2 else "DeepInfra",
        "routed_service_tier": "priority",
    }


def large() -> dict[str, Any]:
    """The example with `LARGE_PROVIDER_RESPONSES` provider attempts."""
    body = example()
    body["data"]["provider_responses"] = [
        provider_response(index) for index in range(LARGE_PROVIDER_RESPONSES)
    ]
    return body


def encode(body: dict[str, Any]) -> bytes:
    """Compact JSON, as the API sends it."""
    return json.dumps(body, separators=(",", ":")).encode()


EXAMPLE = encode(example())
LARGE = encode(large())
