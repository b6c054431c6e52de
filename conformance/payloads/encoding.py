"""Encoding defects inside an otherwise valid body, and what a correct client does with each.

RFC 8259 section 8.1: JSON exchanged between systems is UTF-8, a sender must not add a byte
order mark, and a receiver may ignore one. Section 11: the `application/json` media type has
no charset parameter, and adding one has no effect on compliant recipients. So:

- invalid UTF-8 in a string value (a stray byte, a truncated sequence, an overlong form, an
  encoded UTF-16 surrogate) makes the body not JSON: the client must reject it with its
  documented error, carrying the status and the raw bytes, and must not present the body as
  parsed. Decoding loosely (replacement characters, `surrogatepass`) would hand the caller text
  the server never sent.
- a UTF-8 BOM before the body: the client must parse it, every value intact. The RFC lets a
  receiver ignore the mark, httpx's and requests' `json()` both do, and refusing a body whose
  every value is intact would throw a good answer away.
- a charset label other than UTF-8 on a UTF-8 body: the client must parse it as UTF-8, every
  value intact; decoding by the label (`response.text`) garbles every non-ASCII character.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from conformance.payloads import samples
from conformance.spec import Body, Spec, fields, subset
from conformance.transports.respx_server import Reply

Expect = Literal["parse", "reject"]
# Non-ASCII text in 2-, 3- and 4-byte UTF-8 sequences: garbled by any decoding but UTF-8.
NON_ASCII = "génération-生成-🙂"
# Byte sequences that are not UTF-8 (RFC 3629), each put inside a string value.
NOT_UTF8 = {
    "invalid-utf8": b"gen-\xff\xfe-1",
    "truncated-utf8": b"gen-\xe2\x82",
    "overlong-utf8": b"gen-\xc0\xaf",
    "surrogate-utf8": b"gen-\xed\xa0\x80",
}
_MARK = "@@not-utf8@@"
_BOM = b"\xef\xbb\xbf"
_LABELS = {"latin1-label": "iso-8859-1", "utf16-label": "utf-16"}


@dataclass(frozen=True)
class EncodingCase:
    """A reply with one encoding defect, and what a correct client does with it."""

    id: str
    body: Body
    reply: Reply
    expect: Expect
    sent: Any  # the body's JSON value when it is to be parsed


def cases(spec: Spec) -> list[EncodingCase]:
    """Every defect in the 200 body, and each in the error body at every documented status."""
    found: list[EncodingCase] = []
    for body in spec.bodies:
        for status in body.statuses:
            found += _defects(body, status)
    return found


def _defects(body: Body, status: int) -> list[EncodingCase]:
    base = samples.full(body.schema)
    where = _text_location(body)
    sent = base if where is None else fields.with_value(base, where, NON_ASCII)
    if where is None and isinstance(base, dict):  # no string field: an unknown one carries it
        sent = {**base, "note": NON_ASCII}
    text = json.dumps(sent, ensure_ascii=False).encode()
    json_type = (("content-type", "application/json"),)
    found = [
        EncodingCase(f"bom@{status}", body, Reply(status, _BOM + text, json_type), "parse", sent)
    ]
    for name, charset in _LABELS.items():
        label = (("content-type", f"application/json; charset={charset}"),)
        found.append(
            EncodingCase(f"{name}@{status}", body, Reply(status, text, label), "parse", sent)
        )
    marked = base if where is None else fields.with_value(base, where, _MARK)
    if where is None:  # no string field to break: an unknown one carries the bytes
        marked = {**base, "note": _MARK} if isinstance(base, dict) else base
    raw = json.dumps(marked, ensure_ascii=False).encode()
    for name, bad in NOT_UTF8.items():
        content = raw.replace(_MARK.encode(), bad)
        found.append(
            EncodingCase(
                f"{name}@{status}", body, Reply(status, content, json_type), "reject", None
            )
        )
    return found


def _text_location(body: Body) -> fields.Location | None:
    """The last location of the first plain string field (no format, no enum) of the body."""
    base = samples.full(body.schema)
    for field in fields.inventory(body):
        schema = (
            subset.without_null(field.schema) if subset.admits_null(field.schema) else field.schema
        )
        if subset.kinds(schema) == {"string"} and not set(schema) & {"format", "enum", "anyOf"}:
            return fields.locations(base, field.path)[-1]
    return None
