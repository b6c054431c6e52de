"""Who the client says it is: its own User-Agent, and OpenRouter's app attribution headers only
when the caller sets them, checked when the client is made."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from openrouter_generation_client import DEFAULT_BASE_URL, AuthenticatedClient, get_generation
from openrouter_generation_client.client import DEFAULT_USER_AGENT

from tests.modes import MODES, Mode, fetch_detailed

ATTRIBUTION = ("http-referer", "x-openrouter-title", "x-openrouter-categories")


def _sent(mode: Mode, **options: Any) -> httpx.Headers:
    with respx.mock(base_url=DEFAULT_BASE_URL) as router:
        route = router.get("/generation").mock(return_value=httpx.Response(404))
        fetch_detailed(mode, AuthenticatedClient(token="sk-or-v1-id", **options))
    return route.calls.last.request.headers


@pytest.mark.parametrize("mode", MODES)
def test_the_package_s_own_user_agent_and_no_attribution_by_default(mode: Mode) -> None:
    headers = _sent(mode)
    assert headers["user-agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("openrouter-generation-client/")
    assert not set(ATTRIBUTION) & set(headers)


@pytest.mark.parametrize("mode", MODES)
def test_each_attribution_option_is_its_header(mode: Mode) -> None:
    headers = _sent(
        mode,
        app_url="https://myapp.example",
        app_title="My app",
        app_categories=["cli-agent", "cloud-agent"],
        user_agent="myapp/2.0",
    )
    assert [headers.get(name) for name in ATTRIBUTION] == [
        "https://myapp.example",
        "My app",
        "cli-agent,cloud-agent",
    ]
    assert headers["user-agent"] == "myapp/2.0"


def test_headers_override_the_options_and_copies_keep_them() -> None:
    client = AuthenticatedClient(
        token="sk-or-v1-id", app_title="My app", headers={"X-OpenRouter-Title": "Mine"}
    ).with_timeout(3)
    with respx.mock(base_url=DEFAULT_BASE_URL) as router:
        route = router.get("/generation").mock(return_value=httpx.Response(404))
        with client:
            get_generation.sync_detailed(client=client, id="gen-1")
    assert route.calls.last.request.headers["x-openrouter-title"] == "Mine"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("app_title", "Café"),
        ("app_title", "a\r\nX-Injected: 1"),
        ("app_url", "https://x.example/\n"),
        ("app_categories", ["ok", "bad\tone"]),
        ("user_agent", "agent/\x00"),
    ],
)
def test_a_value_no_header_can_carry_is_refused_naming_the_option(option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=f"^{option} must be printable ASCII text"):
        AuthenticatedClient(token="sk-or-v1-id", **{option: value})
