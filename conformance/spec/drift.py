"""How a raw response body departs from openapi.yaml: what breaks the spec, and what it lacks.

Two kinds of findings, because they call for different actions:

- violations break the spec (a wrong type, a required field missing, a bad date-time): a client
  generated from it may reject the body. The kit's oracle judges them (jsonschema, OpenAPI
  3.1's dialect Draft 2020-12, with the kit's format rules), against the body schema the
  spec model (`spec.py`) documents for the operation and status.
- drift is what validation lets through because the spec is open: a field no `properties`
  names, or an open enum's value (`anyOf: [KnownEnum, {type: string}]`) the known list lacks.
  The body is fine; the spec should learn it. jsonschema has no notion of this, so a short walk
  with the kit's own schema questions (`subset.py`) finds it.

Paths read like the client's errors: `data.provider_responses[1].latency`, "" for the body.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from conformance.spec import Operation, oracle, subset
from conformance.spec.subset import Schema

_VIOLATION_KINDS = {
    "required": "missing required field",
    "type": "type mismatch",
    "anyOf": "type mismatch",
    "format": "bad format",
}
_LISTED = 8  # an enum this small is spelled out in a finding; a larger one is counted


@dataclass(frozen=True)
class Finding:
    """One place where the body departs from the spec."""

    kind: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind:<22} {self.path or '(body)'}: {self.message}"


@dataclass(frozen=True)
class Verdict:
    """What the spec says of one body; `schema` names the body schema it was checked against."""

    schema: str
    violations: tuple[Finding, ...]
    drift: tuple[Finding, ...]


class SpecChecker:
    """Checks decoded bodies of one operation against the schemas the spec documents for it."""

    def __init__(self, operation: Operation) -> None:
        self._operation = operation

    def check(self, body: Any, status: int) -> Verdict | None:
        """Validate `body` against the schema documented for `status` and walk it for drift.

        None when the spec documents no body for the status.
        """
        documented = self._operation.body_for(status)
        if documented is None:
            return None
        errors = oracle.validator(documented.schema).iter_errors(body)
        violations = tuple(_violation(error) for error in sorted(errors, key=_error_order))
        drift = tuple(_drift(body, documented.schema, ""))
        return Verdict(documented.name, violations, drift)


def _violation(error: ValidationError) -> Finding:
    kind = _VIOLATION_KINDS.get(str(error.validator), str(error.validator))
    return Finding(kind, _path(error.absolute_path), error.message)


def _drift(value: Any, schema: Schema, path: str) -> Iterator[Finding]:
    known = subset.open_enum(schema)
    if known is not None and isinstance(value, str) and value not in known:
        yield Finding("unknown enum value", path, f"{value!r} is not {_known(known)}")
    if isinstance(value, dict):
        for declared in subset.object_schemas(schema):
            fields = subset.properties(declared)
            for key, item in value.items():
                if key in fields:
                    yield from _drift(item, fields[key], _join(path, key))
                elif "additionalProperties" not in declared:
                    yield Finding(
                        "unknown field", _join(path, key), f"{_short(item)} (not in the spec)"
                    )
    if isinstance(value, list):
        for items in subset.array_items(schema):
            for index, item in enumerate(value):
                yield from _drift(item, items, f"{path}[{index}]")


def _known(values: Sequence[str]) -> str:
    if len(values) <= _LISTED:
        return f"a known value ({', '.join(values)})"
    return f"among the {len(values)} known values"


def _error_order(error: ValidationError) -> tuple[str, str]:
    return _path(error.absolute_path), error.message


def _path(parts: Sequence[str | int]) -> str:
    path = ""
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, part)
    return path


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
