from enum import StrEnum


class ServiceTier(StrEnum):
    AUTO = "auto"
    DEFAULT = "default"
    FLEX = "flex"
    PRIORITY = "priority"
    SCALE = "scale"
    STANDARD = "standard"
    ULTRAFAST = "ultrafast"

    def __str__(self) -> str:
        return str(self.value)
