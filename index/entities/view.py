"""The corpus's entities as a user sees them: merged across articles, with the user's
corrections from the config (`entities: {aliases, types, hide}`) applied at query time, so a
correction takes effect at once, without re-indexing.

The index keeps each article's own entity names (in the keyword fields and in the side store);
this view maps them to final entities, expands an entity filter (`person:"Xi Jinping"`) to every
name that was merged into it, and counts entities over a set of matching documents.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from index.entities.alias import Entity, EntityIndex, apply_overrides, close_spellings
from index.fields import ENTITY_TYPE_FIELDS

FIELD_OF_TYPE = {t: f for f, t in ENTITY_TYPE_FIELDS.items()}
CACHE_VERSION = 1
ENTITY_CACHE = "entities"  # the key of BaseEntities in the side store's cache table


@dataclass
class Overrides:
    """The config's `entities:` section."""

    aliases: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    hide: list[str] = field(default_factory=list)

    @classmethod
    def from_config(cls, section: dict[str, Any] | None) -> Overrides:
        section = section or {}

        def mapping(key: str) -> dict[str, str]:
            value = section.get(key)
            return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

        hide = section.get("hide")
        return cls(
            mapping("aliases"),
            mapping("types"),
            [str(h) for h in hide] if isinstance(hide, list) else [],
        )


@dataclass
class BaseEntities:
    """Entities merged across articles, before the user's corrections: computed once per index
    (at the end of `reader index`, kept in the side store) so that a correction only re-applies
    the overrides."""

    entities: list[Entity]
    canonical: dict[tuple[str, str], str]  # article-level (type, name) -> merged name

    @classmethod
    def compute(cls, summaries: Iterable[tuple[str, str, int, int, list[str]]]) -> BaseEntities:
        index = EntityIndex()
        keys: list[tuple[str, str]] = []
        for type_, name, mentions, n_articles, forms in summaries:
            index.add_summary(type_, name, mentions, n_articles, forms)
            keys.append((type_, name))
        return cls(index.entities(), {k: index.canonical(*k) for k in keys})

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": CACHE_VERSION,
                "entities": [
                    [e.name, e.type, e.aliases, e.count, e.article_count] for e in self.entities
                ],
                "canonical": [[t, n, c] for (t, n), c in self.canonical.items()],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> BaseEntities | None:
        try:
            data = json.loads(text)
            if data.get("version") != CACHE_VERSION:
                return None
            entities = [
                Entity(name, type_, list(aliases), int(count), [], int(n))
                for name, type_, aliases, count, n in data["entities"]
            ]
            canonical = {(t, n): c for t, n, c in data["canonical"]}
        except (ValueError, KeyError, TypeError):
            return None
        return cls(entities, canonical)


class EntityView:
    """Final entities and the map from each article-level (type, name) to one of them."""

    def __init__(self, base: BaseEntities, overrides: Overrides) -> None:
        self.entities: list[Entity] = apply_overrides(
            base.entities, overrides.aliases, overrides.types, overrides.hide
        )
        # An article-level key belongs to the final entity whose name or aliases include its
        # merged name (overrides may rename, retype, merge or hide).
        by_name: dict[str, list[Entity]] = {}
        for ent in self.entities:
            for n in (ent.name, *ent.aliases):
                by_name.setdefault(n.casefold(), []).append(ent)

        def pick(name: str, type_: str) -> Entity | None:
            """The entity called `name`, else one that has it as an alias (a form seen in an
            article that also named it in full: "Adriano" elsewhere is not "Andreas Adriano"),
            of the same type first."""
            found = by_name.get(name.casefold(), [])
            exact = [e for e in found if e.name.casefold() == name.casefold()]
            for group in (exact, found):
                same = [e for e in group if e.type == type_]
                if same:
                    return same[0]
            return (exact or found)[0] if found else None

        self.final: dict[tuple[str, str], Entity] = {}
        for (type_, name), merged in base.canonical.items():
            chosen = pick(merged, type_) or pick(name, type_)
            if chosen is not None:
                self.final[(type_, name.casefold())] = chosen
        self._by_word: dict[str, list[Entity]] | None = None
        self.members: dict[int, list[tuple[str, str]]] = {}
        for (type_, name), ent in self.final.items():
            self.members.setdefault(id(ent), []).append((type_, name))

    def find(self, name: str, type_: str | None = None) -> Entity | None:
        """The entity called `name` (or known by it as an alias), case-blind; else one whose
        name is a close spelling of it ("Sergei Shoygu" finds "Sergei Shoigu")."""
        key = name.casefold()
        candidates = [e for e in self.entities if type_ is None or e.type == type_]
        for ent in candidates:
            if ent.name.casefold() == key:
                return ent
        for ent in candidates:
            if key in (a.casefold() for a in ent.aliases):
                return ent
        for ent in candidates:
            if any(close_spellings(key, n.casefold()) for n in (ent.name, *ent.aliases)):
                return ent
        return None

    def index_terms(self, field_name: str, name: str) -> tuple[list[tuple[str, str]], str]:
        """(field, lowercased article-level name) pairs to search for an entity filter, and a
        note when the name is a short form several entities share. A one-word name also finds
        the one full name whose first or last word it is (`person:Putin` finds the articles
        that say only "Putin" and those of "Vladimir Putin", which are not merged); when
        several full names have it (`person:Brown`), only the word's own entry is searched and
        the note names them."""
        type_ = ENTITY_TYPE_FIELDS.get(field_name)
        ent = self.find(name, type_)
        found = [ent] if ent is not None else []
        note = ""
        if " " not in name.strip():
            holders = [e for e in self._holders(name.casefold(), type_) if e is not ent]
            if len(holders) == 1:
                found += holders
            elif holders:
                shown = ", ".join(e.name for e in holders[:5])
                more = f" and {len(holders) - 5} more" if len(holders) > 5 else ""
                example = f'{field_name}:"{holders[0].name}"'
                example = f'{field_name}:"{holders[0].name}"'
                note = (f"{field_name}:{name} is part of {len(holders)} names ({shown}{more}); "
                        f"searched as written: name one in full, e.g. {example}")  # fmt: skip
        if not found:
            return [(field_name, name.casefold())], note
        keys = {(FIELD_OF_TYPE[t], n) for e in found for t, n in self.members.get(id(e), [])}
        return sorted(keys), note

    def _holders(self, word: str, type_: str | None) -> list[Entity]:
        """Entities of several words whose first or last word is `word` (case-blind), the
        most frequent first."""
        if self._by_word is None:
            self._by_word = {}
            for e in self.entities:
                words = e.name.split()
                if len(words) > 1:
                    for w in {words[0].casefold(), words[-1].casefold()}:
                        self._by_word.setdefault(w, []).append(e)
        return [e for e in self._by_word.get(word, []) if type_ is None or e.type == type_]

    def resolve(self, type_: str, name: str) -> Entity | None:
        """The final entity of an article-level (type, name), or None if it is hidden."""
        return self.final.get((type_, name.casefold()))

    def count(
        self, keys_per_doc: Iterable[Iterable[tuple[str, str]]]
    ) -> dict[str, list[tuple[str, int]]]:
        """Articles per final entity, by type, over the documents given."""
        counts: dict[str, Counter[str]] = {t: Counter() for t in FIELD_OF_TYPE}
        for keys in keys_per_doc:
            seen: set[int] = set()
            for type_, name in keys:
                ent = self.final.get((type_, name))
                if ent is not None and id(ent) not in seen:
                    seen.add(id(ent))
                    counts[ent.type][ent.name] += 1
        return {FIELD_OF_TYPE[t]: c.most_common() for t, c in counts.items()}
