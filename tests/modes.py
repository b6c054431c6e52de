"""Run one call of an operation the sync or the async way, so that each test covers both.

Each call opens the client (`with` / `async with`) and closes it, as an application would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation, get_generation_content
from openrouter_generation_client.models import (
    ErrorResponse,
    GenerationContentResponse,
    GenerationResponse,
)
from openrouter_generation_client.types import Response

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

GENERATION_ID = "gen-1"

Detailed = Response[ErrorResponse | GenerationResponse]
ContentDetailed = Response[ErrorResponse | GenerationContentResponse]
T = TypeVar("T")


def fetch(mode: Mode, client: AuthenticatedClient) -> GenerationResponse:
    """`get_generation.sync()` or `.asyncio()`: the parsed body, or the error it raises."""
    return _call(mode, client, get_generation.sync, get_generation.asyncio)


def fetch_detailed(mode: Mode, client: AuthenticatedClient) -> Detailed:
    """`get_generation.sync_detailed()` or `.asyncio_detailed()`: the whole response."""
    return _call(mode, client, get_generation.sync_detailed, get_generation.asyncio_detailed)


def fetch_content(mode: Mode, client: AuthenticatedClient) -> GenerationContentResponse:
    """`get_generation_content.sync()` or `.asyncio()`: the parsed body, or the error it raises."""
    return _call(mode, client, get_generation_content.sync, get_generation_content.asyncio)


def fetch_content_detailed(mode: Mode, client: AuthenticatedClient) -> ContentDetailed:
    """`get_generation_content.sync_detailed()` or `.asyncio_detailed()`: the whole response."""
    return _call(
        mode,
        client,
        get_generation_content.sync_detailed,
        get_generation_content.asyncio_detailed,
    )


def _call(
    mode: Mode,
    client: AuthenticatedClient,
    sync: Callable[..., T],
    asynchronous: Callable[..., Awaitable[T]],
) -> T:
    if mode == "sync":
        with client:
            return sync(client=client, id=GENERATION_ID)

    async def run() -> T:
        async with client:
            return await asynchronous(client=client, id=GENERATION_ID)

    return asyncio.run(run())
