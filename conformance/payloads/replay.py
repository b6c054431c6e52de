"""The values a property case's examples drew through one API, served again to its run through
the other.

Under a derandomized profile (ci) hypothesis draws the same examples for a case whichever API
it goes through: the strategies and the seed are the same, and what a kind draws never depends
on the API or on what the client did (every draw comes before the exchange). Drawing a 45-field
body costs more than serving it, so the first API's run keeps what each example drew, and the
second API's run of the same case replays those examples, one for one, in the same order: the
same examples as drawing them again, at a fraction of the cost. A random profile (thorough)
draws afresh for each API, so each API meets examples of its own.

A kind's draw that departs from what the first run drew (another label, one draw too many) is
the kit's own bug: the kind draws something that depends on the API or on the client.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

from hypothesis.strategies import SearchStrategy

T = TypeVar("T")


class Draws(Protocol):
    """What a kind draws from: hypothesis' `st.data()`, or an example replayed."""

    def draw(self, strategy: SearchStrategy[T], label: Any = None) -> T: ...


class Abandoned(BaseException):
    """Hypothesis gave the replayed example up at this draw (an overrun, a filter that found
    nothing), as it did in the first run: the rest of the example does not run."""


class ReplayDiverged(RuntimeError):
    """A kind's draws in the second API's run differ from the first's: a bug of the kind."""


@dataclass
class Example:
    """One example's draws, in order (label, value as drawn), and whether hypothesis gave it
    up at the draw after the last one."""

    draws: list[tuple[Any, Any]] = field(default_factory=list)
    abandoned: bool = False

    def recording(self, data: Draws) -> Draws:
        """`data`, keeping a copy of every value it gives (as drawn: whatever the kind does
        with it afterwards)."""
        return _Recording(self, data)

    def replay(self) -> Draws:
        """The example's draws again, in order."""
        return _Replay(self)


class _Recording:
    def __init__(self, example: Example, data: Draws) -> None:
        self._example, self._data = example, data

    def draw(self, strategy: SearchStrategy[T], label: Any = None) -> T:
        try:
            value = self._data.draw(strategy, label=label)
        except BaseException:
            self._example.abandoned = True
            raise
        self._example.draws.append((label, copy.deepcopy(value)))
        return value


class _Replay:
    def __init__(self, example: Example) -> None:
        self._example, self._next = example, 0

    def draw(self, strategy: SearchStrategy[T], label: Any = None) -> T:
        draws = self._example.draws
        if self._next == len(draws):
            if self._example.abandoned:
                raise Abandoned
            raise ReplayDiverged(
                f"a draw of {label!r} past the {len(draws)} the other API's run made"
            )
        recorded, value = draws[self._next]
        if recorded != label:
            raise ReplayDiverged(
                f"draw {self._next + 1} is {label!r}; the other API's run drew {recorded!r}"
            )
        self._next += 1
        return cast(T, value)


class Drawn:
    """The examples of the last property case run, until its run through the other API takes
    them (one case at a time: pytest runs a case's APIs one after the other)."""

    def __init__(self) -> None:
        self._case: str | None = None
        self._examples: list[Example] = []
        self._recording: list[Example] | None = None

    @contextmanager
    def recording(self, case: str) -> Iterator[None]:
        """Keep what each example of `case` draws meanwhile (`example()`), if the run ends
        normally; a run that raised keeps nothing."""
        self._case, self._examples = None, []
        examples: list[Example] = []
        self._recording = examples
        try:
            yield
        finally:
            self._recording = None
        self._case, self._examples = case, examples

    def example(self, data: Draws | None) -> Draws | None:
        """What one example draws from: while recording, `data` with each of its draws kept as
        a new example; otherwise `data` itself."""
        if self._recording is None or data is None:
            return data
        self._recording.append(example := Example())
        return example.recording(data)

    def take(self, case: str) -> list[Example] | None:
        """The examples `case` drew through its other API, once; None when there are none."""
        if self._case != case:
            return None
        examples, self._case, self._examples = self._examples, None, []
        return examples
