"""Search: the one API the CLI and the terminal app share.

engine = Engine.open(index_dir)
result = engine.search('putin "strategic partnership" date:2024', limit=20, facets=True)
result.hits[0].snippet.spans            # highlight spans inside the snippet text
engine.article(result.hits[0].id)       # the clean Article
engine.match_spans(article_id, query)   # every match in that article's body
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Results, Searcher

from index import fastq, whoosh_patches
from index.build import STORE_NAME
from index.entity_view import Overrides
from index.highlight import Matcher, Snippet, build_matcher, snippet
from index.location import IndexMissing, current_generation
from index.model import Article
from index.query import ParsedQuery, QueryError, parse
from index.search_entities import EntitiesMixin
from index.store import Store
from index.suggest import Speller, is_known, suggest

SORTS = ("relevance", "date")
# Entity facets count the entities of the top hits, at most this many (source and year facets
# count every match).
FACET_HITS = 1000
# The terminal app's first pass as you type: collection stops after this many seconds and the
# best hits found so far are shown; the app then runs the query again without a limit.
INTERACTIVE_TIME_LIMIT = 0.025
USE_QUALITY = False

__all__ = ["Engine", "Hit", "SearchResult", "QueryError", "IndexMissing", "Snippet"]


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
    ) -> SearchResult:
        """Run a query. Raises QueryError when the query has nothing to search for.

        With `time_limit` (seconds), collection stops when the time is up and the best hits found
        so far are returned with `complete=False` (the terminal app shows them at once and asks
        again without a limit in the background). With `exact_count=False` the total may be an
        estimate (`total_exact=False`) where counting exactly would cost a full scan."""
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
        collector = (
            collectors.TimeLimitCollector(top, time_limit, use_alarm=False) if time_limit else top
        )
        complete = True
        try:
            s.search_with_collector(q, collector)
        except collectors.TimeLimit:
            complete = False
        results = collector.results()
        total, total_exact = self._count(q, results, complete, exact_count)
        hits = [self._hit(r, matcher) for r in results[:limit]] if limit > 0 else []
        result = SearchResult(parsed.text, hits, total, messages=messages, sort=sort)
        result.complete, result.total_exact = complete, total_exact
        if facets:
            top_ids = [s.stored_fields(results.docnum(i))["id"] for i in range(len(results.top_n))]
            result.facets = {**self.facets(q), **self.entity_facets(top_ids[:FACET_HITS])}
        if total == 0 or any(not s.doc_frequency("body", t) for t in matcher.body_terms):
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
        found = self._searcher.search(better, limit=1).scored_length()
        return text if found else None

    def _count(
        self, q: wq.Query, results: Results, complete: bool, exact: bool
    ) -> tuple[int, bool]:
        if isinstance(q, wq.Term) and not self._searcher.reader().has_deletions():
            return int(self._searcher.doc_frequency(q.fieldname, q.text)), True
        if complete and results.has_exact_length():
            return len(results), True
        if exact:
            return self._exact_count(q), True
        return int(results.estimated_length()), False

    def _exact_count(self, q: wq.Query) -> int:
        return sum(1 for _ in self._searcher.docs_for_query(q))

    def count(self, text: str) -> int:
        """The exact number of articles matching a query."""
        return self._exact_count(self.parse(text)[0].query)

    def _hit(self, r: object, matcher: Matcher) -> Hit:
        fields = r.fields()  # type: ignore[attr-defined]
        body = self.store.body(fields.get("hash", "")) or ""
        title = fields.get("title", "")
        return Hit(
            id=fields["id"],
            title=title,
            date=fields.get("date_s") or None,
            source=fields.get("source", ""),
            author=fields.get("author", ""),
            score=float(r.score or 0.0),  # type: ignore[attr-defined]
            snippet=snippet(body, matcher.body_spans(body)),
            title_spans=matcher.title_spans(title),
            terms=matcher.terms,
        )

    def facets(self, q: wq.Query) -> dict[str, list[tuple[str, int]]]:
        """Counts of source and year over every matching document."""
        s = self._searcher
        docnums = s.docs_for_query(q)
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
