"""The engine's entity side: the merged entity list, entity filters in queries, entity facets,
co-occurrence, and the mentions of one article. Mixed into `index.search.Engine`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from whoosh import query as wq

from index.entities.alias import Entity
from index.entities.extract import Mention
from index.entities.spacy_backend import Extract, extractor_for
from index.entities.view import ENTITY_CACHE, BaseEntities, EntityView, Overrides
from index.fields import ENTITY_FIELDS

# Co-occurrence by paragraph re-reads articles; at most this many of them.
PARAGRAPH_SAMPLE = 400


class EntitiesMixin:
    """Needs `self._searcher`, `self.store` and `self.article()` from the engine."""

    _searcher: Any
    store: Any
    _overrides: Overrides
    _view: EntityView | None
    _base: BaseEntities | None
    _extract: Extract | None

    def article(self, article_id: str) -> Any: ...

    def _reset_entities(self) -> None:
        """Forget everything derived from the index (after a refresh)."""
        self._view = None
        self._base = None
        self._extract = None  # the index may have been rebuilt with another entity backend

    def extract_mentions(self, text: str) -> list[Mention]:
        """Mentions in `text` by the entity backend the index was built with."""
        if self._extract is None:
            self._extract = extractor_for(self.store.get_meta("entities_used"))
        return self._extract(text)

    def set_entity_overrides(self, overrides: Overrides) -> None:
        """The user's aliases, types and hidden names; they apply to the next query."""
        self._overrides = overrides
        self._view = None  # the merged entities stay; only the corrections are re-applied
        self._matchers.clear()  # type: ignore[attr-defined]

    def entity_view(self) -> EntityView:
        if self._view is None:
            if self._base is None:
                cached = self.store.get_cache(ENTITY_CACHE)
                base = BaseEntities.from_json(cached) if cached else None
                self._base = base or BaseEntities.compute(self.store.entity_summaries())
            self._view = EntityView(self._base, self._overrides)
        return self._view

    def entities(self, type_: str | None = None, limit: int | None = None) -> list[Entity]:
        """The corpus's entities by number of articles (then mentions)."""
        found = [e for e in self.entity_view().entities if type_ is None or e.type == type_]
        return found[:limit] if limit else found

    def _expand_entities(self, q: wq.Query, notes: list[str] | None = None) -> wq.Query:
        """`person:"Xi Jinping"` searches every article-level name merged into that entity; a
        short form several entities share adds a note to `notes`."""
        if isinstance(q, wq.Term) and q.fieldname in ENTITY_FIELDS:
            text = q.text.decode("utf-8") if isinstance(q.text, bytes) else str(q.text)
            terms, note = self.entity_view().index_terms(q.fieldname, text)
            if note and notes is not None:
                notes.append(note)
            if len(terms) == 1:
                return wq.Term(terms[0][0], terms[0][1], boost=q.boost)
            return wq.Or([wq.Term(f, n, boost=q.boost) for f, n in terms])
        if q.is_leaf():
            return q
        return q.apply(lambda child: self._expand_entities(child, notes))

    def entity_facets(self, article_ids: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Articles per entity, by type, over the given articles."""
        per_doc: dict[str, list[tuple[str, str]]] = {}
        for doc_id, type_, name in self.store.entities_of(article_ids):
            per_doc.setdefault(doc_id, []).append((type_, name.casefold()))
        return self.entity_view().count(per_doc.values())

    def cooccurring(
        self, name: str, limit: int = 20
    ) -> tuple[Entity | None, list[tuple[Entity, int]], list[tuple[Entity, int]]]:
        """The entity called `name`, and the entities most often in the same articles and in
        the same paragraphs (paragraphs: over up to PARAGRAPH_SAMPLE of its articles)."""
        view = self.entity_view()
        target = view.find(name)
        if target is None:
            return None, [], []
        by_article: Counter[int] = Counter()
        lookup: dict[int, Entity] = {}
        article_ids = self.store.articles_with(view.members.get(id(target), []))
        per_doc: dict[str, set[int]] = {}
        for doc_id, type_, n in self.store.entities_of(article_ids):
            ent = view.final.get((type_, n.casefold()))
            if ent is not None and ent is not target:
                per_doc.setdefault(doc_id, set()).add(id(ent))
                lookup[id(ent)] = ent
        for found in per_doc.values():
            by_article.update(found)
        by_paragraph: Counter[int] = Counter()
        for doc_id in article_ids[:PARAGRAPH_SAMPLE]:
            for group in self._paragraph_groups(doc_id):
                if id(target) in group:
                    for other in group:
                        if other != id(target):
                            by_paragraph[other] += 1
        for ent in view.entities:
            lookup.setdefault(id(ent), ent)
        return (
            target,
            [(lookup[i], n) for i, n in by_article.most_common(limit)],
            [(lookup[i], n) for i, n in by_paragraph.most_common(limit) if i in lookup],
        )

    def _paragraph_groups(self, doc_id: str) -> list[set[int]]:
        art = self.article(doc_id)
        if art is None:
            return []
        view = self.entity_view()
        spans = art.paragraphs
        groups: list[set[int]] = [set() for _ in spans]
        i = 0
        for m in self.extract_mentions(art.body):
            while i < len(spans) and m.start >= spans[i][1]:
                i += 1
            ent = view.resolve(m.type, m.entity)
            if ent is not None and i < len(spans):
                groups[i].add(id(ent))
        return groups

    def mentions(self, article_id: str) -> list[Mention]:
        """The entity mentions of an article's body, named by their final entities (the
        user's corrections applied; hidden entities left out)."""
        art = self.article(article_id)
        if art is None:
            return []
        view = self.entity_view()
        out: list[Mention] = []
        for m in self.extract_mentions(art.body):
            ent = view.resolve(m.type, m.entity)
            if ent is None:
                if not view.entities:
                    out.append(m)  # no entity data (an older index): keep the raw mention
                continue
            out.append(Mention(m.start, m.end, m.text, ent.type, ent.name))
        return out
