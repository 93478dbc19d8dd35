"""The Whoosh schema.

What goes in: a combined `body` field (title + body, title terms weighted up, positions for
phrases, no stored text), `title`, `author` and `source` for field queries, an integer `date`
(YYYYMMDD, sortable, tiered for fast ranges), one keyword field per entity type, and a few small
stored values for result lists. Article bodies are not stored in Whoosh: they live compressed in the
side store (`index.store`), keyed by content hash, and are read only for the hits shown.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from whoosh import fields, query
from whoosh.qparser.common import QueryParserError

from index.analysis import NewsAnalyzer, PreAnalyzed

ENTITY_FIELDS = ("person", "org", "place", "group")
ENTITY_TYPE_FIELDS = {"person": "PERSON", "org": "ORG", "place": "PLACE", "group": "GROUP"}
SCHEMA_VERSION = 3


class FastText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field that also takes postings computed ahead of time (`PreAnalyzed`)."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, PreAnalyzed):
            return iter(value.items)
        return super().index(value, **kwargs)


_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


def date_bounds(text: str) -> tuple[int, int]:
    """First and last day, as YYYYMMDD ints, of a full or partial ISO date ("2024", "2024-05")."""
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise QueryParserError(
            f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. date:2024-05)"
        )
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise QueryParserError(f"{text!r} is not a date: month {month} is out of range")
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    if not 1 <= day <= last:
        raise QueryParserError(f"{text!r} is not a date: day {day} is out of range")
    value = year * 10000 + month * 100 + day
    return value, value


def date_int(iso: str | None) -> int | None:
    """YYYYMMDD for an ISO date string, or None."""
    if not iso:
        return None
    try:
        lo, hi = date_bounds(iso)
    except QueryParserError:
        return None
    return lo if lo == hi else None


class DateField(fields.NUMERIC):  # type: ignore[misc]
    """Dates as YYYYMMDD integers; queries take whole or partial dates and ranges of them."""

    def __init__(self) -> None:
        # Undated articles get 0, so they sort last when newest comes first.
        super().__init__(numtype=int, bits=32, signed=False, sortable=True, shift_step=4, default=0)

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        if qstring.strip() == "*":
            return query.Every(fieldname, boost=boost)
        lo, hi = date_bounds(qstring)
        return query.NumericRange(fieldname, lo, hi, boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: str | None,
        end: str | None,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> query.Query:
        lo = date_bounds(start)[1 if startexcl else 0] if start else None
        hi = date_bounds(end)[0 if endexcl else 1] if end else None
        if lo is not None and hi is not None and lo > hi:
            raise QueryParserError(f"date range {start} to {end} ends before it starts")
        return query.NumericRange(fieldname, lo, hi, startexcl, endexcl, boost=boost)


class EntityField(fields.KEYWORD):  # type: ignore[misc]
    """Canonical entity names, one term each ("xi jinping"), matched whole and case-blind."""

    def __init__(self) -> None:
        super().__init__(lowercase=True, commas=True, scorable=False, stored=False)

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        name = " ".join(qstring.replace('"', " ").split()).lower()
        if not name:
            raise QueryParserError(f'{fieldname}: needs a name, e.g. {fieldname}:"Xi Jinping"')
        if name.endswith("*"):
            return query.Prefix(fieldname, name[:-1], boost=boost)
        return query.Term(fieldname, name, boost=boost)


def make_schema() -> fields.Schema:
    plain = NewsAnalyzer(stem=False)
    entity_fields = {name: EntityField() for name in ENTITY_FIELDS}
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        body=FastText(analyzer=NewsAnalyzer(), phrase=True),
        title=FastText(analyzer=NewsAnalyzer(), phrase=True, stored=True),
        author=fields.TEXT(analyzer=plain, phrase=True, stored=True),
        source=fields.TEXT(analyzer=plain, phrase=True, stored=True, sortable=True),
        date=DateField(),
        date_s=fields.STORED(),
        url=fields.STORED(),
        hash=fields.STORED(),
        format=fields.STORED(),
        **entity_fields,
    )


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
}
