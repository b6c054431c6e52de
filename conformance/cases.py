"""The case catalogue: every case the kit runs, as data derived from the spec.

A case is a stable id, a kind, the operation, and where relevant the status, the field and
its state, with the expectation it checks. A runner (pytest here, through test_cases.py) only
executes it: `Kit.run(case, api)` looks up the case's kind and calls its `run`.

A kind is one family of cases: `cases(spec, captures)` lists them, `run(kit, case, api, data)`
executes one, and `share` is its part of a profile's hypothesis budget (None: deterministic,
run once). Kinds live in the modules named in `KIND_MODULES`; each registers its kinds with
`register()` when imported, so a new family of cases is a new module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from .captured import Captured
from .spec import Spec

if TYPE_CHECKING:
    from .calls import Api
    from .kit import Kit

# Deterministic kinds first: a broken client fails one of them within seconds (`-x`).
KIND_MODULES = (
    "conformance.defects",
    "conformance.request",
    "conformance.refusals",
    "conformance.bodies",
)

# What a case checks, in the report's words.
PARSES = "parses with every value as sent"
API_ERROR = "the typed API error with status, body and raw bytes"
REFUSED = "a documented error naming the problem, with status and raw bytes"
REQUEST = "the request the spec describes"


@dataclass(frozen=True)
class Case:
    """One case of the catalogue. `data` is kind-specific input (a reply, a captured file)."""

    id: str
    kind: str
    operation: str
    expectation: str
    status: int | None = None
    field: str | None = None
    state: str | None = None
    data: Any = dataclass_field(default=None, compare=False, repr=False)

    def row(self) -> dict[str, Any]:
        """The case as the report lists it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "operation": self.operation,
            "status": self.status,
            "field": self.field,
            "state": self.state,
            "expectation": self.expectation,
        }


Runner = Callable[["Kit", Case, "Api", st.DataObject | None], None]


@dataclass(frozen=True)
class Kind:
    """One family of cases."""

    name: str
    cases: Callable[[Spec, list[Captured]], Iterable[Case]]
    run: Runner
    share: float | None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the catalogue (its name must be new)."""
    if kind.name in KINDS:
        raise ValueError(f"case kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def catalogue(spec: Spec, captures: list[Captured]) -> list[Case]:
    """Every case of every registered kind, in kind then catalogue order; ids are unique."""
    for module in KIND_MODULES:
        importlib.import_module(module)
    cases = [case for kind in KINDS.values() for case in kind.cases(spec, captures)]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise ValueError(f"case id {case.id!r} appears twice in the catalogue")
        seen.add(case.id)
    return cases
