"""Smoke check of the regenerated client, run by `nox -s generate` right after regenerating.

The conformance kit (conformance/) is the full proof; this only shows that the fresh package
imports and parses the documentation's example, sync and async, and the content endpoint's
examples, before anything else runs. It reads the spec the client came from (`--spec-file`,
default openapi.yaml): each call sends every required parameter the spec lists, in any
location, and goes to the spec's server by default.
"""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import httpx
import pytest
import respx
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.api.generations import get_generation, get_generation_content
from openrouter_generation_client.models import (
    Generation,
    GenerationContentResponse,
    GenerationResponse,
)

from tests import required_arguments
from tests.modes import MODES, Mode, fetch_content


@pytest.fixture(scope="module")
def server(spec: dict[str, Any]) -> str:
    """Where the client must go by default: the spec's first server."""
    url: str = spec["servers"][0]["url"]
    return url


def _client() -> AuthenticatedClient:
    return AuthenticatedClient(token="sk-or-v1-smoke")  # the default base URL: the spec's


def _route(router: respx.MockRouter, spec: dict[str, Any], operation: str) -> respx.Route:
    """The operation's GET, matched only with every required parameter the spec lists."""
    path = next(
        p
        for p, item in spec["paths"].items()
        if item.get("get", {}).get("operationId") == operation
    )
    arguments = required_arguments.required(spec, operation)
    return router.get(
        path,
        params=required_arguments.sent(arguments, "query"),
        headers=required_arguments.sent(arguments, "header"),
    )


def _arguments(spec: dict[str, Any], operation: str, function: Any) -> dict[str, Any]:
    return required_arguments.keywords(required_arguments.required(spec, operation), function)


def _check(parsed: object, documented_example: dict[str, Any]) -> None:
    assert isinstance(parsed, GenerationResponse)
    generation = parsed.data
    assert isinstance(generation, Generation)
    assert generation.id == documented_example["data"]["id"]
    assert generation.created_at == datetime.datetime(
        2024, 7, 15, 23, 33, 19, 433273, tzinfo=datetime.UTC
    )
    assert generation.to_dict() == documented_example["data"]


def test_documented_example_parses_sync(
    server: str, spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    with respx.mock(base_url=server, assert_all_called=True) as router:
        _route(router, spec, "getGeneration").mock(
            return_value=httpx.Response(200, json=documented_example)
        )
        with _client() as client:
            response = get_generation.sync_detailed(
                client=client, **_arguments(spec, "getGeneration", get_generation.sync_detailed)
            )
    _check(response.parsed, documented_example)


def test_documented_example_parses_async(
    server: str, spec: dict[str, Any], documented_example: dict[str, Any]
) -> None:
    async def fetch() -> object:
        async with _client() as client:
            response = await get_generation.asyncio_detailed(
                client=client, **_arguments(spec, "getGeneration", get_generation.asyncio_detailed)
            )
            return response.parsed

    with respx.mock(base_url=server, assert_all_called=True) as router:
        _route(router, spec, "getGeneration").mock(
            return_value=httpx.Response(200, json=documented_example)
        )
        parsed = asyncio.run(fetch())
    _check(parsed, documented_example)


@pytest.mark.parametrize("mode", MODES)
def test_content_examples_parse(mode: Mode, server: str, spec: dict[str, Any]) -> None:
    media = spec["paths"]["/generation/content"]["get"]["responses"]["200"]["content"]
    for example in media["application/json"]["examples"].values():
        with respx.mock(base_url=server, assert_all_called=True) as router:
            _route(router, spec, "getGenerationContent").mock(
                return_value=httpx.Response(200, json=example["value"])
            )
            arguments = _arguments(spec, "getGenerationContent", get_generation_content.sync)
            parsed = fetch_content(mode, _client(), arguments)
        assert isinstance(parsed, GenerationContentResponse)
        assert parsed.to_dict() == example["value"]


def test_public_surface_is_importable_from_the_package(server: str) -> None:
    import openrouter_generation_client as package
    from openrouter_generation_client import client, errors

    assert package.RetryPolicy is client.RetryPolicy
    assert server.rstrip("/") == package.DEFAULT_BASE_URL
    assert package.errors is errors
    assert set(package.__all__) <= set(dir(package))
