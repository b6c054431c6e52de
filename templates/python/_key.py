"""The API key: checked when the client is made, and kept out of every message it raises.

A key read from a file or a secret mount often ends in a newline, and a pasted one may carry a
non-ASCII character (a typographic dash). Sent as they are, the first makes h11 refuse the
header and quote it, key included, in its message; the second goes out UTF-8-encoded and comes
back as a confusing 401. So the client refuses such a key when it is made, saying what is
wrong and where, never what the key is; the same holds for the prefix, the header's name and
the headers given with ``headers=`` (any of which may carry a key).

Whatever an error the client wraps says, ``scrub`` takes every secret out of it before the
client raises: out of its arguments (what ``str()`` and ``repr()`` show) and those of every
error it chains (``__cause__``, ``__context__``).
"""

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

from .errors import InvalidKeyError

# RFC 9110's token: what a header's name may be made of.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# What a secret is replaced with in a scrubbed message.
SCRUBBED = "<secret scrubbed>"
# Header values shorter than this are not taken for secrets (they would scrub words).
_SHORTEST_SECRET = 8

_Error = TypeVar("_Error", bound=BaseException)

# Headers httpx or the client set on every request, none of them secret: `carried` leaves them
# out (a header given with ``headers=`` is scrubbed whatever its name).
_PUBLIC = frozenset(
    {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "content-length",
        "content-type",
        "user-agent",
        "http-referer",
        "x-openrouter-title",
        "x-openrouter-categories",
    }
)

# Attributes that str() of some errors shows instead of their args: OSError's errno, strerror
# and filenames, UnicodeError's object and reason, and the message attributes libraries keep.
_SHOWN_ATTRIBUTES = (
    "errno",
    "strerror",
    "filename",
    "filename2",
    "object",
    "reason",
    "msg",
    "message",
)


def check(
    token: str,
    prefix: str,
    header_name: str,
    headers: Mapping[str, str],
    cookies: Mapping[str, str],
) -> None:
    """Raise InvalidKeyError when the key, its prefix, its header's name, a header of `headers`
    or a cookie of `cookies` (sent in a header too) cannot be sent as it is. No message shows a
    value, only what is wrong and where."""
    if not isinstance(token, str) or not token:
        raise InvalidKeyError("the API key (token=) is empty or not a string")
    _check_value("the API key (token=)", token)
    _check_value("the key's prefix (prefix=)", prefix)
    if not isinstance(header_name, str) or not _TOKEN.fullmatch(header_name):
        raise InvalidKeyError(
            f"the key's header name (auth_header_name={header_name!r}) is not a valid HTTP "
            "header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces"
        )
    _check_items("headers=", "header", "HTTP header", headers)
    _check_items("cookies=", "cookie", "cookie", cookies)


def _check_items(option: str, what: str, kind: str, given: Mapping[str, str]) -> None:
    """Each name of `given` a token, each value sendable (a cookie travels in a header)."""
    if not isinstance(given, Mapping):
        raise InvalidKeyError(f"{option} must map names to values, not a {type(given).__name__}")
    for name, value in given.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise InvalidKeyError(f"{option} has an invalid {kind} name: {name!r}")
        _check_value(f"the value of {what} {name!r} ({option})", value)


def _check_value(what: str, value: str) -> None:
    if not isinstance(value, str):
        raise InvalidKeyError(f"{what} is not a string but {type(value).__name__}")
    if value != value.strip():
        end = "ends" if value[-1:].isspace() else "starts"
        raise InvalidKeyError(
            f"{what} {end} with whitespace ({len(value)} characters; a key read from a file "
            "often ends in a newline): strip it"
        )
    for position, character in enumerate(value):
        if unicodedata.category(character) == "Cc":
            raise InvalidKeyError(
                f"{what} has a control character (U+{ord(character):04X}) at position {position} "
                f"of {len(value)}"
            )
        if not character.isascii():
            name = unicodedata.name(character, "unnamed")
            raise InvalidKeyError(
                f"{what} has a non-ASCII character (U+{ord(character):04X} {name}) at position "
                f"{position} of {len(value)}: HTTP headers are ASCII; was it pasted from a "
                "document?"
            )


def secrets(token: str, prefix: str, *headers: Mapping[str, str]) -> tuple[str, ...]:
    """What no message may show: the key, the header value made of it, and the values of the
    headers given with ``headers=`` or carried by a request (an ``X-Api-Key`` there is a key
    too), longest first."""
    found = {token, f"{prefix} {token}" if prefix else token}
    for given in headers:
        found.update(
            value
            for value in given.values()
            if isinstance(value, str) and len(value) >= _SHORTEST_SECRET
        )
    return tuple(sorted((secret for secret in found if secret), key=len, reverse=True))


def carried(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers of `headers` that may hold a secret: all but those httpx and the client set
    themselves (``_PUBLIC``), whose values, a host or a user agent, a message may well show."""
    return {name: value for name, value in headers.items() if name.lower() not in _PUBLIC}


def scrub(error: _Error, secrets: Iterable[str]) -> _Error:
    """`error`, with every secret taken out of its arguments and out of those of each error it
    chains, in place: their arguments (what ``str()`` and ``repr()`` show) and the attributes
    some errors show instead (``_SHOWN_ATTRIBUTES``)."""
    forms = _forms(secrets)
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.args = tuple(_scrubbed(argument, forms) for argument in current.args)
        for name in _SHOWN_ATTRIBUTES:
            value = getattr(current, name, None)
            if isinstance(value, str | bytes):
                with contextlib.suppress(AttributeError, TypeError):  # read-only, in C
                    setattr(current, name, _scrubbed(value, forms))
        chained = (current.__cause__, current.__context__)
        stack.extend(other for other in chained if other is not None)
    return error


def _forms(secrets: Iterable[str]) -> list[tuple[str, bytes]]:
    """Each secret as text and as bytes, and as it shows inside a bytes repr (h11 quotes
    ``b'Bearer sk-…'``, where a quote or a backslash comes escaped)."""
    forms: list[tuple[str, bytes]] = []
    for secret in secrets:
        encoded = secret.encode("utf-8", errors="backslashreplace")
        forms.append((secret, encoded))
        shown = repr(encoded)[2:-1]
        if shown != secret:
            forms.append((shown, shown.encode("ascii")))
    return forms


def _scrubbed(argument: object, forms: list[tuple[str, bytes]]) -> object:
    if isinstance(argument, str):
        for text, _ in forms:
            argument = argument.replace(text, SCRUBBED)
        return argument
    if isinstance(argument, bytes):
        for _, raw in forms:
            argument = argument.replace(raw, SCRUBBED.encode())
        return argument
    return argument
