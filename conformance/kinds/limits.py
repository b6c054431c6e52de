"""The `body-limit` kind: the spec's `x-body-limit` on an operation's 200 response is the most
of a body a client reads, counted decoded, so a server that sends 500 MB, or a small gzip body
that inflates to gigabytes, cannot fill its memory. Per operation with a limit:

- `at-limit`: a valid body padded with JSON whitespace to exactly the limit parses, every
  value as sent (a limit enforced one byte early, or one operation's limit applied to all, is
  caught here);
- `past-limit`: the same body one byte longer gives the client's too-large error (`TooLarge`);
- `past-limit-gzip`: that body gzip-compressed, a few KB on the wire, gives it too (a client
  that counts the bytes received, not the bytes decoded, reads it whole).

They are served over a real socket (transports/socket_server.py), whatever the adapter's
transport: a client reads a body there as it arrives, in pieces, where respx hands it over
whole. Only an adapter that declares `Supports.body_limit` runs them; for any other they are
skipped.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Literal

from conformance.adapters import Api
from conformance.case import PARSES, Case
from conformance.judging import checks
from conformance.kinds.catalogue import Kind, register
from conformance.kit import Kit
from conformance.payloads import samples
from conformance.payloads.captured import Captured
from conformance.payloads.replay import Draws
from conformance.spec import Operation, Spec
from conformance.spec.identity import ByIdentity
from conformance.transports.respx_server import Reply

Shape = Literal["at-limit", "past-limit", "past-limit-gzip"]
TOO_LARGE = "its too-large error, for a body past the spec's x-body-limit"


def _cases(spec: Spec, _captures: list[Captured]) -> Iterator[Case]:
    for operation in spec.operations:
        limit = operation.body_limit
        if limit is None:
            continue
        shapes: tuple[Shape, ...] = ("past-limit", "past-limit-gzip")
        if len(_sample(operation)) <= limit:  # a limit shorter than a whole body: nothing fits
            shapes = ("at-limit", *shapes)
        for shape in shapes:
            yield Case(
                f"{operation.id}/body-limit/{shape}",
                "body-limit",
                operation.id,
                PARSES if shape == "at-limit" else TOO_LARGE,
                status=200,
                state=shape,
                data=shape,
            )


def _run(kit: Kit, case: Case, api: Api, _data: Draws | None) -> None:
    operation = kit.spec.operation(case.operation)
    limit = operation.body_limit
    assert limit is not None  # only operations with a limit have cases
    shape: Shape = case.data
    size = limit if shape == "at-limit" else max(limit + 1, len(_sample(operation)))
    headers = [("content-type", operation.success.media_type)]
    if shape == "past-limit-gzip":
        content = _compressed(operation, size)
        headers.append(("content-encoding", "gzip"))
    else:
        content = _padded(operation, size)
    reply = Reply(200, content, tuple(headers))
    outcome = kit.exchange(api, operation, reply, sockets=True).outcome
    if shape == "at-limit":
        sent = json.loads(_sample(operation))
        kit.judge_body(outcome, operation.success, sent, 200, content)
    else:
        kit.judgement.check("outcome", checks.too_large, outcome, 200, limit, size)


# Per operation: its sample, and its gzip bodies (a few KB each, the same through either API).
_SAMPLES: ByIdentity[bytes] = ByIdentity()
_COMPRESSED: ByIdentity[bytes] = ByIdentity()


def _sample(operation: Operation) -> bytes:
    """The operation's full valid 200 body (samples.full), as the API sends it."""
    schema = operation.success.schema
    return _SAMPLES.get(
        operation, lambda: json.dumps(samples.full(schema), ensure_ascii=False).encode()
    )


def _padded(operation: Operation, size: int) -> bytes:
    """The sample followed by JSON whitespace, `size` bytes in all: still a valid body."""
    sample = _sample(operation)
    return sample + b" " * (size - len(sample))


def _compressed(operation: Operation, size: int) -> bytes:
    """`_padded` gzip-compressed: 64 MiB of it are about 64 KB."""
    return _COMPRESSED.get(
        operation,
        lambda: gzip.compress(_padded(operation, size), compresslevel=9, mtime=0),
        extra=size,
    )


register(Kind("body-limit", _cases, _run, share=None, needs=("body-limit", "transport:socket")))
