"""The Whoosh backend: an open Whoosh index behind `index.engine.base.Backend`, and its writer.

Searching: block-quality skipping and matcher replacement are off (on an OR of many terms, a
prefix or a fuzzy term, the replacement walked the whole tree per block, 10 s instead of 0.2 s at
100k articles, and the pruned matcher under-counts an OR); expanding nodes become constant-score
id lists (`fastq`); collection stops at a deadline or when the caller cancels (`_Bounded`)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher

from index.engine.base import Cancel, Ranked, SearchCancelled
from index.engine.whoosh import fastq, patches


class _Bounded(collectors.WrappingCollector):  # type: ignore[misc]
    """Stops collection at a deadline (raising TimeLimit: the hits so far are kept) or when
    `cancel` is set (raising SearchCancelled). Whoosh's TimeLimitCollector starts a timer
    thread per search, which fires late when the interpreter lock is busy."""

    def __init__(self, child: collectors.Collector, limit: float | None, cancel: Cancel) -> None:
        super().__init__(child)
        self.deadline = time.perf_counter() + limit if limit else None
        self.cancel = cancel

    def collect_matches(self) -> None:
        child, deadline, cancel, clock = self.child, self.deadline, self.cancel, time.perf_counter
        for i, sub_docnum in enumerate(child.matches()):
            child.collect(sub_docnum)
            if deadline is not None and clock() > deadline:
                raise collectors.TimeLimit
            if cancel is not None and not i & 63 and cancel.is_set():
                raise SearchCancelled


def _count(column: list[Any], docs: list[int] | None) -> Counter[Any]:
    """How many of `docs` (None: of all) have each value of `column`, counted at C speed."""
    return Counter(column) if docs is None else Counter(map(column.__getitem__, docs))


def checked(docnums: Iterable[int], cancel: Cancel) -> Iterator[int]:
    """`docnums`, raising SearchCancelled when `cancel` is set (checked every 1,024)."""
    if cancel is None:
        yield from docnums
        return
    for i, n in enumerate(docnums):
        if not i & 1023 and cancel.is_set():
            raise SearchCancelled
        yield n


class WhooshBackend:
    """An open Whoosh index (read side)."""

    kind = "whoosh"

    def __init__(self, folder: Path) -> None:
        patches.apply()
        self.ix = whoosh_index.open_dir(str(folder))
        self._searcher: Searcher = self.ix.searcher()
        self._columns: dict[str, list[Any]] = {}  # a column's values by document number

    @staticmethod
    def present(folder: Path) -> bool:
        return bool(whoosh_index.exists_in(str(folder)))

    def close(self) -> None:
        self._searcher.close()
        self.ix.close()

    def refresh(self) -> bool:
        if self._searcher.up_to_date():
            return False
        self._searcher = self._searcher.refresh()
        self._columns = {}
        return True

    def _column(self, name: str) -> list[Any] | None:
        """Every value of a column, by document number, read once per searcher: a column
        reader's per-document lookup costs microseconds, which 50,000 hits add up to 50 ms."""
        values = self._columns.get(name)
        if values is None:
            reader = self._searcher.reader()
            if not reader.has_column(name):
                return None
            values = self._columns[name] = list(reader.column_reader(name))
        return values

    @property
    def version(self) -> int:
        return int(self._searcher.reader().generation())

    @property
    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def top(
        self, q: wq.Query, *, limit: int, sort: str, time_limit: float | None, cancel: Cancel
    ) -> Ranked:
        s = self._searcher
        top: collectors.Collector
        keep = max(1, limit)
        if sort == "date":  # by the browse key where the index has one (newer indexes)
            key = "browse" if "browse" in s.schema else "date"
            top = s.collector(limit=keep, sortedby=key, reverse=True)
        else:
            top = collectors.TopCollector(limit=keep, usequality=False, replace=0)
        collector = _Bounded(top, time_limit, cancel) if time_limit or cancel else top
        complete = True
        try:
            s.search_with_collector(fastq.rewrite(q), collector)
        except collectors.TimeLimit:
            complete = False
        results = collector.results()
        n = len(results.top_n)
        refs = [results.docnum(i) for i in range(n)]
        scores = [float(results.score(i) or 0.0) for i in range(n)]
        total: int | None = None
        if isinstance(q, wq.Term) and not s.reader().has_deletions():
            total = int(s.doc_frequency(q.fieldname, q.text))
        elif complete and results.has_exact_length():
            total = len(results)
        return Ranked(refs, scores, total, complete, int(results.estimated_length()))

    def count(self, q: wq.Query, cancel: Cancel = None) -> int:
        return sum(1 for _ in checked(self._searcher.docs_for_query(fastq.rewrite(q)), cancel))

    def exists(self, q: wq.Query) -> bool:
        return next(iter(self._searcher.docs_for_query(fastq.rewrite(q))), None) is not None

    def stored(self, ref: Any) -> dict[str, str]:
        return dict(self._searcher.stored_fields(ref))

    def ref_of(self, doc_id: str) -> Any | None:
        return self._searcher.document_number(id=doc_id)

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return int(self._searcher.doc_frequency(fieldname, term))

    def expand(self, node: wq.Query, limit: int) -> list[str]:
        reader = self._searcher.reader()
        if node.fieldname not in reader.schema:
            return []
        out: list[str] = []
        for i, btext in enumerate(node._btexts(reader)):
            if i >= limit:
                break
            out.append(btext.decode("utf-8") if isinstance(btext, bytes) else str(btext))
        return out

    def facet_counts(self, q: wq.Query, cancel: Cancel = None) -> dict[str, Counter[str]]:
        src_col, date_col = self._column("source"), self._column("date")
        raw_sources: Counter[Any] = Counter()
        raw_dates: Counter[Any] = Counter()
        if src_col is not None or date_col is not None:
            docs = self._counted(q, cancel)
            if src_col is not None:
                raw_sources = _count(src_col, docs)
            if date_col is not None:
                raw_dates = _count(date_col, docs)
        sources: Counter[str] = Counter()
        for v, k in raw_sources.items():
            if v:
                sources[v.decode("utf-8") if isinstance(v, bytes) else str(v)] += k
        years: Counter[str] = Counter()
        for d, k in raw_dates.items():
            if d:
                years[str(int(d) // 10000)] += k
        return {"source": sources, "year": years}

    def _docs(self, q: wq.Query) -> Iterable[int]:
        """The document numbers matching `q`; every live one, without a matcher, for Every."""
        reader = self._searcher.reader()
        found: Iterable[int]
        if isinstance(q, wq.Every):
            found = reader.all_doc_ids()
        else:
            found = self._searcher.docs_for_query(fastq.rewrite(q))
        return found

    def _counted(self, q: wq.Query, cancel: Cancel) -> list[int] | None:
        """The documents whose column values a count of `q` takes; None: every one (the whole
        corpus, nothing deleted: the column is counted whole, no document listed)."""
        if isinstance(q, wq.Every) and not self._searcher.reader().has_deletions():
            return None
        return list(checked(self._docs(q), cancel))

    def date_counts(self, q: wq.Query, cancel: Cancel = None) -> Counter[int]:
        col = self._column("date")
        if col is None:
            return Counter({0: sum(1 for _ in checked(self._docs(q), cancel))})
        raw = _count(col, self._counted(q, cancel))
        dates: Counter[int] = Counter()
        for d, k in raw.items():
            dates[int(d or 0)] += k
        return dates

    def all_stored(self) -> Iterator[dict[str, str]]:
        yield from self._searcher.reader().all_stored_fields()
