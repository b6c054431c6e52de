"""Run one get_generation call the sync or the async way, so that each transport test covers both.

Each call opens the client (`with` / `async with`) and closes it, as an application would.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.models import ErrorResponse, GenerationResponse
from openrouter_generation_client.types import Response

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

GENERATION_ID = "gen-1"

Detailed = Response[ErrorResponse | GenerationResponse]


def fetch(mode: Mode, client: AuthenticatedClient) -> GenerationResponse:
    """`get_generation.sync()` or `.asyncio()`: the parsed body, or the error it raises."""
    if mode == "sync":
        with client:
            return get_generation.sync(client=client, id=GENERATION_ID)

    async def run() -> GenerationResponse:
        async with client:
            return await get_generation.asyncio(client=client, id=GENERATION_ID)

    return asyncio.run(run())


def fetch_detailed(mode: Mode, client: AuthenticatedClient) -> Detailed:
    """`get_generation.sync_detailed()` or `.asyncio_detailed()`: the whole response."""
    if mode == "sync":
        with client:
            return get_generation.sync_detailed(client=client, id=GENERATION_ID)

    async def run() -> Detailed:
        async with client:
            return await get_generation.asyncio_detailed(client=client, id=GENERATION_ID)

    return asyncio.run(run())
