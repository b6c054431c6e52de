"""What the kit asks of a client, and the outcomes a call can have.

The kit never imports a client directly: it talks to an adapter, so the same cases measure any
client of the spec's operations. An adapter makes one call (an operation, by its operationId,
with its parameters) against the server the kit mocks and reports what the client did, in
client-neutral terms:

- `Parsed`: the client returned the operation's 200 body; `data` is it as plain Python.
- `APIError`: the client raised its documented error for an error status, with what it kept.
- `Malformed`: the client raised its documented error for a body it could not accept.
- `NoResponse`: the client raised its documented error because no whole response arrived
  (reset, closed or stalled mid-body, timed out): expected only in the kit's transport cases.
- `TooLarge`: the client raised its documented error because the body, decoded, ran past the
  most it reads (the spec's `x-body-limit`): expected only in the body-limit cases.
- `Crashed`: anything else escaped (a bare KeyError, TypeError, JSONDecodeError, ...). This is
  always a conformance failure; the kit reports the exception.

Normalising `Parsed.data` is the adapter's one real job: the whole body (`{"data": {...}}`) as
a dict of the fields the client exposes, nested models as dicts and lists as lists, a field the
response did not carry left out (not None), enum members as their string value, an object the
spec leaves free-form (no declared properties, e.g. `metadata`) as a plain dict, and every
other value exactly as the client gives it (a datetime stays a datetime, an int an int), so the
kit can check types.

`Parsed.extras` holds the unknown fields the client kept, per object: a dict from the object's
path in the body ("" for the body itself, "data", "data.provider_responses[0]") to a dict of
its undeclared keys and their JSON values. An object with none may be left out. None means
the client does not keep unknown fields. `Parsed.round_trip` is the body as the client
serialises it back (JSON values: a date-time as a string), or None.

`APIError.body` is the parsed error body normalised like `Parsed.data`, or None when the client
does not expose it; `metadata` is `error.metadata` as a plain dict (None when null or absent).

An adapter whose client retries declares how, with a `retries` attribute (see `Retries`): it
then gets the retry cases, whose calls ask for retries (`Call.retries`) and may hand it the
kit's clock (`Call.clock`); without one they are skipped.

An adapter may promise more than this contract, with a `promises` attribute (see `Promises`):
the exact error class it raises for each status, and full paths in `Malformed.path`. The kit
checks each promise it is given, on every exchange.

Build clients cheaply: an httpx client that loads the CA bundle costs ~40 ms, so share one SSL
context (or one client) across calls; the kit makes thousands.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """What the kit hands a client to read the time from and wait on, in a retry case
    (`Call.clock`): the names of `time`'s functions, and an async sleep."""

    def time(self) -> float:
        """Unix time in seconds."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` in this thread."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Wait `seconds` in this task."""
        ...


@dataclass(frozen=True)
class Call:
    """One request the kit wants made: `operation` is the spec's operationId, `params` its
    parameters by their names in the spec (query and path alike; an optional one the call
    leaves out is not in the dict)."""

    base_url: str
    api_key: str
    operation: str
    params: dict[str, Any] = field(default_factory=dict)
    # The read timeout the case needs, in seconds (transport cases); None: the client's own.
    timeout: float | None = None
    # Retry cases only: make the call with retries on, as the adapter's `Retries` declares,
    # on a client that has learned nothing yet (no rate limit from an earlier call).
    retries: bool = False
    # With `Retries(clock=True)`: the clock the client must read the time from and wait on.
    clock: Clock | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Parsed:
    """A successful parse. `extras` and `round_trip` are None when the client cannot offer them."""

    data: dict[str, Any]
    extras: dict[str, Any] | None = None
    round_trip: Any | None = None
    # What the client returned, as it returned it: the secret scan walks it.
    returned: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class APIError:
    """The client's documented error for an error status."""

    status: int
    code: int | None
    message: str | None
    metadata: Any
    raw_body: bytes | None
    exception: BaseException = field(repr=False, compare=False)
    body: dict[str, Any] | None = None
    # The response headers the error keeps, and the unknown fields of the parsed error body
    # (per object, as Parsed.extras); None when the client does not expose them.
    headers: Mapping[str, str] | None = None
    extras: dict[str, Any] | None = None
    # Seconds from when the error was made until the response said to retry (a 429's
    # Retry-After, say); None when the client does not expose it or the response did not say.
    retry_after: float | None = None


@dataclass(frozen=True)
class Malformed:
    """The client's documented error for a response it could not accept."""

    status: int | None
    raw_body: bytes | None
    detail: str
    exception: BaseException = field(repr=False, compare=False)
    # Where the body departs from the spec, as the client reports it (None: not reported).
    path: str | None = None


@dataclass(frozen=True)
class NoResponse:
    """The client's documented error for a response that never arrived whole."""

    exception: BaseException


@dataclass(frozen=True)
class TooLarge:
    """The client's documented error for a body longer, decoded, than the most it reads."""

    exception: BaseException
    # The response's status and the limit in bytes, as the error reports them (None: not
    # reported).
    status: int | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Crashed:
    """Something outside the client's documented errors escaped."""

    exception: BaseException


Outcome = Parsed | APIError | Malformed | NoResponse | TooLarge | Crashed


@dataclass(frozen=True)
class Promises:
    """What a client promises beyond the base contract; each one declared is checked.

    `error_type(status)`: the exact exception class the client raises for a response of that
    status (None: no promise for it); every reply of such a status must then give an APIError
    whose exception is of exactly that class, whatever its body.
    `full_paths`: `Malformed.path` is the full location of the offending value, written
    `data.provider_responses[1].latency` ("" for the body itself); for a missing required
    field, the location the field should have been at.
    """

    error_type: Callable[[int], type[BaseException] | None] | None = None
    full_paths: bool = False


NO_PROMISES = Promises()

Api = Literal["sync", "async"]
Transport = Literal["respx", "socket"]
APIS: tuple[Api, ...] = ("sync", "async")
TRANSPORTS: tuple[Transport, ...] = ("respx", "socket")


@dataclass(frozen=True)
class Supports:
    """What an adapter can be measured on, as Bowtie's harnesses declare theirs: a case that
    needs something it leaves out is skipped, and the report and summary name why; it is never
    failed and never run.

    `operations`: the operationIds it can call (None: every operation of the spec).
    `apis`: the client APIs it has; a case runs through each of them that the run asks for.
    `transports`: how a reply may reach its client, the first one listed serving every case
    that needs no socket (`respx` answers httpx clients only); cases that need a real socket
    (no-response) need `socket`.
    `retries`: how the client retries a call made with `Call.retries` (see `Retries`); None:
    it is not measured on retries, and the retry cases are skipped.
    `absent_as_null`: the client does not tell an absent field from a null one (it reads an
    absent field as None): the `absent-null` check is then not applicable, and every value is
    compared with an absent field equal to a null one. Without it, the confusion is a finding.
    `body_limit`: the client reads at most an operation's `x-body-limit` bytes of a response
    body, decoded (the spec's extension on the success response): a longer body gives
    `TooLarge`, one of exactly that length parses. None of it declared: the body-limit cases
    are skipped.
    """

    operations: frozenset[str] | None = None
    apis: tuple[Api, ...] = APIS
    transports: tuple[Transport, ...] = TRANSPORTS
    retries: Retries | None = None
    absent_as_null: bool = False
    body_limit: bool = False

    def __post_init__(self) -> None:
        for name, given, known in (
            ("apis", self.apis, APIS),
            ("transports", self.transports, TRANSPORTS),
        ):
            unknown = [value for value in given if value not in known]
            if unknown or not given:
                raise ValueError(f"Supports.{name} must be some of {known}, not {given!r}")

    def lacks(self, need: str) -> str | None:
        """Why a case that needs `need` cannot run here (None: it can): `operation:<id>`,
        `api:<name>`, `transport:<name>` or a feature (`retries`, `body-limit`)."""
        kind, _, value = need.partition(":")
        if kind == "operation" and self.operations is not None and value not in self.operations:
            return f"operation {value} not supported"
        if kind == "api" and value not in self.apis:
            return f"the {value} API not supported"
        if kind == "transport" and value not in self.transports:
            return f"the {value} transport not supported"
        if kind == "retries" and self.retries is None:
            return "retries not declared (Supports.retries or the adapter's `retries`)"
        if kind == "body-limit" and not self.body_limit:
            return "body limits not declared (Supports.body_limit)"
        if kind not in ("operation", "api", "transport", "retries", "body-limit"):
            raise ValueError(f"unknown need {need!r}")
        return None


def supports(adapter: object) -> Supports:
    """What `adapter` declares (`supports`), or, for an adapter written before declarations,
    what its `transport` attribute implies: respx (the default) or sockets, and sockets for
    the cases that need them, every operation and both APIs. A `Retries` the adapter holds as
    its `retries` attribute counts as `Supports.retries` when that is not given."""
    declared = getattr(adapter, "supports", None)
    if not isinstance(declared, Supports):
        socket = getattr(adapter, "transport", "respx") == "socket"
        declared = Supports(transports=("socket",)) if socket else Supports()
    retries = getattr(adapter, "retries", None)
    if declared.retries is None and isinstance(retries, Retries):
        return dataclasses.replace(declared, retries=retries)
    return declared


@dataclass(frozen=True)
class Retries:
    """How the adapter's client retries a call made with `Call.retries`: the policy the retry
    cases hold it to, in seconds.

    `not_found_window`: a 404 is tried again until this long after the first 404 (0: a 404
    is final). `max_wait`: the longest retry hint (Retry-After, ...) the client waits; a
    longer one makes the response final at once. `attempts`: how many times the client tries
    a status it backs off on before that status is final, the first try included.
    `backoff`: the statuses it retries with backoff when the response gives no hint. Every
    other error status is sent exactly once. `clock`: the client runs on the clock it is
    given in `Call.clock` (the kit's virtual one: the cases then cost no wall time).
    """

    not_found_window: float
    max_wait: float
    attempts: int
    backoff: frozenset[int]
    clock: bool = False


@runtime_checkable
class ClientAdapter(Protocol):
    """A client under test. `name` labels it in the report; an optional `version` attribute
    goes into the report's run metadata ("unknown" without one)."""

    name: str

    def get(self, call: Call) -> Outcome:
        """Make the call with the client's sync API."""
        ...

    async def aget(self, call: Call) -> Outcome:
        """Make the call with the client's async API."""
        ...
