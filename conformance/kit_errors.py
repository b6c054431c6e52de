"""Telling the kit's own failures from the client's.

A check that fails raises AssertionError: the client did something the case rules out, a
client failure. Any other exception escaping a case was raised by the kit's own code (a
strategy, a check, the catalogue): the case fails as a KitError naming the kit's file and
line, the report records it apart (never as a client failure) and stops the run, which exits
with status 6 (`report.recorder.EXIT_KIT_ERROR`).
"""

from __future__ import annotations

import traceback
from pathlib import Path

from conformance.adapters import Api
from conformance.case import Case
from conformance.judging.findings import encodable
from conformance.kinds import catalogue
from conformance.kit import Kit

KIT_DIR = Path(__file__).resolve().parent


class KitError(Exception):
    """The kit's own code failed: not the client's fault."""


def run_case(kit: Kit, case: Case, api: Api) -> None:
    """Run one case; an exception from the kit's own code stops the run as a kit error."""
    try:
        catalogue.run(kit, case, api)
    except Exception as exc:
        if _client_failure(exc):
            raise
        where = kit_frame(exc)
        message = encodable(f"{where}: {type(exc).__name__}: {exc}".splitlines()[0])
        kit.report.failed_in_kit(message)
        raise KitError(
            f"conformance kit error (not the client's fault) in {case.id}: {message}"
        ) from exc


def _client_failure(exc: BaseException) -> bool:
    """An AssertionError is a check failing on the client's outcome; anything else is the kit."""
    if isinstance(exc, BaseExceptionGroup):
        return all(_client_failure(inner) for inner in exc.exceptions)
    return isinstance(exc, AssertionError)


def kit_frame(exc: BaseException) -> str:
    """`file:line` of the innermost frame of the kit's own code in the exception's traceback."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(KIT_DIR)
    ]
    if not frames:
        return "conformance (no frame of the kit's code)"
    frame = frames[-1]
    return f"{Path(frame.filename).resolve().relative_to(KIT_DIR.parent)}:{frame.lineno}"
