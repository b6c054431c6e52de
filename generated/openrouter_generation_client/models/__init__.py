"""Contains all the data models used in inputs/outputs"""

from .api_type import ApiType
from .data_region import DataRegion
from .error_detail import ErrorDetail
from .error_detail_metadata_type_0 import ErrorDetailMetadataType0
from .error_response import ErrorResponse
from .error_response_openrouter_metadata_type_0 import ErrorResponseOpenrouterMetadataType0
from .finish_reason import FinishReason
from .generation import Generation
from .generation_content import GenerationContent
from .generation_content_response import GenerationContentResponse
from .generation_failure import GenerationFailure
from .generation_output import GenerationOutput
from .generation_response import GenerationResponse
from .messages_input import MessagesInput
from .prompt_input import PromptInput
from .provider_attempt_error import ProviderAttemptError
from .provider_name import ProviderName
from .provider_response import ProviderResponse
from .service_tier import ServiceTier

ErrorBody = ErrorResponse
"""Every body an error status of the spec documents (the type of APIStatusError.error)."""

__all__ = (
    "ApiType",
    "DataRegion",
    "ErrorBody",
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
    "ServiceTier",
)
