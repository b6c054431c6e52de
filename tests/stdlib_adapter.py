"""The kit's adapter for tests/stdlib_client.py, written from conformance/README.md alone.

It declares what the client has: both operations, a sync API only, sockets only. It passes
each trait on as the contract says: the headers as the client keeps them, `body=None` (the
client exposes no parsed error body), `round_trip=None` (it has no serialiser), and `data`
exactly as the client reads it, an absent field as None.
"""

from __future__ import annotations

from typing import Any

from conformance.adapters import (
    APIError,
    Call,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    Supports,
)
from tests import stdlib_client as client


class StdlibAdapter:
    name = "stdlib-client"
    supports = Supports(
        operations=frozenset(client.Client.PATHS), apis=("sync",), transports=("socket",)
    )

    def get(self, call: Call) -> Outcome:
        timeout = 10.0 if call.timeout is None else call.timeout
        try:
            record = client.Client(call.api_key, call.base_url, timeout).get(
                call.operation, call.params["id"]
            )
        except client.ApiError as exc:
            return APIError(
                exc.status,
                exc.code,
                exc.message,
                exc.metadata,
                exc.raw,
                exc,
                body=None,
                headers=exc.headers,
            )
        except client.BadResponse as exc:
            return Malformed(exc.status, exc.raw, str(exc), exc, path=exc.where)
        except client.NoReply as exc:
            return NoResponse(exc)
        except Exception as exc:  # anything else escaping the client is a crash
            return Crashed(exc)
        extras: dict[str, Any] = {}
        return Parsed(_plain(record, "", extras), extras, round_trip=None, returned=record)

    async def aget(self, call: Call) -> Outcome:
        raise NotImplementedError("the client has no async API; Supports says so")


def _plain(value: Any, where: str, extras: dict[str, Any]) -> Any:
    """A Record as plain Python, its undeclared fields gathered into `extras` by location."""
    if isinstance(value, list):
        return [_plain(item, f"{where}[{index}]", extras) for index, item in enumerate(value)]
    if not isinstance(value, client.Record):
        return value
    if value.extra:
        extras[where] = dict(value.extra)
    return {
        name: _plain(item, f"{where}.{name}" if where else name, extras)
        for name, item in value.fields.items()
    }
