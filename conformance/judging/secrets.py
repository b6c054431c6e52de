"""Where a client could leak a secret after a call, searched deeply.

An error's `str` and `repr` are not the only way out: an error that keeps the request keeps its
`Authorization` header, a `__cause__` may hold an httpx error holding the request, a returned
model may hold the client, and a debug log line may print the headers. `leaks` walks everything
reachable from what the client gave back (attributes, slots, args, `__cause__`, `__context__`,
`__notes__`, mappings, sequences, headers as raw bytes) and `LogCapture` records every log
record emitted during the call, at DEBUG, on every logger.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import types
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from conformance.spec.identity import ByIdentity

# Objects that are not data a client keeps: code, modules, types and stack frames (a traceback's
# frames hold the adapter's locals, the key among them, by design of Python, not of the client).
_OPAQUE = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
    types.TracebackType,
)
_LIMIT = 20_000


def leaks(roots: Mapping[str, object], secrets: Iterable[str]) -> list[str]:
    """Where each secret is reachable from the roots, as `root.attr[key]: excerpt` lines."""
    wanted = [secret for secret in secrets if secret]
    found = []
    for where, text in _texts(roots):
        for secret in wanted:
            if _contains(text, secret):
                found.append(f"{where}: {_excerpt(text, secret)}")
    return found


def _contains(text: str | bytes, secret: str) -> bool:
    return secret in text if isinstance(text, str) else secret.encode() in text


def _excerpt(text: str | bytes, secret: str) -> str:
    shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return redacted(shown, secret)


def displayed(text: str, secret: str) -> str | None:
    """A redacted excerpt of `text` where it shows `secret`, in its own characters or escaped
    as a repr, JSON or `unicode_escape` writes it (a repr shows a prompt's newline as `\\n`,
    its é as `\\xe9` in ASCII, its quote as `\\'`); None when the text does not show it."""
    for form in _forms(secret):
        if form in text:
            return redacted(text, form)
    return None


@functools.lru_cache(maxsize=4096)  # the same stored text is looked for in every render
def _forms(secret: str) -> tuple[str, ...]:
    """`secret` and each form a text shows it in: between the quotes of its repr, of its JSON
    (ASCII-only and not), and as `unicode_escape` writes it."""
    escaped = (
        repr(secret)[1:-1],
        ascii(secret)[1:-1],
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        secret.encode("unicode_escape").decode("ascii"),
    )
    return tuple(dict.fromkeys((secret, *escaped)))


def redacted(text: str, secret: str) -> str:
    """An excerpt of `text` around `secret`, the secret itself replaced: safe to report."""
    start = max(0, text.find(secret) - 40)
    return repr(text[start : start + 120].replace(secret, "<secret>"))


def _texts(roots: Mapping[str, object]) -> Iterator[tuple[str, str | bytes]]:
    """Every str and bytes reachable from the roots, with the path that reaches it (BFS)."""
    seen: set[int] = set()
    queue: deque[tuple[str, object]] = deque(roots.items())
    while queue and len(seen) < _LIMIT:
        where, item = queue.popleft()
        if isinstance(item, str | bytes | bytearray):
            yield where, bytes(item) if isinstance(item, bytearray) else item
            continue
        if id(item) in seen or isinstance(item, _OPAQUE) or item is None:
            continue
        seen.add(id(item))
        if isinstance(item, BaseException):
            yield f"str({where})", _safe(str, item)
            yield f"repr({where})", _safe(repr, item)
        queue.extend(_children(where, item))


def _safe(render: Any, item: object) -> str:
    try:
        return str(render(item))
    except Exception as exc:  # a broken __str__ is not a leak; the kit reports crashes elsewhere
        return f"<{type(exc).__name__}>"


def _children(where: str, item: object) -> Iterator[tuple[str, object]]:
    if isinstance(item, Mapping):
        for key, value in list(item.items()):
            yield f"{where}[{key!r}]", key
            yield f"{where}[{key!r}]", value
        return
    if isinstance(item, list | tuple | set | frozenset | deque):
        for index, value in enumerate(list(item)):
            yield f"{where}[{index}]", value
        return
    if isinstance(item, BaseException):
        yield f"{where}.args", item.args
        yield f"{where}.__cause__", item.__cause__
        yield f"{where}.__context__", item.__context__
        yield f"{where}.__notes__", getattr(item, "__notes__", None)
    for name, value in _attributes(item):
        yield f"{where}.{name}", value


def _attributes(item: object) -> Iterator[tuple[str, object]]:
    """Instance attributes, from `__dict__` and every `__slots__` of the class hierarchy."""
    yield from getattr(item, "__dict__", {}).items()
    for cls in type(item).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and hasattr(item, name):
                yield name, getattr(item, name)


def shown(roots: Mapping[str, object], secrets: Iterable[str]) -> list[str]:
    """Where a secret appears in what is shown of the roots: their str() and repr() (which
    show what they hold), raw or escaped (`displayed`). For values a client must keep but
    never display: the stored prompt and completion of the content endpoint live in the
    model, but not in its repr."""
    wanted = [secret for secret in secrets if secret]
    found = []
    for where, root in roots.items():
        if root is None:
            continue
        for render in (str, repr):
            text = _safe(render, root)
            found += [
                f"{render.__name__}({where}): {excerpt}"
                for secret in wanted
                if (excerpt := displayed(text, secret)) is not None
            ]
    return found


# Shorter strings could appear in any text by chance; enum values are not the user's data; nor is
# a plain ASCII word (`character`, `messages`, `Malformed`): a client's own vocabulary (class and
# field names, "<string of 3 characters, not shown>") spells such words, and hypothesis draws
# them from the code's own string constants, so finding one in a repr proves nothing.
_SENSITIVE_LENGTH = 8
_WORD = re.compile(r"[A-Za-z0-9_]+")


def stored_text(schema: Mapping[str, Any], value: Any) -> tuple[str, ...]:
    """The user's own text in a sensitive body: every string of at least 8 characters, except
    the values the schema enumerates (a role, a finish reason) and plain ASCII words."""
    listed = _ENUMS.get(schema, lambda: _enum_values(schema))
    return tuple(
        text
        for text in _strings(value)
        if len(text) >= _SENSITIVE_LENGTH and text not in listed and not _WORD.fullmatch(text)
    )


_ENUMS: ByIdentity[set[str]] = ByIdentity()  # a sensitive body's schema is asked every exchange


def _enum_values(schema: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, Mapping):
        found |= {v for v in schema.get("enum", ()) if isinstance(v, str)}
        if isinstance(schema.get("const"), str):
            found.add(schema["const"])
        for child in schema.values():
            found |= _enum_values(child)
    elif isinstance(schema, list):
        for item in schema:
            found |= _enum_values(item)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class LogCapture(logging.Handler):
    """Every record any logger emits while installed, with logging opened up to DEBUG.

    Installed once for a session: the root logger goes to DEBUG and each existing logger's own
    level is cleared, so that no logger filters a record out before it is seen; `__exit__`
    restores every level. Loggers that do not propagate get the handler directly.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._levels: dict[logging.Logger, int] = {}
        self._attached: list[logging.Logger] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Each record as (where, message with its arguments), since the last `clear`."""
        for record in self.records:
            where = f"log {record.name}:{record.levelname}"
            yield where, _message(record)

    def clear(self) -> None:
        self.records = []

    def __enter__(self) -> LogCapture:
        root = logging.getLogger()
        loggers = [root] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger)
        ]
        for logger in loggers:
            wanted = logging.DEBUG if logger is root else logging.NOTSET
            # setLevel clears every logger's cache: only for the loggers whose level changes.
            if logger.level != wanted:
                self._levels[logger] = logger.level
                logger.setLevel(wanted)
            if logger is root or not logger.propagate:
                logger.addHandler(self)
                self._attached.append(logger)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for logger in self._attached:
            logger.removeHandler(self)
        for logger, level in self._levels.items():
            logger.setLevel(level)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a record whose args do not fit its format still shows what it carried
        return f"{record.msg!r} % {record.args!r}"
