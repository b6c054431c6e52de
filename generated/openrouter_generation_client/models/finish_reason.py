"""The FinishReason enum: the values the spec lists."""

from enum import StrEnum


class FinishReason(StrEnum):
    """A value the spec lists; members are str, so == "text" works."""

    CONTENT_FILTER = "content_filter"
    ERROR = "error"
    FUNCTION_CALL = "function_call"
    LENGTH = "length"
    STOP = "stop"
    TOOL_CALLS = "tool_calls"

    def __str__(self) -> str:
        return str(self.value)


FINISH_REASON_BY_VALUE: dict[str, FinishReason] = {member.value: member for member in FinishReason}
"""Each member by its value; what models parse this enum with (faster than calling the class)."""
