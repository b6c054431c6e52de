"""Hypothesis profiles of the kit, and each property's share of a profile's example budget.

`ci` is reproducible and bounded: derandomized (the same examples every run), no example
database, no deadline (a shared CI core must not turn slowness into failures), no shrinking
(a failing case's reason already names the field; shrinking a 45-field body against a broken
client could take minutes per case), and one error per case (its reason goes in the report).
`thorough` explores: random seeds and ten times the examples.

In both, an example never fails hypothesis' test: the kit gathers each example's findings and
fails the case after the last one (kinds/catalogue.py), so every example of the budget runs
whatever the earlier ones found; hypothesis' shrinking and its database's replay of a failure
therefore never come into play (a reason names the field, which is what shrinking would give).

Both suppress the too_slow health check: a 45-field body takes tens of milliseconds to draw on
a busy CI core, which says nothing about the strategies.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.internal.reflection import function_digest

T = TypeVar("T", bound=Callable[..., Any])

CI = "ci"
THOROUGH = "thorough"
PROFILES = (CI, THOROUGH)
# The full budget of one property; properties run a share of it (see `examples`).
BUDGETS = {CI: 100, THOROUGH: 1000}

settings.register_profile(
    CI,
    max_examples=BUDGETS[CI],
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
    print_blob=False,
    suppress_health_check=(HealthCheck.too_slow,),
)
settings.register_profile(
    THOROUGH,
    max_examples=BUDGETS[THOROUGH],
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)


def load(name: str, budget: int | None = None) -> None:
    """Make `name` the active profile, its per-property budget replaced by `budget` if given."""
    if name not in PROFILES:
        raise ValueError(f"unknown conformance profile {name!r}: use one of {', '.join(PROFILES)}")
    if budget is not None:
        derived = f"{name}-budget-{budget}"
        settings.register_profile(derived, settings.get_profile(name), max_examples=budget)
        name = derived
    settings.load_profile(name)


def examples(share: float) -> int:
    """`share` of the active profile's budget, at least one example."""
    return share_of(settings().max_examples, share)


def share_of(budget: int, share: float) -> int:
    """`share` of a budget of `budget` examples, at least one."""
    return max(1, round(budget * share))


def reproducible(test: T) -> T:
    """`test` (a @given one) as the active profile runs it: when derandomized, with the seed
    hypothesis derives from the test's source, worked out once per test function instead of
    at every run (the kit runs one nested test function per case, so it would parse that
    source hundreds of times)."""
    if not settings().derandomize:
        return test
    inner = test.hypothesis.inner_test  # type: ignore[attr-defined]
    found = _SEEDS.get(inner.__code__)
    if found is None:
        found = _SEEDS[inner.__code__] = int.from_bytes(function_digest(inner), "big")
    seeded_test: T = seed(found)(test)
    return seeded_test


_SEEDS: dict[CodeType, int] = {}
