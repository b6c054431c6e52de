"""What a case works with: the spec, the client under test, the fake server, the strategies and
the report, bundled in one session-wide object (the `kit` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from hypothesis.strategies import SearchStrategy

from . import fields, strategies, strict
from ._report import Report
from .adapters import NO_PROMISES, Call, ClientAdapter, Promises
from .fields import Field
from .http_server import Fault, SocketServer
from .secrets import LogCapture
from .server import Api, Exchange, FakeServer, Reply
from .spec import Body, Spec
from .strategies import Translator

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
    api_key: str = API_KEY

    def __post_init__(self) -> None:
        # The adapter's transport: respx (the default, httpx clients only) or real sockets.
        self.sockets = SocketServer()
        if getattr(self.adapter, "transport", "respx") == "socket":
            self.server = self.sockets
        self.with_unknown = self.translator.with_unknown_fields()
        self._fields = {f.id: f for body in self.spec.bodies for f in fields.inventory(body)}
        self._wrong: dict[str, SearchStrategy[Any]] = {}

    def body(self, name: str) -> Body:
        """The documented body schema called `name`."""
        return next(body for body in self.spec.bodies if body.name == name)

    def field(self, field_id: str) -> Field:
        """The field with this id (`GenerationResponse:data.latency`)."""
        return self._fields[field_id]

    def wrong(self, field: Field) -> SearchStrategy[Any]:
        """Values the field must reject (built once per field)."""
        if field.id not in self._wrong:
            wrong = strategies.wrong(field.schema)
            if wrong is None:
                raise ValueError(f"{field.id} admits every value: it has no wrong ones")
            self._wrong[field.id] = wrong
        return self._wrong[field.id]

    @property
    def base_url(self) -> str:
        """The server URL the client under test is given (the spec's, or the loopback one)."""
        return self.server.base_url(self.spec.server_url)

    @contextmanager
    def serving(self) -> Iterator[Kit]:
        """Run the servers for the session: the transport's, and the loopback one for faults."""
        with self.server, ExitStack() as stack:
            if self.sockets is not self.server:
                stack.enter_context(self.sockets)
            yield self

    @property
    def promises(self) -> Promises:
        """What the adapter promises beyond the base contract (see adapters.Promises)."""
        promises = getattr(self.adapter, "promises", NO_PROMISES)
        return promises if isinstance(promises, Promises) else NO_PROMISES

    def exchange(
        self,
        api: Api,
        reply: Reply,
        generation_id: str = GENERATION_ID,
        secrets: tuple[str, ...] = (),
        fault: Fault | None = None,
        timeout: float | None = None,
    ) -> Exchange:
        """Serve `reply` to the client under test, called through its `api` (over a real
        socket when the reply comes with a `fault`); then check that no secret (the key, and
        `secrets`) leaked and that promised error classes held."""
        self.report.served(reply.status)
        server = self.server if fault is None else self.sockets
        call = Call(
            base_url=server.base_url(self.spec.server_url),
            api_key=self.api_key,
            generation_id=generation_id,
            timeout=timeout,
        )
        with LogCapture() as logs:
            if fault is None:
                exchange = self.server.exchange(self.adapter, api, call, reply)
            else:
                exchange = self.sockets.exchange(self.adapter, api, call, reply, fault)
        strict.no_secret(exchange.outcome, logs, (self.api_key, *secrets))
        strict.error_type(exchange.outcome, reply.status, self.promises)
        strict.printable(exchange.outcome)
        strict.kept_headers(exchange.outcome, reply)
        return exchange

    def example(self) -> None:
        """Count one hypothesis example of the current case."""
        self.report.example()

    def verified(self, body: Body, sent: Any, status: int, *, every_field: bool = True) -> None:
        """The client handled `sent`, a documented body of `status`, correctly; with
        `every_field`, each field was compared too, so its field states count as covered."""
        self.report.status_verified(status)
        if every_field:
            self.report.fields_verified(body, sent)
