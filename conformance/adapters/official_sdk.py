"""The official `openrouter` SDK (speakeasy-generated, pydantic models) as a client under test.

It runs the kit's cases against `OpenRouter().generations.<method>[_async]` (`METHODS` maps
each operationId to its method), so the conformance report compares our client with the one
OpenRouter ships.

Choices that keep the comparison about parsing:
- retries OFF (`retry_config=None`): the SDK's default retries every 5XX with backoff for up to
  an hour, which would turn each error-status case into a wait;
- the HTTP clients are the SDK's own defaults (httpx, `follow_redirects=True`, httpx's 5 s
  timeout) but share one SSL context: building one per call costs ~35 ms, building the SDK
  ~0.5 ms. respx patches httpx below the client, so the kit's mocked routes serve these clients.

How the SDK's outcomes map onto the kit's (see `_contract.py`):
- `ResponseValidationError` (pydantic rejected the body), `NoResponseError`, and the fallback
  `OpenRouterDefaultError` on a 200 (unexpected content type) → `Malformed`;
- every other `OpenRouterError` (the typed per-status errors with `.data`, and the fallback for
  other statuses) → `APIError`; the parsed body, code, message and metadata come from `.data`
  when the SDK parsed the body, else None (the SDK kept only the text);
- anything else (an httpx error, a pydantic error outside the SDK's wrapper, ...) → `Crashed`.
"""

from __future__ import annotations

import importlib.metadata
import ssl
from typing import Any

import httpx
import pydantic
from openrouter import OpenRouter, errors
from openrouter.types import BaseModel
from openrouter.types.basemodel import Unset

from conformance.adapters import APIError, Call, Crashed, Malformed, Outcome, Parsed, Supports

# The spec's operationIds and the SDK's method names (upstream calls the content endpoint
# `listGenerationContent`).
METHODS = {
    "getGeneration": "get_generation",
    "getGenerationContent": "list_generation_content",
}


class OfficialSDKAdapter:
    """The official `openrouter` SDK, sync and async."""

    name = "official"
    version = importlib.metadata.version("openrouter")
    # Built with retries off (retry_config=None); httpx underneath, so respx can answer it.
    supports = Supports(operations=frozenset(METHODS))

    def __init__(self) -> None:
        self._ssl: ssl.SSLContext = httpx.create_ssl_context()
        # One sync client serves every sync call (it is bound to no event loop); an async call
        # gets a fresh AsyncClient on its own loop. The SDK wants both kinds at construction, so
        # sync calls hand it one that stays idle.
        self._sync = httpx.Client(follow_redirects=True, verify=self._ssl)
        self._idle_async = httpx.AsyncClient(follow_redirects=True, verify=self._ssl)

    def _sdk(self, call: Call, async_client: httpx.AsyncClient) -> OpenRouter:
        return OpenRouter(
            api_key=call.api_key,
            server_url=call.base_url,
            client=self._sync,
            async_client=async_client,
            retry_config=None,
        )

    def get(self, call: Call) -> Outcome:
        """Make the call with the SDK's method for the operation (`METHODS`)."""
        try:
            sdk = self._sdk(call, self._idle_async)
            method = getattr(sdk.generations, _method(call))
            return _parsed(method(**call.params))
        except Exception as exc:  # classifying every escape is the adapter's job
            return _classify(exc)

    async def aget(self, call: Call) -> Outcome:
        """Make the call with the SDK's `_async` method, on a client of this event loop."""
        try:
            async with httpx.AsyncClient(follow_redirects=True, verify=self._ssl) as http:
                sdk = self._sdk(call, http)
                method = getattr(sdk.generations, f"{_method(call)}_async")
                response = await method(**call.params)
            return _parsed(response)
        except Exception as exc:  # classifying every escape is the adapter's job
            return _classify(exc)


def _method(call: Call) -> str:
    if call.operation not in METHODS:
        raise NotImplementedError(f"the SDK has no method mapped for {call.operation!r}")
    return METHODS[call.operation]


def _parsed(response: BaseModel) -> Parsed:
    """The SDK's models drop unknown fields (pydantic's default `extra="ignore"`): no extras."""
    return Parsed(
        data=_plain(response),
        extras=None,
        # warnings=False: the SDK's serializer warns on every unrecognised enum value it dumps.
        round_trip=response.model_dump(mode="json", by_alias=True, warnings=False),
    )


def _plain(value: Any) -> Any:
    """A model as the dict of the fields the response carried, recursively.

    `model_fields_set` tells a field the body carried from one the SDK filled with its default
    (`UNSET`, or None for the optional fields of `ProviderResponse`). An unrecognised enum value
    is an `UnrecognizedStr`, a `str` subclass: it becomes a plain `str`.
    """
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {
            fields[name].alias or name: _plain(getattr(value, name))
            for name in fields
            if name in value.model_fields_set and not isinstance(getattr(value, name), Unset)
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


def _classify(exc: Exception) -> Outcome:
    if isinstance(exc, errors.ResponseValidationError):
        why = _validation_detail(exc)
        return Malformed(exc.status_code, exc.raw_response.content, why, exception=exc)
    if isinstance(exc, errors.NoResponseError):
        return Malformed(None, None, str(exc), exception=exc)
    if isinstance(exc, errors.OpenRouterError):
        if exc.status_code == httpx.codes.OK:
            return Malformed(exc.status_code, exc.raw_response.content, str(exc), exception=exc)
        data = getattr(exc, "data", None)
        detail = getattr(data, "error", None)
        return APIError(
            status=exc.status_code,
            code=getattr(detail, "code", None),
            message=getattr(detail, "message", None),
            metadata=_plain(_or_none(getattr(detail, "metadata", None))),
            raw_body=exc.raw_response.content,
            exception=exc,
            body=None if data is None else _plain(data),
        )
    return Crashed(exc)


def _validation_detail(exc: errors.ResponseValidationError) -> str:
    """The SDK's message on one line: each pydantic error as `path: message`.

    The SDK's own text spreads them over lines under a header ("3 validation errors for
    Unmarshaller"); a report row keeps only the first line, which names no field.
    """
    cause = exc.cause
    if not isinstance(cause, pydantic.ValidationError):
        return str(exc)
    problems = [f"{_loc(error['loc'])}: {error['msg']}" for error in cause.errors()]
    return "Response validation failed: " + "; ".join(problems)


def _loc(parts: tuple[int | str, ...]) -> str:
    """A pydantic location as a body path; the SDK wraps the body in a field named `body`."""
    inner = parts[1:] if parts[:1] == ("body",) else parts
    return "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in inner
    ).removeprefix(".")


def _or_none(value: Any) -> Any:
    """An unset metadata as None. Pydantic copies the `UNSET` default, so test the type."""
    return None if isinstance(value, Unset) else value
