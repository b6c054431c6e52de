"""GET /generation/content: Get stored prompt, completion and error content for a generation.

sync() / asyncio() return the parsed body and raise an errors.* exception for anything else;
sync_detailed() / asyncio_detailed() return the whole Response and never raise for a status.
"""

import json
import math
from typing import Any

import httpx

from ... import _body_limit, _loops, errors
from ...client import AuthenticatedClient
from ...models.error_response import ErrorResponse
from ...models.generation_content_response import GenerationContentResponse
from ...types import UNSET, Response

BODY_LIMIT = 67108864
"""Bytes of a response's body, decoded, this operation reads at most by default (the spec's
`x-body-limit`); the client's ``body_limits=`` may say otherwise. Past it: ResponseTooLargeError."""

OPERATION = "get_generation_content (GET /generation/content)"
"""How errors name this operation: the function (the operationId, snake-cased), method and path."""

Parsed = ErrorResponse | GenerationContentResponse
"""What `Response.parsed` of `*_detailed()` holds when it is not None: the success model, or the
error model of a documented error status. Name the response type `Response[Parsed]`: it follows
the spec when an error body schema is added."""


def _get_kwargs(
    *,
    id: str,
) -> dict[str, Any]:
    if not isinstance(id, str):
        raise errors.InvalidArgumentError(f"id= must be a string, not {type(id).__name__}")
    if isinstance(id, str) and len(id) < 1:
        raise errors.InvalidArgumentError(f"id= has {len(id)} characters, fewer than the spec's minLength 1")

    params: dict[str, Any] = {}

    params["id"] = id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/generation/content",
        "params": params,
    }

    return _kwargs


def _not_json(constant: str) -> Any:
    """json.loads hook for NaN and Infinity, which Python accepts but JSON does not have."""
    raise ValueError(f"{constant} is not a JSON value")


def _finite(number: str) -> float:
    """json.loads hook for a number with a fraction or an exponent: 1e999 overflows to
    infinity, which JSON has no way to say, so it is refused like Infinity."""
    value = float(number)
    if not math.isfinite(value):
        raise ValueError(f"{number} is too large for a float")
    return value


def _json(response: httpx.Response) -> Any:
    """The body decoded as JSON, or a MalformedResponseError saying why it is not JSON."""
    if not response.content:
        raise errors.MalformedResponseError("the body is empty")
    try:
        # Strict UTF-8, a leading BOM skipped: json.loads on bytes would accept UTF-8-encoded
        # surrogates (it decodes with surrogatepass), and JSON has no charset but UTF-8.
        return json.loads(response.content.decode("utf-8-sig"), parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError) as error:
        # ValueError covers JSONDecodeError (truncated, HTML, ...) and UnicodeDecodeError.
        raise errors.MalformedResponseError(f"the body is not valid JSON ({error})", value=response.content) from error


def _parse_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> ErrorResponse | GenerationContentResponse | None:
    if response.status_code == 200:
        try:
            return GenerationContentResponse.from_dict(_json(response))
        except errors.MalformedResponseError as error:
            raise error._from_response(response)._redacted()
    if response.status_code in {400, 401, 403, 404, 429, 500, 502, 503, 524, 529}:
        try:
            return ErrorResponse.from_dict(_json(response))
        except errors.MalformedResponseError:
            return None  # not a valid error body (e.g. an HTML page from a proxy): see .content
    return None


def _extensions(client: AuthenticatedClient) -> dict[str, Any]:
    """The request's extensions (its body limit), once `client` is known to be a client."""
    if not isinstance(client, AuthenticatedClient):
        raise errors.InvalidArgumentError(
            f"{OPERATION}: client= must be an AuthenticatedClient, not {type(client).__name__}"
        )
    return {_body_limit.EXTENSION: client._body_limit("get_generation_content", BODY_LIMIT)}


def _build_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> Response[ErrorResponse | GenerationContentResponse]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _success(response: Response[ErrorResponse | GenerationContentResponse]) -> GenerationContentResponse:
    """The parsed body of a success, else the errors.APIStatusError subclass of the status."""
    if isinstance(response.parsed, (GenerationContentResponse,)):
        return response.parsed
    error = response.parsed if isinstance(response.parsed, (ErrorResponse,)) else None
    raise errors.APIStatusError.for_status(response.status_code, response.content, response.headers, error)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    id: str,
) -> Response[ErrorResponse | GenerationContentResponse]:
    """Get stored prompt, completion and error content for a generation

     Returns what was sent and what came back for one generation, as OpenRouter stored it: the input (a
    plain prompt or a list of chat messages), the output (completion and reasoning text) and, for a
    failed generation, the error it ended with and each failed provider attempt before it. This is the
    user's own data: treat it as sensitive. Reading it needs a key allowed to read stored content.

    Args:
        id (str): The generation ID (as returned in the completion's `id`).

    Responses:
        200 (GenerationContentResponse): Returns the stored content of this generation.
        400 (errors.BadRequestError): Bad Request - the request is invalid, e.g. the `id`
            parameter is missing or empty.
        401 (errors.AuthenticationError): Unauthorized - the API key is missing, invalid or
            disabled.
        403 (errors.PermissionDeniedError): Forbidden - the key may not read stored content (only
            some keys, such as management keys, can).
        404 (errors.NotFoundError): Not Found - no generation has this id, or its stats are not
            ready yet (retry shortly after a completion).
        429 (errors.RateLimitError): Too Many Requests - rate limited (the key, or the upstream
            provider). When to try again is in the headers: `Retry-After` is not always sent; the
            `X-RateLimit-*` headers give the limit and its reset. When the limit is an upstream
            provider's, the same headers may arrive only inside the body, as `error.metadata.headers`
            (names as below, every value a string); `x-headers-in-body` says where. A reset can be
            hours away (daily caps). `x-retry-hint` names how a header says when to retry:
            `delay-seconds` (a number of seconds), `http-date` (RFC 9110), `delay-milliseconds`,
            `unix-milliseconds` (an instant, in milliseconds since the Unix epoch).
        500 (errors.InternalServerError): Internal Server Error - an unexpected failure inside
            OpenRouter.
        502 (errors.BadGatewayError): Bad Gateway - OpenRouter could not reach the service that
            stores generation stats.
        503 (errors.ServiceUnavailableError): Service Unavailable - stored content cannot be read
            right now; retry later (the official SDKs document it for this operation since November
            2026).
        524 (errors.EdgeTimeoutError): Infrastructure Timeout - the request timed out at the edge
            network (non-standard status 524).
        529 (errors.OverloadedError): Overloaded - the service is overloaded (non-standard status
            529); retry with backoff.

    Raises:
        errors.MalformedResponseError: A success response whose body does not match the spec;
            .path and .value say where and what.
        errors.RequestTimeoutError: The request took longer than the client's timeout.
        errors.NoResponseError: No response arrived (connection refused or reset, body cut short);
            the message names the host and the operation.
        errors.ClientClosedError: The client was closed (its `with` block has ended).

    Returns:
        Response[ErrorResponse | GenerationContentResponse]: never raises for a status. `parsed` is
        the success model, the error model for an error status whose body is a valid one, else
        None (an undocumented status, or an error page that is not an error body); status_code,
        content and headers are the raw response.
    """

    kwargs = _get_kwargs(
        id=id,
    )

    kwargs["extensions"] = _extensions(client)
    httpx_client = client.get_httpx_client()
    try:
        response = httpx_client.request(
            **kwargs,
        )
    except httpx.RequestError as error:
        raise errors.NoResponseError.from_httpx(client._scrubbed(error), OPERATION) from error
    except RuntimeError as error:
        if httpx_client.is_closed:
            raise errors.ClientClosedError(OPERATION) from error
        if _loops.is_loop_error(error):
            raise errors.EventLoopError(OPERATION) from error
        raise

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    id: str,
) -> GenerationContentResponse:
    """Get stored prompt, completion and error content for a generation

     Returns what was sent and what came back for one generation, as OpenRouter stored it: the input (a
    plain prompt or a list of chat messages), the output (completion and reasoning text) and, for a
    failed generation, the error it ended with and each failed provider attempt before it. This is the
    user's own data: treat it as sensitive. Reading it needs a key allowed to read stored content.

    Args:
        id (str): The generation ID (as returned in the completion's `id`).

    Responses:
        200 (GenerationContentResponse): Returns the stored content of this generation.
        400 (errors.BadRequestError): Bad Request - the request is invalid, e.g. the `id`
            parameter is missing or empty.
        401 (errors.AuthenticationError): Unauthorized - the API key is missing, invalid or
            disabled.
        403 (errors.PermissionDeniedError): Forbidden - the key may not read stored content (only
            some keys, such as management keys, can).
        404 (errors.NotFoundError): Not Found - no generation has this id, or its stats are not
            ready yet (retry shortly after a completion).
        429 (errors.RateLimitError): Too Many Requests - rate limited (the key, or the upstream
            provider). When to try again is in the headers: `Retry-After` is not always sent; the
            `X-RateLimit-*` headers give the limit and its reset. When the limit is an upstream
            provider's, the same headers may arrive only inside the body, as `error.metadata.headers`
            (names as below, every value a string); `x-headers-in-body` says where. A reset can be
            hours away (daily caps). `x-retry-hint` names how a header says when to retry:
            `delay-seconds` (a number of seconds), `http-date` (RFC 9110), `delay-milliseconds`,
            `unix-milliseconds` (an instant, in milliseconds since the Unix epoch).
        500 (errors.InternalServerError): Internal Server Error - an unexpected failure inside
            OpenRouter.
        502 (errors.BadGatewayError): Bad Gateway - OpenRouter could not reach the service that
            stores generation stats.
        503 (errors.ServiceUnavailableError): Service Unavailable - stored content cannot be read
            right now; retry later (the official SDKs document it for this operation since November
            2026).
        524 (errors.EdgeTimeoutError): Infrastructure Timeout - the request timed out at the edge
            network (non-standard status 524).
        529 (errors.OverloadedError): Overloaded - the service is overloaded (non-standard status
            529); retry with backoff.

    Raises:
        errors.APIStatusError: The server answered with an error status; the subclass names it
            (errors.RateLimitError for 429, errors.ServerStatusError for any 5xx, ...) and the
            error keeps status_code, the parsed error body (.error, None when the body is not
            one), the raw content and the headers.
        errors.MalformedResponseError: A success response whose body does not match the spec;
            .path and .value say where and what.
        errors.RequestTimeoutError: The request took longer than the client's timeout.
        errors.NoResponseError: No response arrived (connection refused or reset, body cut short);
            the message names the host and the operation.
        errors.ClientClosedError: The client was closed (its `with` block has ended).

    Returns:
        GenerationContentResponse: the parsed success body. Use the `*_detailed`
        variant to get error statuses as a response instead of an exception.
    """

    return _success(
        sync_detailed(
            client=client,
            id=id,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    id: str,
) -> Response[ErrorResponse | GenerationContentResponse]:
    """Get stored prompt, completion and error content for a generation

     Returns what was sent and what came back for one generation, as OpenRouter stored it: the input (a
    plain prompt or a list of chat messages), the output (completion and reasoning text) and, for a
    failed generation, the error it ended with and each failed provider attempt before it. This is the
    user's own data: treat it as sensitive. Reading it needs a key allowed to read stored content.

    Args:
        id (str): The generation ID (as returned in the completion's `id`).

    Responses:
        200 (GenerationContentResponse): Returns the stored content of this generation.
        400 (errors.BadRequestError): Bad Request - the request is invalid, e.g. the `id`
            parameter is missing or empty.
        401 (errors.AuthenticationError): Unauthorized - the API key is missing, invalid or
            disabled.
        403 (errors.PermissionDeniedError): Forbidden - the key may not read stored content (only
            some keys, such as management keys, can).
        404 (errors.NotFoundError): Not Found - no generation has this id, or its stats are not
            ready yet (retry shortly after a completion).
        429 (errors.RateLimitError): Too Many Requests - rate limited (the key, or the upstream
            provider). When to try again is in the headers: `Retry-After` is not always sent; the
            `X-RateLimit-*` headers give the limit and its reset. When the limit is an upstream
            provider's, the same headers may arrive only inside the body, as `error.metadata.headers`
            (names as below, every value a string); `x-headers-in-body` says where. A reset can be
            hours away (daily caps). `x-retry-hint` names how a header says when to retry:
            `delay-seconds` (a number of seconds), `http-date` (RFC 9110), `delay-milliseconds`,
            `unix-milliseconds` (an instant, in milliseconds since the Unix epoch).
        500 (errors.InternalServerError): Internal Server Error - an unexpected failure inside
            OpenRouter.
        502 (errors.BadGatewayError): Bad Gateway - OpenRouter could not reach the service that
            stores generation stats.
        503 (errors.ServiceUnavailableError): Service Unavailable - stored content cannot be read
            right now; retry later (the official SDKs document it for this operation since November
            2026).
        524 (errors.EdgeTimeoutError): Infrastructure Timeout - the request timed out at the edge
            network (non-standard status 524).
        529 (errors.OverloadedError): Overloaded - the service is overloaded (non-standard status
            529); retry with backoff.

    Raises:
        errors.MalformedResponseError: A success response whose body does not match the spec;
            .path and .value say where and what.
        errors.RequestTimeoutError: The request took longer than the client's timeout.
        errors.NoResponseError: No response arrived (connection refused or reset, body cut short);
            the message names the host and the operation.
        errors.ClientClosedError: The client was closed (its `with` block has ended).

    Returns:
        Response[ErrorResponse | GenerationContentResponse]: never raises for a status. `parsed` is
        the success model, the error model for an error status whose body is a valid one, else
        None (an undocumented status, or an error page that is not an error body); status_code,
        content and headers are the raw response.
    """

    kwargs = _get_kwargs(
        id=id,
    )

    kwargs["extensions"] = _extensions(client)
    httpx_client = client.get_async_httpx_client()
    try:
        response = await httpx_client.request(**kwargs)
    except httpx.RequestError as error:
        raise errors.NoResponseError.from_httpx(client._scrubbed(error), OPERATION) from error
    except RuntimeError as error:
        if httpx_client.is_closed:
            raise errors.ClientClosedError(OPERATION) from error
        if _loops.is_loop_error(error):
            raise errors.EventLoopError(OPERATION) from error
        raise

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    id: str,
) -> GenerationContentResponse:
    """Get stored prompt, completion and error content for a generation

     Returns what was sent and what came back for one generation, as OpenRouter stored it: the input (a
    plain prompt or a list of chat messages), the output (completion and reasoning text) and, for a
    failed generation, the error it ended with and each failed provider attempt before it. This is the
    user's own data: treat it as sensitive. Reading it needs a key allowed to read stored content.

    Args:
        id (str): The generation ID (as returned in the completion's `id`).

    Responses:
        200 (GenerationContentResponse): Returns the stored content of this generation.
        400 (errors.BadRequestError): Bad Request - the request is invalid, e.g. the `id`
            parameter is missing or empty.
        401 (errors.AuthenticationError): Unauthorized - the API key is missing, invalid or
            disabled.
        403 (errors.PermissionDeniedError): Forbidden - the key may not read stored content (only
            some keys, such as management keys, can).
        404 (errors.NotFoundError): Not Found - no generation has this id, or its stats are not
            ready yet (retry shortly after a completion).
        429 (errors.RateLimitError): Too Many Requests - rate limited (the key, or the upstream
            provider). When to try again is in the headers: `Retry-After` is not always sent; the
            `X-RateLimit-*` headers give the limit and its reset. When the limit is an upstream
            provider's, the same headers may arrive only inside the body, as `error.metadata.headers`
            (names as below, every value a string); `x-headers-in-body` says where. A reset can be
            hours away (daily caps). `x-retry-hint` names how a header says when to retry:
            `delay-seconds` (a number of seconds), `http-date` (RFC 9110), `delay-milliseconds`,
            `unix-milliseconds` (an instant, in milliseconds since the Unix epoch).
        500 (errors.InternalServerError): Internal Server Error - an unexpected failure inside
            OpenRouter.
        502 (errors.BadGatewayError): Bad Gateway - OpenRouter could not reach the service that
            stores generation stats.
        503 (errors.ServiceUnavailableError): Service Unavailable - stored content cannot be read
            right now; retry later (the official SDKs document it for this operation since November
            2026).
        524 (errors.EdgeTimeoutError): Infrastructure Timeout - the request timed out at the edge
            network (non-standard status 524).
        529 (errors.OverloadedError): Overloaded - the service is overloaded (non-standard status
            529); retry with backoff.

    Raises:
        errors.APIStatusError: The server answered with an error status; the subclass names it
            (errors.RateLimitError for 429, errors.ServerStatusError for any 5xx, ...) and the
            error keeps status_code, the parsed error body (.error, None when the body is not
            one), the raw content and the headers.
        errors.MalformedResponseError: A success response whose body does not match the spec;
            .path and .value say where and what.
        errors.RequestTimeoutError: The request took longer than the client's timeout.
        errors.NoResponseError: No response arrived (connection refused or reset, body cut short);
            the message names the host and the operation.
        errors.ClientClosedError: The client was closed (its `with` block has ended).

    Returns:
        GenerationContentResponse: the parsed success body. Use the `*_detailed`
        variant to get error statuses as a response instead of an exception.
    """

    return _success(
        await asyncio_detailed(
            client=client,
            id=id,
        )
    )
