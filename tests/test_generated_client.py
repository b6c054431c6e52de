"""Smoke check of the regenerated client, run by `nox -s generate` right after regenerating.

The conformance kit (conformance/) is the full proof; this only shows that the fresh package
imports and parses the documentation's example, sync and async, and the content endpoint's
examples, before anything else runs.
"""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import httpx
import pytest
import respx
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation
from openrouter_generation_client.models import (
    Generation,
    GenerationContentResponse,
    GenerationResponse,
)

from tests.modes import MODES, Mode, fetch_content

BASE_URL = "https://openrouter.ai/api/v1"


def _client() -> AuthenticatedClient:
    return AuthenticatedClient(base_url=BASE_URL, token="sk-or-v1-smoke")


def _check(parsed: object, documented_example: dict[str, Any]) -> None:
    assert isinstance(parsed, GenerationResponse)
    generation = parsed.data
    assert isinstance(generation, Generation)
    assert generation.id == documented_example["data"]["id"]
    assert generation.created_at == datetime.datetime(
        2024, 7, 15, 23, 33, 19, 433273, tzinfo=datetime.UTC
    )
    assert generation.to_dict() == documented_example["data"]


@respx.mock(base_url=BASE_URL, assert_all_called=True)
def test_documented_example_parses_sync(
    respx_mock: respx.MockRouter, documented_example: dict[str, Any]
) -> None:
    respx_mock.get("/generation", params={"id": "gen-1"}).mock(
        return_value=httpx.Response(200, json=documented_example)
    )
    with _client() as client:
        response = get_generation.sync_detailed(client=client, id="gen-1")
    _check(response.parsed, documented_example)


def test_documented_example_parses_async(documented_example: dict[str, Any]) -> None:
    async def fetch() -> object:
        async with _client() as client:
            response = await get_generation.asyncio_detailed(client=client, id="gen-1")
            return response.parsed

    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/generation", params={"id": "gen-1"}).mock(
            return_value=httpx.Response(200, json=documented_example)
        )
        parsed = asyncio.run(fetch())
    _check(parsed, documented_example)


@pytest.mark.parametrize("mode", MODES)
def test_content_examples_parse(mode: Mode, spec: dict[str, Any]) -> None:
    media = spec["paths"]["/generation/content"]["get"]["responses"]["200"]["content"]
    for example in media["application/json"]["examples"].values():
        with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
            router.get("/generation/content", params={"id": "gen-1"}).mock(
                return_value=httpx.Response(200, json=example["value"])
            )
            parsed = fetch_content(mode, _client())
        assert isinstance(parsed, GenerationContentResponse)
        assert parsed.to_dict() == example["value"]


def test_public_surface_is_importable_from_the_package() -> None:
    import openrouter_generation_client as package
    from openrouter_generation_client import client, errors

    assert package.RetryPolicy is client.RetryPolicy
    assert package.DEFAULT_BASE_URL == BASE_URL
    assert package.errors is errors
    assert set(package.__all__) <= set(dir(package))
