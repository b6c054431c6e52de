"""The ApiType enum: the values the spec lists."""

from enum import StrEnum


class ApiType(StrEnum):
    """A value the spec lists; members are str, so == "text" works."""

    COMPLETIONS = "completions"
    DECISIONS = "decisions"
    EMBEDDINGS = "embeddings"
    IMAGE = "image"
    RERANK = "rerank"
    STT = "stt"
    TTS = "tts"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)


API_TYPE_BY_VALUE: dict[str, ApiType] = {member.value: member for member in ApiType}
"""Each member by its value; what models parse this enum with (faster than calling the class)."""
