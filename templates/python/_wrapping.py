"""The base of the client's transport layers (admission, body limit, deadline): each wraps the
transport under it, sync, async or both, and closing a layer closes that transport.

A layer is both flavours itself (it cannot know whether an httpx.Client or an AsyncClient will
use it), so what it wraps is checked twice: at construction, that it is an httpx transport at
all; at each request, that it has the request's flavour. Either failure is an
``errors.TransportMismatchError`` naming the layer and what it wraps.
"""

import httpx

from .errors import TransportMismatchError

Transport = httpx.BaseTransport | httpx.AsyncBaseTransport


def checked(layer: str, transport: object) -> Transport:
    """`transport`, when it is an httpx transport of either flavour."""
    if not isinstance(transport, httpx.BaseTransport | httpx.AsyncBaseTransport):
        raise TransportMismatchError(layer, transport)
    return transport


def sync_of(layer: str, transport: object) -> httpx.BaseTransport:
    """`transport` for a sync request, when it handles one."""
    if not isinstance(transport, httpx.BaseTransport):
        raise TransportMismatchError(layer, transport, asynchronous=False)
    return transport


def async_of(layer: str, transport: object) -> httpx.AsyncBaseTransport:
    """`transport` for an async request, when it handles one."""
    if not isinstance(transport, httpx.AsyncBaseTransport):
        raise TransportMismatchError(layer, transport, asynchronous=True)
    return transport


class WrappingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A layer over `transport`; closing it closes `transport` in the same flavour."""

    def __init__(self, transport: Transport) -> None:
        self.transport = checked(type(self).__name__, transport)

    def _sync(self) -> httpx.BaseTransport:
        """The transport under this layer, for a sync request."""
        return sync_of(type(self).__name__, self.transport)

    def _async(self) -> httpx.AsyncBaseTransport:
        """The transport under this layer, for an async request."""
        return async_of(type(self).__name__, self.transport)

    def close(self) -> None:
        if isinstance(self.transport, httpx.BaseTransport):
            self.transport.close()

    async def aclose(self) -> None:
        if isinstance(self.transport, httpx.AsyncBaseTransport):
            await self.transport.aclose()
