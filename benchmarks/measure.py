"""Interleaved repetitions, and the medians and spreads drawn from them.

Contenders run in rounds: each round runs every contender once, in an order rotated by one
each round, so a slow minute on a shared machine lands on all of them rather than on one.
Ratios are taken round by round (a contender against its baseline in the same round), then
summarised like any other sample.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Runs the measured operation `n` times; raises if the operation misbehaves.
Batch = Callable[[int], None]


@dataclass(frozen=True)
class Sample:
    """Values of one quantity, one per round (seconds per operation, or a ratio)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def quartiles(self) -> tuple[float, float]:
        """First and third quartiles (both the single value when there is only one)."""
        if len(self.values) < 2:
            return self.values[0], self.values[0]
        q1, _, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
        return q1, q3

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def ratio_to(self, baseline: Sample) -> Sample:
        """Round-by-round ratio of this sample to `baseline`, measured in the same rounds."""
        return Sample(tuple(a / b for a, b in zip(self.values, baseline.values, strict=True)))


@dataclass(frozen=True)
class Timing:
    """What one contender cost per operation: CPU of this process, and elapsed time."""

    cpu: Sample
    wall: Sample


@dataclass(frozen=True)
class Plan:
    """How much to repeat: `rounds` samples, each the mean of `per_round` operations.

    `settle`: a full garbage collection before each batch, so every batch starts from the same
    collector state. A smoke run, whose numbers mean nothing, skips it: each one walks the
    whole heap, which inside a test worker is most of a smoke run's cost."""

    rounds: int
    per_round: int
    warmup: int = 1
    settle: bool = True


def rotated(names: Sequence[str], shift: int) -> list[str]:
    """`names` rotated left by `shift`, so each contender takes every position in turn."""
    shift %= len(names)
    return [*names[shift:], *names[:shift]]


def interleaved(contenders: Mapping[str, Batch], plan: Plan) -> dict[str, Timing]:
    """Time every contender in `plan.rounds` interleaved rounds; per-operation costs."""
    names = list(contenders)
    for name in names:
        contenders[name](plan.warmup)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(plan.rounds):
        for name in rotated(names, round_):
            # Start each batch with the same garbage-collector state; collections during
            # the batch stay in, since a caller pays for them too.
            if plan.settle:
                gc.collect()
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            contenders[name](plan.per_round)
            cpu[name].append((time.process_time() - cpu_start) / plan.per_round)
            wall[name].append((time.perf_counter() - wall_start) / plan.per_round)
    return {name: Timing(Sample(tuple(cpu[name])), Sample(tuple(wall[name]))) for name in names}
