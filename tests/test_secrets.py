"""The API key stays secret: in no repr or str, in no log line, and never sent to another origin.
So does stored content (the content endpoint's prompts, completions and stored errors): in no
repr or str of a model, a response or an error, and in no log line.

The calls go to real servers on loopback (tests/loopback.py), so the key travels the whole way
through httpx, httpcore and the retry transport, and the servers record what they received.
"""

from __future__ import annotations

import gc
import json
import logging
from collections import deque
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.errors import (
    APIStatusError,
    AuthenticationError,
    MalformedResponseError,
    NoResponseError,
)

from tests.loopback import LoopbackServer, Reply, Reset
from tests.modes import (
    MODES,
    Mode,
    fetch,
    fetch_content,
    fetch_content_detailed,
    fetch_detailed,
)
from tests.virtual_clock import VirtualClock

KEY = "sk-or-v1-5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7"

# Objects whose reprs are checked are the ones from these packages; the walk goes through
# plain containers too, but their reprs would show the key's own str, which is not a leak.
_CHECKED = ("openrouter_generation_client", "httpx", "httpcore", "attr")
_CONTAINERS = (dict, list, tuple, set, frozenset)


def _reachable(root: object, limit: int = 20_000) -> Iterator[object]:
    """Every object reachable from `root` through references (breadth first, bounded).

    Not through modules: what a client holds is the question, not the whole program, and on
    CPython 3.12.1 the referents of the _asyncio module include the freed FutureIters of its
    free list, which a walk would bring back to life (runaway memory, or a crash).
    """
    seen: set[int] = set()
    queue = deque([root])
    while queue and len(seen) < limit:
        item = queue.popleft()
        if id(item) in seen or isinstance(item, (str, bytes, type, ModuleType)):
            continue
        seen.add(id(item))
        yield item
        queue.extend(gc.get_referents(item))


def _leaks(root: object, secret: str = KEY) -> list[str]:
    """The reprs and strs of objects reachable from `root` that show `secret`."""
    found = []
    for item in _reachable(root):
        module = type(item).__module__ or ""
        if isinstance(item, _CONTAINERS) or not module.startswith(_CHECKED):
            continue
        for text in (repr(item), str(item)):
            if secret in text:
                found.append(f"{type(item).__qualname__}: {text[:200]}")
    return found


def _error(status: int) -> Reply:
    return Reply.json(status, {"error": {"code": status, "message": f"scripted {status}"}})


@pytest.fixture
def ok(documented_example: dict[str, object]) -> Reply:
    return Reply.json(200, documented_example)


@pytest.mark.parametrize("mode", MODES)
def test_no_repr_or_str_reachable_from_a_used_client_shows_the_key(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(ok) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=True)
        fetch(mode, client)
    assert server.received[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(client)
    assert KEY not in str(client)
    assert _leaks(client) == []


def test_the_key_is_not_a_default_header_of_the_httpx_clients() -> None:
    client = AuthenticatedClient(token=KEY)
    assert "authorization" not in client.get_httpx_client().headers
    assert "authorization" not in client.get_async_httpx_client().headers


@pytest.mark.parametrize("mode", MODES)
def test_no_repr_or_str_of_a_response_shows_the_key(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(ok) as server:
        response = fetch_detailed(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert response.status_code == 200
    assert KEY not in repr(response)
    assert KEY not in str(response)
    assert _leaks(response) == []


@pytest.mark.parametrize("mode", MODES)
def test_no_repr_or_str_of_an_api_error_shows_the_key(mode: Mode) -> None:
    with LoopbackServer(_error(401)) as server, pytest.raises(AuthenticationError) as raised:
        fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert _leaks(raised.value) == []
    assert KEY not in repr(raised.value)
    assert KEY not in str(raised.value)


@pytest.mark.parametrize("mode", MODES)
def test_no_repr_or_str_of_a_transport_error_or_its_cause_shows_the_key(mode: Mode) -> None:
    with LoopbackServer(Reset()) as server, pytest.raises(NoResponseError) as raised:
        fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    error = raised.value
    for shown in (error, error.__cause__, error.__context__):
        assert KEY not in repr(shown)
        assert KEY not in str(shown)
    # Everything reachable but the traceback's frames, whose locals are the program's state.
    error.__traceback__ = None
    assert _leaks(error) == []


@pytest.mark.parametrize("mode", MODES)
def test_no_log_line_at_any_level_shows_the_key(
    mode: Mode, ok: Reply, caplog: pytest.LogCaptureFixture, clock: VirtualClock
) -> None:
    # A retried 502, then a 401 and a success: logs of httpx and httpcore
    # at DEBUG, for requests, responses, retries and an error. The backoff between the 502
    # and its retry is on the virtual clock: it takes no time.
    with caplog.at_level(logging.DEBUG), LoopbackServer(_error(502), ok, _error(401)) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY, retries=True)
        fetch(mode, client)
        with pytest.raises(AuthenticationError):
            fetch(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert len(clock.sleeps) == 1  # the one backoff, waited on the virtual clock
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"httpx", "httpcore"} <= loggers
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage()
        assert KEY not in repr(record.args)


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_to_another_origin_does_not_carry_the_key(mode: Mode, ok: Reply) -> None:
    with LoopbackServer(ok) as elsewhere:
        moved = Reply(302, headers={"Location": f"{elsewhere.url}/generation?id=gen-1"})
        with LoopbackServer(moved) as api:
            client = AuthenticatedClient(base_url=api.url, token=KEY, follow_redirects=True)
            fetch(mode, client)
    assert api.received[0].headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in elsewhere.received[0].headers


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_within_the_origin_keeps_the_key(mode: Mode, ok: Reply) -> None:
    moved = Reply(302, headers={"Location": "/v2/generation?id=gen-1"})
    with LoopbackServer(moved, ok) as api:
        fetch(mode, AuthenticatedClient(base_url=api.url, token=KEY, follow_redirects=True))
    assert [r.target for r in api.received] == ["/generation?id=gen-1", "/v2/generation?id=gen-1"]
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in api.received)


def test_a_key_under_another_header_name_does_not_follow_a_redirect_either(ok: Reply) -> None:
    # httpx itself only strips `Authorization` on a cross-origin redirect.
    with LoopbackServer(ok) as elsewhere:
        moved = Reply(302, headers={"Location": f"{elsewhere.url}/generation?id=gen-1"})
        with LoopbackServer(moved) as api:
            client = AuthenticatedClient(
                base_url=api.url,
                token=KEY,
                prefix="",
                auth_header_name="X-Api-Key",
                follow_redirects=True,
            )
            fetch("sync", client)
    assert api.received[0].headers["x-api-key"] == KEY
    assert "x-api-key" not in elsewhere.received[0].headers


def test_the_key_is_not_sent_to_another_origin_through_get_httpx_client(ok: Reply) -> None:
    with LoopbackServer(ok) as elsewhere:
        client = AuthenticatedClient(base_url="https://openrouter.ai/api/v1", token=KEY)
        with client:
            client.get_httpx_client().get(f"{elsewhere.url}/anything")
    assert "authorization" not in elsewhere.received[0].headers


# Stored content: every string of it carries MARK, so a leak of any part of it shows.
MARK = "STORED-7f3a"


def _stored(data_input: object) -> dict[str, Any]:
    attempt = {"code": 429, "message": f"{MARK} m", "provider_name": "P", "raw": f"{MARK} r"}
    failure = {"status": 504, "message": f"{MARK} e", "provider_name": "V", "raw": f"{MARK} r"}
    return {
        "data": {
            "input": data_input,
            "output": {"completion": f"{MARK} c", "reasoning": f"{MARK} r"},
            "error": {**failure, "previous_errors": [attempt]},
            "later_field": f"{MARK} unknown",
        }
    }


PROMPT = {"prompt": f"{MARK} p", "unknown": [f"{MARK} u"]}
MESSAGES = {"messages": [{"role": "user", "content": f"{MARK} m"}]}


def _assert_not_shown(*shown: object) -> None:
    for item in shown:
        assert MARK not in repr(item)
        assert MARK not in str(item)
        assert _leaks(item, MARK) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_input", [PROMPT, MESSAGES], ids=["prompt", "messages"])
def test_no_repr_or_str_of_stored_content_shows_it(mode: Mode, data_input: object) -> None:
    body = _stored(data_input)
    with LoopbackServer(Reply.json(200, body), Reply.json(200, body)) as server:
        parsed = fetch_content(mode, AuthenticatedClient(base_url=server.url, token=KEY))
        response = fetch_content_detailed(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert parsed.to_dict() == body  # all of it is there, for the program to use
    assert response.parsed == parsed
    assert MARK.encode() in response.content
    _assert_not_shown(parsed, response, parsed.data, parsed.data.input_)
    # The repr still says what the content is: its types and sizes, and numbers.
    assert "not shown" in repr(parsed.data.input_)
    assert "status=504" in repr(parsed)


MALFORMED = {
    "input-neither-branch": json.dumps(_stored({"text": f"{MARK} t"})).encode(),
    "prompt-wrong-type": json.dumps(_stored({"prompt": [f"{MARK} p"]})).encode(),
    "input-not-an-object": json.dumps(_stored(f"{MARK} p")).encode(),
    "data-not-an-object": json.dumps({"data": [f"{MARK} d"]}).encode(),
    "truncated": json.dumps(_stored(PROMPT)).encode()[:60],
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_no_error_about_stored_content_shows_it(mode: Mode, name: str) -> None:
    body = MALFORMED[name]
    assert MARK.encode() in body
    reply = Reply(200, body, {"Content-Type": "application/json"})
    with LoopbackServer(reply) as server, pytest.raises(MalformedResponseError) as raised:
        fetch_content(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    error = raised.value
    assert error.content == body  # the raw response is kept, and never shown
    assert (error.status_code, error.path == "") == (200, name in {"truncated"})
    error.__traceback__ = None
    _assert_not_shown(error, error.value, error.args, error.__cause__, error.__context__)


@pytest.mark.parametrize("mode", MODES)
def test_no_log_line_shows_stored_content(mode: Mode, caplog: pytest.LogCaptureFixture) -> None:
    valid = Reply.json(200, _stored(PROMPT))
    malformed = Reply(200, MALFORMED["prompt-wrong-type"], {"Content-Type": "application/json"})
    with caplog.at_level(logging.DEBUG), LoopbackServer(valid, malformed) as server:
        client = AuthenticatedClient(base_url=server.url, token=KEY)
        fetch_content(mode, client)
        with pytest.raises(MalformedResponseError):
            fetch_content(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert {"httpx", "httpcore"} <= {record.name.split(".")[0] for record in caplog.records}
    assert MARK not in caplog.text
    for record in caplog.records:
        assert MARK not in record.getMessage()
        assert MARK not in repr(record.args)


@pytest.mark.parametrize("mode", MODES)
def test_an_undocumented_success_status_does_not_show_its_body(mode: Mode) -> None:
    reply = Reply.json(206, _stored(PROMPT))
    with LoopbackServer(reply) as server, pytest.raises(APIStatusError) as raised:
        fetch_content(mode, AuthenticatedClient(base_url=server.url, token=KEY))
    assert raised.value.status_code == 206
    assert MARK.encode() in raised.value.content
    assert f"({len(raised.value.content)} bytes)" in str(raised.value)
    _assert_not_shown(raised.value)
