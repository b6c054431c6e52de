"""RFC 3339 date-times, the `format: date-time` of JSON Schema, as the kit reads them.

The kit parses the expected instant itself instead of trusting `datetime.fromisoformat`, the
parser a Python client is likely to use, so both sides of a comparison are not the same code.
"""

from __future__ import annotations

import datetime
import re

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)
# A realistic range (microseconds after the epoch, 1900 to 2200): far enough from datetime's
# limits that no offset overflows it.
EPOCH = datetime.datetime(1970, 1, 1)
EARLIEST = -2_208_988_800 * 10**6
LATEST = 7_289_654_400 * 10**6


def parse(text: str) -> datetime.datetime | None:
    """The instant an RFC 3339 date-time names (an aware datetime), or None if it is not one.

    Fractions beyond microseconds are truncated; leap seconds (":60") are not representable
    and read as invalid.
    """
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    offset = datetime.timedelta(0)
    if not zulu:
        if int(off_h) > 23 or int(off_m) > 59:
            return None
        offset = datetime.timedelta(hours=int(off_h), minutes=int(off_m))
        offset = -offset if sign == "-" else offset
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            micro,
            tzinfo=datetime.timezone(offset),
        )
    except ValueError:
        return None


def render(micros: int, digits: int, offset_minutes: int | None) -> str:
    """`micros` after the epoch as local time at the offset (None: UTC written as `Z`), with
    `digits` fraction digits: a date-time as servers write them."""
    offset = datetime.timedelta(minutes=offset_minutes or 0)
    local = EPOCH + datetime.timedelta(microseconds=micros) + offset
    fraction = "." + f"{local.microsecond:06d}"[:digits] if digits else ""
    if offset_minutes is None:
        return f"{local:%Y-%m-%dT%H:%M:%S}{fraction}Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{local:%Y-%m-%dT%H:%M:%S}{fraction}{sign}{hours:02d}:{minutes:02d}"
