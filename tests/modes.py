"""Run one call of an operation the sync or the async way, so that each test covers both.

Each call opens the client (`with` / `async with`) and closes it, as an application would. It
sends `id=GENERATION_ID` unless given the `arguments` to send (the smoke checks pass every
required parameter of the spec, tests/required_arguments.py). The response types are the
operations' own `Parsed` unions, so a new error body schema in the spec changes them too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, TypeVar

from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation, get_generation_content
from openrouter_generation_client.models import GenerationContentResponse, GenerationResponse
from openrouter_generation_client.types import Response

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

GENERATION_ID = "gen-1"

Detailed = Response[get_generation.Parsed]
ContentDetailed = Response[get_generation_content.Parsed]
Arguments = Mapping[str, Any] | None
T = TypeVar("T")


def fetch(
    mode: Mode, client: AuthenticatedClient, arguments: Arguments = None
) -> GenerationResponse:
    """`get_generation.sync()` or `.asyncio()`: the parsed body, or the error it raises."""
    return _call(mode, client, get_generation.sync, get_generation.asyncio, arguments)


def fetch_detailed(
    mode: Mode, client: AuthenticatedClient, arguments: Arguments = None
) -> Detailed:
    """`get_generation.sync_detailed()` or `.asyncio_detailed()`: the whole response."""
    return _call(
        mode, client, get_generation.sync_detailed, get_generation.asyncio_detailed, arguments
    )


def fetch_content(
    mode: Mode, client: AuthenticatedClient, arguments: Arguments = None
) -> GenerationContentResponse:
    """`get_generation_content.sync()` or `.asyncio()`: the parsed body, or the error it raises."""
    return _call(
        mode, client, get_generation_content.sync, get_generation_content.asyncio, arguments
    )


def fetch_content_detailed(
    mode: Mode, client: AuthenticatedClient, arguments: Arguments = None
) -> ContentDetailed:
    """`get_generation_content.sync_detailed()` or `.asyncio_detailed()`: the whole response."""
    return _call(
        mode,
        client,
        get_generation_content.sync_detailed,
        get_generation_content.asyncio_detailed,
        arguments,
    )


def _call(
    mode: Mode,
    client: AuthenticatedClient,
    sync: Callable[..., T],
    asynchronous: Callable[..., Awaitable[T]],
    arguments: Arguments,
) -> T:
    sent = {"id": GENERATION_ID} if arguments is None else dict(arguments)
    if mode == "sync":
        with client:
            return sync(client=client, **sent)

    async def run() -> T:
        async with client:
            return await asynchronous(client=client, **sent)

    return asyncio.run(run())
