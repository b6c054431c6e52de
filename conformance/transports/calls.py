"""Making the client's call through its sync or async API, the one way every server does it.

The async API runs on one event loop kept for the whole session: a new loop per call
(`asyncio.run`) costs more than most calls. Each call still starts clean, as under
`asyncio.run`: it runs in a fresh copy of the caller's context, and any task it leaves behind
is cancelled and awaited before the call counts as done, so nothing carries into the next case.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TypeVar

from conformance.adapters import Api, Call, ClientAdapter, Crashed, Outcome

T = TypeVar("T")


class Caller:
    """Calls an adapter; a context manager owning the session's event loop."""

    def __init__(self) -> None:
        self._runner = asyncio.Runner()

    def __enter__(self) -> Caller:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the loop (idempotent): its async generators and executor are shut down."""
        self._runner.close()

    def outcome(self, adapter: ClientAdapter, api: Api, call: Call) -> Outcome:
        """What the adapter reports for `call`; whatever escapes the adapter crashed."""
        try:
            if api == "sync":
                return adapter.get(call)
            return self.run(adapter.aget(call))
        except Exception as exc:  # an adapter that lets an error out crashed
            return Crashed(exc)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` to completion on the session's loop, in a fresh context."""
        try:
            return self._runner.run(coroutine, context=contextvars.copy_context())
        finally:
            self._cancel_leftovers()

    def _cancel_leftovers(self) -> None:
        loop = self._runner.get_loop()
        left = asyncio.all_tasks(loop)
        if not left:
            return
        for task in left:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))


def outcome(adapter: ClientAdapter, api: Api, call: Call, caller: Caller | None = None) -> Outcome:
    """What the adapter reports for `call`, through `caller` (the session's) or, without one,
    on a loop of its own for this call only."""
    if caller is not None:
        return caller.outcome(adapter, api, call)
    with Caller() as own:
        return own.outcome(adapter, api, call)
