"""Keyword in context: every occurrence of a query's terms (or of one entity's mentions, under
all its names) across the articles that match, each with the words around it, for a
concordance (AntConc's KWIC view). Engine-independent: it reads articles through `Engine`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.fields import ENTITY_TYPE_FIELDS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from index.engine.base import Cancel
    from index.search import Engine

SORTS = ("left", "right", "date")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Line:
    """One occurrence: `keyword` is body[start:end] of article `article_id`."""

    article_id: str
    title: str
    date: str | None
    start: int
    end: int
    left: str
    keyword: str
    right: str


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)


def context(body: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """`width` characters of one-line text either side of body[start:end]."""
    left = _one_line(body[max(0, start - width * 2) : start])[-width:]
    right = _one_line(body[end : end + width * 2])[:width]
    return left, _one_line(body[start:end]), right


def _sort_key(line: Line, sort: str) -> tuple[object, ...]:
    if sort == "left":  # the words to the left, nearest first, case-blind
        return (*(w.casefold() for w in reversed(_WORD.findall(line.left))), line.article_id)
    return (*(w.casefold() for w in _WORD.findall(line.right)), line.article_id)


def occurrences(
    engine: Engine, query: str, *, entity: str | None = None, width: int = 40,
    cancel: Cancel = None,
) -> Iterator[Line]:  # fmt: skip
    """Occurrences of `query`'s terms in the articles it finds (or, with `entity`, of that
    entity's mentions in the articles that name it, narrowed by `query` when given), article
    by article, newest first, each article's in text order: a stream, the first lines at once
    however many articles match. QueryError for a bad query; ValueError for an entity nobody
    is called."""
    target = None
    filters: list[str] = []
    if entity is not None:
        target = engine.entity_view().find(entity)
        if target is None:
            raise ValueError(f"no entity called {entity!r}")
        field = next(f for f, t in ENTITY_TYPE_FIELDS.items() if t == target.type)
        filters.append(f'{field}:"{target.name}"')
    text = query if query.strip() else (filters.pop(0) if filters else "")
    hits = engine.search(
        text, limit=max(1, engine.doc_count), filters=filters, snippets=0, suggestions=False,
        sort="date", cancel=cancel,
    ).hits  # fmt: skip
    matcher = engine.parse(text)[1] if target is None else None
    for hit in hits:
        article = engine.article(hit.id)
        if article is None:
            continue
        if target is not None:
            spans = [(m.start, m.end) for m in engine.mentions(hit.id)
                     if m.entity == target.name and m.type == target.type]  # fmt: skip
        else:
            spans = matcher.body_spans(article.body) if matcher is not None else []
        for start, end in spans:
            left, keyword, right = context(article.body, start, end, width)
            yield Line(hit.id, hit.title, hit.date, start, end, left, keyword, right)


def concordance(
    engine: Engine, query: str, *, entity: str | None = None, width: int = 40,
    limit: int = 1000, sort: str = "date", cancel: Cancel = None,
) -> tuple[list[Line], int]:  # fmt: skip
    """Every occurrence (`occurrences`), sorted by `sort`, at most `limit`; and how many there
    are in all. ValueError for an unknown sort too."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    found = occurrences(engine, query, entity=entity, width=width, cancel=cancel)
    lines = sort_lines(list(found), sort)
    return lines[:limit], len(lines)


def sort_lines(lines: list[Line], sort: str) -> list[Line]:
    """`lines` by the words to the left (nearest first), to the right, or newest first."""
    if sort == "date":
        return sorted(lines, key=lambda x: (x.date or "", x.article_id), reverse=True)
    return sorted(lines, key=lambda line: _sort_key(line, sort))
