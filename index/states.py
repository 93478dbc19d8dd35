"""Reading state in queries: `is:read`, `is:unread`, `is:starred`, `is:unstarred`, `tag:NAME`.

The states live with the user's data, never in the index (`reader.bookmarks.states`): rebuilding
the index or switching engines loses nothing. The engine asks a `StateSource` (which the
application hands it) for the ids of the articles in a state, and puts an `IdSet` in the query
where the state was named; each backend matches an IdSet its own way (a term set on tantivy, a
per-segment id map on Whoosh). Combinable with everything else: `putin is:unread -tag:done`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh import query as wq

from index.query import QueryError

STATE_FIELDS = ("is", "tag")
IS_VALUES = {
    "read": ("read", False),
    "unread": ("read", True),
    "starred": ("starred", False),
    "unstarred": ("starred", True),
    "tagged": ("tagged", False),
    "untagged": ("tagged", True),
}
"""`is:` values: (the set asked of the source, whether the query wants its complement)."""

StateSource = Callable[[str, str], frozenset[str]]
"""("read" | "starred" | "tagged", "") or ("tag", name) -> ids of the articles in that state."""


class IdSet(wq.Query):  # type: ignore[misc]
    """The articles whose ids are in `ids` (a leaf: each backend matches it its own way)."""

    def __init__(self, ids: frozenset[str], label: str = "", boost: float = 1.0) -> None:
        self.ids = ids
        self.label = label
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdSet) and other.ids == self.ids and other.label == self.label

    def __hash__(self) -> int:
        return hash((IdSet, self.label, len(self.ids)))

    def __repr__(self) -> str:
        return f"IdSet({self.label!r}, {len(self.ids)} ids)"

    def is_leaf(self) -> bool:
        return True

    def normalize(self) -> wq.Query:
        return self

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.ids)

    def terms(self, phrases: bool = False) -> Any:
        return iter(())

    def existing_terms(self, ixreader: Any, phrases: bool = True, expand: bool = False) -> set[Any]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        raise NotImplementedError("the backend rewrites IdSet nodes")


def names_states(q: wq.Query) -> bool:
    """Whether the query names a state (`is:` or `tag:`) anywhere."""
    if isinstance(q, wq.Term):
        return q.fieldname in STATE_FIELDS
    if q.is_leaf():
        return False
    return any(names_states(child) for child in q.children())


Complement = Callable[[frozenset[str]], frozenset[str] | None]
"""The ids of the index NOT in a set, when that is the smaller set to match (else None)."""


def _smaller(found: IdSet, negate: bool, complement: Complement | None) -> wq.Query:
    """`found` (or everything but it), matched by whichever of it and its complement is
    smaller: `is:unread` after most articles were marked read is a short list."""
    other = complement(found.ids) if complement is not None else None
    if other is not None:
        found, negate = IdSet(other, found.label, found.boost), not negate
    return wq.Not(found) if negate else found


def resolve(
    q: wq.Query, source: StateSource | None, complement: Complement | None = None
) -> wq.Query:
    """`q` with every `is:` and `tag:` term replaced by the articles in that state (none when
    there is no source). Raises QueryError for an `is:` value we do not know."""
    if isinstance(q, wq.Term) and q.fieldname in STATE_FIELDS:
        value = str(q.text).strip()
        if q.fieldname == "tag":
            ids = source("tag", value) if source is not None else frozenset()
            return _smaller(IdSet(ids, f"tag:{value}", boost=q.boost), False, complement)
        kind = IS_VALUES.get(value.lower())
        if kind is None:
            known = ", ".join(f"is:{v}" for v in IS_VALUES)
            raise QueryError(f"is:{value} is not a state: use {known}")
        name, negate = kind
        found = IdSet(source(name, "") if source is not None else frozenset(), f"is:{name}")
        return _smaller(found, negate, complement)
    if q.is_leaf():
        return q
    return q.apply(lambda child: resolve(child, source, complement))
