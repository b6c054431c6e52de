"""Captured responses: JSON files replayed as cases, so a real response becomes a regression test
by dropping its file into conformance/captured/.

A file is `{"description", "operation", "status", "headers", "body"}`, or `"body_text"`
instead of `"body"` for a body that is not JSON (an HTML page from a proxy, say); `operation`
is the operationId of the call that got the response. Headers that describe the
transfer rather than the body (length, encoding) are dropped: the body is stored decoded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.transports.respx_server import Reply

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "captured"
_TRANSFER_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})
_NOT_JSON = object()


class BadCapture(Exception):
    """A captured file is not in the format above; the message names the file and the problem."""


@dataclass(frozen=True)
class Captured:
    """One captured response: its file name, its operation, the reply to serve, and the body
    if it is JSON."""

    name: str
    operation: str
    description: str
    reply: Reply
    body: Any

    @property
    def is_json(self) -> bool:
        return self.body is not _NOT_JSON


def load(directory: Path = DEFAULT_DIR) -> list[Captured]:
    """Every `*.json` file of the directory, sorted by name."""
    return [_load(path) for path in sorted(directory.glob("*.json"))]


def _load(path: Path) -> Captured:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BadCapture(f"{path}: not readable JSON ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("status"), int):
        raise BadCapture(f"{path}: needs an integer 'status'")
    if not isinstance(document.get("operation"), str):
        raise BadCapture(f"{path}: needs 'operation', the operationId the response answers")
    if ("body" in document) == ("body_text" in document):
        raise BadCapture(f"{path}: needs exactly one of 'body' (JSON) and 'body_text' (raw text)")
    headers = document.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise BadCapture(f"{path}: 'headers' must map names to strings")
    kept = tuple((k, v) for k, v in headers.items() if k.lower() not in _TRANSFER_HEADERS)
    if "body" in document:
        body = document["body"]
        content = json.dumps(body, ensure_ascii=False).encode()
    else:
        body = _NOT_JSON
        content = str(document["body_text"]).encode()
    return Captured(
        name=path.stem,
        operation=document["operation"],
        description=str(document.get("description", "")),
        reply=Reply(document["status"], content, kept),
        body=body,
    )
