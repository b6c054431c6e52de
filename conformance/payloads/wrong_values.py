"""Every kind of wrong value a field's schema rules out, one deterministic value per kind.

Hypothesis draws wrong values at random (strategies.wrong), about five per field per API in the
`ci` profile, so a whole kind can go unsent for a field. Here each field gets one value of each
kind its schema rejects, every run: each other JSON type, a non-integer number where an integer
is declared, a numeric string where a number is (the value that looks right), a boolean where a
number is, NaN and ±Infinity (written by `json.dumps` as the raw constants JSON does not have),
1e999 (valid JSON syntax, but past every float: a parser overflows it to infinity), the same
four inside a free-form part (`items: {}`, `additionalProperties: true`),
null where null is not allowed, strings outside a length bound, near-miss date-times, wrong
items in an array (at any depth of nested arrays, bounds included), wrong values in a map
(`additionalProperties`), and a required field left out. `cases(spec)` places each in an otherwise
valid body, at the field's last location (the second item of an array), so a client must
reject the body and name the path.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from conformance.payloads import samples
from conformance.spec import Body, Spec, fields, formats, subset
from conformance.spec.fields import Field
from conformance.spec.subset import Schema

# Strings a `format: date-time` field must reject: each breaks RFC 3339 in one way.
NOT_DATE_TIMES = {
    "date-only": "2024-07-15",
    "no-offset": "2024-07-15T23:33:19",
    "month-13": "2024-13-01T00:00:00Z",
    "february-30": "2024-02-30T10:00:00Z",
    "hour-25": "2024-07-15T25:00:00Z",
    "offset-24h": "2024-07-15T23:33:19+24:00",
    "epoch-seconds": "1721086399",
    "http-date": "Mon, 15 Jul 2024 23:33:19 GMT",
    "empty": "",
    # ISO 8601 forms RFC 3339 leaves out, which `datetime.fromisoformat` (3.11+) accepts:
    "space-for-t": "2024-07-15 23:33:19+00:00",
    "basic-format": "20240715T233319Z",
    "week-date": "2024-W29-1T23:33:19Z",
    "comma-fraction": "2024-07-15T23:33:19,5Z",
    "no-seconds": "2024-07-15T23:33Z",
}


@dataclass(frozen=True)
class RawNumber:
    """A number written into the body as its literal `text`: JSON's grammar allows 1e999, which
    no float holds (``float("1e999")`` is infinity), so json.dumps has no value to write it."""

    text: str

    @property
    def placeholder(self) -> str:
        """The string `text` stands in for while json.dumps writes the rest of the body."""
        return f"raw-number:{self.text}"


# Past the largest float: a client that takes the number as it parses gets infinity.
OVERFLOW = RawNumber("1e999")


@dataclass(frozen=True)
class WrongValue:
    """A value of one kind the schema rejects, as the field's value or at `inside` it."""

    kind: str
    value: Any
    # Where inside the field's value it goes (empty: it is the value): -1 the last item of an
    # array, a string a key of a map (`additionalProperties`); nested arrays give (-1, -1).
    inside: tuple[str | int, ...] = ()
    removes: bool = False  # the "missing" kind: the field is taken out, not replaced

    @property
    def is_json(self) -> bool:
        """False for NaN, ±Infinity and 1e999: JSON has no such values (1e999 is a number only
        in its grammar), the body carries them raw."""
        if isinstance(self.value, RawNumber):
            return False
        return not (isinstance(self.value, float) and not math.isfinite(self.value))


# Values no JSON document holds (RFC 8259 section 6): refused at a number field, and anywhere
# else in the body too.
NOT_JSON = (
    WrongValue("nan", math.nan),
    WrongValue("infinity", math.inf),
    WrongValue("-infinity", -math.inf),
    WrongValue("overflow", OVERFLOW),
)


def wrong_values(schema: Schema) -> tuple[WrongValue, ...]:
    """One value of each kind `schema` rules out (empty when it admits every value)."""
    admitted = subset.kinds(schema)
    numeric = "number" in admitted or "integer" in admitted
    found: list[WrongValue] = []
    if "null" not in admitted:
        found.append(WrongValue("null", None))
    if "boolean" not in admitted:
        found.append(WrongValue("boolean", True))
    if "number" not in admitted:
        if "integer" in admitted:
            found.append(WrongValue("non-integer", 1.5))
        else:
            found.append(WrongValue("number", 12))
    found += _out_of_bounds(schema)
    if numeric:
        found += NOT_JSON
    found += _free_form(schema)
    if "string" not in admitted:
        found.append(_looks_right(admitted))
    else:
        found += _bad_strings(schema)
    if "array" not in admitted:
        found.append(WrongValue("array", ["text"]))
    else:
        found += [
            WrongValue(f"item-{wrong.kind}", wrong.value, (-1, *wrong.inside))
            for items in subset.array_items(schema)
            for wrong in wrong_values(items)
            if _worth_a_case(wrong.kind)
        ]
    if "object" not in admitted:
        found.append(WrongValue("object", {"value": 1}))
    else:
        found += [
            WrongValue(f"value-{wrong.kind}", wrong.value, (MAP_KEY, *wrong.inside))
            for values in _map_values(schema)
            for wrong in wrong_values(values)
            if _worth_a_case(wrong.kind)
        ]
    return tuple(found)


# Wrong items and map values worth a case of their own (their fields have their own cases),
# at any depth: another JSON type, or a number past a bound.
_ITEM_KINDS = frozenset({"null", "string", "number", "object"})
# The key under which a wrong map value is sent.
MAP_KEY = "wrong-value"


def _map_values(schema: Schema) -> list[Schema]:
    """The value schemas of the schema's object alternatives that constrain undeclared keys
    (`additionalProperties: {type: number}`; not `true` nor absent, which admit anything)."""
    alternatives = subset.branches(schema)
    if alternatives is not None:
        return [found for branch in alternatives for found in _map_values(branch)]
    extra = schema.get("additionalProperties")
    declared = subset.declared_types(schema) or ()
    return [extra] if "object" in declared and isinstance(extra, dict) and extra else []


def _free_form(schema: Schema) -> list[WrongValue]:
    """NOT_JSON inside a free-form part of the schema's alternatives: an array whose items or
    an object whose other keys it says nothing of (`items: {}`, `additionalProperties: true`).
    The schema admits any JSON value there, and none of these is one: the body must still be
    refused, as a parser that checks only typed fields lets them through."""
    found: list[WrongValue] = []
    for branch in subset.branches(schema) or [schema]:
        declared = subset.declared_types(branch) or ()
        if "array" in declared and branch.get("items") in ({}, True):
            found += [WrongValue(f"item-{wrong.kind}", wrong.value, (-1,)) for wrong in NOT_JSON]
        if "object" in declared and branch.get("additionalProperties") in ({}, True):
            found += [
                WrongValue(f"value-{wrong.kind}", wrong.value, (MAP_KEY,)) for wrong in NOT_JSON
            ]
    return found


def _worth_a_case(kind: str) -> bool:
    while kind.startswith(("item-", "value-")):
        kind = kind.split("-", 1)[1]
    return kind in _ITEM_KINDS or kind.startswith(("below-", "above-"))


def _looks_right(admitted: frozenset[str]) -> WrongValue:
    """The string a careless client would accept for a non-string field."""
    if "number" in admitted:
        return WrongValue("numeric-string", "0.0015")
    if "integer" in admitted:
        return WrongValue("numeric-string", "12")
    if "boolean" in admitted:
        return WrongValue("boolean-string", "true")
    return WrongValue("string", "text")


def _bad_strings(schema: Schema) -> list[WrongValue]:
    """Strings every string alternative of the schema rejects."""
    alternatives = [b for b in schema.get("anyOf", [schema]) if "string" in subset.kinds(b)]
    if len(alternatives) != 1:
        return []
    (alternative,) = alternatives
    found = []
    if alternative.get("format") == "date-time":
        found += [WrongValue(f"date-time-{k}", v) for k, v in NOT_DATE_TIMES.items()]
    elif alternative.get("format") in formats.TABLE:
        name = alternative["format"]
        misses = formats.TABLE[name].near_misses
        found += [WrongValue(f"{name}-{index}", value) for index, value in enumerate(misses)]
    if "enum" in alternative:
        found.append(WrongValue("unlisted", "not-" + str(alternative["enum"][0])))
    shortest = alternative.get("minLength", 0)
    if shortest > 0:
        found.append(WrongValue("too-short", "x" * (shortest - 1)))
    if "maxLength" in alternative:
        found.append(WrongValue("too-long", "x" * (alternative["maxLength"] + 1)))
    return found


def _out_of_bounds(schema: Schema) -> list[WrongValue]:
    """Numbers just past the bounds of the schema's one numeric alternative, when it has some."""
    alternatives = [
        b for b in schema.get("anyOf", [schema]) if subset.kinds(b) & {"integer", "number"}
    ]
    if len(alternatives) != 1:
        return []
    (alternative,) = alternatives
    found = []
    for keyword, step in (("minimum", -1), ("exclusiveMinimum", 0)):
        if keyword in alternative:
            found.append(WrongValue(f"below-{keyword}", alternative[keyword] + step))
    for keyword, step in (("maximum", 1), ("exclusiveMaximum", 0)):
        if keyword in alternative:
            found.append(WrongValue(f"above-{keyword}", alternative[keyword] + step))
    return found


# A required field taken out of the body (at its last location, like every other kind).
MISSING = WrongValue("missing", None, removes=True)


@dataclass(frozen=True)
class WrongCase:
    """A body of `status`, valid but for one wrong value at `path` (a concrete location)."""

    field: Field
    wrong: WrongValue
    status: int
    path: str
    body: Any
    # In a sensitive body: how the wrong value would read in a message (a number's digits),
    # which must appear in none (its strings are the body's stored text already).
    stored: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.field.id}:{self.wrong.kind}@{self.status}"

    @property
    def content(self) -> bytes:
        """The body as sent: UTF-8 JSON, NaN and ±Infinity as raw constants, a RawNumber as its
        text."""
        text = json.dumps(self.body, ensure_ascii=False, default=_placeholder)
        if isinstance(self.wrong.value, RawNumber):
            text = text.replace(json.dumps(self.wrong.value.placeholder), self.wrong.value.text)
        return text.encode()


def _placeholder(value: object) -> str:
    if isinstance(value, RawNumber):
        return value.placeholder
    raise TypeError(f"{type(value).__name__} is not JSON")


# In a body of stored content (`x-sensitive`) a wrong value is the user's text too, and must
# not be shown any more than a valid one: such bodies get wrong values long enough for the
# secret scan to look for (secrets.stored_text), of the same kinds.
_STORED_TEXT = "stored-4815162342"
_STORED: dict[str, Any] = {
    "number": 48151623,
    "non-integer": 4815.1623,
    "string": _STORED_TEXT,
    "array": [_STORED_TEXT],
    "object": {"value": _STORED_TEXT},
}


def stored(wrong: WrongValue) -> WrongValue:
    """`wrong` as a sensitive body carries it: a value the secret scan can find, when its kind
    has one (null, a boolean or a bound cannot be told from the client's own words)."""
    kind = wrong.kind.removeprefix("item-")
    if kind == "numeric-string":
        value: Any = "0.00481516" if "." in str(wrong.value) else "-48151623"
    elif kind in _STORED:
        value = _STORED[kind]
    else:
        return wrong
    return dataclasses.replace(wrong, value=value)


def cases(spec: Spec) -> list[WrongCase]:
    """Every wrong value of every field of every documented body, one case each; the cases of
    an error body's field cycle through the statuses that send it."""
    found: list[WrongCase] = []
    for body in spec.bodies:
        for field in fields.inventory(body):
            base = samples.full(body.schema, field.path)
            kinds = wrong_values(field.schema)
            sensitive = body.name in spec.sensitive
            if sensitive:
                kinds = tuple(stored(wrong) for wrong in kinds)
            if not field.optional:
                kinds = (MISSING, *kinds)
            for index, wrong in enumerate(kinds):
                status = body.statuses[index % len(body.statuses)]
                case = _case(body, base, field, wrong, status)
                if sensitive:
                    case = dataclasses.replace(case, stored=tuple(_numbers(wrong.value)))
                found.append(case)
    return found


def _numbers(value: Any) -> Iterator[str]:
    """The numbers of stored content as messages would write them, when long enough to tell."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and len(repr(value)) >= 8:
            yield repr(value)
    elif isinstance(value, list | dict):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _numbers(item)


def _case(body: Body, base: Any, field: Field, wrong: WrongValue, status: int) -> WrongCase:
    where = fields.locations(base, field.path)[-1]
    for key in wrong.inside:
        where = (*where, len(fields.at(base, where)) - 1 if key == -1 else key)
    if wrong.removes:
        changed = fields.without(base, where)
    else:
        changed = fields.with_value(base, where, wrong.value)
    return WrongCase(field, wrong, status, fields.show(where), changed)
