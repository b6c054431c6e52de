"""An example client of OpenRouter's Generations endpoints on urllib3, for the kit to measure
over sockets (`GET /generation` and `GET /generation/content`).

It is deliberately small and imports nothing from the kit: it validates each body against the
spec's own JSON Schema (jsonschema, formats checked), so that a body the spec rejects raises
`MalformedResponse` naming the path, and returns the body as plain JSON (the metadata's
`created_at` as an aware datetime). One PoolManager per client: connections are kept alive
and reused.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import urllib3
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
_SCHEMAS = "urn:openapi#/components/schemas/"


class GenerationError(Exception):
    """Base of everything this client raises."""


class StatusError(GenerationError):
    """An error status: `status`, the raw `body`, and `error` (the parsed body, or None)."""

    def __init__(self, status: int, body: bytes, error: dict[str, Any] | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.body, self.error = status, body, error


class MalformedResponse(GenerationError):
    """A 200 whose body breaks the spec: `path` says where ("" for the body itself)."""

    def __init__(self, status: int, body: bytes, path: str, reason: str) -> None:
        super().__init__(f"malformed response at {path or '(body)'}: {reason}")
        self.status, self.body, self.path, self.reason = status, body, path, reason


class TransportError(GenerationError):
    """No whole response arrived: refused, reset, cut short or timed out."""


class StoredContent(dict[str, Any]):
    """A content body: a plain dict, but its repr and str show its size, never the text."""

    def __repr__(self) -> str:
        return f"<stored content, {len(repr(dict(self)))} characters of JSON, not shown>"

    __str__ = __repr__


class GenerationClient:
    """`get_generation(id)` and `get_generation_content(id)` return the body; errors as above.
    Use as a context manager."""

    def __init__(
        self, api_key: str, *, base_url: str = DEFAULT_BASE_URL, timeout: float = 10.0
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._authorization = f"Bearer {api_key}"
        self._pool = urllib3.PoolManager(
            retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout)
        )
        document = yaml.safe_load(SPEC.read_text("utf-8"))
        registry: Registry[Any] = Registry().with_resource("urn:openapi", Resource.opaque(document))
        self._success = _validator(registry, "GenerationResponse")
        self._content = _validator(registry, "GenerationContentResponse")
        self._error = _validator(registry, "ErrorResponse")

    def __enter__(self) -> GenerationClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pool.clear()

    def get_generation(self, generation_id: str) -> dict[str, Any]:
        """The generation's metadata: `{"data": {...}}`, `data.created_at` a datetime."""
        body = self._get("/generation", generation_id, self._success)
        # Validated as RFC 3339 already; fromisoformat reads its `T` and `Z` in upper case only.
        created_at = body["data"]["created_at"].upper()
        body["data"]["created_at"] = datetime.datetime.fromisoformat(created_at)
        return body

    def get_generation_content(self, generation_id: str) -> StoredContent:
        """The generation's stored input, output and error: `{"data": {...}}`, whose repr does
        not show them (the user's own text must not end up in logs or bug reports)."""
        return StoredContent(self._get("/generation/content", generation_id, self._content))

    def _get(self, path: str, generation_id: str, success: Draft202012Validator) -> dict[str, Any]:
        try:
            response = self._pool.request(
                "GET",
                f"{self._base_url}{path}",
                fields={"id": generation_id},
                headers={"Authorization": self._authorization},
            )
        except urllib3.exceptions.HTTPError as exc:
            # No `from exc`: urllib3's errors hold the pool, and the request with it.
            raise TransportError(f"no response ({type(exc).__name__}): {exc}") from None
        status, raw = response.status, response.data
        if status != 200:
            error = _decode(raw)
            valid = error is not _INVALID and self._error.is_valid(error)
            raise StatusError(status, raw, error if valid else None)
        body = _decode(raw)
        if body is _INVALID:
            raise MalformedResponse(status, raw, "", "the body is not UTF-8 JSON")
        problem = best_match(success.iter_errors(body))
        if problem is not None:
            where = list(problem.absolute_path)
            if problem.validator == "required":  # name the missing field, not its parent
                where += [next(k for k in problem.validator_value if k not in problem.instance)]
            # Not problem.message: it quotes the value, which may be the user's stored text.
            rule = repr(problem.validator_value)
            reason = f"breaks the schema's {problem.validator!r} ({rule[:80]})"
            raise MalformedResponse(status, raw, _path(where), reason)
        return dict(body)


def to_json(body: dict[str, Any]) -> dict[str, Any]:
    """A body as JSON again (the metadata's `created_at` back to its ISO 8601 text)."""
    created = body["data"].get("created_at")
    if not isinstance(created, datetime.datetime):
        return body
    return dict(body, data=dict(body["data"], created_at=created.isoformat()))


_INVALID: Any = object()
_FORMATS = FormatChecker(formats=("date-time",))


def _validator(registry: Registry[Any], name: str) -> Draft202012Validator:
    schema = {"$ref": _SCHEMAS + name}
    return Draft202012Validator(schema, registry=registry, format_checker=_FORMATS)


def _reject_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _finite(number: str) -> float | int:
    """A number with a fraction or an exponent; one with a zero fraction (`12345.0`) is the int
    it names, as JSON Schema reads an integer (its int holds it exactly, below 2**53)."""
    value = float(number)
    if value in (float("inf"), float("-inf")):  # 1e999: JSON's grammar, no float's value
        raise ValueError(f"{number} overflows a float")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _decode(raw: bytes) -> Any:
    """Strict UTF-8 JSON (a BOM skipped, NaN and an overflowing 1e999 refused), or _INVALID."""
    try:
        return json.loads(
            raw.decode("utf-8-sig"), parse_constant=_reject_constant, parse_float=_finite
        )
    except (ValueError, RecursionError):  # not JSON, or nested past the stack
        return _INVALID


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
