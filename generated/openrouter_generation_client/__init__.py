"""A client library for accessing OpenRouter generations"""

from . import errors
from .client import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    AuthenticatedClient,
    Client,
    RateLimitState,
    RetryPolicy,
    RetryTransport,
)

__all__ = (
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "AuthenticatedClient",
    "Client",
    "RateLimitState",
    "RetryPolicy",
    "RetryTransport",
    "errors",
)
