"""Our generated client (openrouter_generation_client) as a client under test.

It calls an operation's module (`api/<tag>/<operation_id in snake case>.py`, as the
generator names it) with `sync()` / `asyncio()`, each parameter as the keyword argument of
its snake-case name, and maps the documented error hierarchy (errors.py of the package) onto
the kit's outcomes: `APIStatusError` → APIError, `MalformedResponseError` → Malformed,
anything else → Crashed. A `sync()` that returns something other than a model breaks the
contract and is reported as a crash.

The package is loaded from a directory given at construction (default: generated/), by file
location rather than sys.path, so the kit can test a freshly regenerated copy.
"""

from __future__ import annotations

import builtins
import enum
import functools
import importlib
import importlib.util
import keyword
import re
import sys
import tomllib
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import httpx

from conformance.adapters import (
    APIError,
    Call,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    Promises,
    Retries,
    Supports,
    TooLarge,
)

PACKAGE = "openrouter_generation_client"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "generated"
# The error class per status, as the README documents it: written out here rather than read
# from the package, so a client whose mapping drifts from its documentation is caught.
ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    402: "PaymentRequiredError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    429: "RateLimitError",
    500: "InternalServerError",
    502: "BadGatewayError",
    503: "ServiceUnavailableError",
    524: "EdgeTimeoutError",
    529: "OverloadedError",
}


# The policy of a call made with retries (Call.retries): the client's own RetryPolicy with short
# times, so the retry cases cost little even on the real clock. total_timeout is well past the
# 404 window, so a client that ignores the window is seen to.
TRIES_AGAIN = 3
SHORT_POLICY: dict[str, float] = {
    "total": TRIES_AGAIN,
    "not_found_window": 0.5,
    "backoff_factor": 0.01,
    "max_backoff_wait": 3.0,
    "total_timeout": 5.0,
}
# The statuses RetryPolicy backs off on by default (its docstring), as the kit is told.
BACKOFF = frozenset({429, 500, 502, 503, 504, 524, 529})


class ContractBreach(Exception):
    """The client returned instead of raising, or returned the wrong type."""


def import_package(directory: Path) -> ModuleType:
    """The generated package found in `directory`, imported once per process."""
    init = (directory / PACKAGE / "__init__.py").resolve()
    if not init.is_file():
        raise FileNotFoundError(f"no {PACKAGE} package in {directory}")
    loaded = sys.modules.get(PACKAGE)
    if loaded is not None:
        if Path(str(loaded.__file__)).resolve() != init:
            raise ImportError(
                f"{PACKAGE} is already imported from {loaded.__file__}; "
                f"the copy in {directory} needs a fresh process"
            )
        return loaded
    spec = importlib.util.spec_from_file_location(
        PACKAGE, init, submodule_search_locations=[str(init.parent)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
    return module


class OursAdapter:
    """The generated client, sync and async, one short-lived client per call."""

    name = "ours"

    def __init__(self, client_dir: Path | None = None) -> None:
        directory = client_dir or DEFAULT_DIR
        package = import_package(directory)
        self.version = _version(directory)
        self._client_class = package.AuthenticatedClient
        self._api_dir = Path(str(package.__file__)).parent / "api"
        self._endpoints: dict[str, ModuleType] = {}
        self._errors = importlib.import_module(f"{PACKAGE}.errors")
        self._unset = importlib.import_module(f"{PACKAGE}.types").Unset
        # One SSL context for every client: loading the CA bundle per client costs ~40 ms.
        self._ssl = httpx.create_ssl_context()
        self.promises = Promises(error_type=self._error_type, full_paths=True)
        # Every operation (its modules are found by operationId), both APIs, both transports,
        # and the spec's body limits, but for a copy from before the client capped bodies;
        # clients built with retries off.
        self.supports = Supports(body_limit=hasattr(self._errors, "ResponseTooLargeError"))
        self._policy = package.RetryPolicy
        # Where the package reads the time and waits (a copy from before it had one: None).
        has_clock = (Path(str(package.__file__)).parent / "_clock.py").is_file()
        clock = importlib.import_module(f"{PACKAGE}._clock") if has_clock else None
        self._clock = clock if hasattr(clock, "use") else None
        self.retries = Retries(
            not_found_window=SHORT_POLICY["not_found_window"],
            max_wait=SHORT_POLICY["max_backoff_wait"],
            attempts=TRIES_AGAIN + 1,
            backoff=BACKOFF,
            clock=self._clock is not None,
        )

    def _error_type(self, status: int) -> type[BaseException] | None:
        """The documented class for `status`: its own, else by range (any other 4xx, 5xx, ...)."""
        if status == 200:
            return None
        name = ERROR_CLASSES.get(status)
        if name is None:
            name = {4: "ClientStatusError", 5: "ServerStatusError"}.get(
                status // 100, "UnexpectedStatus"
            )
        found: type[BaseException] = getattr(self._errors, name)
        return found

    def _client(self, call: Call) -> Any:
        options: dict[str, Any] = {}
        if call.timeout is not None:
            options["timeout"] = httpx.Timeout(call.timeout)
        if call.retries:
            options["retries"] = self._policy(**SHORT_POLICY)
        return self._client_class(
            base_url=call.base_url, token=call.api_key, verify_ssl=self._ssl, **options
        )

    def endpoint(self, operation: str) -> ModuleType:
        """The generated module of an operation (`getGeneration` → `api/*/get_generation.py`)."""
        if operation not in self._endpoints:
            name = snake_case(operation)
            found = sorted(self._api_dir.glob(f"*/{name}.py"))
            if len(found) != 1:
                raise ContractBreach(f"no single module api/*/{name}.py for {operation}")
            tag = found[0].parent.name
            self._endpoints[operation] = importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")
        return self._endpoints[operation]

    @contextmanager
    def _running_on(self, clock: Any) -> Iterator[None]:
        """The package reads the time from and waits on `clock` (None: its own) meanwhile,
        through `_clock.use()`."""
        if clock is None or self._clock is None:
            yield
            return
        previous = self._clock.use(clock)
        try:
            yield
        finally:
            self._clock.use(previous)

    def get(self, call: Call) -> Outcome:
        """`<operation>.sync()`."""
        try:
            endpoint = self.endpoint(call.operation)
            with self._running_on(call.clock), self._client(call) as client:
                result = endpoint.sync(client=client, **_arguments(call, endpoint.sync))
        except Exception as exc:  # classifying every escape is the adapter's job
            return self._classify(exc)
        return self._parsed(result)

    async def aget(self, call: Call) -> Outcome:
        """`<operation>.asyncio()`."""
        try:
            endpoint = self.endpoint(call.operation)
            with self._running_on(call.clock):
                async with self._client(call) as client:
                    result = await endpoint.asyncio(
                        client=client, **_arguments(call, endpoint.asyncio)
                    )
        except Exception as exc:  # classifying every escape is the adapter's job
            return self._classify(exc)
        return self._parsed(result)

    def _parsed(self, result: object) -> Outcome:
        if not attrs.has(type(result)) or not hasattr(result, "to_dict"):
            kind = type(result).__name__
            return Crashed(ContractBreach(f"returned {kind} instead of the 200 body's model"))
        return Parsed(
            data=self._plain(result),
            extras=dict(self._extras(result, "")),
            round_trip=result.to_dict(),
            returned=result,
        )

    def _classify(self, exc: Exception) -> Outcome:
        status_error = getattr(self._errors, "APIStatusError", ())
        malformed = getattr(self._errors, "MalformedResponseError", ())
        if isinstance(exc, status_error):
            body = getattr(exc, "error", None)
            detail = getattr(body, "error", None)
            metadata = getattr(detail, "metadata", None)
            return APIError(
                status=int(exc.status_code),
                code=getattr(detail, "code", None),
                message=getattr(detail, "message", None),
                metadata=None if isinstance(metadata, self._unset) else self._plain(metadata),
                raw_body=exc.content,
                exception=exc,
                body=None if body is None else self._plain(body),
                headers=exc.headers,
                extras=None if body is None else dict(self._extras(body, "")),
                retry_after=getattr(exc, "retry_after", None),
            )
        if isinstance(exc, getattr(self._errors, "NoResponseError", ())):
            return NoResponse(exc)
        if isinstance(exc, getattr(self._errors, "ResponseTooLargeError", ())):
            status, limit = getattr(exc, "status_code", None), getattr(exc, "limit", None)
            return TooLarge(exc, status=status, limit=limit)
        if isinstance(exc, malformed):
            return Malformed(
                int(exc.status_code), exc.content, str(exc), exception=exc, path=str(exc.path)
            )
        return Crashed(exc)

    def _plain(self, value: Any) -> Any:
        """A value as _contract.py describes `Parsed.data`: models as dicts of their set fields."""
        if attrs.has(type(value)):
            names = _declared(value)
            if not names:
                return dict(value.additional_properties)
            fields = {_json_key(name): getattr(value, name) for name in names}
            return {
                key: self._plain(item)
                for key, item in fields.items()
                if not isinstance(item, self._unset)
            }
        if isinstance(value, list):
            return [self._plain(item) for item in value]
        if isinstance(value, enum.Enum):
            return value.value
        return value

    def _extras(self, value: Any, path: str) -> Any:
        """(path, unknown fields) for every model with declared fields, depth first."""
        if attrs.has(type(value)) and _declared(value):
            yield path, dict(value.additional_properties)
            for name in _declared(value):
                key = _json_key(name)
                yield from self._extras(getattr(value, name), f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self._extras(item, f"{path}[{index}]")


def _version(directory: Path) -> str:
    """The package's version, from the pyproject.toml the generator writes beside it."""
    try:
        project = tomllib.loads((directory / "pyproject.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return "unknown"
    return str(project.get("project", {}).get("version", "unknown"))


def snake_case(name: str) -> str:
    """An operationId or parameter name as the generator spells it in Python."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    snake = re.sub(r"[^0-9a-zA-Z]+", "_", words).strip("_").lower()
    return f"{snake}_" if keyword.iskeyword(snake) else snake


def _arguments(call: Call, function: Any) -> dict[str, Any]:
    """The call's parameters as the function's keywords; a string for a parameter the client
    types as an enum (a parameter with `enum:` in the spec) becomes that enum's member, as a
    caller of the client passes it."""
    hints = _hints(function)
    found = {}
    for name, value in call.params.items():
        keyword_name = snake_case(name)
        found[keyword_name] = as_enum_member(hints.get(keyword_name), value)
    return found


# Read once per generated function: the adapter calls each many times.
_hints = functools.cache(typing.get_type_hints)


def as_enum_member(annotation: Any, value: Any) -> Any:
    """`value` as the member of the enum `annotation` names (or a union holds) whose value it
    is; any other value as it is."""
    for kind in (annotation, *typing.get_args(annotation)):
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            for member in kind:
                if member.value == value:
                    return member
    return value


def _declared(model: Any) -> list[str]:
    return [f.name for f in attrs.fields(type(model)) if f.name != "additional_properties"]


def _json_key(attribute: str) -> str:
    """The JSON name of a model attribute: the generator suffixes Python keywords and builtins
    (but `id`) with `_`, as openapi-python-client's reserved words."""
    stem = attribute.removesuffix("_")
    return stem if attribute.endswith("_") and stem in _RESERVED else attribute


_RESERVED = (set(dir(builtins)) | set(keyword.kwlist) | {"self", "true", "false", "datetime"}) - {
    "id"
}
