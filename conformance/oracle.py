"""Whether a value is valid per a schema, decided by jsonschema, independently of the kit's own
translator: it picks the `anyOf` branch a value belongs to, tells a valid captured body from an
invalid one, and checks the translator's output (test_kit.py)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from . import rfc3339
from .subset import Schema

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or rfc3339.parse(value) is not None


# Keyed by id(); the schemas (owned by the loaded Spec) are kept alive next to their validator.
_VALIDATORS: dict[int, tuple[Schema, Draft202012Validator]] = {}


def is_valid(schema: Schema, value: Any) -> bool:
    """Whether `value` is an instance of the (dereferenced) schema, formats included."""
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, Draft202012Validator(schema, format_checker=_FORMATS))
        _VALIDATORS[id(schema)] = entry
    return entry[1].is_valid(value)


def first_error(schema: Schema, value: Any) -> str | None:
    """The first reason the value is invalid, as `path: message`, or None when it is valid."""
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    error = next(iter(validator.iter_errors(value)), None)
    if error is None:
        return None
    return f"{error.json_path}: {error.message}"
