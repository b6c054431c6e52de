from enum import StrEnum


class DataRegion(StrEnum):
    EUROPE = "europe"
    GLOBAL = "global"
    US = "us"

    def __str__(self) -> str:
        return str(self.value)


DATA_REGION_BY_VALUE: dict[str, DataRegion] = {member.value: member for member in DataRegion}
"""Each member by its value; what models parse this enum with (faster than calling the class)."""
