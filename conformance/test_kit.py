"""Self-checks of the kit, independent of the client under test: the translator's payloads are
valid per jsonschema (an independent validator), its wrong values and missing fields are
invalid, the dispatch covers every keyword of the subset, and a keyword outside it is named
as a gap (drawn through the oracle) instead of stopping the run."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.judging import compare
from conformance.kit import Kit
from conformance.payloads import encoding, profiles, samples, strategies, wrong_values
from conformance.payloads.replay import Abandoned, Drawn, Draws, Example, ReplayDiverged
from conformance.report import documents
from conformance.spec import fields, oracle, subset
from conformance.spec.canonical import Gaps, canonical


@settings(max_examples=profiles.examples(0.5))
@given(data=st.data())
def test_kit_bodies_are_valid(kit: Kit, data: st.DataObject) -> None:
    body = data.draw(st.sampled_from(kit.spec.bodies), label="body")
    field = data.draw(st.sampled_from(fields.inventory(body)), label="field")
    state = data.draw(st.sampled_from(field.states), label="state")
    pins = data.draw(st.sampled_from([{}, {field.path: state}]), label="pins")
    translator = data.draw(st.sampled_from([kit.translator, kit.with_unknown]), label="translator")
    sent = data.draw(translator.body(body, pins), label="sent")
    assert oracle.is_valid(body.schema, sent), oracle.first_error(body.schema, sent)
    if pins:
        assert (field.path, state) in fields.observed(body.schema, sent)


@settings(max_examples=profiles.examples(0.5))
@given(data=st.data())
def test_kit_mutations_are_invalid(kit: Kit, data: st.DataObject) -> None:
    body = data.draw(st.sampled_from(kit.spec.bodies), label="body")
    field = data.draw(st.sampled_from(fields.inventory(body)), label="field")
    wrong = strategies.wrong(field.schema)
    base = data.draw(kit.translator.body(body, {field.path: "present"}), label="base")
    where = data.draw(st.sampled_from(fields.locations(base, field.path)), label="where")
    if not field.optional:
        assert not oracle.is_valid(body.schema, fields.without(base, where))
    if wrong is not None:
        value = data.draw(wrong, label="wrong")
        assert not oracle.is_valid(body.schema, fields.with_value(base, where, value)), value


# One schema per construct of the subset: the translator draws valid values and wrong ones.
SUBSET = [
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "date"},
    {"type": "string", "format": "uuid"},
    {"type": "string", "format": "uri"},
    {"type": "string", "format": "email"},
    {"type": "number", "format": "double", "minimum": 0},
    {"type": "number", "format": "float", "exclusiveMaximum": 1},
    {"type": "integer", "format": "int32", "minimum": -5, "maximum": 5},
    {"type": "integer", "format": "int64", "exclusiveMinimum": 0},
    {"type": "string", "minLength": 2, "maxLength": 4},
    {"type": "string", "pattern": "^gen-[a-z]+$"},
    {"const": "fixed"},
    {"enum": ["a", "b", 3]},
    {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2},
    {"type": "array", "items": {"type": "array", "items": {"type": "boolean"}}},
    {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False},
    {"type": "object", "additionalProperties": {"type": "string"}},
    {
        "oneOf": [
            {"type": "object", "required": ["p"], "properties": {"p": {"type": "string"}}},
            {"type": "object", "required": ["m"], "properties": {"m": {"type": "array"}}},
        ]
    },
    {"anyOf": [{"type": "integer"}, {"type": "string", "format": "uuid"}]},
    {"oneOf": [{"type": "integer"}, {"type": "string"}]},
    {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}},
        ]
    },
    {"type": ["string", "null"], "format": "uuid", "description": "annotations", "example": "x"},
]


def _canonical(schema: dict[str, Any]) -> tuple[subset.Schema, Gaps]:
    gaps: Gaps = []
    return canonical(schema, "schema", gaps), gaps


@pytest.mark.parametrize("schema", SUBSET, ids=[str(i) for i in range(len(SUBSET))])
@settings(max_examples=8)
@given(data=st.data())
def test_kit_translates_the_subset(schema: dict[str, Any], data: st.DataObject) -> None:
    model, gaps = _canonical(schema)
    assert not gaps, gaps
    assert subset.translated(model) or "allOf" not in model
    value = data.draw(strategies.Translator().valid(model, "", {}), label="valid")
    assert oracle.is_valid(schema, value), oracle.first_error(schema, value)
    wrong = strategies.wrong(model)
    assert wrong is not None
    bad = data.draw(wrong, label="wrong")
    assert not oracle.is_valid(schema, bad), bad


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        {"type": "string", "format": "ipv4"},
        {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
        {"type": "integer", "multipleOf": 3},
        {
            "allOf": [
                {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
                {"type": "object", "properties": {"b": {"type": "integer"}}},
            ]
        },
    ],
)
@settings(max_examples=5)
@given(data=st.data())
def test_kit_names_what_it_cannot_translate(schema: dict[str, Any], data: st.DataObject) -> None:
    """A keyword outside the subset is a gap: named, and its values still valid (the oracle)."""
    model, gaps = _canonical(schema)
    assert gaps, "a keyword outside the subset went unnamed"
    value = data.draw(strategies.Translator().valid(model, "", {}), label="valid")
    assert oracle.is_valid(schema, value), oracle.first_error(schema, value)


def test_kit_wrong_values_break_only_their_field(kit: Kit) -> None:
    """Each deterministic body is invalid per jsonschema (an independent validator), or carries
    a raw NaN/Infinity; each sample it was made from is valid; every field has a case."""
    for body in kit.spec.bodies:
        assert oracle.is_valid(body.schema, samples.full(body.schema)), body.name
    found = wrong_values.cases(kit.spec)
    for case in found:
        if case.wrong.is_json:
            body = kit.spec.operation(case.field.operation).body(case.field.body)
            assert not oracle.is_valid(body.schema, case.body), case.id
        else:
            assert any(raw in case.content for raw in (b"NaN", b"Infinity", b"1e999")), case.id
    typed = {
        f.id
        for b in kit.spec.bodies
        for f in fields.inventory(b)
        if strategies.wrong(f.schema) is not None
    }
    assert typed <= {case.field.id for case in found}


def test_kit_encoding_defects_are_what_they_say(kit: Kit) -> None:
    """Rejected bodies are not UTF-8, parsed ones are valid bodies with non-ASCII text."""
    for case in encoding.cases(kit.spec):
        if case.expect == "reject":
            with pytest.raises(UnicodeDecodeError):
                case.reply.content.decode("utf-8")
        else:
            assert oracle.is_valid(case.body.schema, case.sent), case.id
            assert encoding.NON_ASCII.encode() in case.reply.content, case.id


# A replay gives what was recorded, whatever the strategy: one that draws nothing shows it.
_UNUSED: st.SearchStrategy[Any] = st.nothing()


def test_kit_replays_what_drawing_again_gives(kit: Kit) -> None:
    """A case's run through its second API replays the examples its first run drew
    (payloads/replay.py), which is sound because a derandomized run of the same test draws the
    same examples again: the replay equals both the first run and a fresh one, example for
    example, including the bodies of a pinned field and a wrong value's base."""
    body = kit.spec.operations[0].success
    field = next(f for f in fields.inventory(body) if strategies.wrong(f.schema) is not None)
    drawn = Drawn()

    def draw_all(data: Draws) -> list[Any]:
        base = data.draw(kit.translator.body(body, {field.path: "present"}), label="base")
        status = data.draw(st.sampled_from(body.statuses), label="status")
        return [base, status, data.draw(kit.wrong(field), label="wrong")]

    def drawing() -> list[list[Any]]:
        seen: list[list[Any]] = []

        @settings(max_examples=8, derandomize=True, database=None)
        @given(data=st.data())
        def examples(data: st.DataObject) -> None:
            seen.append(draw_all(cast(Draws, drawn.example(data))))

        with drawn.recording("a case"):
            examples()
        return seen

    first = drawing()
    kept = drawn.take("a case")
    assert kept is not None
    assert drawn.take("a case") is None  # taken once
    replayed = [draw_all(example.replay()) for example in kept if not example.abandoned]
    assert len(first) == 8
    assert replayed == first == drawing()
    for example in kept:  # each example hypothesis gave up is given up again at the same draw
        if example.abandoned:
            replay = example.replay()
            for label, _value in example.draws:
                replay.draw(_UNUSED, label=label)
            with pytest.raises(Abandoned):
                replay.draw(_UNUSED, label=("base", "status", "wrong")[len(example.draws)])


def test_kit_replay_stops_where_the_first_run_stopped() -> None:
    """A replayed example gives its draws in order, stops where hypothesis gave the example
    up, and a kind drawing something else than the first run did is named as the kit's bug."""
    example = Example([("body", {"a": 1}), ("status", 200)], abandoned=True)
    replay = example.replay()
    assert replay.draw(_UNUSED, label="body") == {"a": 1}
    assert replay.draw(_UNUSED, label="status") == 200
    with pytest.raises(Abandoned):
        replay.draw(_UNUSED, label="where")
    with pytest.raises(ReplayDiverged, match="'status'; the other API's run drew 'body'"):
        example.replay().draw(_UNUSED, label="status")
    whole = Example(example.draws).replay()
    for label in ("body", "status"):
        whole.draw(_UNUSED, label=label)
    with pytest.raises(ReplayDiverged, match="past the 2"):
        whole.draw(_UNUSED, label="where")
    drawn = Drawn()
    with pytest.raises(KeyError), drawn.recording("a case"):
        raise KeyError("a run that raised")
    assert drawn.take("a case") is None


def test_kit_names_mismatches_in_the_order_sent() -> None:
    """A reason lists an object's mismatches in the order of the fields sent, then those only
    the client gave, the same in every process (a set's order follows string hashing, which
    changes from one process to the next: one bug then read as several causes)."""
    names = [f"field_{index}" for index in range(30)]
    sent = {name: 1 for name in names}
    returned = {**{name: "1" for name in names}, "extra_b": 1, "extra_a": 1}
    found = compare.json_mismatches({"type": "object"}, sent, returned)
    keys = [*names, "extra_b", "extra_a"]
    assert [problem.split(": ", 1)[0] for problem in found] == [f"(body)[{k!r}]" for k in keys]


def test_kit_names_a_drawn_key_quoted_on_its_object_in_every_check() -> None:
    """A declared field is named as the spec spells it; a key the kit drew (an unknown field,
    a key of a free-form object) is quoted on the object that held it, the top level being
    `(body)`, in the round trip, the parse and the error body alike: an unquoted `to_dict`
    once read as the client's own method, `...Data.` as a cut reason."""
    schema = {"type": "object", "properties": {"data": {"type": "object"}}}
    sent = {"data": {"Data.": 1}, "to_dict": None}
    round_trip = compare.json_mismatches(schema, sent, {"data": {}})
    parsed = compare.parsed(schema, sent, {"data": {}}, {"": {}})
    assert round_trip == [
        "data['Data.']: sent 1, the client lost it",
        "(body)['to_dict']: sent None, the client lost it",
    ]
    assert parsed.values == ["data['Data.']: sent 1, the client lost it"]
    assert parsed.unknown == ["(body)['to_dict']: unknown field sent (None), not kept"]


def test_kit_summary_counts_a_failed_self_check_apart_from_the_cases() -> None:
    """A self-check that fails is not a client case: the cases line counts the client's cases
    only (a failed self-check once made it say `-1 passed`), the self-checks theirs."""
    case = {"id": "getGeneration/valid-body", "api": "sync", "case": "getGeneration/valid-body"}
    check = {"id": "conformance/test_kit.py::test_kit_x", "case": ""}
    summary: dict[str, Any] = {
        **{"client": "ours", "client_version": "1", "kit_version": "1", "profile": "ci"},
        **{"seed": "derandomized", "apis": "sync", "spec": "openapi.yaml", "spec_sha256": "0"},
        **{"examples": 0, "examples_per_second": 0, "seconds": 0, "kit_error": None},
        **{"findings_per_check": {}, "not_applicable_per_check": {}, "unsupported": {}},
        "operations": [],
        "not_tested": [],
        "cases": [
            {**case, "outcome": "passed", "kit": False, "reason": "", "findings": []},
            {**check, "outcome": "failed", "kit": True, "reason": "boom", "findings": []},
        ],
    }
    line = documents.summary_lines(summary)[2]
    assert line.startswith("cases: 1 (1 passed, 0 failed, 0 skipped;"), line
    assert line.endswith("kit self-checks: 0/1 passed"), line
