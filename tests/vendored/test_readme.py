"""The package's README.md, inside the package: every Python snippet runs, against respx
playing OpenRouter, and every operation of the spec is listed with its parameters and
responses.

The package's own tests: they import only the package, httpx, respx, pytest and pyyaml (to
read the bodies the spec documents), so `nox -s compat` runs them in a bare environment with
each Python and httpx the package supports, on a copy of the package folder and the spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openrouter_generation_client
import pytest
import respx
from openrouter_generation_client import DEFAULT_BASE_URL

from ._spec import OPERATIONS, SPEC, flat, resolved, snake

# The readme a copied folder carries, found from the package itself, as help() shows it.
README_PATH = Path(openrouter_generation_client.__file__).with_name("README.md")
README = README_PATH.read_text("utf-8")
SNIPPETS = re.findall(r"^```python\n(.*?)^```", README, re.S | re.M)
KEY = "sk-or-v1-" + "5eed" * 16
ID = "gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG"  # the id the README's snippets ask for


def _example(spec: dict[str, Any], path: str) -> Any:
    """The first example the spec documents for the path's 200 response."""
    media = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    if "example" in media:
        return media["example"]
    return next(iter(media["examples"].values()))["value"]


BODIES = {path: _example(SPEC, path) for path in ("/generation", "/generation/content")}
NOT_FOUND = {"error": {"code": 404, "message": "Generation not found"}}


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    """OpenRouter at the default base URL: the README's id exists, every other id is a 404."""
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    with respx.mock(base_url=DEFAULT_BASE_URL, assert_all_called=False) as router:
        for path, body in BODIES.items():
            router.get(path, params={"id": ID}).mock(httpx.Response(200, json=body))
            router.get(path).mock(httpx.Response(404, json=NOT_FOUND))
        yield router


def test_the_readme_has_a_snippet_for_each_operation_and_for_errors() -> None:
    code = "\n".join(SNIPPETS)
    assert len(SNIPPETS) >= 4
    for name in ("get_generation.sync(", "get_generation_content.sync(", "asyncio", "base_url="):
        assert name in code, name
    assert "except errors." in code
    assert not re.search(r"MyDataModel|api\.example\.com|proxies=", README)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"snippet-{i}" for i in range(len(SNIPPETS))])
def test_each_snippet_runs_and_shows_no_key(
    snippet: str, api: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    exec(compile(snippet, str(README_PATH), "exec"), {"__name__": "__readme__"})  # noqa: S102

    out = capsys.readouterr().out
    assert out.strip(), "each snippet shows what it got"
    assert KEY not in out
    for call in api.calls:
        assert call.request.headers["authorization"] == f"Bearer {KEY}"


def test_the_quickstart_prints_the_documented_values(
    api: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    exec(compile(SNIPPETS[0], str(README_PATH), "exec"), {"__name__": "__readme__"})  # noqa: S102

    lines = capsys.readouterr().out.splitlines()
    data = BODIES["/generation"]["data"]
    model, cost, provider, _latency = lines[0].split()
    assert (model, float(cost), provider) == (
        data["model"],
        data["total_cost"],
        data["provider_name"],
    )
    assert lines[1] == BODIES["/generation/content"]["data"]["output"]["completion"]
    assert {call.request.url.path for call in api.calls} == {
        "/api/v1/generation",
        "/api/v1/generation/content",
    }


def test_the_error_snippet_takes_the_not_found_branch(
    api: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    snippet = next(s for s in SNIPPETS if "except errors.NotFoundError" in s)

    exec(compile(snippet, str(README_PATH), "exec"), {"__name__": "__readme__"})  # noqa: S102

    out = capsys.readouterr().out
    assert out.startswith("not there yet, retry shortly:"), out
    assert "404" in out


@pytest.mark.parametrize(
    ("path", "method", "operation"), OPERATIONS, ids=[op["operationId"] for *_, op in OPERATIONS]
)
def test_the_readme_lists_each_operation_with_its_parameters_and_responses(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    heading = f"### `{snake(operation['operationId'])}`: `{method.upper()} {path}`"
    assert heading in README
    section = README.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    assert flat(operation["summary"]) in flat(section)
    for parameter in map(resolved, operation.get("parameters", [])):
        assert f"- `{parameter['name']}` (" in section
        assert flat(parameter["description"]) in flat(section), parameter["name"]
    for status, response in operation["responses"].items():
        line = next(line for line in section.splitlines() if line.startswith(f"- {status}, "))
        response = resolved(response)
        assert line.endswith(flat(response["description"])), line
        if "x-error-class" in response:
            assert f"`errors.{response['x-error-class']}`" in line
