"""The live check (`conformance/live.py`) against a real HTTP server on loopback.

There is no network here, so `tests/loopback.py` plays the API on 127.0.0.1: the check really
connects, sends its key and reads raw bytes, exactly as it would against OpenRouter.
"""

from __future__ import annotations

import copy
import gzip
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from conformance import live
from conformance.adapters import Call, Parsed
from conformance.adapters.ours import OursAdapter
from conformance.payloads import captured
from conformance.transports.respx_server import FakeServer
from tests.loopback import LoopbackServer, Reply

KEY = "sk-or-v1-" + "f00dfeed" * 8
GENERATION_ID = "gen-1749046213-Zq4kT7yWnB2vR9sLpX0c"
CAPTURED = Path(__file__).resolve().parent.parent / "conformance" / "captured"


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(live.KEY_ENV, KEY)


def run(reply: Reply, *extra: str) -> tuple[int, LoopbackServer]:
    """The live check against a loopback API that answers `reply` once."""
    with LoopbackServer(reply) as server:
        status = live.main(["--id", GENERATION_ID, "--base-url", f"{server.url}/api/v1", *extra])
    return status, server


def test_documented_example_is_valid_parsed_and_free_of_drift(
    documented_example: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status, server = run(Reply.json(200, documented_example))

    out = capsys.readouterr().out
    assert status == 0, out
    assert "spec: valid against GenerationResponse" in out
    assert "drift: none" in out
    assert "client: parsed the getGeneration body (41 fields)" in out
    assert out.rstrip().endswith("result: OK")
    [request] = server.received
    assert (request.method, request.target) == ("GET", f"/api/v1/generation?id={GENERATION_ID}")
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_additive_drift_is_listed_at_every_level_and_still_passes(
    spec: dict[str, Any], documented_example: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    providers = len(spec["components"]["schemas"]["ProviderName"]["enum"])
    body = copy.deepcopy(documented_example)
    body["served_by"] = "edge-7"
    body["data"]["data_region"] = "apac"
    body["data"]["billing"] = {"plan": "pro"}
    body["data"]["provider_responses"] = [
        {"status": 200, "provider_name": "Nimbus Inference", "retry_count": 2}
    ]

    status, _ = run(Reply.json(200, body))

    out = capsys.readouterr().out
    assert status == 0, out
    assert "spec: valid against GenerationResponse" in out
    drift = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert drift == [  # in the body's order
        "unknown enum value     data.provider_responses[0].provider_name: "
        f"'Nimbus Inference' is not among the {providers} known values",
        "unknown field          data.provider_responses[0].retry_count: 2 (not in the spec)",
        "unknown enum value     data.data_region: 'apac' is not a known value (global, europe, us)",
        "unknown field          data.billing: {'plan': 'pro'} (not in the spec)",
        "unknown field          served_by: 'edge-7' (not in the spec)",
    ]
    assert "client: parsed the getGeneration body" in out
    assert out.rstrip().endswith("result: OK, 5 drift warning(s)")


@pytest.mark.parametrize(
    ("field_name", "value", "kind"),
    [
        ("latency", "fast", "type mismatch"),
        ("is_byok", None, "type mismatch"),
        ("created_at", "yesterday", "bad format"),
        ("id", ..., "missing required field"),
    ],
)
def test_a_body_that_breaks_the_spec_fails(
    documented_example: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    field_name: str,
    value: Any,
    kind: str,
) -> None:
    body = copy.deepcopy(documented_example)
    if value is ...:
        del body["data"][field_name]
    else:
        body["data"][field_name] = value

    status, _ = run(Reply.json(200, body))

    out = capsys.readouterr().out
    assert status == 1, out
    assert "spec: INVALID against GenerationResponse (1 violation(s)):" in out
    [violation] = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert violation.startswith(kind)
    assert field_name in violation
    assert "client: REJECTED the body" in out
    assert out.rstrip().endswith("result: FAILED")


def test_a_documented_error_status_fails_with_the_clients_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    [not_found] = [c for c in captured.load(CAPTURED) if c.name == "404-generation-not-found"]

    status, _ = run(Reply.json(404, not_found.body))

    out = capsys.readouterr().out
    assert status == 1
    assert "-> 404" in out
    assert "spec: valid against ErrorResponse" in out
    assert "client: NotFoundError" in out
    assert not_found.body["error"]["message"] in out


def test_an_html_page_from_a_proxy_fails_as_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    [page] = [c for c in captured.load(CAPTURED) if c.name == "502-edge-proxy-html"]

    status, _ = run(Reply(502, page.reply.content, {"Content-Type": "text/html"}))

    out = capsys.readouterr().out
    assert status == 1
    assert "spec: the body is not JSON" in out
    assert "client: BadGatewayError" in out


def test_save_writes_a_captured_file_the_kit_replays(
    documented_example: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Served gzip-encoded with a cookie: the file must keep the decoded body and neither header.
    headers = {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "X-Request-Id": "req-42",
        "Set-Cookie": "__cf_bm=abc; HttpOnly",
    }
    reply = Reply(200, gzip.compress(json.dumps(documented_example).encode()), headers)

    status, _ = run(reply, "--save", str(tmp_path / "200-live.json"))

    assert status == 0, capsys.readouterr().out
    saved = json.loads((tmp_path / "200-live.json").read_text("utf-8"))
    assert set(saved) == {"description", "operation", "status", "headers", "body"}
    assert saved["operation"] == "getGeneration"
    assert saved["status"] == 200
    assert saved["body"] == documented_example
    assert GENERATION_ID in saved["description"]
    assert saved["headers"]["x-request-id"] == "req-42"
    assert {"set-cookie", "content-encoding", "content-length"}.isdisjoint(saved["headers"])
    [capture] = captured.load(tmp_path)
    call = Call("https://openrouter.test/api/v1", KEY, "getGeneration", {"id": GENERATION_ID})
    with FakeServer() as fake:
        replayed = fake.exchange(OursAdapter(), "sync", call, capture.reply).outcome
    assert isinstance(replayed, Parsed), replayed
    assert replayed.round_trip == documented_example


def test_the_key_never_appears_in_output_or_saved_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A hostile server echoes the key back in a header, a cookie and the error message.
    reply = Reply.json(
        401,
        {"error": {"code": 401, "message": f"Key {KEY} is disabled"}},
        {"X-Echo-Authorization": f"Bearer {KEY}", "Set-Cookie": f"session={KEY}"},
    )

    status, server = run(reply, "--save", str(tmp_path / "401.json"))

    out, err = capsys.readouterr()
    saved = (tmp_path / "401.json").read_text("utf-8")
    assert status == 1
    assert server.received[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in out + err
    assert KEY not in saved
    assert f"Key {live.REDACTED} is disabled" in out
    assert json.loads(saved)["body"]["error"]["message"] == f"Key {live.REDACTED} is disabled"
    assert "x-echo-authorization" not in json.loads(saved)["headers"]


def test_a_missing_key_is_a_usage_error_before_any_request(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(live.KEY_ENV)

    status, server = run(Reply.json(200, {}))

    assert status == 2
    assert f"{live.KEY_ENV} is not set" in capsys.readouterr().err
    assert server.received == []


def test_an_unreachable_api_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    status = live.main(["--id", GENERATION_ID, "--base-url", f"http://127.0.0.1:{port}/api/v1"])

    out = capsys.readouterr().out
    assert status == 1
    assert f"live: could not reach http://127.0.0.1:{port}/api/v1/generation: ConnectError" in out
    assert KEY not in out
