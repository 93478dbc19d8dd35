"""Constant-score matching for queries that expand to many terms: prefixes, wildcards, dates.

Whoosh scores `sha*` as an OR of every term it expands to (166 at 100k articles): a deep tree of
union matchers walked for every document, 8-10 s per search. Here such a query reads the document
ids of its terms once, unions them, and matches that list with a constant score (Lucene's
"constant score rewrite" for the same queries). Date ranges, already constant-score in Whoosh,
get the same treatment, as their tiered terms are an OR as well.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import TermNotFound

from index.states import IdSet

# A prefix with this many terms or fewer is scored normally (by BM25 over its terms).
SCORED_EXPANSION = 8


class IdsMatcher(ListMatcher):  # type: ignore[misc]
    """A sorted list of ids with a constant weight, and a skip_to that bisects."""

    def skip_to(self, id: int) -> None:
        self._i: int = bisect_left(self._ids, id, self._i)

    def copy(self) -> IdsMatcher:
        return IdsMatcher(self._ids, all_weights=self._all_weights, position=self._i)

    def supports_block_quality(self) -> bool:
        return False


def union_ids(reader: Any, terms: list[tuple[str, bytes]]) -> list[int]:
    ids: set[int] = set()
    for fieldname, btext in terms:
        try:
            postings = reader.postings(fieldname, btext)
        except TermNotFound:
            continue
        ids.update(postings.all_ids())
    return sorted(ids)


def _btexts(q: Any, reader: Any) -> list[bytes]:
    out = []
    for t in q._btexts(reader):
        out.append(t if isinstance(t, bytes) else str(t).encode("utf-8"))
    return out


class ConstantMixin:
    """matcher(): the union of the expanded terms' documents, constant score."""

    fieldname: str
    boost: float

    def _expanded(self, reader: Any) -> list[tuple[str, bytes]]:
        return [(self.fieldname, t) for t in _btexts(self, reader)]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        terms = self._expanded(reader)
        if len(terms) <= SCORED_EXPANSION and not isinstance(self, ConstantDateRange):
            return super().matcher(searcher, context)  # type: ignore[misc]
        ids = union_ids(reader, terms)
        if not ids:
            return NullMatcher()
        return IdsMatcher(ids, all_weights=self.boost)


class ConstantPrefix(ConstantMixin, wq.Prefix):  # type: ignore[misc]
    pass


class ConstantWildcard(ConstantMixin, wq.Wildcard):  # type: ignore[misc]
    pass


class ConstantDateRange(ConstantMixin, wq.NumericRange):  # type: ignore[misc]
    def _expanded(self, reader: Any) -> list[tuple[str, bytes]]:
        compiled = self._compile_query(reader)
        return [
            (f, t if isinstance(t, bytes) else str(t).encode("utf-8"))
            for f, t in compiled.existing_terms(reader, expand=True)
        ]


def id_docnums(reader: Any) -> dict[str, int]:
    """Article id -> document number in one segment, read from the id field's terms (each id
    is one term with one posting, whose document its term info holds) once per segment
    reader: 0.3 s for 100,000 ids. A deleted document's id stays in its segment's terms."""
    found: dict[str, int] | None = reader.__dict__.get("_reader_id_docnums")
    if found is None:
        found = {}
        for text, info in reader.iter_field("id"):
            key = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            found[key] = int(info.min_id())
        reader.__dict__["_reader_id_docnums"] = found
    return found


class IdSetQuery(IdSet):
    """An IdSet matched on Whoosh: the segment's document numbers of its ids, constant score."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        kept: dict[frozenset[str], list[int]] = reader.__dict__.setdefault("_reader_id_sets", {})
        ids = kept.get(self.ids)
        if ids is None:  # once per set and segment: the store keeps the set until it changes
            docnums = id_docnums(reader)
            found = (docnums.get(i) for i in self.ids)
            ids = sorted(d for d in found if d is not None and not reader.is_deleted(d))
            if len(kept) >= 8:
                kept.clear()
            kept[self.ids] = ids
        return IdsMatcher(ids, all_weights=self.boost) if ids else NullMatcher()


def rewrite(q: wq.Query) -> wq.Query:
    """Swap the expanding query nodes of a parsed query for their constant-score versions, and
    the reading-state id sets for their Whoosh matcher."""
    if type(q) is IdSet:
        return IdSetQuery(q.ids, q.label, boost=q.boost)
    if type(q) is wq.Prefix:
        return ConstantPrefix(q.fieldname, q.text, boost=q.boost)
    if type(q) is wq.Wildcard:
        return ConstantWildcard(q.fieldname, q.text, boost=q.boost)
    if type(q) is wq.NumericRange:
        return ConstantDateRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(rewrite)
