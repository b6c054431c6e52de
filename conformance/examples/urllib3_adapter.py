"""The adapter for the example urllib3 client: run it with

    python3 -m nox -s conformance -- --client conformance.examples.urllib3_adapter:Urllib3Adapter

It declares its two operations and the socket transport (urllib3 is not httpx, so respx
cannot answer it), promises
full paths in its malformed errors, and runs the client's sync API in a thread for `aget`: the
client has no async API of its own.
"""

from __future__ import annotations

import asyncio
from typing import Any

from conformance import spec
from conformance.adapters import (
    APIError,
    Call,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    Promises,
    Supports,
)
from conformance.examples import urllib3_client as client
from conformance.spec import unknown_fields

# The spec's operationIds and the client's methods.
METHODS = {"getGeneration": "get_generation", "getGenerationContent": "get_generation_content"}


class Urllib3Adapter:
    """One client per base URL and timeout, reused across calls (connections kept alive)."""

    name = "urllib3-example"
    # Its two operations, over sockets only (respx answers httpx alone), retries off.
    supports = Supports(operations=frozenset(METHODS), transports=("socket",))
    promises = Promises(full_paths=True)

    def __init__(self) -> None:
        self._spec = spec.load()
        self._clients: dict[tuple[str, str, float | None], client.GenerationClient] = {}

    def _client(self, call: Call) -> client.GenerationClient:
        key = (call.base_url, call.api_key, call.timeout)
        if key not in self._clients:
            timeout = 10.0 if call.timeout is None else call.timeout
            self._clients[key] = client.GenerationClient(
                call.api_key, base_url=call.base_url, timeout=timeout
            )
        return self._clients[key]

    def get(self, call: Call) -> Outcome:
        try:
            fetch = getattr(self._client(call), METHODS[call.operation])
            body = fetch(call.params["id"])
        except client.StatusError as exc:
            detail: dict[str, Any] = (exc.error or {}).get("error") or {}
            return APIError(
                status=exc.status,
                code=detail.get("code"),
                message=detail.get("message"),
                metadata=detail.get("metadata"),
                raw_body=exc.body,
                exception=exc,
                body=exc.error,
            )
        except client.MalformedResponse as exc:
            return Malformed(exc.status, exc.body, str(exc), exception=exc, path=exc.path)
        except client.TransportError as exc:
            return NoResponse(exc)
        except Exception as exc:  # anything else escaping the client is a crash
            return Crashed(exc)
        schema = self._spec.operation(call.operation).success.schema
        extras = unknown_fields.extras(schema, body)
        return Parsed(data=body, extras=extras, round_trip=client.to_json(body), returned=body)

    async def aget(self, call: Call) -> Outcome:
        return await asyncio.to_thread(self.get, call)
