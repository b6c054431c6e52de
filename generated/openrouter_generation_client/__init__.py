"""A client library for accessing OpenRouter generations"""

from . import errors
from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, AuthenticatedClient, Client, RetryPolicy

__all__ = (
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
    "errors",
)
