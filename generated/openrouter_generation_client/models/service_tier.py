"""The ServiceTier enum: the values the spec lists."""

from enum import StrEnum


class ServiceTier(StrEnum):
    """A value the spec lists; members are str, so == "text" works."""

    AUTO = "auto"
    DEFAULT = "default"
    FLEX = "flex"
    PRIORITY = "priority"
    SCALE = "scale"
    STANDARD = "standard"
    ULTRAFAST = "ultrafast"

    def __str__(self) -> str:
        return str(self.value)


SERVICE_TIER_BY_VALUE: dict[str, ServiceTier] = {member.value: member for member in ServiceTier}
"""Each member by its value; what models parse this enum with (faster than calling the class)."""
