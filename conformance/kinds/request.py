"""The `request` kind: the request a client sends for each operation. The spec's method on its
path (path parameters filled in and percent-encoded), each query parameter the call passes
intact for any value (reserved characters, spaces, unicode for strings; `true`/`false` for
booleans), each header parameter as its header (printable ASCII values: what a header can
carry), no optional parameter the call leaves out, `Authorization: Bearer <key>` and the
key nowhere else, and no body (nor a header describing one).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
from hypothesis import strategies as st

from conformance.adapters import Api
from conformance.case import REQUEST, Case
from conformance.judging import checks
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Operation, Parameter, Spec, subset
from conformance.transports.respx_server import Reply

# Strings that break naive URL building: reserved characters, a second `id`, spaces, unicode.
TRICKY_STRINGS = [
    "gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG",
    "gen 1",
    "gen+1",
    "a&b=c",
    "gen-1&id=gen-2",
    "x?y#z",
    "100%",
    "%41",
    "/../admin",
    "gen;1",
    "génération-生成-🙂",
    "\t\n",
    " ",
]
_TRICKY = st.sampled_from(TRICKY_STRINGS)


def _cases(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        yield Case(f"{operation.id}/request", "request", operation.id, REQUEST)


# What a header value can carry: visible ASCII (no leading or trailing space to strip).
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)


def _header_safe(value: Any) -> bool:
    return not isinstance(value, str) or (value != "" and all("!" <= c <= "~" for c in value))


def _value(kit: Kit, parameter: Parameter) -> st.SearchStrategy[Any]:
    valid = kit.translator.valid(subset.without_null(parameter.schema), "", {})
    plain = "string" in subset.kinds(parameter.schema) and not set(parameter.schema) - {"type"}
    if parameter.location == "header":
        safe = valid.filter(_header_safe)
        return st.one_of(_HEADER_TEXT, safe) if plain else safe
    if not plain:
        return valid
    return st.one_of(_TRICKY, valid)


def _run(kit: Kit, case: Case, api: Api, data: Draws | None) -> None:
    if data is None:
        raise TypeError("the request kind ran without hypothesis data")
    operation = kit.spec.operation(case.operation)
    params: dict[str, Any] = {}
    for parameter in operation.parameters:
        if parameter.required or data.draw(st.booleans(), label=f"send {parameter.name}"):
            params[parameter.name] = data.draw(_value(kit, parameter), label=parameter.name)
    examples = operation.success.examples
    reply = Reply.json(200, examples[0][1]) if examples else Reply(404)
    requests = kit.exchange(api, operation, reply, params).requests
    if len(requests) != 1:
        checks.fail(f"sent {len(requests)} requests for one call")
    check(kit, operation, params, requests[0])


def check(kit: Kit, operation: Operation, params: dict[str, Any], request: httpx.Request) -> None:
    """The request is the one the spec describes for `params`."""
    expected = httpx.URL(kit.base_url)
    url = request.url
    if request.method != operation.method:
        checks.fail(f"method {request.method}, not {operation.method}")
    if (url.scheme, url.host, url.port) != (expected.scheme, expected.host, expected.port):
        checks.fail(f"requested {url.copy_with(query=None)}, not the server {expected}")
    _path(expected.path.rstrip("/") + operation.path, params, url)
    _query(operation, params, url)
    _headers(operation, params, request.headers)
    carried = [
        c for c in operation.credentials if request.headers.get(c.header) == c.prefix + kit.api_key
    ]
    if not carried:
        ways = " or ".join(f"`{c.header}: {c.prefix}<key>`" for c in operation.credentials)
        checks.fail(f"the key is not sent as the spec's security says ({ways})")
    if request.content != b"":
        checks.fail(f"a {operation.method} with a body of {len(request.content)} bytes")
    body_headers = sorted({"content-type", "content-encoding"} & set(request.headers))
    if body_headers:
        checks.fail(f"a {operation.method} without a body sends {body_headers}")
    elsewhere = [
        name
        for name, value in request.headers.items()
        if name not in {c.header for c in carried} and kit.api_key in value
    ]
    if elsewhere:
        checks.fail(f"the key is sent outside Authorization, in {elsewhere}")
    if kit.api_key in str(url):
        checks.fail("the key is sent in the URL")


def _path(template: str, params: dict[str, Any], url: httpx.URL) -> None:
    sent = url.raw_path.decode("ascii").split("?", 1)[0].split("/")
    wanted = template.split("/")
    if len(sent) != len(wanted):
        checks.fail(f"requested path {'/'.join(sent)!r}, not {template!r}")
    for got, part in zip(sent, wanted, strict=True):
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name is None:
            if unquote(got) != part:
                checks.fail(f"requested path {'/'.join(sent)!r}, not {template!r}")
        elif not _same(unquote(got), params[name]):
            sent = params[name]
            where = _difference(sent, unquote(got)) if isinstance(sent, str) else ""
            checks.fail(f"path parameter {name} {params[name]!r} arrived as {got!r}{where}")


def _query(operation: Operation, params: dict[str, Any], url: httpx.URL) -> None:
    text = url.query.decode("ascii")
    query = parse_qsl(text, keep_blank_values=True)
    names = [name for name, _ in query]
    for parameter in operation.parameters:
        if parameter.location != "query":
            continue
        got = [value for name, value in query if name == parameter.name]
        if parameter.name not in params:
            if got:
                checks.fail(f"{parameter.name} was not passed, yet sent as {got!r}")
            continue
        if len(got) != 1 or not _same(got[0], params[parameter.name]):
            value = params[parameter.name]
            where = f" ({len(got)} times)" if len(got) != 1 else ""
            if len(got) == 1 and isinstance(value, str):
                where = _difference(value, got[0])
            checks.fail(f"{parameter.name} {value!r} arrived as query {text!r}{where}")
    declared = {parameter.name for parameter in operation.parameters}
    unknown = sorted(set(names) - declared)
    if unknown:
        checks.fail(f"query parameters the spec does not declare: {unknown} (query {text!r})")


def _difference(sent: str, arrived: str) -> str:
    """Where a string parameter arrived changed, decoded: `: character 4 is '+' (U+002B), sent
    ' ' (U+0020)`; empty for a value that is not a string or arrived whole."""
    index = next(
        (i for i, (a, b) in enumerate(zip(sent, arrived, strict=False)) if a != b),
        min(len(sent), len(arrived)),
    )
    if sent == arrived:
        return ""

    def shown(text: str) -> str:
        return f"{text[index]!r} (U+{ord(text[index]):04X})" if index < len(text) else "nothing"

    return f": character {index + 1} is {shown(arrived)}, sent {shown(sent)}"


def _headers(operation: Operation, params: dict[str, Any], headers: httpx.Headers) -> None:
    for parameter in operation.parameters:
        if parameter.location != "header":
            continue
        got = headers.get_list(parameter.name)
        if parameter.name not in params:
            if got:
                checks.fail(f"header {parameter.name} was not passed, yet sent as {got!r}")
        elif len(got) != 1 or not _same(got[0], params[parameter.name]):
            checks.fail(f"header {parameter.name} {params[parameter.name]!r} arrived as {got!r}")


def _same(text: str, value: Any) -> bool:
    """Whether the text a parameter arrived as encodes `value` (form style for scalars)."""
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if isinstance(value, int | float):
        try:
            number = float(text)
        except ValueError:
            return False
        return number == value or (math.isclose(number, value) and isinstance(value, float))
    return text == str(value)


register(Kind("request", _cases, _run, share=2.5, check="request"))
