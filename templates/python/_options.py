"""Checks of the options a user gives the client, a RetryPolicy or a transport: each raises
``errors.InvalidOptionError`` naming the option and what it accepts, when the option is
given, instead of a bare TypeError from a comparison deep inside a call much later."""

from typing import Any

from .errors import InvalidOptionError


def number(option: str, value: Any) -> float:
    """`value` when it is a real number (an int or a float, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidOptionError(f"{option} must be a number, not {type(value).__name__}")
    return value


def seconds(option: str, value: Any) -> float | None:
    """A positive number of seconds, or None (no limit)."""
    if value is None:
        return None
    if not number(option, value) > 0:
        raise InvalidOptionError(
            f"{option} must be a positive number of seconds or None, not {value!r}"
        )
    return number(option, value)


def count(option: str, value: Any, low: int = 1) -> int:
    """A whole number of at least `low`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidOptionError(f"{option} must be a whole number, not {type(value).__name__}")
    if value < low:
        raise InvalidOptionError(f"{option} must be at least {low}, got {value}")
    return value
