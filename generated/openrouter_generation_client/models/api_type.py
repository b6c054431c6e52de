from enum import StrEnum


class ApiType(StrEnum):
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
