"""The tantivy backend: an open tantivy index behind `index.engine.base.Backend`, and its
writer. Searches take milliseconds, so the time limit and cancelling of the Whoosh backend are
not needed: a search is always complete and counted exactly."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Order, Query
from whoosh import query as wq

from index.engine.base import Cancel, Ranked, SearchCancelled
from index.engine.tantivy.schema import field_names, make_schema, stored_fields, to_document
from index.engine.tantivy.translate import translate, wildcard_terms

FACET_SIZE = 10_000


def _count(result: tantivy.SearchResult) -> int:
    return int(getattr(result, "count", 0) or 0)  # `count` is missing from tantivy.pyi


DATE_BUCKETS = 100_000  # distinct dates counted by `date_counts` (274 years of days)


class TantivyBackend:
    """An open tantivy index (read side)."""

    kind = "tantivy"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ix = tantivy.Index.open(str(folder))
        self.schema = self.ix.schema
        self.sort_field = "browse" if "browse" in field_names(folder) else "date"
        """What sort="date" orders by: the browse key (newest first, undated by title) in an
        index that has one, else the date (indexes made by an older version)."""
        self._searcher = self.ix.searcher()
        self._version = self._read_version()

    @staticmethod
    def present(folder: Path) -> bool:
        return (folder / "meta.json").is_file()

    def _read_version(self) -> int:
        try:
            meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
            return int(meta.get("opstamp", 0))
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self._searcher = None  # type: ignore[assignment]

    def refresh(self) -> bool:
        version = self._read_version()
        if version == self._version:
            return False
        self.ix.reload()
        self._searcher = self.ix.searcher()
        self._version = version
        return True

    @property
    def version(self) -> int:
        return self._version

    @property
    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def _expand(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        found = self._searcher.terms_with_prefix(fieldname, prefix, limit=limit)
        return [t for t, _n in found]

    def query(self, q: wq.Query) -> Query:
        return translate(q, self.schema, self._expand)

    def top(
        self, q: wq.Query, *, limit: int, sort: str, time_limit: float | None, cancel: Cancel
    ) -> Ranked:
        if cancel is not None and cancel.is_set():
            raise SearchCancelled
        tq = self.query(q)
        keep = max(1, limit)
        if sort == "date":
            found = self._searcher.search(tq, keep, count=True, order_by_field=self.sort_field,
                                          order=Order.Desc)  # fmt: skip
            scores = [0.0 for _ in found.hits]
        else:
            found = self._searcher.search(tq, keep, count=True)
            scores = [float(score) for score, _addr in found.hits]
        refs = [addr for _score, addr in found.hits]
        return Ranked(refs, scores, _count(found))

    def count(self, q: wq.Query, cancel: Cancel = None) -> int:
        return _count(self._searcher.search(self.query(q), 1, count=True))

    def exists(self, q: wq.Query) -> bool:
        return bool(self._searcher.search(self.query(q), 1, count=False).hits)

    def stored(self, ref: Any) -> dict[str, str]:
        return stored_fields(self._searcher.doc(ref))

    def ref_of(self, doc_id: str) -> Any | None:
        found = self._searcher.search(Query.term_query(self.schema, "id", doc_id), 1).hits
        return found[0][1] if found else None

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return int(self._searcher.doc_freq(fieldname, term))

    def expand(self, node: wq.Query, limit: int) -> list[str]:
        return wildcard_terms(node, self._expand, limit)

    def facet_counts(self, q: wq.Query, cancel: Cancel = None) -> dict[str, Counter[str]]:
        aggs = {
            "source": {"terms": {"field": "source_f", "size": FACET_SIZE}},
            "year": {"terms": {"field": "year", "size": FACET_SIZE}},
        }
        out = self._searcher.aggregate(self.query(q), aggs)
        sources: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for b in out.get("source", {}).get("buckets", []):
            if b["key"]:
                sources[str(b["key"])] = int(b["doc_count"])
        for b in out.get("year", {}).get("buckets", []):
            if int(b["key"]):
                years[str(int(b["key"]))] = int(b["doc_count"])
        return {"source": sources, "year": years}

    def date_counts(self, q: wq.Query, cancel: Cancel = None) -> Counter[int]:
        if cancel is not None and cancel.is_set():
            raise SearchCancelled
        aggs = {"date": {"terms": {"field": "date", "size": DATE_BUCKETS}}}
        out = self._searcher.aggregate(self.query(q), aggs)
        dates: Counter[int] = Counter()
        for b in out.get("date", {}).get("buckets", []):
            dates[int(b["key"])] += int(b["doc_count"])
        return dates

    def all_stored(self) -> Iterator[dict[str, str]]:
        n = self.doc_count
        if not n:
            return
        for _score, addr in self._searcher.search(Query.all_query(), n, count=False).hits:
            yield stored_fields(self._searcher.doc(addr))


class TantivyWriter:
    """One transaction on a tantivy index; tantivy commits atomically (its meta.json is
    replaced), and its writer lock dies with the process."""

    def __init__(self, folder: Path, heap_mb: int = 256, threads: int = 0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if TantivyBackend.present(folder):
            self.ix = tantivy.Index.open(str(folder))
            self.skip = frozenset({"browse"} - field_names(folder))
        else:
            self.ix = tantivy.Index(make_schema(), path=str(folder))
            self.skip = frozenset()
        self.w = self.ix.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
        self.changed = False

    def add(self, doc: Any) -> None:
        self.w.add_document(to_document(doc, self.skip))
        self.changed = True

    def delete(self, doc_id: str) -> None:
        self.w.delete_documents_by_term("id", doc_id)
        self.changed = True

    def commit(self) -> None:
        self.w.commit()
        self.w.wait_merging_threads()

    def cancel(self) -> None:
        self.w.rollback()
