"""Whether what a client gives back equals what the server sent, value by value, per the schema.

Equality is the JSON kind, not Python's: `true` is not `1`, an integer equals the same number,
a date-time is compared as the instant it names (a client must parse it to an aware datetime,
and may re-serialise it with another offset), another format (date, uuid, uri, email) as the
value its rule reads (formats.py: a `date`, a `UUID`, or the string itself), an enum by its
string value. Each mismatch is a
one-line reason naming the field: `data.latency: sent 12.5, got '12.5' (str)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conformance.judging.findings import shorten
from conformance.spec import formats, oracle, rfc3339, subset
from conformance.spec.subset import Schema


@dataclass(frozen=True)
class Comparison:
    """The mismatches between a sent body and a client's parse of it, by what they are about:
    a value (`values`), an absent field given as None or a null one left out (`absent_null`),
    an unknown field lost or invented (`unknown`, only when extras were compared)."""

    values: list[str]
    absent_null: list[str]
    unknown: list[str]


def parsed(
    schema: Schema,
    sent: Any,
    data: Any,
    extras: Mapping[str, Any] | None,
    *,
    absent_as_null: bool = False,
) -> Comparison:
    """Compare a sent body with a client's normalised parse of it (see adapters/_contract.py);
    `extras` None leaves unknown fields uncompared; `absent_as_null` (a client that declares
    it cannot tell them apart) takes an absent field and a null one as equal."""
    walker = _Walker(parsed=True, extras=extras, absent_as_null=absent_as_null)
    walker.value(schema, sent, data, "")
    return Comparison(walker.problems, walker.absent_null, walker.unknown)


def json_mismatches(
    schema: Schema, sent: Any, returned: Any, *, absent_as_null: bool = False
) -> list[str]:
    """Mismatches between a sent body and the JSON a client serialises back (its round trip)."""
    walker = _Walker(parsed=False, extras=None, absent_as_null=absent_as_null)
    walker.value(schema, sent, returned, "")
    return walker.problems


def _keys(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """The keys of both, the first's in their order, then the second's others: a set union's
    order changes from one process to the next (string hashing), and with it which mismatches
    a reason names first and which fall into its `+N more`."""
    return [*first, *(key for key in second if key not in first)]


def _path(where: str, name: str, *, declared: bool) -> str:
    """The location of the member `name` of the object at `where`: a declared field as the
    spec spells it (`data.latency`); any other key (an unknown field, a key of a free-form
    object) quoted on the object that holds it (`(body)['to_dict']`, `data.metadata['Data.']`),
    so no key reads as part of the path or as a name of the client's own."""
    if declared:
        return f"{where}.{name}" if where else name
    return f"{where or '(body)'}[{name!r}]"


def _short(value: Any) -> str:
    text = repr(value)
    return shorten(text, 60)


def _got(value: Any) -> str:
    return f"{_short(value)} ({type(value).__name__})"


class _Walker:
    def __init__(
        self, *, parsed: bool, extras: Mapping[str, Any] | None, absent_as_null: bool = False
    ) -> None:
        self.parsed = parsed
        self.extras = extras
        self.absent_as_null = absent_as_null
        self.problems: list[str] = []
        self.absent_null: list[str] = []
        self.unknown: list[str] = []

    def _fail(self, where: str, message: str, into: list[str] | None = None) -> None:
        (self.problems if into is None else into).append(f"{where or '(body)'}: {message}")

    def value(self, schema: Schema, sent: Any, got: Any, where: str) -> None:
        alternatives = subset.branches(schema)
        if alternatives is not None:
            branches = [b for b in alternatives if oracle.is_valid(b, sent)]
            if len(branches) > 1:
                self._closest(branches, sent, got, where)
                return
            schema = branches[0] if branches else {}
        kind = subset.json_type(sent)
        rule = formats.TABLE.get(schema.get("format", "")) if kind == "string" else None
        if kind == "object":
            self._object(schema, sent, got, where)
        elif kind == "array":
            self._array(schema, sent, got, where)
        elif schema.get("format") == "date-time" and kind == "string":
            self._date_time(sent, got, where)
        elif rule is not None:
            self._formatted(rule, schema["format"], sent, got, where)
        elif kind in ("integer", "number"):
            self._number(schema, sent, got, where)
        elif subset.json_type_or_none(got) != kind or got != sent:
            self._fail(where, f"sent {_short(sent)}, got {_got(got)}")

    def _closest(self, branches: list[Schema], sent: Any, got: Any, where: str) -> None:
        """Compare against the branch the client's value fits best: a value that fits several
        branches (an anyOf) may be read as any of them."""
        walkers = []
        for branch in branches:
            walker = _Walker(
                parsed=self.parsed, extras=self.extras, absent_as_null=self.absent_as_null
            )
            walker.value(branch, sent, got, where)
            walkers.append(walker)
        best = min(walkers, key=lambda w: len(w.problems) + len(w.absent_null) + len(w.unknown))
        self.problems += best.problems
        self.absent_null += best.absent_null
        self.unknown += best.unknown

    def _number(self, schema: Schema, sent: Any, got: Any, where: str) -> None:
        if isinstance(got, bool) or not isinstance(got, int | float):
            self._fail(where, f"sent the number {_short(sent)}, got {_got(got)}")
            return
        declared = subset.declared_types(schema) or ()
        integer_only = "integer" in declared and "number" not in declared
        if isinstance(sent, int) and integer_only and not isinstance(got, int):
            self._fail(where, f"declared integer {sent}, got {_got(got)}")
        elif got != sent:
            self._fail(where, f"sent {_short(sent)}, got {_got(got)}")

    def _date_time(self, sent: str, got: Any, where: str) -> None:
        instant = rfc3339.parse(sent)
        if self.parsed:
            aware = isinstance(got, datetime.datetime) and got.utcoffset() is not None
            if not aware:
                self._fail(
                    where, f"sent date-time {sent!r}, got {_got(got)}: not an aware datetime"
                )
            elif got != instant:
                self._fail(where, f"sent {sent!r} (instant {instant}), got {got.isoformat()}")
        elif not isinstance(got, str) or rfc3339.parse(got) != instant:
            self._fail(where, f"sent date-time {sent!r}, serialised back as {_got(got)}")

    def _formatted(self, rule: formats.Format, name: str, sent: str, got: Any, where: str) -> None:
        expected = rule.parse(sent)
        if self.parsed:
            if got != sent and (isinstance(got, str) or got != expected):
                self._fail(where, f"sent {name} {sent!r}, got {_got(got)}")
        elif not isinstance(got, str) or rule.parse(got) != expected:
            self._fail(where, f"sent {name} {sent!r}, serialised back as {_got(got)}")

    def _array(self, schema: Schema, sent: list[Any], got: Any, where: str) -> None:
        if not isinstance(got, list) or len(got) != len(sent):
            self._fail(where, f"sent a list of {len(sent)}, got {_got(got)}")
            return
        items = next(subset.array_items(schema), {})
        for index, (item, returned) in enumerate(zip(sent, got, strict=True)):
            self.value(items, item, returned, f"{where}[{index}]")

    def _object(self, schema: Schema, sent: dict[str, Any], got: Any, where: str) -> None:
        if not isinstance(got, dict):
            self._fail(where, f"sent an object, got {_got(got)}")
            return
        declared = next(subset.object_schemas(schema), {}).get("properties", {})
        for name in _keys(sent, got):
            path = _path(where, name, declared=name in declared)
            if name in declared or not declared or not self.parsed:
                self._member(declared.get(name, {}), sent, got, name, path)
            elif name in got:
                self._member({}, sent, got, name, path)
        if self.parsed and declared and self.extras is not None:
            self._extras(declared, sent, where)

    def _member(
        self, schema: Schema, sent: dict[str, Any], got: dict[str, Any], name: str, path: str
    ) -> None:
        if self.absent_as_null and sent.get(name) is None and got.get(name) is None:
            return  # absent and null, equal for a client that declares it cannot tell them apart
        if name not in got:
            lost = self.absent_null if sent[name] is None and self.parsed else None
            self._fail(path, f"sent {_short(sent[name])}, the client lost it", lost)
        elif name not in sent:
            invented = self.absent_null if got[name] is None and self.parsed else None
            self._fail(
                path, f"absent from the response, the client gives {_got(got[name])}", invented
            )
        else:
            self.value(schema, sent[name], got[name], path)

    def _extras(self, declared: Mapping[str, Any], sent: dict[str, Any], where: str) -> None:
        assert self.extras is not None
        unknown = {name: value for name, value in sent.items() if name not in declared}
        kept = self.extras.get(where) or {}
        if not isinstance(kept, dict):
            self._fail(where, f"unknown fields kept as {_got(kept)}, not a dict", self.unknown)
            return
        for name in _keys(unknown, kept):
            path = _path(where, name, declared=False)
            if name not in kept:
                self._fail(
                    path, f"unknown field sent ({_short(unknown[name])}), not kept", self.unknown
                )
            elif name not in unknown:
                self._fail(path, f"kept as unknown but not sent: {_got(kept[name])}", self.unknown)
            else:
                before = len(self.problems)
                self.value({}, unknown[name], kept[name], path)
                self.unknown += self.problems[before:]
                del self.problems[before:]
