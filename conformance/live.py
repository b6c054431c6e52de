"""The live check: fetch one real generation and report where openapi.yaml is behind the API.

Every other test mocks the API; this one asks it. `nox -s live -- --id gen-…` with
`OPENROUTER_API_KEY` set (`--operation getGenerationContent` for another operation of the
spec; the default is getGeneration):

1. fetches the generation with plain httpx, so nothing stands between the raw bytes and the check;
2. validates the body against openapi.yaml as JSON Schema and lists the spec drift
   (`conformance.spec_drift`): fields the spec lacks, enum values it does not list;
3. parses the same bytes with the generated client (replayed through `httpx.MockTransport`, so
   one request serves both), to show whether the client copes with what the API sends today;
4. with `--save PATH`, writes the response as a captured file, which the kit then replays.

Exit status: 0 when the body is valid and the client parses it (drift alone is a warning: the
spec should learn it, the client copes); 1 when validation or parsing fails, the API answers an
error, or it cannot be reached; 2 for a usage error such as a missing key. The key is read from
the environment only and never printed or saved: every line and file is scrubbed of it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from openrouter_generation_client import AuthenticatedClient
from openrouter_generation_client.errors import (
    APIStatusError,
    MalformedResponseError,
    OpenRouterGenerationError,
)

from conformance import spec
from conformance.adapters.ours import snake_case
from conformance.spec import Operation
from conformance.spec.drift import SpecChecker, Verdict

KEY_ENV = "OPENROUTER_API_KEY"
DEFAULT_OPERATION = "getGeneration"
REDACTED = "<redacted>"
# Never kept in a captured file: credentials and cookies, and the framing headers that describe
# the encoded wire body while the file stores the decoded one (a replay would decode it twice).
DROPPED_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "content-encoding",
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
    }
)

Say = Callable[[str], None]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the live check; returns the exit status."""
    documented = spec.load()
    parser = _parser(documented)
    args = parser.parse_args(argv)
    operation = documented.operation(args.operation)
    key = os.environ.get(KEY_ENV, "").strip()
    if not key:
        print(
            f"live: {KEY_ENV} is not set. Export your OpenRouter API key in it "
            "(it is read from the environment only, never printed or saved).",
            file=sys.stderr,
        )
        return 2

    def say(line: str) -> None:
        print(line.replace(key, REDACTED))

    url = args.base_url.rstrip("/") + operation.path
    try:
        response = fetch(url, args.id, key, args.timeout)
    except httpx.HTTPError as exc:
        say(f"live: could not reach {url}: {type(exc).__name__}: {exc}")
        return 1
    say(
        f"GET {response.request.url} -> {response.status_code} {response.reason_phrase} "
        f"({response.headers.get('content-type', 'no content-type')}, "
        f"{len(response.content)} bytes, {response.elapsed.total_seconds() * 1000:.0f} ms)"
    )
    body_ok, verdict = _check_body(response, SpecChecker(operation), say)
    client_ok = _check_client(response, operation, args.base_url, args.id, say)
    if args.save is not None:
        save(response, args.save, key, describe(response, args.id, verdict), operation.id)
        say(f"saved: {args.save}")
    ok = response.status_code == httpx.codes.OK and body_ok and client_ok
    drift = len(verdict.drift) if verdict else 0
    say(f"result: {'OK' if ok else 'FAILED'}" + (f", {drift} drift warning(s)" if drift else ""))
    return 0 if ok else 1


def fetch(url: str, generation_id: str, key: str, timeout: float) -> httpx.Response:
    """The raw response, read whole; no client model in between."""
    return httpx.get(
        url,
        params={"id": generation_id},
        headers={"Authorization": f"Bearer {key}", "Accept": "application/json"},
        timeout=timeout,
    )


def _check_body(
    response: httpx.Response, checker: SpecChecker, say: Say
) -> tuple[bool, Verdict | None]:
    """Validate the body against the schema the spec documents for its status; print findings."""
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        say(f"spec: the body is not JSON ({exc}); it starts {response.content[:80]!r}")
        return False, None
    verdict = checker.check(body, response.status_code)
    if verdict is None:
        say(f"spec: openapi.yaml documents no body for status {response.status_code}")
        return False, None
    if verdict.violations:
        say(f"spec: INVALID against {verdict.schema} ({len(verdict.violations)} violation(s)):")
        for finding in verdict.violations:
            say(f"  {finding}")
    else:
        say(f"spec: valid against {verdict.schema}")
    if verdict.drift:
        say(f"drift: the API sent {len(verdict.drift)} thing(s) openapi.yaml lacks:")
        for finding in verdict.drift:
            say(f"  {finding}")
    else:
        say("drift: none")
    return not verdict.violations, verdict


def _check_client(
    response: httpx.Response, operation: Operation, base_url: str, generation_id: str, say: Say
) -> bool:
    """Parse the same bytes with the generated client; True when it returned the body."""
    try:
        parsed = parse_with_client(response, base_url, generation_id, operation.id)
    except APIStatusError as exc:
        say(f"client: {type(exc).__name__}: {exc}")
        return False
    except MalformedResponseError as exc:
        say(f"client: REJECTED the body: {exc}")
        return False
    except OpenRouterGenerationError as exc:
        say(f"client: {type(exc).__name__}: {exc}")
        return False
    except Exception as exc:  # anything else escaping the client is a bug to show
        say(f"client: CRASHED outside its documented errors: {type(exc).__name__}: {exc}")
        return False
    # A count, no values: stored content (prompts, completions) is never printed.
    say(f"client: parsed the {operation.id} body ({len(parsed.to_dict()['data'])} fields)")
    return True


def parse_with_client(
    response: httpx.Response,
    base_url: str,
    generation_id: str,
    operation_id: str = DEFAULT_OPERATION,
) -> Any:
    """Replay `response` to the generated client's module for the operation; its return value
    or its documented error."""
    replay = httpx.Response(
        response.status_code, headers=captured_headers(response), content=response.content
    )
    client = AuthenticatedClient(
        base_url=base_url,
        token="replay",  # the replay transport never sends it anywhere
        httpx_args={"transport": httpx.MockTransport(lambda _request: replay)},
    )
    endpoint = importlib.import_module(
        f"openrouter_generation_client.api.generations.{snake_case(operation_id)}"
    )
    with client:
        return endpoint.sync(client=client, id=generation_id)


def captured_headers(response: httpx.Response, key: str | None = None) -> dict[str, str]:
    """The response headers worth keeping: no credentials, cookies, framing or the key itself."""
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in DROPPED_HEADERS and not (key and key in value)
    }


def describe(response: httpx.Response, generation_id: str, verdict: Verdict | None) -> str:
    """A captured file's description: what was fetched, when, and what it showed."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    what = f"Live {response.status_code} for generation {generation_id}, captured {when}"
    if verdict is None:
        return f"{what}; the body is not a JSON body the spec documents for this status."
    if not verdict.drift and not verdict.violations:
        return f"{what}; valid against {verdict.schema}, no drift."
    findings = [f"{finding.kind} {finding.path}" for finding in verdict.violations + verdict.drift]
    return f"{what}; against {verdict.schema}: " + "; ".join(findings) + "."


def save(
    response: httpx.Response,
    path: Path,
    key: str,
    description: str,
    operation_id: str = DEFAULT_OPERATION,
) -> None:
    """Write `response` as a captured file ({description, operation, status, headers,
    body | body_text})."""
    captured: dict[str, Any] = {
        "description": description,
        "operation": operation_id,
        "status": response.status_code,
        "headers": captured_headers(response, key),
    }
    try:
        captured["body"] = json.loads(response.content)
    except ValueError:
        captured["body_text"] = response.text
    text = json.dumps(captured, indent=2, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(key, REDACTED), encoding="utf-8")


def _parser(documented: spec.Spec) -> argparse.ArgumentParser:
    default_base_url = documented.server_url
    parser = argparse.ArgumentParser(
        prog="nox -s live --",
        description=(
            f"Fetch one real generation with the key in ${KEY_ENV}, validate it against "
            "openapi.yaml, parse it with the generated client and report spec drift."
        ),
    )
    parser.add_argument("--id", required=True, help="the generation id, e.g. gen-…")
    parser.add_argument(
        "--operation",
        default=DEFAULT_OPERATION,
        choices=[operation.id for operation in documented.operations],
        help=f"the spec's operation to call (default: {DEFAULT_OPERATION})",
    )
    parser.add_argument(
        "--save",
        type=Path,
        metavar="PATH",
        help="also write the response as a captured file, e.g. conformance/captured/NAME.json",
    )
    parser.add_argument(
        "--base-url",
        default=default_base_url,
        help=f"the API's base URL (default: the spec's server, {default_base_url})",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for the API (default: 30)"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
