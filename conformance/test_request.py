"""The request a client sends: GET on the spec's path, the id query parameter intact for any
string (reserved characters, spaces, unicode), `Authorization: Bearer <key>` and the key
nowhere else, and no body (nor a header describing one)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from . import profiles
from .kit import Kit
from .server import Api, Reply

# Ids that break naive URL building: reserved characters, a second `id`, spaces, unicode.
TRICKY_IDS = [
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


def _ok_reply(kit: Kit) -> Reply:
    examples = kit.spec.success.examples
    return Reply.json(200, examples[0][1]) if examples else Reply(404)


@settings(max_examples=profiles.examples(5))
@given(data=st.data())
def test_request(kit: Kit, api: Api, data: st.DataObject) -> None:
    kit.example()
    any_id = kit.translator.valid(kit.spec.query_schema, "", {})
    generation_id = data.draw(st.one_of(st.sampled_from(TRICKY_IDS), any_id), label="id")
    requests = kit.exchange(api, _ok_reply(kit), generation_id).requests
    assert len(requests) == 1, f"sent {len(requests)} requests for one call"
    (request,) = requests
    expected = httpx.URL(kit.base_url + kit.spec.operation_path)
    url = request.url
    assert request.method == kit.spec.method, f"method {request.method}, not {kit.spec.method}"
    assert (url.scheme, url.host, url.port, url.path) == (
        expected.scheme,
        expected.host,
        expected.port,
        expected.path,
    ), f"requested {url.copy_with(query=None)}, not {expected}"
    query = parse_qsl(url.query.decode("ascii"), keep_blank_values=True)
    assert query == [(kit.spec.query_param, generation_id)], (
        f"id {generation_id!r} arrived as query {url.query.decode('ascii')!r}"
    )
    authorization = request.headers.get("authorization")
    assert authorization == f"Bearer {kit.api_key}", "Authorization is not `Bearer <key>`"
    assert request.content == b"", f"a GET with a body of {len(request.content)} bytes"
    body_headers = sorted({"content-type", "content-encoding"} & set(request.headers))
    assert not body_headers, f"a GET without a body sends {body_headers}"
    elsewhere = [
        name
        for name, value in request.headers.items()
        if name != "authorization" and kit.api_key in value
    ]
    assert not elsewhere, f"the key is sent outside Authorization, in {elsewhere}"
    assert kit.api_key not in str(url), "the key is sent in the URL"
