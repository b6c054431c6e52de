"""A small third-party-style client of the Generations endpoints, for the kit to judge: written
from openapi.yaml alone, on the standard library (http.client), with no async API.

It has three traits a real client may well have, each one the kit must judge without a false
positive (tests/test_stdlib_client.py):

- it keeps response headers with their names upper-cased (`CONTENT-TYPE`);
- its `ApiError` exposes no parsed error body, only the status, code, message, metadata, the
  raw bytes and the headers;
- it reads every declared field of an object as an attribute, an absent one as None: it
  cannot tell an absent field from a null one.

It validates each body against the spec's JSON Schema (jsonschema) and returns `Record`s.
"""

from __future__ import annotations

import datetime
import gzip
import http.client
import json
import urllib.parse
from pathlib import Path
from typing import Any, ClassVar

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"
_DOCUMENT: dict[str, Any] = yaml.safe_load(SPEC.read_text("utf-8"))
_REGISTRY: Registry[Any] = Registry().with_resource("urn:spec", Resource.opaque(_DOCUMENT))
_FORMATS = FormatChecker(formats=("date-time",))


class ApiError(Exception):
    """An error status. `headers` maps upper-cased names to values."""

    def __init__(self, status: int, raw: bytes, headers: dict[str, str]) -> None:
        super().__init__(f"the API answered {status}")
        self.status, self.raw, self.headers = status, raw, headers
        detail = _error_detail(raw)
        self.code, self.message, self.metadata = detail


class BadResponse(Exception):
    """A 200 whose body the spec rules out; `where` is the field, "" for the body itself."""

    def __init__(self, status: int, raw: bytes, where: str, why: str) -> None:
        super().__init__(f"bad response body at {where or '(the body)'}: {why}")
        self.status, self.raw, self.where = status, raw, where


class NoReply(Exception):
    """No whole response arrived: refused, reset, closed early or timed out."""


class Record:
    """An object of a body: each declared field an attribute (None when absent), the
    undeclared ones in `extra`. Its repr names no value: bodies may hold the user's text."""

    def __init__(self, fields: dict[str, Any], extra: dict[str, Any]) -> None:
        self.fields, self.extra = fields, extra

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["fields"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"<Record of {len(self.fields)} fields>"


class Client:
    """`get("getGeneration", id)` or `get("getGenerationContent", id)`: the body's Record."""

    PATHS: ClassVar[dict[str, str]] = {
        "getGeneration": "/generation",
        "getGenerationContent": "/generation/content",
    }

    def __init__(self, key: str, base_url: str, timeout: float = 10.0) -> None:
        url = urllib.parse.urlsplit(base_url)
        self._host, self._port = url.hostname or "", url.port
        self._prefix, self._timeout = url.path.rstrip("/"), timeout
        self._auth = f"Bearer {key}"

    def get(self, operation: str, generation_id: str) -> Record:
        path = self.PATHS[operation]
        status, raw, headers = self._fetch(f"{self._prefix}{path}", generation_id)
        if status != 200:
            raise ApiError(status, raw, headers)
        schema = _DOCUMENT["paths"][path]["get"]["responses"]["200"]["content"]
        body = _decode(raw)
        if body is _NOT_JSON:
            raise BadResponse(status, raw, "", "not UTF-8 JSON")
        _validate(schema["application/json"]["schema"], body, status, raw)
        record: Record = _read(schema["application/json"]["schema"], body)
        return record

    def _fetch(self, path: str, generation_id: str) -> tuple[int, bytes, dict[str, str]]:
        connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        query = urllib.parse.urlencode({"id": generation_id})
        try:
            connection.request("GET", f"{path}?{query}", headers={"Authorization": self._auth})
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise NoReply(f"no whole response: {type(exc).__name__}") from None
        finally:
            connection.close()
        headers = {name.upper(): value for name, value in response.getheaders()}
        if headers.get("CONTENT-ENCODING") == "gzip":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                raise NoReply("a gzip body cut short") from None
        return response.status, raw, headers


_NOT_JSON: Any = object()


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _finite(number: str) -> float | int:
    """A number with a fraction or an exponent; one with a zero fraction (`12345.0`) is the int
    it names, as JSON Schema reads an integer (its int holds it exactly, below 2**53)."""
    value = float(number)
    if value in (float("inf"), float("-inf")):  # 1e999: JSON's grammar, no float's value
        raise ValueError(f"{number} overflows a float")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse, parse_float=_finite)
    except (ValueError, RecursionError):  # not JSON, or nested past the stack
        return _NOT_JSON


def _error_detail(raw: bytes) -> tuple[int | None, str | None, Any]:
    """`error.code`, `error.message` and `error.metadata` of an error body of the usual shape."""
    body = _decode(raw)
    detail = body.get("error") if isinstance(body, dict) else None
    if not isinstance(detail, dict):
        return None, None, None
    code, message = detail.get("code"), detail.get("message")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        message if isinstance(message, str) else None,
        detail.get("metadata") if isinstance(detail.get("metadata"), dict) else None,
    )


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = _DOCUMENT
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    return schema


_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator of a schema of the document (its local references made absolute)."""
    if id(schema) not in _VALIDATORS:
        absolute = json.loads(json.dumps(schema).replace('"#/', '"urn:spec#/'))
        _VALIDATORS[id(schema)] = Draft202012Validator(
            absolute, registry=_REGISTRY, format_checker=_FORMATS
        )
    return _VALIDATORS[id(schema)]


def _validate(schema: dict[str, Any], body: Any, status: int, raw: bytes) -> None:
    problem = best_match(_validator(schema).iter_errors(body))
    if problem is None:
        return
    where: list[Any] = list(problem.absolute_path)
    if problem.validator == "required":  # the missing field, not the object it belongs in
        where.append(next(name for name in problem.validator_value if name not in problem.instance))
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")
    raise BadResponse(status, raw, text, f"breaks {problem.validator!r}")


def _read(schema: dict[str, Any], value: Any) -> Any:
    """A valid JSON value as the client returns it: objects with declared fields as Records."""
    schema = _resolve(schema)
    for union in ("oneOf", "anyOf"):
        for branch in schema.get(union, ()):
            if _validator(branch).is_valid(value):
                return _read(branch, value)
    if isinstance(value, list):
        return [_read(schema.get("items", {}), item) for item in value]
    if isinstance(value, str) and schema.get("format") == "date-time":
        return datetime.datetime.fromisoformat(value.upper())  # RFC 3339 allows `t`, `z`
    declared = schema.get("properties")
    if not isinstance(value, dict) or not declared:
        return value
    fields = {name: _read(declared[name], value.get(name)) for name in declared}
    return Record(fields, {name: item for name, item in value.items() if name not in declared})
