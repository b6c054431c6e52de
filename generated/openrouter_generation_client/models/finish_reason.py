from enum import StrEnum


class FinishReason(StrEnum):
    CONTENT_FILTER = "content_filter"
    ERROR = "error"
    FUNCTION_CALL = "function_call"
    LENGTH = "length"
    STOP = "stop"
    TOOL_CALLS = "tool_calls"

    def __str__(self) -> str:
        return str(self.value)
