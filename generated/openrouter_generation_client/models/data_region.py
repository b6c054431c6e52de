"""The DataRegion enum: the values the spec lists."""

from enum import StrEnum


class DataRegion(StrEnum):
    """A value the spec lists; members are str, so == "text" works."""

    EUROPE = "europe"
    GLOBAL = "global"
    US = "us"

    def __str__(self) -> str:
        return str(self.value)


DATA_REGION_BY_VALUE: dict[str, DataRegion] = {member.value: member for member in DataRegion}
"""Each member by its value; what models parse this enum with (faster than calling the class)."""
