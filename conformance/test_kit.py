"""Self-checks of the kit, independent of the client under test: the translator's payloads are
valid per jsonschema (an independent validator), its wrong values and missing fields are
invalid, and a schema keyword it cannot translate fails loudly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from . import fields, oracle, profiles, strategies, subset
from .kit import Kit
from .subset import UnsupportedSchema


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


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^gen-"},
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "object", "properties": {"a": {"type": "integer", "minimum": 0}}},
        {"type": "string", "format": "uri"},
        {"type": "array", "items": {"const": 1}},
    ],
)
def test_kit_refuses_what_it_cannot_translate(schema: subset.Schema) -> None:
    with pytest.raises(UnsupportedSchema):
        subset.check(schema, "schema")
