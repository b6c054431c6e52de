"""Contains some shared types for properties"""

import datetime
import re
from collections.abc import Mapping, MutableMapping
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define, field


class Unset:
    """The type of UNSET: a field absent from the body (None is a JSON null)."""

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


# RFC 3339 section 5.6 `date-time`, ASCII digits only; `t` and `z` may be lower case (its NOTE).
# The time and the offset are optional here only so that a date, or a time without an offset,
# parses to a naive datetime, which the caller refuses as lacking its offset.
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
)


def date_time(text: str) -> datetime.datetime:
    """An RFC 3339 date-time (`format: date-time`) as a datetime (naive when the text has no
    time or no offset: the caller refuses those); ValueError if it is not one.

    `datetime.fromisoformat` alone reads more of ISO 8601 than RFC 3339 allows (a space for
    `T`, the basic format, week dates, a comma before the fraction, no seconds) and refuses
    the lower-case `t` and `z` RFC 3339 allows: the grammar is checked first, then it parses.
    """
    if _DATE_TIME.fullmatch(text) is None:
        raise ValueError("not an RFC 3339 date-time")
    return datetime.datetime.fromisoformat(text.upper())


def json_type(value: object) -> str:
    """The JSON name of a value's type, as the spec speaks of it (else the Python name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


# What the size of each kind of value counts, singular and plural.
_UNITS = {
    "string": ("character", "characters"),
    "bytes": ("byte", "bytes"),
    "array": ("item", "items"),
    "object": ("key", "keys"),
}


class Redacted:
    """Stands in for a value of the user's stored content: its JSON type and size, not the value.

    Stored prompts and completions are the user's data: a repr or an error message that showed
    them would copy them into logs and bug reports. The type and size say what went wrong.
    """

    __slots__ = ("kind", "size")

    def __init__(self, value: object) -> None:
        self.kind = json_type(value)
        self.size = len(value) if isinstance(value, str | bytes | list | dict) else None

    def __repr__(self) -> str:
        if self.size is None:
            return f"<{self.kind}, not shown>"
        unit = _UNITS[self.kind][self.size != 1]
        if self.kind == "bytes":
            return f"<{self.size} {unit}, not shown>"
        return f"<{self.kind} of {self.size} {unit}, not shown>"


def redact(value: object) -> object:
    """`value` when it holds no text (null, a boolean, a number, UNSET, an empty string or
    container, a generated model, whose own repr redacts what it must), else a Redacted."""
    if value is None or isinstance(value, bool | int | float | Unset | Redacted):
        return value
    if isinstance(value, str | bytes | list | dict) and not value:
        return value
    if hasattr(type(value), "__attrs_attrs__"):
        return value
    return Redacted(value)


def redacted_repr(value: object) -> str:
    """The repr of a field of stored content (attrs' `field(repr=...)`): see `redact`."""
    return repr(redact(value))


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint; `status_code` is a plain int so any status fits

    The repr shows the size of `content`, not the body: it may be stored content.
    """

    status_code: int
    content: bytes = field(repr=redacted_repr)
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "Redacted", "RequestFiles", "Response", "Unset"]
