"""Typed client for OpenRouter's generation endpoints: metadata and stored content.

Start with AuthenticatedClient(token=...) and the operations exported here: each one is a
module with sync(), sync_detailed(), asyncio() and asyncio_detailed(). The models (the parsed
bodies) and `errors` (everything the client raises) are here too. README.md, in this package's
folder, has a quickstart, every operation, the errors and the runtime dependencies.
"""

import importlib.util as _importlib_util
from pathlib import Path as _Path

_README = _Path(__file__).with_name("README.md")
__doc__ = f"{__doc__ or ''}\nReadme: {_README}\n"  # None under python -OO

# Each runtime dependency's module, and what to install when it is missing (pyproject.toml
# declares the same list).
_REQUIREMENTS = {
    "httpx": "httpx>=0.23.1,<0.29.0",
    "httpcore": "httpcore>=0.15.0,<2.0.0",
    "attrs": "attrs>=22.2.0",
    "sniffio": "sniffio>=1.3.1",
}
_missing = {
    module: requirement for module, requirement in _REQUIREMENTS.items() if _importlib_util.find_spec(module) is None
}
if _missing:
    _install = " ".join(f'"{requirement}"' for requirement in _missing.values())
    raise ModuleNotFoundError(
        f"{__name__} needs packages that are not installed here: {', '.join(_missing.values())}. "
        f"Install them with: pip install {_install} "
        f"(every runtime dependency, with its version range, is listed in {_README})",
        name=next(iter(_missing)),
    )

from . import errors, models
from .api.generations import get_generation, get_generation_content
from .client import (
    DEFAULT_BASE_URL,
    DEFAULT_DEADLINE,
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUT,
    AuthenticatedClient,
    DeadlineTransport,
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
    "DEFAULT_DEADLINE",
    "DEFAULT_LIMITS",
    "DEFAULT_TIMEOUT",
    "DataRegion",
    "DeadlineTransport",
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
