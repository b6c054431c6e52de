"""Hypothesis strategies for the spec's bodies, translated from JSON Schema by hand.

Why not a library: hypothesis-jsonschema 0.23.1 fails on every object schema with the pinned
hypothesis 6.170 (`AttributeError: 'many' object has no attribute 'more'`), and schemathesis'
generator is internal API. The spec uses a small subset of JSON Schema (subset.py refuses the
rest), and the kit needs more than valid instances anyway: unknown fields at every object
level, unlisted values of open enums, a field pinned to one state, and values a field must
reject. jsonschema, an independent validator, checks this translator (test_kit.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from . import rfc3339, subset
from .fields import State
from .spec import Body
from .subset import Schema, UnsupportedSchema

Pins = Mapping[str, State]
# JSON numbers beyond 2**53 are not portable (RFC 8259 section 6); clients need not keep them.
_INTEGERS = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
# Any Unicode scalar value (UTF-8 encodable, so no lone surrogates), at most 16 of them: a
# parser treats a long string like a short one, and every character costs a draw.
_CHARACTERS = st.characters(codec="utf-8")
_TEXT_SIZE = 16
_TEXT = st.text(_CHARACTERS, max_size=_TEXT_SIZE)
_SCALARS = st.one_of(st.none(), st.booleans(), _INTEGERS, _FLOATS, _TEXT)
# Two levels deep is enough to show a client keeps a value it does not know, and costs half the
# draws of a recursive strategy (the kit runs thousands of examples).
JSON_VALUES = st.one_of(
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
        """Values the schema admits, with unknown keys in every object it lets have them."""
        below = any(_under(pinned, path) for pinned in pins)
        if below:
            schema = subset.without_null(schema)
        if "anyOf" in schema:
            return self._any_of(schema, path, pins, containers_only=below)
        if "enum" in schema:
            return st.sampled_from(list(schema["enum"]))
        types = subset.declared_types(schema)
        if types is None:
            return JSON_VALUES
        if below:
            types = tuple(name for name in types if name in ("array", "object"))
        return st.one_of([self._typed(name, schema, path, pins) for name in types])

    def _any_of(
        self, schema: Schema, path: str, pins: Pins, *, containers_only: bool
    ) -> st.SearchStrategy[Any]:
        siblings = set(schema) - {"anyOf"} - subset.ANNOTATIONS
        if siblings:
            raise UnsupportedSchema(f"{path}: anyOf next to {sorted(siblings)}")
        branches = [
            branch
            for branch in schema["anyOf"]
            if not containers_only or subset.kinds(branch) & {"array", "object"}
        ]
        options = [self.valid(branch, path, pins) for branch in branches]
        known = subset.open_enum(schema)
        if known is not None:
            options.append(unlisted(known))
        return st.one_of(options)

    def _typed(self, name: str, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        if name == "null":
            return st.none()
        if name == "boolean":
            return st.booleans()
        if name == "integer":
            return _INTEGERS
        if name == "number":
            return st.one_of(_INTEGERS, _FLOATS)
        if name == "string":
            if schema.get("format") == "date-time":
                return rfc3339.date_times()
            shortest = schema.get("minLength", 0)
            longest = schema.get("maxLength", max(shortest, _TEXT_SIZE))
            return st.text(_CHARACTERS, min_size=shortest, max_size=longest)
        if name == "array":
            below = any(_under(pinned, f"{path}[]") for pinned in pins)
            items = self.valid(schema.get("items", {}), f"{path}[]", pins)
            return st.lists(items, min_size=1 if below else 0, max_size=3)
        return self._object(schema, path, pins)

    def _object(self, schema: Schema, path: str, pins: Pins) -> st.SearchStrategy[Any]:
        declared = subset.properties(schema)
        needed = subset.required(schema)
        fixed: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for name, child in declared.items():
            field = f"{path}.{name}" if path else name
            state = pins.get(field)
            if state == "absent":
                if name in needed:
                    raise ValueError(f"{field} is required: it cannot be pinned absent")
                continue
            strategy = (
                self._pinned(child, field, state, pins) if state else self.valid(child, field, pins)
            )
            pinned = state is not None or any(_under(p, field) for p in pins)
            (fixed if name in needed or pinned else optional)[name] = strategy
        known = st.fixed_dictionaries(fixed, optional=optional)
        extra = subset.additional(schema)
        if extra is None:
            return known
        keys = st.one_of(st.sampled_from(_TRICKY_KEYS), _TEXT).filter(lambda k: k not in declared)
        values = self.valid(extra, f"{path}.*", {})
        unknown = st.dictionaries(
            keys, values, min_size=self._min_unknown, max_size=2 if declared else 4
        )
        return st.builds(_merged, unknown, known)

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


def _under(pinned: str, path: str) -> bool:
    """Whether a pinned field lies strictly inside the value at `path`."""
    return path == "" or pinned.startswith((f"{path}.", f"{path}[]"))


def _merged(unknown: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    return {**unknown, **known}


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
    """JSON values the schema rejects, or None when it admits every value."""
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
    if "string" not in admitted:
        options.append(_TEXT)
    else:
        bad = _bad_strings(schema)
        if bad is not None:
            options.append(bad)
    if "array" not in admitted:
        options.append(st.lists(_SCALARS, max_size=2))
    else:
        for items in subset.array_items(schema):
            bad_item = wrong(items)
            if bad_item is not None:
                options.append(st.lists(bad_item, min_size=1, max_size=2))
    if "object" not in admitted:
        options.append(st.dictionaries(_TEXT, _SCALARS, max_size=2))
    return st.one_of(options) if options else None


def _bad_strings(schema: Schema) -> st.SearchStrategy[str] | None:
    """Strings rejected by every string alternative of the schema, when there are such."""
    alternatives = [
        branch for branch in schema.get("anyOf", [schema]) if "string" in subset.kinds(branch)
    ]
    if any(not set(alt) & {"format", "enum", "minLength", "maxLength"} for alt in alternatives):
        return None
    candidates: list[st.SearchStrategy[str]] = [_TEXT]
    for alt in alternatives:
        if alt.get("format") == "date-time":
            candidates.insert(0, rfc3339.not_date_times())
        if "enum" in alt:
            candidates.insert(0, unlisted(tuple(v for v in alt["enum"] if isinstance(v, str))))
    return st.one_of(candidates).filter(
        lambda text: not any(_string_admitted(alt, text) for alt in alternatives)
    )


def _string_admitted(schema: Schema, text: str) -> bool:
    if schema.get("format") == "date-time" and rfc3339.parse(text) is None:
        return False
    if "enum" in schema and text not in schema["enum"]:
        return False
    if len(text) < schema.get("minLength", 0):
        return False
    longest: int = schema.get("maxLength", len(text))
    return len(text) <= longest
