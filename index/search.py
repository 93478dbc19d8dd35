"""Search: the one API the CLI and the terminal app share.

engine = Engine.open(index_dir)
result = engine.search('putin "strategic partnership" date:2024', limit=20, facets=True)
result.hits[0].snippet.spans            # highlight spans inside the snippet text
engine.article(result.hits[0].id)       # the clean Article
engine.match_spans(article_id, query)   # every match in that article's body
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from whoosh import query as wq

from index.copies import results as copies
from index.copies.view import Copies
from index.engine.base import Backend, Cancel, IndexDamaged, SearchCancelled, engine_dir
from index.engine.integrity import changed_files
from index.engine.location import IndexMissing, current_generation
from index.engine.store import STORE_NAME, Store, engine_of
from index.engine.tantivy.backend import TantivyBackend
from index.engine.whoosh.backend import WhooshBackend
from index.entities.view import Overrides
from index.highlight import Matcher, Snippet, build_matcher, snippet
from index.model import Article
from index.query import ParsedQuery, QueryError, parse
from index.related import expand_like
from index.results import Hit, SearchResult
from index.search_entities import EntitiesMixin
from index.states import StateSource, names_states
from index.states import resolve as resolve_states
from index.suggest import Speller, is_known, suggest
from index.timeline import Timeline, timeline

SORTS = ("relevance", "date")
# Entity facets count the entities of the top hits, at most this many (source and year facets
# count every match).
FACET_HITS = 1000
# The terminal app's first pass as you type: collection stops after this many seconds and the
# best hits found so far are shown; the app then runs the query again without a limit.
INTERACTIVE_TIME_LIMIT = 0.025

__all__ = [
    "Engine", "Hit", "SearchResult", "QueryError", "IndexMissing", "IndexDamaged", "Snippet",
    "SearchCancelled",
]  # fmt: skip


class Engine(EntitiesMixin):
    """An open index: an engine backend (Whoosh or tantivy) plus the side store of bodies,
    entities and vocabulary. Engine-independent: parsing, hits, snippets, facets, suggestions.
    Any failure to read the index raises IndexDamaged (the caller rebuilds it)."""

    def __init__(self, index_dir: Path, gen: Path) -> None:
        self.index_dir = index_dir
        self.gen = gen
        try:
            self.store = Store(gen / STORE_NAME, readonly=True)
            self.kind = engine_of(gen, self.store)
            changed = changed_files(engine_dir(gen, self.kind), self.store.get_meta("engine_files"))
            if changed:
                raise OSError(f"{changed[0]} is not the size it was written with")
            self.backend: Backend = open_backend(gen, self.kind)
            self.corpus = Path(self.store.get_meta("corpus") or ".")
        except Exception as exc:  # a missing or truncated file of any kind
            raise IndexDamaged(f"the index at {gen} cannot be read ({_why(exc)})") from exc
        self._matchers: dict[str, tuple[ParsedQuery, Matcher]] = {}
        self._speller: Speller | None = None
        self._years: list[tuple[str, int]] | None = None
        self._overrides = getattr(self, "_overrides", Overrides())
        self.state_source: StateSource | None = getattr(self, "state_source", None)
        """Where `is:` and `tag:` find their articles (the application's state store)."""
        self._all_ids: frozenset[str] | None = None
        self._complements: dict[frozenset[str], frozenset[str]] = {}
        self._copies: Copies | None = None
        self._reset_entities()

    @classmethod
    def open(cls, index_dir: Path) -> Engine:
        gen = current_generation(index_dir)
        if gen is None or not (gen / STORE_NAME).exists():
            raise IndexMissing(f"no index at {index_dir}; run `reader index` first")
        return cls(index_dir, gen)

    def close(self) -> None:
        self.backend.close()
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> bool:
        """Pick up a newer index (after `reader index`); True if anything changed."""
        gen = current_generation(self.index_dir)
        if gen is not None and gen != self.gen:
            old = (self.backend, self.store)
            self.__init__(self.index_dir, gen)  # type: ignore[misc]
            for o in old:
                o.close()
            return True
        try:
            changed = self.backend.refresh()
        except Exception as exc:
            raise IndexDamaged(f"the index at {self.gen} cannot be read ({_why(exc)})") from exc
        if changed:
            self._matchers.clear()
            self._speller = None
            self._years = None
            self._copies = None
            self._reset_entities()
        return changed

    @property
    def version(self) -> tuple[str, int]:
        """Changes whenever the index on show does (a new generation, or an update of it)."""
        return str(self.gen), self.backend.version

    @property
    def doc_count(self) -> int:
        return self.backend.doc_count

    # --- queries ---------------------------------------------------------------------------

    def parse(self, text: str) -> tuple[ParsedQuery, Matcher]:
        """Parse once and expand terms once per query string (cached for as-you-type)."""
        cached = self._matchers.get(text)
        if cached is None:
            parsed = parse(text)
            notes: list[str] = []
            parsed.query = self._expand_entities(self._expand_fuzzy(parsed.query), notes)
            if "like:" in text:
                parsed.query = expand_like(self, parsed.query)
            parsed.messages.extend(notes)
            cached = (parsed, build_matcher(parsed.query, self.backend.expand))
            if len(self._matchers) > 256:
                self._matchers.clear()
            self._matchers[text] = cached
        return cached

    def _expand_fuzzy(self, q: wq.Query) -> wq.Query:
        """Fuzzy terms on text fields become an OR of the corpus words close to them, found in
        the vocabulary (milliseconds) instead of by a scan of every index term."""
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
        offset: int = 0,
        stories: bool = False,
    ) -> SearchResult:
        """Run a query. Raises QueryError when the query has nothing to search for, and
        IndexDamaged when the index cannot be read. The empty query "" is every article (the
        list a reader opens on; with sort="date", newest first and undated ones last).

        With `time_limit` (seconds), collection stops when the time is up and the best hits found
        so far are returned with `complete=False` (the terminal app shows them at once and asks
        again without a limit in the background). With `exact_count=False` the total may be an
        estimate (`total_exact=False`) where counting exactly would cost a full scan.

        With `snippets=N` only the first N hits get their snippet and title spans (the others
        come with `pending=True`, for `snippets()` to fill when they are shown): a long list
        costs one stored-fields read per hit, not a body read and tokenising. When `cancel` is
        set during the search, it stops and raises SearchCancelled. `suggestions=False` skips
        looking for a "did you mean" (up to tens of milliseconds on a misspelt word). `offset`
        skips the first hits: the next page of a long list. Each hit carries the ids of its
        copies; with `facets` or `stories`, the result counts the distinct stories too."""
        try:
            return self._search(
                text, limit=limit, sort=sort, facets=facets, filters=filters,
                time_limit=time_limit, exact_count=exact_count, snippets=snippets,
                cancel=cancel, suggestions=suggestions, offset=max(0, offset), stories=stories,
            )  # fmt: skip
        except (QueryError, SearchCancelled, IndexDamaged):
            raise
        except Exception as exc:  # a truncated segment, a missing file, a corrupt store
            raise IndexDamaged(f"the index at {self.gen} cannot be read ({_why(exc)})") from exc

    def _search(
        self, text: str, *, limit: int, sort: str, facets: bool, filters: list[str] | None,
        time_limit: float | None, exact_count: bool, snippets: int | None, cancel: Cancel,
        suggestions: bool, offset: int = 0, stories: bool = False,
    ) -> SearchResult:  # fmt: skip
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        parsed, matcher = self.parse(text) if text.strip() else (EVERYTHING, Matcher())
        messages = list(parsed.messages)
        q = self._narrowed(parsed.query, filters)
        keep = max(1, offset + limit, FACET_HITS if facets else 0)
        ranked = self.backend.top(q, limit=keep, sort=sort, time_limit=time_limit, cancel=cancel)
        total, total_exact = ranked.total, True
        if total is None:
            if exact_count:
                total = self.backend.count(q, cancel)
            else:
                total, total_exact = int(ranked.estimated or len(ranked.refs)), False
        made = limit if snippets is None else min(limit, snippets)
        hits: list[Hit] = []
        for i in range(offset, min(offset + limit, len(ranked.refs)) if limit > 0 else 0):
            if cancel is not None and cancel.is_set():
                raise SearchCancelled
            fields = self.backend.stored(ranked.refs[i])
            hits.append(self._hit(fields, ranked.scores[i], matcher, snippet=i - offset < made))
        copies.attach(hits, self.copies())
        result = SearchResult(parsed.text, hits, total, messages=messages, sort=sort)
        result.complete, result.total_exact = ranked.complete, total_exact
        if facets or stories:
            result.stories = copies.stories(self.backend, q, total, self.copies()) if (
                total_exact and ranked.complete) else None  # fmt: skip
        if facets:
            listed = {offset + i: h.id for i, h in enumerate(hits)}
            top_ids = [
                listed.get(i) or self.backend.stored(ranked.refs[i])["id"]
                for i in range(min(FACET_HITS, len(ranked.refs)))
            ]
            result.facets = {**self.facets(q, cancel), **self.entity_facets(top_ids)}
        if suggestions and text.strip() and (
            total == 0 or any(not self.backend.doc_frequency("body", t) for t in matcher.body_terms)
        ):
            result.suggestion = self._suggestion(parsed)
        result.elapsed = time.perf_counter() - started
        return result

    def run(self, q: wq.Query, *, limit: int) -> list[Hit]:
        """Hits of a query made by code rather than typed (related articles), best first,
        each with the opening of its body as the snippet."""
        ranked = self.backend.top(q, limit=max(1, limit), sort="relevance", time_limit=None,
                                  cancel=None)  # fmt: skip
        hits = [
            self._hit(self.backend.stored(ref), score, Matcher())
            for ref, score in zip(ranked.refs[:limit], ranked.scores, strict=False)
        ]
        copies.attach(hits, self.copies())
        return hits

    def copies(self) -> Copies:
        """The groups of copies (syndicated stories) of the index, read once."""
        if self._copies is None:
            self._copies = Copies.load(self.store.db)
        return self._copies

    def hits_of(self, ids: list[str]) -> list[Hit]:
        """Hits (no snippets) for articles named by id; ids not in the index are left out."""
        out = []
        for i in ids:
            ref = self.backend.ref_of(i)
            if ref is not None:
                out.append(self._hit(self.backend.stored(ref), None, Matcher(), snippet=False))
        copies.attach(out, self.copies())
        return out

    def _suggestion(self, parsed: ParsedQuery) -> str | None:
        """A corrected query, offered only when it finds something."""
        text = suggest(parsed, self.speller())
        if text is None:
            return None
        try:
            better = self.parse(text)[0].query
        except QueryError:
            return None
        return text if self.backend.exists(self.with_states(better)) else None

    def count(self, text: str) -> int:
        """The exact number of articles matching a query."""
        return self.backend.count(self.with_states(self.parse(text)[0].query))

    def with_states(self, q: wq.Query) -> wq.Query:
        """`q` with its `is:` and `tag:` terms resolved against the state source, now (states
        change between searches of the same text: never cached)."""
        if not names_states(q):
            return q
        return resolve_states(q, self.state_source, self._complement)

    def _complement(self, ids: frozenset[str]) -> frozenset[str] | None:
        """The index's ids not in `ids` when fewer than half are in it (kept per set)."""
        if len(ids) * 2 <= self.doc_count:
            return None
        if self._all_ids is None:
            self._all_ids = frozenset(self.store.doc_hashes())
            self._complements.clear()
        found = self._complements.get(ids)
        if found is None:
            if len(self._complements) >= 4:
                self._complements.clear()
            found = self._complements[ids] = self._all_ids - ids
        return found

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
            url=fields.get("url", ""),
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
        matcher = self.parse(text)[1] if text.strip() else Matcher()
        done: list[Hit] = []
        for hit in hits:
            if cancel is not None and cancel.is_set():
                raise SearchCancelled
            ref = self.backend.ref_of(hit.id)
            if ref is not None and hit.pending:
                filled = replace(hit)
                self._fill(filled, self.backend.stored(ref), matcher)
                done.append(filled)
        return done

    def timeline(
        self, text: str, *, by: str | None = None, filters: list[str] | None = None,
        cancel: Cancel = None,
    ) -> Timeline:  # fmt: skip
        """Hits of a query ("" for every article) per day, week, month or year (chosen from
        their span when `by` is None), the undated counted apart. QueryError for a bad query,
        ValueError for an unknown period."""
        q = self.parse(text)[0].query if text.strip() else wq.Every()
        return timeline(self.backend.date_counts(self._narrowed(q, filters), cancel), by)

    def _narrowed(self, q: wq.Query, filters: list[str] | None) -> wq.Query:
        """`q` ANDed with the filters' queries, its reading states resolved."""
        if filters:
            extra = [self.parse(f)[0].query for f in filters]
            parts = extra if isinstance(q, wq.Every) else [q, *extra]
            q = wq.And(parts).normalize() if len(parts) > 1 else parts[0]
        return self.with_states(q)

    def facets(self, q: wq.Query, cancel: Cancel = None) -> dict[str, list[tuple[str, int]]]:
        """Counts of source and year over every matching document."""
        counts = self.backend.facet_counts(q, cancel)
        return {
            "source": counts["source"].most_common(),
            "year": sorted(counts["year"].items(), reverse=True),
        }

    def years(self) -> list[tuple[str, int]]:
        """(year, articles) of the whole corpus, newest first; [] when no article is dated.
        A full scan on Whoosh: kept until the index changes."""
        if self._years is None:
            self._years = self.facets(wq.Every())["year"]
        return self._years

    def speller(self) -> Speller:
        if self._speller is None:
            known = is_known(lambda term: self.backend.doc_frequency("body", term))
            self._speller = Speller(self.store.vocab(), known)
        return self._speller

    # --- articles -------------------------------------------------------------------------

    def titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, in index order (for pickers and palettes)."""
        return [(f["id"], f.get("title", "")) for f in self.backend.all_stored()]

    def article(self, article_id: str) -> Article | None:
        ref = self.backend.ref_of(article_id)
        if ref is None:
            return None
        fields = self.backend.stored(ref)
        body = self.store.body(fields.get("hash", "")) or ""
        return Article(
            id=article_id,
            title=fields.get("title", ""),
            author=fields.get("author", ""),
            date=fields.get("date_s") or None,
            source=fields.get("source", ""),
            url=fields.get("url", ""),
            body=body,
            path=self.path_of(article_id),
            format=fields.get("format", ""),
        )

    def path_of(self, article_id: str) -> str:
        """The file an article came from (a record of a dump: the dump's file)."""
        return str(self.corpus / article_id.split("#", 1)[0])

    def match_spans(self, article_id: str, text: str) -> list[tuple[int, int]]:
        """Every match of the query in the article's body, as (start, end) offsets."""
        art = self.article(article_id)
        if art is None:
            return []
        _parsed, matcher = self.parse(text)
        return matcher.body_spans(art.body)


EVERYTHING = ParsedQuery("", wq.Every())


def open_backend(gen: Path, kind: str) -> Backend:
    """The read side of the engine `kind` for the generation folder `gen`."""
    if kind == "tantivy":
        return TantivyBackend(gen / "tantivy")
    return WhooshBackend(gen)


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__
