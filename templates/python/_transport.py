"""The transport that runs the retries: sends, waits and sends again as ``_Call`` decides."""

import httpx

from . import _clock
from ._rate_limit import RateLimitState
from ._retries import RetryPolicy, _Call
from ._wrapping import Transport, async_of, checked, sync_of
from .errors import InvalidOptionError


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The transport that runs the retries of ``RetryPolicy`` with a shared ``RateLimitState``.

    Wraps another transport (sync, async, or both); the client builds it for you with
    ``retries=``. By hand, e.g. for ``set_httpx_client()``:
    ``httpx.Client(transport=RetryTransport(httpx.HTTPTransport(), RetryPolicy()))``.
    A request may carry its own policy in ``extensions={"retry": RetryPolicy(...)}``.
    """

    def __init__(
        self,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimitState | None = None,
    ) -> None:
        if transport is None:
            self._sync_transport: httpx.BaseTransport | None = httpx.HTTPTransport()
            self._async_transport: httpx.AsyncBaseTransport | None = httpx.AsyncHTTPTransport()
        else:
            checked("RetryTransport", transport)
            self._sync_transport = transport if isinstance(transport, httpx.BaseTransport) else None
            self._async_transport = (
                transport if isinstance(transport, httpx.AsyncBaseTransport) else None
            )
        self._wrapped = transport  # for an error naming what it wraps
        if not isinstance(retry, RetryPolicy | None):
            raise InvalidOptionError(f"retry must be a RetryPolicy, not {type(retry).__name__}")
        if not isinstance(rate_limit, RateLimitState | None):
            raise InvalidOptionError(
                f"rate_limit must be a RateLimitState, not {type(rate_limit).__name__}"
            )
        self.retry = RetryPolicy() if retry is None else retry
        self.rate_limit = RateLimitState() if rate_limit is None else rate_limit

    def close(self) -> None:
        if self._sync_transport is not None:
            self._sync_transport.close()

    async def aclose(self) -> None:
        if self._async_transport is not None:
            await self._async_transport.aclose()

    def _call(self, request: httpx.Request) -> _Call | None:
        """The retry state of `request`, or None when its method is not retried."""
        policy = request.extensions.get("retry", self.retry)
        if not isinstance(policy, RetryPolicy):
            raise InvalidOptionError(
                f"extensions['retry'] must be a RetryPolicy, not {type(policy).__name__}"
            )
        return (
            _Call(policy, self.rate_limit) if policy.is_retryable_method(request.method) else None
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`, waiting and retrying as the policy and the shared state say."""
        transport = self._sync_transport or sync_of("RetryTransport", self._wrapped)
        call = self._call(request)
        if call is None:
            return transport.handle_request(request)
        call.put_deadline(request)
        outcome: httpx.Response | Exception | None = None
        while not isinstance(step := call.next(outcome), httpx.Response):
            if isinstance(step, float):
                _clock.sleep(step)
                outcome = None
                continue
            try:  # an exception is the outcome too: call.next() raises it when final
                outcome = transport.handle_request(request)
                if outcome.status_code >= 400:
                    outcome.read()  # a small error body, which may say when to retry
            except Exception as error:
                outcome = error
        return step

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The async twin of handle_request."""
        transport = self._async_transport or async_of("RetryTransport", self._wrapped)
        call = self._call(request)
        if call is None:
            return await transport.handle_async_request(request)
        call.put_deadline(request)
        outcome: httpx.Response | Exception | None = None
        while not isinstance(step := call.next(outcome), httpx.Response):
            if isinstance(step, float):
                await _clock.asleep(step)
                outcome = None
                continue
            try:
                outcome = await transport.handle_async_request(request)
                if outcome.status_code >= 400:
                    await outcome.aread()
            except Exception as error:
                outcome = error
        return step
