"""A client library for accessing OpenRouter generation metadata"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
