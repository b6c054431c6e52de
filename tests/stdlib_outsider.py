"""tests/stdlib_client.py as the outside developer's client of issue 17 behaves, through an
adapter that says so: it keeps no raw body bytes (`raw_body=None`, which the contract reads
as "not exposed") and declares that it reads an absent field as None
(`Supports.absent_as_null`), on top of the client's own traits (headers upper-cased, no parsed
error body). With those declarations the kit must find nothing wrong with it."""

from __future__ import annotations

import dataclasses

from conformance.adapters import APIError, Call, Malformed, Outcome
from tests.stdlib_adapter import StdlibAdapter


class OutsiderAdapter(StdlibAdapter):
    name = "stdlib-outsider"
    supports = dataclasses.replace(StdlibAdapter.supports, absent_as_null=True)

    def get(self, call: Call) -> Outcome:
        outcome = super().get(call)
        if isinstance(outcome, APIError | Malformed):
            return dataclasses.replace(outcome, raw_body=None)
        return outcome
