"""What a case works with: the spec, the client under test, the fake server, the strategies and
the report, bundled in one session-wide object (the `kit` fixture), and the one path every
case takes to the client: `serve*()` makes the exchange, checks the outcome and records what
the case exercised and verified. Coverage is a by-product of that path, never a separate call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from hypothesis.strategies import SearchStrategy

from conformance.adapters import (
    NO_PROMISES,
    Api,
    APIError,
    Call,
    ClientAdapter,
    Clock,
    Malformed,
    Outcome,
    Parsed,
    Promises,
    supports,
)
from conformance.judging import checks, compare, strict
from conformance.judging import secrets as secrets_module
from conformance.judging.findings import Judgement
from conformance.judging.secrets import LogCapture
from conformance.payloads import strategies
from conformance.payloads.replay import Drawn
from conformance.payloads.strategies import Translator
from conformance.report.recorder import Report
from conformance.spec import Body, Operation, Spec, fields, oracle, subset
from conformance.spec.fields import Field
from conformance.transports.calls import Caller
from conformance.transports.respx_server import REAL_CLOCK, Exchange, FakeServer, Reply, Script
from conformance.transports.socket_server import Fault, SocketServer

# A fake key in the format of real ones, so a client that logs or echoes it is caught.
API_KEY = "sk-or-v1-" + "0123456789abcdef" * 4
GENERATION_ID = "gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG"


@dataclass
class Kit:
    """The session's test context."""

    spec: Spec
    adapter: ClientAdapter
    report: Report
    server: FakeServer | SocketServer = dataclass_field(default_factory=FakeServer)
    translator: Translator = dataclass_field(default_factory=Translator)
    # A property case's examples, drawn through one API, for its run through the other.
    drawn: Drawn = dataclass_field(default_factory=Drawn)
    api_key: str = API_KEY

    def __post_init__(self) -> None:
        # The adapter's first transport serves: respx (httpx clients only) or real sockets.
        self.supports = supports(self.adapter)
        self.sockets = SocketServer()
        self.caller = Caller()
        if self.supports.transports[0] == "socket":
            self.server = self.sockets
        # The findings of the example running now (kinds/catalogue.run starts each afresh).
        self.judgement = Judgement()
        self.with_unknown = self.translator.with_unknown_fields()
        self._fields = {f.id: f for body in self.spec.bodies for f in fields.inventory(body)}
        self._wrong: dict[str, SearchStrategy[Any]] = {}

    @property
    def base_url(self) -> str:
        """The server URL the client under test is given (the spec's, or the loopback one)."""
        return self.server.base_url(self.spec.server_url)

    @contextmanager
    def serving(self) -> Iterator[Kit]:
        """Run the servers for the session: the transport's, and the loopback one for faults;
        and the event loop the async API's calls run on."""
        with self.caller, self.server, ExitStack() as stack:
            if self.sockets is not self.server:
                stack.enter_context(self.sockets)
            yield self

    @property
    def promises(self) -> Promises:
        """What the adapter promises beyond the base contract (see adapters.Promises)."""
        promises = getattr(self.adapter, "promises", NO_PROMISES)
        return promises if isinstance(promises, Promises) else NO_PROMISES

    # What cases look up.

    def field(self, field_id: str) -> Field:
        """The field with this id (`getGeneration:GenerationResponse:data.latency`)."""
        return self._fields[field_id]

    def wrong(self, field: Field) -> SearchStrategy[Any]:
        """Values the field must reject (built once per field)."""
        if field.id not in self._wrong:
            wrong = strategies.wrong(field.schema)
            if wrong is None:
                raise ValueError(f"{field.id} admits every value: it has no wrong ones")
            self._wrong[field.id] = wrong
        return self._wrong[field.id]

    def arguments(self, operation: Operation) -> dict[str, Any]:
        """Parameters for an ordinary call: each required one, with a realistic value."""
        found: dict[str, Any] = {}
        for parameter in operation.parameters:
            if parameter.required:
                example = GENERATION_ID if parameter.name == "id" else None
                found[parameter.name] = example or _plain_value(parameter.schema)
        return found

    # The exchange-and-check path.

    def exchange(
        self,
        api: Api,
        operation: Operation,
        reply: Reply | Script,
        params: dict[str, Any] | None = None,
        *,
        secrets: tuple[str, ...] = (),
        fault: Fault | None = None,
        sockets: bool = False,
        timeout: float | None = None,
        retries: bool = False,
        clock: Clock | None = None,
        stored: tuple[str, ...] = (),
    ) -> Exchange:
        """Serve `reply` to the client under test (a script: a reply per try, for a call made
        with `retries`), calling `operation` through its `api` (over a real socket when the
        reply comes with a `fault`, or with `sockets`), with every try stamped on `clock`
        (handed to the client too; None: the real clock, kept by the kit); then check that no
        secret (the key, and `secrets`) leaked, that no stored text (a sensitive body's, and
        `stored`) is shown, and that promised error classes held, against the last reply."""
        server = self.sockets if sockets or fault is not None else self.server
        call = Call(
            base_url=server.base_url(self.spec.server_url),
            api_key=self.api_key,
            operation=operation.id,
            params=self.arguments(operation) if params is None else params,
            timeout=timeout,
            retries=retries,
            clock=clock,
        )
        stamps = REAL_CLOCK if clock is None else clock
        with LogCapture() as logs:
            if server is self.sockets:
                exchange = self.sockets.exchange(
                    self.adapter, api, call, reply, fault, caller=self.caller, clock=stamps
                )
            else:
                exchange = self.server.exchange(
                    self.adapter, api, call, reply, caller=self.caller, clock=stamps
                )
        served = exchange.replies or ((reply,) if isinstance(reply, Reply) else ())
        for each in served:
            self.report.served(operation.id, each.status)
        private = (
            *stored,
            *(text for each in served for text in _stored_text(self, operation, each)),
        )
        outcome, judge = exchange.outcome, self.judgement.check
        judge("secrets", strict.no_secret, outcome, logs, (self.api_key, *secrets))
        judge("stored-content", strict.not_shown, outcome, logs, private)
        if served:
            judge("error-class", strict.error_type, outcome, served[-1].status, self.promises)
            judge("headers", strict.kept_headers, outcome, served[-1])
        judge("printable", strict.printable, outcome)
        return exchange

    def judge_body(
        self,
        outcome: Outcome,
        body: Body,
        sent: Any,
        status: int,
        raw: bytes,
        *,
        unknown: bool = False,
        focus: str | None = None,
    ) -> None:
        """Every check of a valid documented body's outcome: a 200 parsed with every value,
        absence and null as sent (unknown fields kept, serialised back), an error status as the
        typed error with its parsed body. With `focus` (a field-state case's pinned field), the
        round trip is judged at that field only: a valid body's case judges the rest. A check
        that cannot run for want of what a failed one gives (no parse, no error) is not
        reached; every other runs."""
        judge, same = self.judgement.check, self.supports.absent_as_null
        if status == 200:
            result = judge("outcome", checks.parsed, outcome)
            if result is None:
                return
            judge("values", checks.values, result, body, sent, focus)
            judge("absent-null", checks.absent_null, result, body, sent, focus, declared=same)
            if unknown:
                judge("unknown-fields", checks.unknown_fields, result, body, sent)
            judge("round-trip", checks.round_trip, result, body, sent, focus, absent_as_null=same)
            return
        error = judge("outcome", checks.api_error, outcome, status)
        if error is not None:
            judge("error", checks.error, error, status, sent, body)
            judge("raw-body", checks.raw_body, error, raw)
            judge("error-body", checks.error_body, error, body, sent, focus, absent_as_null=same)

    def serve_body(
        self,
        api: Api,
        body: Body,
        sent: Any,
        status: int,
        *,
        unknown: bool = False,
        focus: str | None = None,
    ) -> Outcome:
        """Serve a valid documented body; the client must give back every field of it
        (a 200 parsed, an error status as the typed error with its parsed body). The body's
        fields count as verified when no check found anything and the client exposed them."""
        operation = self.spec.operation(body.operation)
        reply = Reply.json(status, sent, body.media_type)
        self.report.exercised(body, sent, status)
        outcome = self.exchange(api, operation, reply).outcome
        self.judge_body(
            outcome,
            body,
            sent,
            status,
            reply.content,
            unknown=unknown,
            focus=focus,
        )
        self.record_verified(outcome, body, sent, status)
        return outcome

    def record_verified(self, outcome: Outcome, body: Body, sent: Any, status: int) -> None:
        """What the example verified: its status, when no check found anything; each field
        state of the body, when the client gave the body back (a parse of a 200, an error's
        exposed body) and no mismatch is at that field or above it, whatever the example found
        about other fields (a finding about `data.preset_id` says nothing of `data.latency`)."""
        if not self.judgement.findings:
            self.report.status_verified(body.operation, status)
        given: Any = None
        if isinstance(outcome, Parsed) and status == 200:
            given = outcome.data
        elif isinstance(outcome, APIError) and outcome.status == status != 200:
            given = outcome.body
        if given is None:
            return
        found = compare.parsed(
            body.schema, sent, given, None, absent_as_null=self.supports.absent_as_null
        )
        wrong = {problem.split(": ", 1)[0] for problem in found.values + found.absent_null}
        self.report.verified(body, sent, wrong)

    def serve_error(self, api: Api, body: Body, sent: Any, status: int) -> Outcome:
        """Serve a documented error body; the client must raise its typed error."""
        return self.serve_body(api, body, sent, status)

    def serve_refusal(
        self,
        api: Api,
        operation: Operation,
        reply: Reply,
        allowed: tuple[type[APIError] | type[Malformed], ...],
        field: str | None = None,
        unions: tuple[str, ...] = (),
    ) -> Outcome:
        """Serve a reply the client must refuse with one of its documented errors."""
        outcome = self.exchange(api, operation, reply).outcome
        self.judge_refusal(outcome, reply, allowed, field, unions)
        return outcome

    def judge_refusal(
        self,
        outcome: Outcome,
        reply: Reply,
        allowed: tuple[type[APIError] | type[Malformed], ...],
        field: str | None = None,
        unions: tuple[str, ...] = (),
    ) -> APIError | Malformed | None:
        """The client refused `reply` with one of the errors `allowed`, carrying its status
        and raw body and naming the field; the refusal, or None when it did not refuse."""
        refused = self.judgement.check("outcome", checks.refused_as, outcome, reply.status, allowed)
        if refused is not None:
            self.judgement.check("refusal", checks.refusal, refused, reply.status, field, unions)
            self.judgement.check("raw-body", checks.raw_body, refused, reply.content)
        return refused

    def serve_capture(self, api: Api, operation: Operation, reply: Reply, body: Any) -> Outcome:
        """Serve a captured response: its expectation follows from its status and validity."""
        documented = operation.body_for(reply.status)
        valid = (
            documented is not None and body is not None and oracle.is_valid(documented.schema, body)
        )
        if documented is not None and valid:
            if reply.status == 200:
                return self.serve_body(api, documented, body, 200)
            return self.serve_error(api, documented, body, reply.status)
        outcome = self.exchange(api, operation, reply).outcome
        if reply.status == 200 and not isinstance(outcome, Parsed):
            problem = (
                oracle.first_error(documented.schema, body)
                if documented and body is not None
                else "not JSON"
            )
            checks.fail(
                f"{checks.describe(outcome)}; the capture is not valid per the spec either"
                f" ({problem}): does the spec lag behind the API?"
            )
        elif reply.status != 200:
            self.judge_refusal(outcome, reply, (APIError, Malformed))
        return outcome


def _plain_value(schema: Any) -> Any:
    """A simple valid value of a parameter schema (its first enum value, or a typed default)."""
    if "enum" in schema:
        return schema["enum"][0]
    defaults = {"integer": 1, "number": 1.5, "boolean": True}
    for name in subset.declared_types(schema) or ("string",):
        if name in defaults:
            return defaults[name]
    return "x" * max(1, schema.get("minLength", 1))


def _stored_text(kit: Kit, operation: Operation, reply: Reply) -> tuple[str, ...]:
    """The user's own text a reply carries: the strings of a body the spec marks sensitive."""
    body = operation.body_for(reply.status)
    if body is None or body.name not in kit.spec.sensitive:
        return ()
    try:
        sent = json.loads(reply.content)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's stack
        return ()
    return secrets_module.stored_text(body.schema, sent)
