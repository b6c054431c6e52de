"""Hypothesis strategies for the spec's bodies, translated from JSON Schema by hand.

Why not a library: hypothesis-jsonschema 0.23.1 fails on every object schema with the pinned
hypothesis 6.170 (`AttributeError: 'many' object has no attribute 'more'`), and schemathesis'
generator is internal API. The spec uses a small subset of JSON Schema (subset.py refuses the
rest), and the kit needs more than valid instances anyway: unknown fields at every object
level, unlisted values of open enums, a field pinned to one state, and values a field must
reject. jsonschema, an independent validator, checks this translator (test_kit.py).
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from conformance.spec import Body, formats, oracle, rfc3339, subset
from conformance.spec.fields import State
from conformance.spec.identity import ByIdentity
from conformance.spec.subset import Schema

Pins = Mapping[str, State]
# JSON numbers beyond 2**53 are not portable (RFC 8259 section 6); clients need not keep them.
_INTEGER_RANGE = (-(2**53) + 1, 2**53 - 1)
_INTEGERS = st.integers(*_INTEGER_RANGE)
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
# Any Unicode scalar value (UTF-8 encodable, so no lone surrogates), at most 16 of them: a
# parser treats a long string like a short one, and every character costs a draw.
_CHARACTERS = st.characters(codec="utf-8")
_TEXT_SIZE = 16
_TEXT = st.text(_CHARACTERS, max_size=_TEXT_SIZE)
_SCALARS = st.one_of(st.none(), st.booleans(), _INTEGERS, _FLOATS, _TEXT)
# Any JSON value, for a field the schema leaves unconstrained (`{}`): objects and arrays nested
# in each other, as a stored chat message's content parts are objects in an array in an object
# (a client that keeps only flat values must be seen to drop them); few leaves, since every
# leaf costs draws and the kit runs thousands of examples.
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
# The values of unknown fields: two levels deep is enough to show a client keeps a value it
# does not know, at half the draws (every object of every body carries some).
UNKNOWN_VALUES = st.one_of(
    _SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(_TEXT, _SCALARS, max_size=2)
)
# Unknown keys that trip clients mapping JSON keys onto attributes or matching keys loosely.
_TRICKY_KEYS = [
    "additional_properties",
    "to_dict",
    "from_dict",
    "__class__",
    "__dict__",
    "self",
    "class",
    "model_config",
    "",
    " ",
    "Data",
    "ID",
]


class Translator:
    """Strategies for the bodies of one spec; each strategy is built once and reused."""

    def __init__(self, *, unknown_always: bool = False) -> None:
        self._min_unknown = 1 if unknown_always else 0
        self._bodies: dict[tuple[str, tuple[tuple[str, State], ...]], st.SearchStrategy[Any]] = {}
        # Per schema node, and per its path and the pins below it when some pin lies below.
        self._nodes: ByIdentity[st.SearchStrategy[Any]] = ByIdentity()
        # Per object schema: the keys it does not declare, whatever is pinned inside it.
        self._unknown: ByIdentity[st.SearchStrategy[dict[str, Any]]] = ByIdentity()

    def body(self, body: Body, pins: Pins | None = None) -> st.SearchStrategy[Any]:
        """Valid bodies; each pinned field (path → state) is always in that state."""
        pins = pins or {}
        key = (body.name, tuple(sorted(pins.items())))
        if key not in self._bodies:
            self._bodies[key] = self.valid(body.schema, "", pins)
        return self._bodies[key]

    def with_unknown_fields(self) -> Translator:
        """A translator whose objects always carry at least one unknown field (where allowed)."""
        return Translator(unknown_always=True)

    def valid(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        """Values the schema admits, with unknown keys in every object it lets have them.

        Built once per node: a node's strategy depends on its schema and the pins below it
        only, so the bodies of every case share the strategies of their unpinned parts (and
        hypothesis validates each strategy once, not once per case)."""
        inside = tuple(sorted((p, s) for p, s in pins.items() if _under(p, path)))
        where = (path, inside) if inside else None
        return self._nodes.get(
            schema, lambda: self._build(schema, path, pins, below=bool(inside)), where
        )

    def _build(
        self, schema: Schema, path: str, pins: Pins, *, below: bool
    ) -> st.SearchStrategy[Any]:
        if below:
            schema = subset.without_null(schema)
        if not subset.translated(schema):
            return self._via_oracle(schema, path, pins)
        alternatives = subset.branches(schema)
        if alternatives is not None:
            return self._alternatives(schema, alternatives, path, pins, below=below)
        if "enum" in schema:
            return st.sampled_from(list(schema["enum"]))
        types = subset.declared_types(schema)
        if types is None:
            if set(schema) - {"format"}:
                return JSON_VALUES.filter(oracle.validator(schema).is_valid)
            return JSON_VALUES
        if below:
            types = tuple(name for name in types if name in ("array", "object"))
        return st.one_of([_TYPED[name](self, schema, path, pins) for name in types])

    def _via_oracle(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        """A node the translator cannot read whole (a gap): draw from what it can read, keep
        what jsonschema accepts."""
        if "allOf" in schema and len(schema) == 1:
            base: Schema = schema["allOf"][0]
        else:
            alternatives = subset.branches(schema)
            keep = {"anyOf", "oneOf"} if alternatives is not None else subset.ASSERTIONS
            base = {key: value for key, value in schema.items() if key in keep - {"allOf"}}
        return self.valid(base, path, pins).filter(oracle.validator(schema).is_valid)

    def _alternatives(
        self, schema: Schema, alternatives: list[Schema], path: str, pins: Pins, *, below: bool
    ) -> st.SearchStrategy[Any]:
        usable = [
            branch
            for branch in alternatives
            if not below
            or (subset.kinds(branch) & {"array", "object"} and _honours(branch, path, pins))
        ]
        options = [self.valid(branch, path, pins) for branch in usable]
        known = subset.open_enum(schema)
        if known is not None:
            options.append(unlisted(known))
        drawn = st.one_of(options)
        if "oneOf" in schema:
            validators = [oracle.validator(branch) for branch in alternatives]
            return drawn.filter(lambda value: sum(v.is_valid(value) for v in validators) == 1)
        return drawn

    def _integer(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        low, high = _integer_bounds(schema)
        return st.integers(min_value=low, max_value=high)

    def _number(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        low, high = _integer_bounds(schema)
        floats = st.floats(
            min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
            max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
            exclude_min="exclusiveMinimum" in schema and "minimum" not in schema,
            exclude_max="exclusiveMaximum" in schema and "maximum" not in schema,
            allow_nan=False,
            allow_infinity=False,
        )
        if low > high:
            return floats
        return st.one_of(st.integers(min_value=low, max_value=high), floats)

    def _string(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        shortest = schema.get("minLength", 0)
        longest = schema.get("maxLength", max(shortest, _TEXT_SIZE))
        drawn = FORMAT_VALUES.get(schema.get("format", ""))
        if drawn is None and "pattern" not in schema:
            return st.text(_CHARACTERS, min_size=shortest, max_size=longest)
        if drawn is None:
            drawn = st.from_regex(str(schema["pattern"]))
        return drawn.filter(oracle.validator(schema).is_valid)

    def _array(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        below = any(_under(pinned, f"{path}[]") for pinned in pins)
        items = self.valid(schema.get("items", {}), f"{path}[]", pins)
        shortest = max(schema.get("minItems", 0), 1 if below else 0)
        longest = schema.get("maxItems", max(shortest, 3))
        return st.lists(items, min_size=shortest, max_size=longest)

    def _object(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        declared = subset.properties(schema)
        needed = subset.required(schema)
        specs: list[_Field] = []
        for name, child in declared.items():
            field = f"{path}.{name}" if path else name
            state = pins.get(field)
            if state == "absent":
                if name in needed:
                    raise ValueError(f"{field} is required: it cannot be pinned absent")
                continue
            if state is not None:
                specs.append((name, ("present",), self._pinned(child, field, state, pins)))
                continue
            if any(_under(p, field) for p in pins):
                specs.append((name, ("present",), self.valid(child, field, pins)))
                continue
            states: tuple[State, ...] = () if name in needed else ("absent",)
            if subset.admits_null(child) and subset.kinds(child) - {"null"}:
                # null as one of the field's states rather than a branch of its values: one
                # choice for absent, null or present where one_of would take three draws.
                states += ("null",)
                child = subset.without_null(child)
            specs.append((name, (*states, "present"), self.valid(child, field, pins)))
        known = _fields(specs)
        extra = subset.additional(schema)
        if extra is None:
            return known
        unknown = self._unknown.get(schema, lambda: self._unknown_fields(schema, extra, path))
        return st.builds(_merged, unknown, known)

    def _unknown_fields(
        self, schema: Schema, extra: Schema, path: str
    ) -> st.SearchStrategy[dict[str, Any]]:
        declared = subset.properties(schema)
        keys = st.one_of(st.sampled_from(_TRICKY_KEYS), _TEXT).filter(lambda k: k not in declared)
        values = UNKNOWN_VALUES if not extra else self.valid(extra, f"{path}.*", {})
        return st.dictionaries(
            keys, values, min_size=self._min_unknown, max_size=2 if declared else 4
        )

    def _pinned(
        self, schema: Schema, field: str, state: State, pins: Pins
    ) -> st.SearchStrategy[Any]:
        if state == "null":
            if not subset.admits_null(schema):
                raise ValueError(f"{field} is not nullable: it cannot be pinned null")
            return st.none()
        if state == "unlisted":
            known = subset.open_enum(schema)
            if known is None:
                raise ValueError(f"{field} is not an open enum: it has no unlisted values")
            return unlisted(known)
        return self.valid(subset.without_null(schema), field, pins)


_Typed = Callable[[Translator, Schema, str, Pins], st.SearchStrategy[Any]]
# One entry per JSON type: the dispatch is complete by construction (checked at import).
_TYPED: dict[str, _Typed] = {
    "null": lambda _t, _s, _p, _pins: st.none(),
    "boolean": lambda _t, _s, _p, _pins: st.booleans(),
    "integer": Translator._integer,
    "number": Translator._number,
    "string": Translator._string,
    "array": Translator._array,
    "object": Translator._object,
}
assert set(_TYPED) == set(subset.JSON_TYPES), "strategies.py: a JSON type has no strategy"
_LETTERS = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
# Valid values of each format the kit tests (formats.py has their rules and near misses).
FORMAT_VALUES: dict[str, st.SearchStrategy[str]] = {
    # RFC 3339 as servers send them: `Z` or a ±hh:mm offset, 0 to 6 fraction digits.
    "date-time": st.builds(
        rfc3339.render,
        st.integers(min_value=rfc3339.EARLIEST, max_value=rfc3339.LATEST),
        st.integers(min_value=0, max_value=6),
        st.one_of(
            st.sampled_from([None, 0]),
            st.integers(min_value=-(24 * 60) + 1, max_value=24 * 60 - 1),
        ),
    ),
    "date": st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 1, 1)).map(str),
    "uuid": st.uuids().map(str),
    "uri": st.builds("https://{}.example/{}".format, _LETTERS, _LETTERS),
    "email": st.builds("{}@{}.example".format, _LETTERS, _LETTERS),
}
assert set(formats.TABLE) == set(FORMAT_VALUES) == subset.FORMATS, "a format lacks a rule"


def _integer_bounds(schema: Schema) -> tuple[int, int]:
    """The integers a schema's numeric bounds admit, clipped to JSON's portable range."""
    low, high = _INTEGER_RANGE
    if "minimum" in schema:
        low = max(low, math.ceil(schema["minimum"]))
    if "exclusiveMinimum" in schema:
        low = max(low, math.floor(schema["exclusiveMinimum"]) + 1)
    if "maximum" in schema:
        high = min(high, math.floor(schema["maximum"]))
    if "exclusiveMaximum" in schema:
        high = min(high, math.ceil(schema["exclusiveMaximum"]) - 1)
    return low, high


def _honours(branch: Schema, path: str, pins: Pins) -> bool:
    """Whether a branch can hold every field pinned below `path` (it declares the next key)."""
    for pinned in pins:
        if not _under(pinned, path):
            continue
        rest = pinned[len(path) :].lstrip(".") if path else pinned
        if rest.startswith("[]"):
            if "array" not in subset.kinds(branch):
                return False
            continue
        name = rest.split(".", 1)[0].split("[", 1)[0]
        if not any(name in subset.properties(obj) for obj in subset.object_schemas(branch)):
            return False
    return True


def _under(pinned: str, path: str) -> bool:
    """Whether a pinned field lies strictly inside the value at `path`."""
    return path == "" or pinned.startswith((f"{path}.", f"{path}[]"))


def _merged(unknown: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    return {**unknown, **known}


# A declared field of an object: its name, the states a body may give it (from "absent",
# "null", "present", simplest first) and the strategy of its present values.
_Field = tuple[str, tuple[State, ...], st.SearchStrategy[Any]]
# Hypothesis draws an integer below 2**24 uniformly; above, it favours small values.
_UNIFORM = 2**24


def _fields(specs: list[_Field]) -> st.SearchStrategy[dict[str, Any]]:
    """An object's declared fields, each in one of its states, in any order.

    As st.fixed_dictionaries over optional and nullable values, in far fewer draws: the
    states of up to 2**24 combinations of fields are one choice (a mixed-radix number, 0 for
    every field's simplest state), and the order is one choice (an index into the fields'
    permutations) where fixed_dictionaries takes one per field. Every combination of states
    and every order can still be drawn, each state of a field about as often as the others."""
    groups: list[tuple[int, int]] = []  # (fields, combinations of their states)
    count, combinations = 0, 1
    for _name, states, _values in specs:
        if count and combinations * len(states) > _UNIFORM:
            groups.append((count, combinations))
            count, combinations = 0, 1
        count, combinations = count + 1, combinations * len(states)
    if count:
        groups.append((count, combinations))
    return _object_fields(tuple(specs), tuple(groups))


@st.composite
def _object_fields(
    draw: st.DrawFn, specs: tuple[_Field, ...], groups: tuple[tuple[int, int], ...]
) -> dict[str, Any]:
    pairs: list[tuple[str, Any]] = []
    fields = iter(specs)
    for count, combinations in groups:
        code = draw(_indexes(combinations)) if combinations > 1 else 0
        for _ in range(count):
            name, states, values = next(fields)
            code, index = divmod(code, len(states))
            if states[index] != "absent":
                pairs.append((name, None if states[index] == "null" else draw(values)))
    order = draw(_indexes(math.factorial(len(pairs))))
    shuffled = []
    for size in range(len(pairs), 0, -1):
        order, index = divmod(order, size)
        shuffled.append(pairs.pop(index))
    return dict(shuffled)


@functools.cache
def _indexes(count: int) -> st.SearchStrategy[int]:
    """Indexes into `count` things, 0 the simplest."""
    return st.integers(0, count - 1)


@functools.cache
def unlisted(known: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Strings outside an enum's known values: near misses of known ones, then any text."""
    variants = {
        variant
        for value in known
        for variant in (value.upper(), value.title(), f"{value}_v2", f" {value}", value[:-1])
    }
    near = sorted(variants - set(known))
    options: list[st.SearchStrategy[str]] = [_TEXT.filter(lambda text: text not in known)]
    if near:
        options.insert(0, st.sampled_from(near))
    return st.one_of(options)


def wrong(schema: Schema) -> st.SearchStrategy[Any] | None:
    """JSON values the schema rejects, or None when it admits every value.

    Candidates: every JSON type the schema rules out, non-integers for integers, values past
    numeric bounds, strings breaking a format, enum, length or pattern, arrays with wrong
    items or a wrong length, objects matching no branch of a union; jsonschema has the last
    word on each, so every value drawn is invalid.
    """
    admitted = subset.kinds(schema)
    options: list[st.SearchStrategy[Any]] = []
    if "null" not in admitted:
        options.append(st.none())
    if "boolean" not in admitted:
        options.append(st.booleans())
    if "number" not in admitted:
        options.append(_FLOATS.filter(lambda number: not number.is_integer()))
        if "integer" not in admitted:
            options.append(_INTEGERS)
    options += _out_of_bounds(_alternatives(schema, ("integer", "number")))
    if "string" not in admitted:
        options.append(_TEXT)
    else:
        bad = _bad_strings(_alternatives(schema, ("string",)))
        if bad is not None:
            options.append(bad)
    if "array" not in admitted:
        options.append(st.lists(_SCALARS, max_size=2))
    else:
        for alternative in _alternatives(schema, ("array",)):
            options += _bad_arrays(alternative)
    if "object" not in admitted:
        options.append(st.dictionaries(_TEXT, _SCALARS, max_size=2))
    elif "oneOf" in schema or "anyOf" in schema:
        options.append(st.just({}))
    if not options:
        return None
    judge = oracle.validator(schema)
    return st.one_of(options).filter(lambda value: not judge.is_valid(value))


def _alternatives(schema: Schema, types: tuple[str, ...]) -> list[Schema]:
    """The alternatives of a schema (itself, or its union's branches) admitting one of `types`."""
    found = []
    for branch in subset.branches(schema) or [schema]:
        if subset.branches(branch) is not None:
            found += _alternatives(branch, types)
        elif subset.kinds(branch) & set(types):
            found.append(branch)
    return found


def _out_of_bounds(alternatives: list[Schema]) -> list[st.SearchStrategy[Any]]:
    """Numbers just past the bounds of every numeric alternative, when all are bounded."""
    if not alternatives or any(not set(alt) & _NUMBER_BOUNDS for alt in alternatives):
        return []
    edges: list[float] = []
    for alt in alternatives:
        for keyword in ("minimum", "exclusiveMinimum"):
            if keyword in alt:
                edges += [alt[keyword] - 1, alt[keyword] - 0.5, alt[keyword] - 1e9]
        for keyword in ("maximum", "exclusiveMaximum"):
            if keyword in alt:
                edges += [alt[keyword] + 1, alt[keyword] + 0.5, alt[keyword] + 1e9]
        edges += [alt[key] for key in ("exclusiveMinimum", "exclusiveMaximum") if key in alt]
    return [st.sampled_from([_integral(edge) for edge in edges])]


def _integral(number: float) -> float | int:
    return int(number) if float(number).is_integer() and abs(number) < 2**53 else number


def _bad_strings(alternatives: list[Schema]) -> st.SearchStrategy[str] | None:
    """Strings rejected by every string alternative, when there are such."""
    if any(not set(alt) & _STRING_RULES for alt in alternatives):
        return None
    candidates: list[st.SearchStrategy[str]] = [_TEXT]
    for alt in alternatives:
        rule = formats.TABLE.get(alt.get("format", ""))
        if rule is not None:
            candidates.insert(0, st.sampled_from(rule.near_misses))
        if "enum" in alt:
            candidates.insert(0, unlisted(tuple(v for v in alt["enum"] if isinstance(v, str))))
        if "minLength" in alt and alt["minLength"] > 0:
            candidates.insert(0, st.text(_CHARACTERS, max_size=alt["minLength"] - 1))
        if "maxLength" in alt:
            size = alt["maxLength"] + 1
            candidates.insert(0, st.text(_CHARACTERS, min_size=size, max_size=size + 2))
    return st.one_of(candidates)


def _bad_arrays(schema: Schema) -> list[st.SearchStrategy[Any]]:
    """Arrays with an item the items schema rejects, or one item too few or too many."""
    items = schema.get("items", {})
    found: list[st.SearchStrategy[Any]] = []
    bad_item = wrong(items) if items else None
    if bad_item is not None:
        found.append(st.lists(bad_item, min_size=1, max_size=2))
    good = Translator().valid(items, "", {})
    if schema.get("minItems", 0) > 0:
        found.append(st.lists(good, max_size=schema["minItems"] - 1))
    if "maxItems" in schema:
        size = schema["maxItems"] + 1
        found.append(st.lists(good, min_size=size, max_size=size))
    return found


_NUMBER_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_STRING_RULES = frozenset({"format", "enum", "minLength", "maxLength", "pattern"})
