"""The base of the client's transport layers (admission, body limit, deadline): each wraps the
transport under it, sync, async or both, and closing a layer closes that transport."""

import httpx


class WrappingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A layer over `transport`; closing it closes `transport` in the same flavour."""

    def __init__(self, transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> None:
        self.transport = transport

    def close(self) -> None:
        if isinstance(self.transport, httpx.BaseTransport):
            self.transport.close()

    async def aclose(self) -> None:
        if isinstance(self.transport, httpx.AsyncBaseTransport):
            await self.transport.aclose()
