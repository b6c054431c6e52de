"""Typed client for OpenRouter's generation endpoints: metadata and stored content.

Start with AuthenticatedClient(token=...) and the operations exported here: each one is a
module with sync(), sync_detailed(), asyncio() and asyncio_detailed(). The models (the parsed
bodies) and `errors` (everything the client raises) are here too; README.md has a quickstart.
"""

from . import errors, models
from .api.generations import get_generation, get_generation_content
from .client import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    AuthenticatedClient,
    RateLimitState,
    RetryPolicy,
    RetryTransport,
)
from .models import (
    ApiType,
    DataRegion,
    ErrorDetail,
    ErrorDetailMetadataType0,
    ErrorResponse,
    ErrorResponseOpenrouterMetadataType0,
    FinishReason,
    Generation,
    GenerationContent,
    GenerationContentResponse,
    GenerationFailure,
    GenerationOutput,
    GenerationResponse,
    MessagesInput,
    PromptInput,
    ProviderAttemptError,
    ProviderName,
    ProviderResponse,
    ServiceTier,
)
from .types import UNSET, Response, Unset

__all__ = (
    "ApiType",
    "AuthenticatedClient",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "DataRegion",
    "ErrorDetail",
    "ErrorDetailMetadataType0",
    "ErrorResponse",
    "ErrorResponseOpenrouterMetadataType0",
    "FinishReason",
    "Generation",
    "GenerationContent",
    "GenerationContentResponse",
    "GenerationFailure",
    "GenerationOutput",
    "GenerationResponse",
    "MessagesInput",
    "PromptInput",
    "ProviderAttemptError",
    "ProviderName",
    "ProviderResponse",
    "RateLimitState",
    "Response",
    "RetryPolicy",
    "RetryTransport",
    "ServiceTier",
    "UNSET",
    "Unset",
    "errors",
    "get_generation",
    "get_generation_content",
    "models",
)
