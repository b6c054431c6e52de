"""An argument that breaks the spec's parameter schema (`id`: a string, `minLength: 1`) is
refused before anything is sent, with the client's own InvalidArgumentError naming it: the API
would answer an empty or missing id with a 400 the caller cannot tell from a bad id."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from openrouter_generation_client import AuthenticatedClient, get_generation, get_generation_content
from openrouter_generation_client.errors import InvalidArgumentError, OpenRouterGenerationError

from tests.loopback import LoopbackServer
from tests.modes import MODES, Mode, fetch, fetch_content_detailed

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
CALLS = {"get_generation": fetch, "get_generation_content_detailed": fetch_content_detailed}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize(
    ("generation_id", "said"),
    [("", "id= has 0 characters, fewer than the spec's minLength 1"), (None, "must be a string")],
    ids=["empty", "none"],
)
def test_an_id_the_spec_rules_out_is_refused_before_anything_is_sent(
    mode: Mode, call: Any, generation_id: str | None, said: str
) -> None:
    with LoopbackServer() as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        with pytest.raises(InvalidArgumentError) as raised:
            call(mode, client, {"id": generation_id})
    assert said in str(raised.value)
    assert isinstance(raised.value, OpenRouterGenerationError)
    assert isinstance(raised.value, ValueError)
    assert server.received == []


def test_a_one_character_id_passes_the_check() -> None:
    with LoopbackServer() as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        with pytest.raises(OpenRouterGenerationError) as raised:  # the script's 418
            fetch("sync", client, {"id": "g"})
    assert not isinstance(raised.value, InvalidArgumentError)
    assert [received.target for received in server.received] == ["/generation?id=g"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: get_generation.sync(client=None, id="g"),  # type: ignore[arg-type]
        lambda: asyncio.run(get_generation_content.asyncio_detailed(client=None, id="g")),  # type: ignore[arg-type]
    ],
    ids=["get_generation.sync", "get_generation_content.asyncio_detailed"],
)
def test_a_client_that_is_no_client_is_refused_naming_the_operation(call: Any) -> None:
    """Not `'NoneType' object has no attribute '_body_limit'` from inside the operation."""
    with pytest.raises(InvalidArgumentError) as raised:
        call()
    assert "): client= must be an AuthenticatedClient, not NoneType" in str(raised.value)
    assert str(raised.value).startswith("get_generation")
