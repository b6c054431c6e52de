"""RFC 3339 date-times, the `format: date-time` of JSON Schema: generated and read by the kit.

The kit parses the expected instant itself instead of trusting `datetime.fromisoformat`, the
parser a Python client is likely to use, so both sides of a comparison are not the same code.
"""

from __future__ import annotations

import datetime
import re

from hypothesis import strategies as st

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)
# A realistic range (microseconds after the epoch, 1900 to 2200): far enough from datetime's
# limits that no offset overflows it.
_EPOCH = datetime.datetime(1970, 1, 1)
_EARLIEST = -2_208_988_800 * 10**6
_LATEST = 7_289_654_400 * 10**6


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


def date_times() -> st.SearchStrategy[str]:
    """RFC 3339 date-times as servers send them: `Z` or a ±hh:mm offset, 0 to 6 fraction digits."""
    return st.builds(
        _render,
        st.integers(min_value=_EARLIEST, max_value=_LATEST),
        st.integers(min_value=0, max_value=6),
        st.one_of(
            st.sampled_from([None, 0]),
            st.integers(min_value=-(24 * 60) + 1, max_value=24 * 60 - 1),
        ),
    )


def _render(micros: int, digits: int, offset_minutes: int | None) -> str:
    """`micros` after the epoch as local time at the offset (None: UTC written as `Z`)."""
    offset = datetime.timedelta(minutes=offset_minutes or 0)
    local = _EPOCH + datetime.timedelta(microseconds=micros) + offset
    fraction = "." + f"{local.microsecond:06d}"[:digits] if digits else ""
    if offset_minutes is None:
        return f"{local:%Y-%m-%dT%H:%M:%S}{fraction}Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{local:%Y-%m-%dT%H:%M:%S}{fraction}{sign}{hours:02d}:{minutes:02d}"


def not_date_times() -> st.SearchStrategy[str]:
    """Strings a date-time field must reject: near misses first, then any text."""
    near_misses = [
        "",
        "yesterday",
        "2024-07-15",
        "2024-07-15T23:33:19",
        "23:33:19",
        "2024-13-01T00:00:00Z",
        "2024-02-30T10:00:00Z",
        "2024-07-15T25:00:00Z",
        "1721086399",
        "2024-07-15T23:33:19+24:00",
        "Mon, 15 Jul 2024 23:33:19 GMT",
    ]
    return st.one_of(
        st.sampled_from(near_misses), st.text().filter(lambda text: parse(text) is None)
    )
