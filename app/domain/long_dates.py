"""Dates and moments in words for printed sheets, in English and Welsh, whatever the machine's locale."""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS_CY = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)


def format_long_date(day: date) -> str:
    """British style: 8 June 2017 (English month names whatever the machine's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_long_date_cy(day: date) -> str:
    """The same in Welsh: 8 Mehefin 2017."""
    return f"{day.day} {_MONTHS_CY[day.month - 1]} {day.year}"


def format_moment(recorded_at: str) -> str:
    """A stored ISO 8601 moment as a reader says it: 4 May 2029 at 03:00 (+01:00); unreadable text as is."""
    try:
        moment = datetime.fromisoformat(recorded_at)
    except ValueError:
        return recorded_at
    offset = moment.utcoffset()
    if offset is None:
        zone = ""
    else:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        zone = f" ({sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return f"{format_long_date(moment.date())} at {moment:%H:%M}{zone}"
