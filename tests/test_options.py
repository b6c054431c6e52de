"""An option the client, a RetryPolicy or a transport cannot use is refused when it is given,
with InvalidOptionError (the client's own error, and a ValueError) naming the option and what
it accepts: never a bare TypeError from a comparison, an AttributeError or httpx's InvalidURL
at the first call, nor an option taken silently that fails later."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from openrouter_generation_client import AuthenticatedClient, DeadlineTransport, RetryPolicy
from openrouter_generation_client._admission import AdmissionTransport
from openrouter_generation_client._body_limit import EXTENSION, BodyLimitTransport
from openrouter_generation_client.errors import InvalidOptionError, OpenRouterGenerationError

from tests.modes import MODES, Mode, fetch

KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"


# A transport to wrap (httpx.HTTPTransport() would load the certificates: tens of milliseconds).
_ANSWERS = httpx.MockTransport(lambda request: httpx.Response(200))


def _client(**options: Any) -> Callable[[], object]:
    return lambda: AuthenticatedClient(token=KEY, **options)


# What is given, and what the message says (its start).
REFUSED: dict[str, tuple[Callable[[], object], str]] = {
    "deadline a string": (_client(deadline="30"), "deadline must be a number, not str"),
    "deadline True": (_client(deadline=True), "deadline must be a number, not bool"),
    "deadline negative": (
        _client(deadline=-1),
        "deadline must be a positive number of seconds or None, not -1",
    ),
    "timeout a string": (_client(timeout="10"), "timeout's connect must be a number, not str"),
    "timeout negative": (
        _client(timeout=httpx.Timeout(5.0, read=-1)),
        "timeout's read must be a positive number of seconds or None, not -1",
    ),
    "timeout's pool negative": (
        _client(timeout=httpx.Timeout(5.0, pool=-1)),
        "timeout's pool must be at least 0, not -1",
    ),
    "timeout a list": (_client(timeout=[1]), "timeout's connect must be a number, not list"),
    "timeout a short tuple": (
        _client(timeout=(1.0,)),
        "timeout must be seconds, an httpx.Timeout or None: tuple index out of range",
    ),
    "retries a string": (
        _client(retries="yes"),
        "retries must be True, False, None or a RetryPolicy, not str",
    ),
    "rate_limit a string": (
        _client(rate_limit="shared"),
        "rate_limit must be a RateLimitState, not str",
    ),
    "body_limits a list": (
        _client(body_limits=[("get_generation", 1)]),
        "body_limits must map operations to bytes, not a list",
    ),
    "body_limits no operation": (
        _client(body_limits={"get_generations": 1}),
        "body_limits: no operation named 'get_generations'; the operations are get_generation,",
    ),
    "base_url no URL": (_client(base_url="http://openrouter.ai:port/"), "base_url is not a URL: "),
    "base_url None": (_client(base_url=None), "base_url is not a URL: "),
    "base_url relative": (
        _client(base_url="openrouter.ai/api/v1"),
        "base_url must be an absolute http:// or https:// URL, with a host; this one has no "
        "scheme and no host",
    ),
    "base_url ftp": (
        _client(base_url="ftp://user:secret@openrouter.ai/"),
        "base_url must be an absolute http:// or https:// URL, with a host; this one has the "
        "scheme 'ftp'",
    ),
    "httpx_args unknown": (
        _client(httpx_args={"retries": 3, "http3": True}),
        "httpx_args: httpx.Client and httpx.AsyncClient take no argument named http3, retries",
    ),
    "httpx_args max_redirects": (
        _client(httpx_args={"max_redirects": "20"}),
        "httpx_args['max_redirects'] must be a whole number, not str",
    ),
    "httpx_args event_hooks": (
        _client(httpx_args={"event_hooks": [print]}),
        "httpx_args['event_hooks'] must map 'request' and 'response' to lists of hooks, not [<",
    ),
    "httpx_args event_hooks not lists": (
        _client(httpx_args={"event_hooks": {"request": print}}),
        "httpx_args['event_hooks'] must map 'request' and 'response' to lists of hooks, not {'",
    ),
    "httpx_args limits": (
        _client(httpx_args={"limits": 10}),
        "httpx_args['limits'] must be an httpx.Limits, not int",
    ),
    "verify_ssl missing bundle": (
        _client(verify_ssl="/no/such/ca-bundle.pem"),
        "verify_ssl names a CA bundle that does not exist: no file or folder",
    ),
    "verify_ssl a number": (
        _client(verify_ssl=1),
        "verify_ssl must be True, False, an ssl.SSLContext or the path of a CA bundle, not int",
    ),
    "app_categories numbers": (
        _client(app_categories=[1, 2]),
        "app_categories must be a string or an iterable of strings, got int",
    ),
    "admission limit 0": (
        lambda: AdmissionTransport(_ANSWERS, limit=0),
        "an admission limit (httpx.Limits.max_connections) must be at least 1, got 0",
    ),
    "admission limit a string": (
        lambda: AdmissionTransport(_ANSWERS, limit="3"),  # type: ignore[arg-type]
        "an admission limit (httpx.Limits.max_connections) must be a whole number, not str",
    ),
    "body limit 0": (
        lambda: BodyLimitTransport(_ANSWERS, default=0),
        "BodyLimitTransport's default (bytes) must be at least 1, got 0",
    ),
    "transport deadline a string": (
        lambda: DeadlineTransport(_ANSWERS, deadline="x"),  # type: ignore[arg-type]
        "deadline must be a number, not str",
    ),
    "policy total a string": (
        lambda: RetryPolicy(total="3"),  # type: ignore[arg-type]
        "total must be a number, not str",
    ),
    "policy jitter a string": (
        lambda: RetryPolicy(backoff_jitter="full"),  # type: ignore[arg-type]
        "backoff_jitter must be a number, not str",
    ),
    "policy statuses a number": (
        lambda: RetryPolicy(status_forcelist=429),  # type: ignore[arg-type]
        "status_forcelist must be an iterable of status codes (ints), got 429",
    ),
    "policy methods a string": (
        lambda: RetryPolicy(allowed_methods="GET"),
        "allowed_methods must be an iterable of strings, got 'GET'",
    ),
    "policy exceptions not classes": (
        lambda: RetryPolicy(retry_on_exceptions=[httpx.ConnectError("refused")]),  # type: ignore[list-item]
        "retry_on_exceptions must be an iterable of exception classes, got [ConnectError(",
    ),
    "policy exceptions not exceptions": (
        lambda: RetryPolicy(retry_on_exceptions=[int]),  # type: ignore[list-item]
        "retry_on_exceptions must hold exception classes, got [<class 'int'>]",
    ),
}


@pytest.mark.parametrize(("make", "said"), REFUSED.values(), ids=REFUSED.keys())
def test_an_option_that_cannot_be_used_is_refused_when_it_is_given(
    make: Callable[[], object], said: str
) -> None:
    with pytest.raises(InvalidOptionError) as raised:
        make()
    assert str(raised.value).startswith(said)
    assert isinstance(raised.value, OpenRouterGenerationError)
    assert isinstance(raised.value, ValueError)


def test_a_base_url_s_password_is_not_in_the_message() -> None:
    with pytest.raises(InvalidOptionError) as raised:
        AuthenticatedClient(token=KEY, base_url="ftp://user:secret@openrouter.ai/")
    assert "secret" not in str(raised.value)


def test_what_the_checks_accept_still_works(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("", "utf-8")
    AuthenticatedClient(token=KEY, timeout=httpx.Timeout((1.0, 2.0, 3.0, 0.0)), retries=False)
    AuthenticatedClient(token=KEY, timeout=None, deadline=None)
    AuthenticatedClient(token=KEY, timeout=httpx.Timeout(None), verify_ssl=str(bundle))
    AuthenticatedClient(token=KEY, base_url="http://127.0.0.1:8080", app_categories=("a", "b"))
    AuthenticatedClient(token=KEY, httpx_args={"limits": httpx.Limits(max_connections=None)})
    RetryPolicy(status_forcelist={429}, allowed_methods=["get"], retry_on_exceptions=[OSError])


def test_with_timeout_refusing_a_timeout_leaves_the_client_in_use_as_it_was() -> None:
    client = AuthenticatedClient(token=KEY, timeout=3.0, httpx_args={"transport": _ANSWERS})
    httpx_client = client.get_httpx_client()
    with pytest.raises(InvalidOptionError, match="timeout's connect must be a number"):
        client.with_timeout("5")  # type: ignore[arg-type]
    assert httpx_client.timeout == httpx.Timeout(3.0)


@pytest.mark.parametrize(
    ("transport", "extensions", "said"),
    [
        (BodyLimitTransport, {EXTENSION: "1024"}, f"extensions[{EXTENSION!r}] (bytes) must be a"),
        (BodyLimitTransport, {EXTENSION: 0}, f"extensions[{EXTENSION!r}] (bytes) must be at least"),
    ],
)
def test_a_request_s_own_limit_is_checked_before_it_is_sent(
    transport: Callable[[httpx.BaseTransport], httpx.BaseTransport],
    extensions: dict[str, object],
    said: str,
) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    under = httpx.MockTransport(answer)
    with (
        httpx.Client(transport=transport(under)) as client,
        pytest.raises(InvalidOptionError) as raised,
    ):
        client.get("http://api.test/generation", extensions=extensions)
    assert str(raised.value).startswith(said)
    assert sent == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("httpx_args", "said"),
    [
        ({"auth": 3}, 'TypeError: Invalid "auth" argument: 3'),
        ({"mounts": ["http://"]}, "AttributeError: 'list' object has no attribute 'items'"),
        ({"params": 3}, "AttributeError: 'int' object has no attribute 'items'"),
    ],
    ids=["auth", "mounts", "params"],
)
def test_a_value_httpx_refuses_in_httpx_args_is_said_at_the_first_call(
    mode: Mode, httpx_args: dict[str, object], said: str
) -> None:
    """httpx checks these only when the client builds its httpx clients, at the first call."""
    # A transport of the test's own: httpx.HTTPTransport() would load the certificates.
    client = AuthenticatedClient(token=KEY, httpx_args={"transport": _ANSWERS, **httpx_args})
    with pytest.raises(InvalidOptionError) as raised:
        fetch(mode, client)
    flavour = "Client" if mode == "sync" else "AsyncClient"
    assert str(raised.value).startswith(
        f"httpx_args: httpx.{flavour} refused the client's arguments ({said}"
    )
