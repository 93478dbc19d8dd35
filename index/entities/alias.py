"""Entities across articles: merge aliases into canonical entities, apply user overrides.

- Within an article the extractor has already made "Ferguson" after "Alex Ferguson" him. Across
  articles a bare surname or given name alone never makes two mentions one person: "Putin" in
  an article that never names him in full stays its own entry (a query for `person:Putin`
  finds both, `search_entities`).
- Spelling variants merge: same type and number of words, at least 5 letters, same first
  letter, one edit of the kind transliteration makes (a vowel for a vowel or y, a doubled
  letter: "Shoigu" / "Shoygu", "Mohamed" / "Mohammed"); any other difference is another name
  ("Robert Peston" / "Robert Preston"). Two names that both come from the gazetteers never merge.
- A one-word form that is a word of two or more different names ("Party", "House", "United")
  is generic: never listed as an alias.
- The canonical name is the fullest form: most words, then most mentions, then longest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.entities.gazetteer import TYPES, gazetteer

if TYPE_CHECKING:
    from index.entities.extract import Mention


@dataclass
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)  # every other form seen, sorted
    count: int = 0  # mentions
    articles: list[str] = field(default_factory=list)  # article ids, sorted (when known)
    article_count: int = 0  # articles it is in (also when the ids are not loaded)


def canonical_name(names: Iterable[str], counts: dict[str, int] | None = None) -> str:
    """The fullest form: most words, then most mentions, then longest, then alphabetical."""
    c = counts or {}
    return min(names, key=lambda n: (-len(n.split()), -c.get(n, 0), -len(n), n))


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class EntityIndex:
    """Collects per-article mentions; `entities()` gives the merged records and `canonical()`
    maps a (type, per-article entity key) to its merged name."""

    def __init__(self) -> None:
        self._count: dict[tuple[str, str], int] = {}
        self._articles: dict[tuple[str, str], set[str]] = {}
        self._forms: dict[tuple[str, str], set[str]] = {}
        self._n_articles: dict[tuple[str, str], int] = {}  # from summaries, without ids
        self._merged: dict[tuple[str, str], str] | None = None

    def add(self, article_id: str, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            key = (m.type, m.entity)
            self._count[key] = self._count.get(key, 0) + 1
            self._articles.setdefault(key, set()).add(article_id)
            self._forms.setdefault(key, set()).add(m.text.replace("’", "'"))
        self._merged = None

    def add_counts(
        self, article_id: str, type_: str, name: str, count: int, forms: Iterable[str]
    ) -> None:
        """What `add` records, from a per-article summary (as the index stores them)."""
        key = (type_, name)
        self._count[key] = self._count.get(key, 0) + count
        self._articles.setdefault(key, set()).add(article_id)
        self._forms.setdefault(key, set()).update(f.replace("’", "'") for f in forms)
        self._merged = None

    def add_summary(
        self, type_: str, name: str, mentions: int, n_articles: int, forms: Iterable[str]
    ) -> None:
        """A corpus-wide summary of one article-level name: mentions, articles, forms seen."""
        key = (type_, name)
        self._count[key] = self._count.get(key, 0) + mentions
        self._n_articles[key] = self._n_articles.get(key, 0) + n_articles
        self._articles.setdefault(key, set())
        self._forms.setdefault(key, set()).update(f.replace("’", "'") for f in forms)
        self._merged = None

    def _merge(self) -> dict[tuple[str, str], str]:
        if self._merged is not None:
            return self._merged
        fixed = gazetteer().canonicals
        uf = _Union()
        keys = sorted(self._count)
        for k in keys:
            uf.find(k)
        by_type: dict[str, list[str]] = {}
        for typ, name in keys:
            by_type.setdefault(typ, []).append(name)
        for typ, names in by_type.items():
            # Spelling variants share a skeleton (see `skeleton`): only names in one bucket are
            # compared, so a million names cost a million lookups, not a comparison per pair.
            buckets: dict[str, list[str]] = {}
            for n in names:
                if len(n) >= 5:
                    buckets.setdefault(skeleton(n), []).append(n)
            for group in buckets.values():
                for x, a in enumerate(group):
                    for b in group[x + 1 :]:
                        short = a if len(a) <= len(b) else b
                        # a name the lists fix is never the one that moves (as before: the
                        # shorter name, or either of two of one length, leads)
                        if len(a) == len(b):
                            leads = a not in fixed or b not in fixed
                        else:
                            leads = short not in fixed
                        if leads and close_spellings(a, b):
                            uf.union((typ, a), (typ, b))
        groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for k in keys:
            groups.setdefault(uf.find(k), []).append(k)
        merged: dict[tuple[str, str], str] = {}
        for members in groups.values():
            counts = {name: self._count[(t, name)] for t, name in members}
            canon = canonical_name(counts, counts)
            for k in members:
                merged[k] = canon
        self._merged = merged
        return merged

    def canonical(self, type_: str, name: str) -> str:
        return self._merge().get((type_, name), name)

    def entities(self) -> list[Entity]:
        merged = self._merge()
        out: dict[tuple[str, str], Entity] = {}
        arts: dict[tuple[str, str], set[str]] = {}
        forms: dict[tuple[str, str], set[str]] = {}
        summed: dict[tuple[str, str], int] = {}
        for key, canon in merged.items():
            ck = (key[0], canon)
            ent = out.setdefault(ck, Entity(canon, key[0]))
            ent.count += self._count[key]
            arts.setdefault(ck, set()).update(self._articles[key])
            summed[ck] = summed.get(ck, 0) + self._n_articles.get(key, 0)
            forms.setdefault(ck, set()).update(self._forms[key] | {key[1]})
        generic = generic_words(ent.name for ent in out.values())
        for ck, ent in out.items():
            ent.articles = sorted(arts[ck])
            # Summaries carry counts, not ids: merged names are rarely in the same article
            # (within an article they were already one entity), so their counts add up.
            ent.article_count = len(ent.articles) or summed[ck]
            ent.aliases = sorted(f for f in forms[ck] - {ent.name} if f not in generic)
        return sorted(out.values(), key=lambda e: (-e.article_count, -e.count, e.name))


def generic_words(names: Iterable[str]) -> set[str]:
    """One-word forms that are a word of two or more different multi-word names: "Party"
    (Conservative Party, UK Independence Party), "United", "League", "Bank"."""
    holders: dict[str, int] = {}
    for name in names:
        words = set(name.split())
        if len(words) > 1:
            for w in words:
                holders[w] = holders.get(w, 0) + 1
    return {w for w, n in holders.items() if n >= 2}


_VOWELISH = frozenset("aeiouy")


def close_names(a: str, b: str) -> bool:
    """Spelling variants: both at least 5 letters, same first letter, and one edit of the kind
    transliteration makes: a vowel (or y) for another, or a letter doubled ("Shoigu" /
    "Shoygu", "Mohamed" / "Mohammed"). Another letter in or out is another name ("Peston" /
    "Preston")."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):  # one substitution: vowel-like for vowel-like only
        pair = {a[i].lower(), b[i].lower()}
        return a[i + 1 :] == b[i + 1 :] and pair <= _VOWELISH
    # b has one letter more, at i: only a doubled letter ("mm" for "m")
    extra = b[i]
    doubled = (i > 0 and b[i - 1] == extra) or (i + 1 < len(b) and b[i + 1] == extra)
    return a[i:] == b[i + 1 :] and doubled


def skeleton(name: str) -> str:
    """What spelling variants in `close_names` have in common: vowels (and y) as one mark, then
    every run of one character as one ("Shoigu", "Shoygu" -> "Sh*g*"; "Mohammed" -> "M*h*m*d").
    Two names `close_names` joins always share it; sharing it is not enough."""
    marked = [name[0]] + ["*" if c.lower() in _VOWELISH else c for c in name[1:]]
    out = [marked[0]]
    for c in marked[1:]:
        if c != out[-1]:
            out.append(c)
    return "".join(out)


def close_spellings(a: str, b: str) -> bool:
    if len(a.split()) != len(b.split()):
        return False
    return close_names(a, b)


def apply_overrides(
    entities: list[Entity],
    aliases: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
    hide: Iterable[str] | None = None,
) -> list[Entity]:
    """The config's `entities:` section: `aliases` (variant -> canonical: the entity named or
    known as the variant joins the canonical one), `types` (name -> forced type) and `hide`
    (names never shown). Names match case-insensitively, by entity name or any alias. Returns
    new records; the input is not changed."""
    alias_map = {k.casefold(): v for k, v in (aliases or {}).items()}
    type_map = {k.casefold(): v.upper() for k, v in (types or {}).items() if v.upper() in TYPES}
    hidden = {h.casefold() for h in (hide or [])}
    out: dict[tuple[str, str], Entity] = {}
    order: list[tuple[str, str]] = []
    for ent in entities:
        names = [ent.name, *ent.aliases]
        folded = [n.casefold() for n in names]
        if any(f in hidden for f in folded):
            continue
        target = next((alias_map[f] for f in folded if f in alias_map), ent.name)
        typ = type_map.get(target.casefold()) or next(
            (type_map[f] for f in folded if f in type_map), ent.type
        )
        if target.casefold() in hidden:
            continue
        key = (typ, target)
        cur = out.get(key)
        if cur is None:
            cur = out[key] = Entity(target, typ)
            order.append(key)
        cur.count += ent.count
        cur.articles = sorted(set(cur.articles) | set(ent.articles))
        cur.article_count = len(cur.articles) or cur.article_count + ent.article_count
        cur.aliases = sorted((set(cur.aliases) | set(names)) - {target})
    return sorted((out[k] for k in order), key=lambda e: (-e.article_count, -e.count, e.name))
