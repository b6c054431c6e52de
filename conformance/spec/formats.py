"""The string formats the kit tests: for each, one rule of what is valid and near misses a
client must reject. oracle.py checks with the rule, strategies.py draws valid values and the
near misses, compare.py reads a sent value with `parse`: one reading of each format for the
kit, the live check and the tests.

`date-time` is RFC 3339 (rfc3339.py); `date` RFC 3339's full-date; `uuid` RFC 4122's hex
form; `uri` an absolute URI (a scheme, then no spaces); `email` a local part, `@`, a domain.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.spec import rfc3339

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\"<>\\^`{|}]*")
_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def _date(text: str) -> datetime.date | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _uuid(text: str) -> uuid.UUID | None:
    return uuid.UUID(text) if _UUID.fullmatch(text) else None


def _matching(pattern: re.Pattern[str]) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        return text if pattern.fullmatch(text) else None

    return parse


@dataclass(frozen=True)
class Format:
    """One string format: its rule (`parse` gives None for an invalid text) and near misses
    (which `parse` rejects)."""

    parse: Callable[[str], Any]
    near_misses: tuple[str, ...]

    def is_valid(self, text: str) -> bool:
        return self.parse(text) is not None


TABLE: dict[str, Format] = {
    "date-time": Format(
        rfc3339.parse,
        (
            "",
            "yesterday",
            "2024-07-15",
            "2024-07-15T23:33:19",
            "2024-13-01T00:00:00Z",
            "2024-02-30T10:00:00Z",
            "2024-07-15T25:00:00Z",
            "1721086399",
            "2024-07-15T23:33:19+24:00",
            "Mon, 15 Jul 2024 23:33:19 GMT",
        ),
    ),
    "date": Format(
        _date,
        ("", "2024-13-01", "2024-02-30", "15/07/2024", "2024-7-5", "2024-07-15T00:00:00Z"),
    ),
    "uuid": Format(
        _uuid,
        (
            "",
            "not-a-uuid",
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567e89b12d3a456426614174000x",
        ),
    ),
    "uri": Format(
        _matching(_URI),
        ("", "not a uri", "//no-scheme.example/x", "1http://digit.example"),
    ),
    "email": Format(
        _matching(_EMAIL),
        ("", "no-at-sign", "two@@example.com", "user@", "@example.com", "sp ace@example.com"),
    ),
}
