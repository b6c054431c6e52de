"""The case catalogue: every case the kit runs, as data derived from the spec, and the one way
a case runs.

A runner (pytest here, through test_cases.py) only executes a case (`conformance/case.py`):
`run(kit, case, api)` looks up the case's kind and calls its `run`, once or under hypothesis.

A kind is one family of cases: `cases(spec, captures)` lists them, `run(kit, case, api, data)`
executes one, and `share` is its part of a profile's hypothesis budget (None: deterministic,
run once). `check` names the check a failure the kind raises itself counts under (the
checks it runs through `kit.judgement` name their own), and `needs` what the adapter must
support for its cases to run at all (`Supports.lacks`: `retries`, `body-limit`,
`transport:socket`); a case also needs its operation and its API. A case that lacks a need is
skipped, and the report says why.

Each example runs every check it reaches, whatever an earlier one found, and a property case
runs every one of its examples, whatever the earlier ones found (findings.py: a finding of
one check hides no other, a failing example no other example); the case then fails with all
its findings at once. A kind draws only from `data`, and before its exchange: under the ci
profile a case's run through its second API replays the examples its first run drew
(payloads/replay.py). Kinds live in the modules named in `KIND_MODULES`; each
registers its kinds with `register()` when imported, so a new family of cases is a new module
and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.adapters import Api
from conformance.case import UNSUPPORTED, Case
from conformance.judging.findings import CaseFindings, Judgement
from conformance.kit import Kit
from conformance.payloads import profiles
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Abandoned, Draws
from conformance.spec import Spec

# Deterministic kinds first: a broken client fails one of them within seconds (`-x`).
KIND_MODULES = (
    "conformance.kinds.defects",
    "conformance.kinds.limits",
    "conformance.kinds.request",
    "conformance.kinds.refusals",
    "conformance.kinds.retries",
    "conformance.kinds.unions",
    "conformance.kinds.spellings",
    "conformance.kinds.bodies",
)

Runner = Callable[[Kit, Case, Api, Draws | None], None]


@dataclass(frozen=True)
class Kind:
    """One family of cases."""

    name: str
    cases: Callable[[Spec, list[Captured]], Iterable[Case]]
    run: Runner
    share: float | None
    check: str = "outcome"
    needs: tuple[str, ...] = ()


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


def unsupported(kit: Kit, case: Case, api: Api) -> str | None:
    """Why the adapter cannot run `case` through `api` (None: it can), in the report's words."""
    kind = KINDS[case.kind]
    for need in (f"operation:{case.operation}", f"api:{api}", *kind.needs):
        lacking = kit.supports.lacks(need)
        if lacking is not None:
            return UNSUPPORTED + lacking
    return None


def run(kit: Kit, case: Case, api: Api) -> None:
    """Execute one case of the catalogue through the client's sync or async API."""
    kind = KINDS[case.kind]
    kit.report.start(case, api)
    found = CaseFindings()
    if kind.share is None:
        found.add(_judged(kit, kind, case, api, None))
        found.settle()
        return

    drawn = kit.drawn.take(case.id)
    if drawn is not None:  # the examples its run through the other API drew (payloads/replay.py)
        for example in drawn:
            kit.report.example()
            try:
                found.add(_judged(kit, kind, case, api, example.replay()))
            except Abandoned:  # as hypothesis gave it up in that run
                continue
        found.settle()
        return

    # An example never fails hypothesis' test: its findings are gathered, so hypothesis runs
    # every example of the budget, and the case fails after the last one.
    @settings(max_examples=profiles.examples(kind.share))
    @given(data=st.data())
    def run_examples(data: st.DataObject) -> None:
        kit.report.example()
        found.add(_judged(kit, kind, case, api, data))

    # Derandomized, the same examples come through the other API: kept for its run.
    with kit.drawn.recording(case.id) if settings().derandomize else nullcontext():
        profiles.reproducible(run_examples)()
    found.settle()


def _judged(kit: Kit, kind: Kind, case: Case, api: Api, data: Draws | None) -> Judgement:
    """One example: every check it reaches runs; what each found (the report records it)."""
    kit.judgement = judgement = Judgement()
    try:
        kind.run(kit, case, api, kit.drawn.example(data))
    except AssertionError as failed:  # a check the kind made itself, outside the judgement
        judgement.found(kind.check, failed)
    finally:
        kit.report.judged(judgement)
    return judgement
