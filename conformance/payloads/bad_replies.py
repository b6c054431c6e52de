"""Replies a client must refuse cleanly: bodies that are not JSON or not the documented shape,
and statuses the spec does not document. Each must give the client's documented error carrying
the status and the raw body, never a bare KeyError, TypeError or JSONDecodeError.

A 200 whose body is unusable must give Malformed; any other status may give APIError (it is an
error status) or Malformed (its body is unusable).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conformance.adapters import APIError, Malformed
from conformance.spec import Operation
from conformance.transports.respx_server import Reply

# Statuses the spec does not document: a plain 5xx, Cloudflare's 520, the 599 some proxies
# use for network timeouts, and a 2xx that is not 200 (202: a 204 cannot carry a body on a
# real socket).
UNDOCUMENTED = (202, 503, 520, 599)

_HTML = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_JSON = (("content-type", "application/json"),)
# Arrays nested this deep (valid JSON) exhaust a recursive parser's stack: Python's json raises
# RecursionError, which is no ValueError, so a client catching only that lets it escape.
DEEP = 100_000


@dataclass(frozen=True)
class BadReply:
    """A reply and the outcomes the kit accepts for it."""

    id: str
    reply: Reply
    allowed: tuple[type[APIError] | type[Malformed], ...]


def _not_json(status: int, operation: Operation) -> dict[str, Reply]:
    body = operation.body_for(status) or operation.success
    example = next((value for _, value in body.examples), {"error": {"code": status}})
    sample = json.dumps(example).encode()
    return {
        "html-page": Reply(
            status, _HTML.format(status=status).encode(), (("content-type", "text/html"),)
        ),
        "empty": Reply(status, b"", _JSON),
        "truncated-json": Reply(status, sample[: len(sample) // 2], _JSON),
        "plain-text": Reply(status, b"upstream connect error", (("content-type", "text/plain"),)),
    }


def _json(status: int, body: Any) -> Reply:
    return Reply(status, json.dumps(body).encode(), _JSON)


def catalog(operation: Operation) -> list[BadReply]:
    """Every bad reply of an operation, for 200, each documented error status and each
    undocumented status."""
    example = next((body for _, body in operation.success.examples), {"data": {"id": "gen-1"}})
    success = {
        **_not_json(200, operation),
        "invalid-utf8": Reply(200, b'{"data": "\xff\xfe"}', _JSON),
        "deep-nesting": Reply(200, b'{"data": ' + b"[" * DEEP + b"]" * DEEP + b"}", _JSON),
        "data-null": _json(200, {"data": None}),
        "data-list": _json(200, {"data": []}),
        "data-string": _json(200, {"data": "gen-1"}),
        "empty-object": _json(200, {}),
        "list": _json(200, [example]),
        "string": _json(200, "ok"),
        "null": _json(200, None),
        "number": _json(200, 42),
        "error-body": _json(200, {"error": {"code": 500, "message": "Internal Server Error"}}),
    }
    cases = [BadReply(f"{name}@200", reply, (Malformed,)) for name, reply in success.items()]
    undocumented = [status for status in UNDOCUMENTED if operation.body_for(status) is None]
    for status in (*operation.error_statuses, *undocumented):
        replies = {
            **_not_json(status, operation),
            "error-string": _json(status, {"error": "Something went wrong"}),
            "list": _json(status, []),
        }
        if status in undocumented:
            replies["error-body"] = _json(status, {"error": {"code": status, "message": "down"}})
        cases += [
            BadReply(f"{name}@{status}", reply, (APIError, Malformed))
            for name, reply in replies.items()
        ]
    return cases
