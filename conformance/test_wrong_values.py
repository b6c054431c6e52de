"""Deterministic wrong values: every kind of wrong value for every field, one exchange each
(wrong_values.py), and encoding defects inside otherwise valid bodies (encoding.py).

A wrong value in a 200 body must give Malformed naming the field (its full path, when the
adapter promises full paths); in an error body, the documented error with the status and the
raw body, never presenting the invalid error body as parsed.
"""

from __future__ import annotations

import pytest

from . import checks, encoding, fields, oracle, samples, strategies, strict, wrong_values
from .adapters import APIError, Malformed, Outcome
from .conftest import KIT
from .encoding import EncodingCase
from .kit import Kit
from .server import Api, Reply
from .wrong_values import WrongCase

_JSON = (("content-type", "application/json"),)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    spec = metafunc.config.stash[KIT].spec
    if "wrong_case" in metafunc.fixturenames:
        wrong = wrong_values.cases(spec)
        metafunc.parametrize("wrong_case", wrong, ids=[case.id for case in wrong])
    if "encoding_case" in metafunc.fixturenames:
        defects = encoding.cases(spec)
        metafunc.parametrize("encoding_case", defects, ids=[case.id for case in defects])


def _refused(outcome: Outcome, status: int, raw: bytes, field: str | None = None) -> None:
    """Rejected as a bad body of `status`; an error body that breaks the spec is not parsed."""
    allowed = (Malformed,) if status == 200 else (APIError, Malformed)
    checks.rejected(outcome, status, raw, allowed, field)
    if isinstance(outcome, APIError) and outcome.body is not None:
        raise AssertionError(
            f"{checks.describe(outcome)}: presents an error body that breaks the spec as parsed"
        )


def test_wrong_value(kit: Kit, api: Api, wrong_case: WrongCase) -> None:
    reply = Reply(wrong_case.status, wrong_case.content, _JSON)
    outcome = kit.exchange(api, reply).outcome
    if wrong_case.wrong.is_json:
        _refused(outcome, reply.status, reply.content, wrong_case.field.name)
        strict.error_path(outcome, wrong_case.path, kit.promises)
    else:  # NaN or ±Infinity: the body is not JSON, so the body itself may be what is named
        _refused(outcome, reply.status, reply.content)
        strict.error_path(outcome, wrong_case.path, kit.promises, whole_body=True)


def test_encoding(kit: Kit, api: Api, encoding_case: EncodingCase) -> None:
    reply = encoding_case.reply
    outcome = kit.exchange(api, reply).outcome
    if encoding_case.expect == "reject":
        _refused(outcome, reply.status, reply.content)
    elif reply.status == 200:
        result = checks.values(outcome, encoding_case.body, encoding_case.sent)
        checks.round_trip(result, encoding_case.body, encoding_case.sent)
    else:
        error = checks.api_error(
            outcome, reply.status, reply.content, encoding_case.sent, encoding_case.body
        )
        checks.error_body(error, encoding_case.body, encoding_case.sent)


def test_kit_wrong_values_break_only_their_field(kit: Kit) -> None:
    """Each deterministic body is invalid per jsonschema (an independent validator), or carries
    a raw NaN/Infinity; each sample it was made from is valid; every field has a case."""
    for body in kit.spec.bodies:
        assert oracle.is_valid(body.schema, samples.full(body.schema)), body.name
    found = wrong_values.cases(kit.spec)
    for case in found:
        if case.wrong.is_json:
            assert not oracle.is_valid(kit.body(case.field.body).schema, case.body), case.id
        else:
            assert b"NaN" in case.content or b"Infinity" in case.content, case.id
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
