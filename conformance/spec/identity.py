"""A cache keyed by an object's identity, for answers worked out once per schema.

Schemas are read-only dicts, which cannot be hashed: the cache keys each by its id() and keeps
it alive beside its answer, so no other object can take that id while the entry exists.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Answers per object (and per `extra` key, when one object has several answers)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, Hashable], tuple[object, V]] = {}

    def get(self, owner: object, make: Callable[[], V], extra: Hashable = None) -> V:
        """The answer for `owner` (and `extra`), made by `make()` the first time it is asked."""
        key = (id(owner), extra)
        entry = self._entries.get(key)
        if entry is None or entry[0] is not owner:
            entry = (owner, make())
            self._entries[key] = entry
        return entry[1]
