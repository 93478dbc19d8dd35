"""Field names and values shared by every engine: the fields a query may name, entity fields,
and dates as YYYYMMDD integers (full or partial ISO dates, for queries and sorting)."""

from __future__ import annotations

import calendar
import re
import unicodedata

ENTITY_FIELDS = ("person", "org", "place", "group")
ENTITY_TYPE_FIELDS = {"person": "PERSON", "org": "ORG", "place": "PLACE", "group": "GROUP"}


class DateError(ValueError):
    """A value that is not a (partial) ISO date."""


_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


def date_bounds(text: str) -> tuple[int, int]:
    """First and last day, as YYYYMMDD ints, of a full or partial ISO date ("2024", "2024-05")."""
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise DateError(
            f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. date:2024-05)"
        )
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} is not a date: month {month} is out of range")
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    if not 1 <= day <= last:
        raise DateError(f"{text!r} is not a date: day {day} is out of range")
    value = year * 10000 + month * 100 + day
    return value, value


def date_int(iso: str | None) -> int | None:
    """YYYYMMDD for an ISO date string, or None."""
    if not iso:
        return None
    try:
        lo, hi = date_bounds(iso)
    except DateError:
        return None
    return lo if lo == hi else None


# Names a user types for fields, mapped to schema fields.
FIELD_ALIASES = {
    "title": "title",
    "author": "author",
    "by": "author",
    "source": "source",
    "date": "date",
    "person": "person",
    "people": "person",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "place": "place",
    "location": "place",
    "group": "group",
    "body": "body",
    "text": "body",
    "like": "like",  # articles like the one named (index.related)
    "is": "is",  # reading state (index.states): never in the index
    "tag": "tag",
    "tags": "tag",
}


def _title_rank(title: str, chars: int) -> int:
    """The first `chars` letters and digits of a title as a number that sorts as they do
    (6 bits a character: other 0, digits 1-10, letters 11-36; case and accents ignored)."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    codes = []
    for ch in folded:
        if "0" <= ch <= "9":
            codes.append(1 + ord(ch) - 48)
        elif "a" <= ch <= "z":
            codes.append(11 + ord(ch) - 97)
        elif ch.isalnum() and not unicodedata.combining(ch):
            codes.append(37)  # other letters after z
        if len(codes) == chars:
            break
    rank = 0
    for i in range(chars):
        rank = rank * 64 + (codes[i] if i < len(codes) else 0)
    return rank


def browse_key(date: int | None, title: str) -> int:
    """One unsigned number per article that sorts it, biggest first, as a reader browses: dated
    articles newest first (a day's by title), then the undated ones by title (their first ten
    letters and digits)."""
    if date:
        return (1 << 62) | (date << 30) | ((1 << 30) - 1 - _title_rank(title, 5))
    return (1 << 60) - 1 - _title_rank(title, 10)
