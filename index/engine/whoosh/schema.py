"""The Whoosh schema.

What goes in: a combined `body` field (title + body, title terms weighted up, positions for
phrases, no stored text), `title`, `author` and `source` for field queries, an integer `date`
(YYYYMMDD, sortable, tiered for fast ranges), one keyword field per entity type, and a few small
stored values for result lists. Article bodies are not stored in Whoosh: they live compressed in the
side store (`index.engine.store`), keyed by content hash, and are read only for the hits shown.
"""

from __future__ import annotations

from typing import Any

from whoosh import fields, query
from whoosh.qparser.common import QueryParserError

from index.analysis import NewsAnalyzer, PreAnalyzed
from index.fields import ENTITY_FIELDS, DateError, date_bounds

SCHEMA_VERSION = 3


class FastText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field that also takes postings computed ahead of time (`PreAnalyzed`)."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, PreAnalyzed):
            return iter(value.items)
        return super().index(value, **kwargs)


class DateField(fields.NUMERIC):  # type: ignore[misc]
    """Dates as YYYYMMDD integers; queries take whole or partial dates and ranges of them."""

    def __init__(self) -> None:
        # Undated articles get 0, so they sort last when newest comes first.
        super().__init__(numtype=int, bits=32, signed=False, sortable=True, shift_step=4, default=0)

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        if qstring.strip() == "*":
            return query.Every(fieldname, boost=boost)
        try:
            lo, hi = date_bounds(qstring)
        except DateError as exc:
            raise QueryParserError(str(exc)) from None
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
        try:
            lo = date_bounds(start)[1 if startexcl else 0] if start else None
            hi = date_bounds(end)[0 if endexcl else 1] if end else None
        except DateError as exc:
            raise QueryParserError(str(exc)) from None
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


def fit(doc: dict[str, object], schema: fields.Schema) -> dict[str, object]:
    """`doc` without the fields an index made by an older version does not have (`browse`):
    such an index is updated as it is, and sorts as it did."""
    if "browse" in doc and "browse" not in schema:
        return {k: v for k, v in doc.items() if k != "browse"}
    return doc


def make_schema(browse: bool = True) -> fields.Schema:
    """The index's fields; `browse=False` is the schema of indexes made before the browse key
    (tests make one to check that such an index is still updated and searched)."""
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
        **({"browse": fields.NUMERIC(numtype=int, bits=64, signed=False, sortable=True)}
           if browse else {}),
    )  # fmt: skip
