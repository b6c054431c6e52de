"""The default conformance run keeps its depth: at least 5,000 hypothesis examples (issue 11's
floor for the one-minute loop), counted from the catalogue and the ci profile's shares, so a
share lowered to save time fails here rather than quietly thinning the loop."""

from __future__ import annotations

from conformance import spec as spec_module
from conformance.adapters import APIS
from conformance.kinds.catalogue import KINDS, catalogue
from conformance.payloads import captured, profiles

FLOOR = 5000


def test_the_ci_profile_plans_at_least_the_floor_of_examples() -> None:
    cases = catalogue(spec_module.load(spec_module.DEFAULT_SPEC), captured.load())
    budget = profiles.BUDGETS[profiles.CI]
    planned = 0
    for case in cases:
        share = KINDS[case.kind].share
        if share is not None:
            planned += len(APIS) * profiles.share_of(budget, share)
    assert planned >= FLOOR, f"the ci profile plans {planned} examples, under {FLOOR}"
