"""Whether a value is valid per a schema, decided by jsonschema, independently of the kit's own
translator: it picks the `anyOf`/`oneOf` branch a value belongs to, tells a valid captured body
from an invalid one, draws the nodes the translator cannot, and checks the translator's output
(test_kit.py). Formats are checked by the kit's one rule per format (formats.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from conformance.spec import formats
from conformance.spec.identity import ByIdentity
from conformance.spec.subset import Schema

FORMAT_CHECKER = FormatChecker(formats=())


def _checker(rule: formats.Format) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return not isinstance(value, str) or rule.is_valid(value)

    return check


for _name, _rule in formats.TABLE.items():
    FORMAT_CHECKER.checks(_name)(_checker(_rule))


_VALIDATORS: ByIdentity[Draft202012Validator] = ByIdentity()


def validator(schema: Schema) -> Draft202012Validator:
    """The validator of a (dereferenced) schema, formats included, built once per schema."""
    return _VALIDATORS.get(
        schema, lambda: Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    )


def is_valid(schema: Schema, value: Any) -> bool:
    """Whether `value` is an instance of the (dereferenced) schema, formats included."""
    return validator(schema).is_valid(value)


def first_error(schema: Schema, value: Any) -> str | None:
    """The first reason the value is invalid, as `path: message`, or None when it is valid."""
    error = next(iter(validator(schema).iter_errors(value)), None)
    if error is None:
        return None
    return f"{error.json_path}: {error.message}"
