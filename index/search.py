"""Search: the one API the CLI and the terminal app share.

engine = Engine.open(index_dir)
result = engine.search('putin "strategic partnership" date:2024', limit=20, facets=True)
result.hits[0].snippet.spans            # highlight spans inside the snippet text
engine.article(result.hits[0].id)       # the clean Article
engine.match_spans(article_id, query)   # every match in that article's body
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Results, Searcher

from index.engine.build import STORE_NAME
from index.engine.location import IndexMissing, current_generation
from index.engine.store import Store
from index.engine.whoosh import fastq
from index.engine.whoosh import patches as whoosh_patches
from index.entities.view import Overrides
from index.highlight import Matcher, Snippet, build_matcher, snippet
from index.model import Article
from index.query import ParsedQuery, QueryError, parse
from index.search_entities import EntitiesMixin
from index.suggest import Speller, is_known, suggest

SORTS = ("relevance", "date")
# Entity facets count the entities of the top hits, at most this many (source and year facets
# count every match).
FACET_HITS = 1000
# The terminal app's first pass as you type: collection stops after this many seconds and the
# best hits found so far are shown; the app then runs the query again without a limit.
INTERACTIVE_TIME_LIMIT = 0.025
USE_QUALITY = False

__all__ = [
    "Engine", "Hit", "SearchResult", "QueryError", "IndexMissing", "Snippet", "SearchCancelled",
]  # fmt: skip


Cancel = threading.Event | None  # set by the caller to stop a search (see SearchCancelled)


class SearchCancelled(Exception):
    """The `cancel` event passed to a search was set (a newer query was typed)."""


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


@dataclass
class Hit:
    """One result: where it is, what it is, and why it matched."""

    id: str
    title: str
    date: str | None
    source: str
    author: str
    score: float
    snippet: Snippet
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    pending: bool = False
    """The snippet and title spans are not made yet (`Engine.snippets` makes them)."""


@dataclass
class SearchResult:
    """Hits for one query, with the total, facets, a suggestion and repair messages."""

    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    sort: str = "relevance"
    elapsed: float = 0.0
    complete: bool = True  # False: collection stopped at the time limit; hits may be refined
    total_exact: bool = True  # False: `total` is an estimate


class Engine(EntitiesMixin):
    """An open index: a Whoosh searcher plus the side store of bodies."""

    def __init__(self, index_dir: Path, gen: Path) -> None:
        self.index_dir = index_dir
        self.gen = gen
        whoosh_patches.apply()
        self.ix = whoosh_index.open_dir(str(gen))
        self.store = Store(gen / STORE_NAME, readonly=True)
        self.corpus = Path(self.store.get_meta("corpus") or ".")
        self._searcher: Searcher = self.ix.searcher()
        self._matchers: dict[str, tuple[ParsedQuery, Matcher]] = {}
        self._speller: Speller | None = None
        self._overrides = getattr(self, "_overrides", Overrides())
        self._reset_entities()

    @classmethod
    def open(cls, index_dir: Path) -> Engine:
        gen = current_generation(index_dir)
        if gen is None or not whoosh_index.exists_in(str(gen)):
            raise IndexMissing(f"no index at {index_dir}; run `reader index` first")
        return cls(index_dir, gen)

    def close(self) -> None:
        self._searcher.close()
        self.ix.close()
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> bool:
        """Pick up a newer index (after `reader index`); True if anything changed."""
        gen = current_generation(self.index_dir)
        if gen is not None and gen != self.gen:
            old = (self._searcher, self.ix, self.store)
            self.__init__(self.index_dir, gen)  # type: ignore[misc]
            for o in old:
                o.close()
            return True
        if not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
            self._matchers.clear()
            self._speller = None
            self._reset_entities()
            return True
        return False

    @property
    def version(self) -> tuple[str, int]:
        """Changes whenever the index on show does (a new generation, or an update of it)."""
        return str(self.gen), int(self._searcher.reader().generation())

    @property
    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    # --- queries ---------------------------------------------------------------------------

    def parse(self, text: str) -> tuple[ParsedQuery, Matcher]:
        """Parse once and expand terms once per query string (cached for as-you-type)."""
        cached = self._matchers.get(text)
        if cached is None:
            parsed = parse(text, self.ix.schema)
            parsed.query = fastq.rewrite(self._expand_entities(self._expand_fuzzy(parsed.query)))
            cached = (parsed, build_matcher(parsed.query, self._searcher.reader()))
            if len(self._matchers) > 256:
                self._matchers.clear()
            self._matchers[text] = cached
        return cached

    def _expand_fuzzy(self, q: wq.Query) -> wq.Query:
        """Fuzzy terms on text fields become an OR of the corpus words close to them, found in
        the vocabulary (milliseconds) instead of by Whoosh's scan of every index term."""
        if isinstance(q, wq.FuzzyTerm) and q.fieldname in ("body", "title"):
            terms = self.speller().expand(str(q.text), int(q.maxdist))
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in terms]).normalize()
        if q.is_leaf():
            return q
        return q.apply(self._expand_fuzzy)

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        facets: bool = False,
        filters: list[str] | None = None,
        time_limit: float | None = None,
        exact_count: bool = True,
        snippets: int | None = None,
        cancel: Cancel = None,
        suggestions: bool = True,
    ) -> SearchResult:
        """Run a query. Raises QueryError when the query has nothing to search for.

        With `time_limit` (seconds), collection stops when the time is up and the best hits found
        so far are returned with `complete=False` (the terminal app shows them at once and asks
        again without a limit in the background). With `exact_count=False` the total may be an
        estimate (`total_exact=False`) where counting exactly would cost a full scan.

        With `snippets=N` only the first N hits get their snippet and title spans (the others
        come with `pending=True`, for `snippets()` to fill when they are shown): a long list
        costs one stored-fields read per hit, not a body read and tokenising. When `cancel` is
        set during the search, it stops and raises SearchCancelled. `suggestions=False` skips
        looking for a "did you mean" (up to tens of milliseconds on a misspelt word)."""
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        parsed, matcher = self.parse(text)
        q = parsed.query
        messages = list(parsed.messages)
        if filters:
            extra = [self.parse(f)[0].query for f in filters]
            q = wq.And([q, *extra]).normalize()
        s = self._searcher
        # Whoosh's block-quality skipping and matcher replacement are off: on an OR of many
        # terms (a prefix, a fuzzy term) the replacement walked the whole tree per block (10 s
        # instead of 0.2 s at 100k articles), and the pruned matcher under-counts an OR (1,260
        # instead of 7,628). Without them one pass both ranks and counts exactly.
        top: collectors.Collector
        keep = max(1, limit, FACET_HITS if facets else 0)
        if sort == "date":
            top = s.collector(limit=keep, sortedby="date", reverse=True)
        else:
            top = collectors.TopCollector(limit=keep, usequality=False, replace=0)
        collector = _Bounded(top, time_limit, cancel) if time_limit or cancel else top
        complete = True
        try:
            s.search_with_collector(q, collector)
        except collectors.TimeLimit:
            complete = False
        results = collector.results()
        total, total_exact = self._count(q, results, complete, exact_count, cancel)
        made = limit if snippets is None else min(limit, snippets)
        hits: list[Hit] = []
        for i in range(min(limit, len(results.top_n)) if limit > 0 else 0):
            if cancel is not None and cancel.is_set():
                raise SearchCancelled
            fields = s.stored_fields(results.docnum(i))
            hits.append(self._hit(fields, results.score(i), matcher, snippet=i < made))
        result = SearchResult(parsed.text, hits, total, messages=messages, sort=sort)
        result.complete, result.total_exact = complete, total_exact
        if facets:
            top_ids = [
                hits[i].id if i < len(hits) else s.stored_fields(results.docnum(i))["id"]
                for i in range(min(FACET_HITS, len(results.top_n)))
            ]
            result.facets = {**self.facets(q, cancel), **self.entity_facets(top_ids)}
        if suggestions and (
            total == 0 or any(not s.doc_frequency("body", t) for t in matcher.body_terms)
        ):
            result.suggestion = self._suggestion(parsed)
        result.elapsed = time.perf_counter() - started
        return result

    def _suggestion(self, parsed: ParsedQuery) -> str | None:
        """A corrected query, offered only when it finds something."""
        text = suggest(parsed, self.speller())
        if text is None:
            return None
        try:
            better = self.parse(text)[0].query
        except QueryError:
            return None
        found = next(iter(self._searcher.docs_for_query(better)), None)  # no scoring needed
        return text if found is not None else None

    def _count(
        self, q: wq.Query, results: Results, complete: bool, exact: bool, cancel: Cancel = None
    ) -> tuple[int, bool]:
        if isinstance(q, wq.Term) and not self._searcher.reader().has_deletions():
            return int(self._searcher.doc_frequency(q.fieldname, q.text)), True
        if complete and results.has_exact_length():
            return len(results), True
        if exact:
            return self._exact_count(q, cancel), True
        return int(results.estimated_length()), False

    def _exact_count(self, q: wq.Query, cancel: Cancel = None) -> int:
        return sum(1 for _ in _checked(self._searcher.docs_for_query(q), cancel))

    def count(self, text: str) -> int:
        """The exact number of articles matching a query."""
        return self._exact_count(self.parse(text)[0].query)

    def _hit(
        self, fields: dict[str, str], score: float | None, matcher: Matcher, snippet: bool = True
    ) -> Hit:
        title = fields.get("title", "")
        hit = Hit(
            id=fields["id"],
            title=title,
            date=fields.get("date_s") or None,
            source=fields.get("source", ""),
            author=fields.get("author", ""),
            score=float(score or 0.0),
            snippet=Snippet("", []),
            terms=matcher.terms,
            pending=not snippet,
        )
        if snippet:
            self._fill(hit, fields, matcher)
        return hit

    def _fill(self, hit: Hit, fields: dict[str, str], matcher: Matcher) -> None:
        body = self.store.body(fields.get("hash", "")) or ""
        hit.snippet = snippet(body, matcher.body_spans(body))
        hit.title_spans = matcher.title_spans(hit.title)
        hit.pending = False

    def snippets(self, text: str, hits: list[Hit], cancel: Cancel = None) -> list[Hit]:
        """Copies of the pending `hits` (of a search for `text` made with `snippets=`) with
        their snippet and title spans. Articles no longer in the index are left out."""
        _parsed, matcher = self.parse(text)
        done: list[Hit] = []
        for hit in hits:
            if cancel is not None and cancel.is_set():
                raise SearchCancelled
            docnum = self._searcher.document_number(id=hit.id)
            if docnum is not None and hit.pending:
                filled = replace(hit)
                self._fill(filled, self._searcher.stored_fields(docnum), matcher)
                done.append(filled)
        return done

    def facets(self, q: wq.Query, cancel: Cancel = None) -> dict[str, list[tuple[str, int]]]:
        """Counts of source and year over every matching document."""
        s = self._searcher
        docnums = _checked(s.docs_for_query(q), cancel)
        sources: Counter[str] = Counter()
        years: Counter[str] = Counter()
        src_col = s.reader().column_reader("source") if s.reader().has_column("source") else None
        date_col = s.reader().column_reader("date") if s.reader().has_column("date") else None
        for n in docnums:
            if src_col is not None:
                v = src_col[n]
                if v:
                    sources[v.decode("utf-8") if isinstance(v, bytes) else str(v)] += 1
            if date_col is not None:
                d = date_col[n]
                if d:
                    years[str(int(d) // 10000)] += 1
        return {
            "source": sources.most_common(),
            "year": sorted(years.items(), reverse=True),
        }

    def speller(self) -> Speller:
        if self._speller is None:
            reader = self._searcher.reader()
            known = is_known(lambda term: int(reader.doc_frequency("body", term)))
            self._speller = Speller(self.store.vocab(), known)
        return self._speller

    # --- articles -------------------------------------------------------------------------

    def titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, in index order (for pickers and palettes)."""
        return [(f["id"], f.get("title", "")) for f in self._searcher.reader().all_stored_fields()]

    def article(self, article_id: str) -> Article | None:
        fields = self._searcher.document(id=article_id)
        if fields is None:
            return None
        body = self.store.body(fields.get("hash", "")) or ""
        rel = article_id.split("#", 1)[0]
        return Article(
            id=article_id,
            title=fields.get("title", ""),
            author=fields.get("author", ""),
            date=fields.get("date_s") or None,
            source=fields.get("source", ""),
            url=fields.get("url", ""),
            body=body,
            path=str(self.corpus / rel),
            format=fields.get("format", ""),
        )

    def match_spans(self, article_id: str, text: str) -> list[tuple[int, int]]:
        """Every match of the query in the article's body, as (start, end) offsets."""
        art = self.article(article_id)
        if art is None:
            return []
        _parsed, matcher = self.parse(text)
        return matcher.body_spans(art.body)


def _checked(docnums: Iterable[int], cancel: Cancel) -> Iterator[int]:
    """`docnums`, raising SearchCancelled when `cancel` is set (checked every 1,024)."""
    if cancel is None:
        yield from docnums
        return
    for i, n in enumerate(docnums):
        if not i & 1023 and cancel.is_set():
            raise SearchCancelled
        yield n
