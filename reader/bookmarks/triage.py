"""Document states meet the index: the engine's `is:` and `tag:` read the state store, states
follow renamed articles when the index changes, and marking one article, some ids or every hit
of a query. Used by the CLI and the app; no widget imports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from index.search import Engine
from reader.bookmarks.states import Change, StateStore


@dataclass
class Marked:
    """What a `mark` did: how many articles changed state, and the ids not in the index."""

    changed: int = 0
    matched: int = 0
    missing: list[str] = field(default_factory=list)


def attach(engine: Engine, store: StateStore) -> None:
    """Let the engine's `is:` and `tag:` read `store` (the file is opened on first use, and
    the states of renamed articles followed first)."""
    followed: list[int] = []

    def source(kind: str, value: str) -> frozenset[str]:
        if not followed:
            followed.append(follow(engine, store))
        return store.ids(kind, value)

    engine.state_source = source


def follow(engine: Engine, store: StateStore) -> int:
    """Once per index version, move the states of renamed articles to their new ids (and note
    the new content hash of edited ones). Returns how many moved."""
    key = f"followed:{store.corpus}"
    version = f"{engine.version[0]}:{engine.version[1]}"
    if store.read_only or store.meta(key) == version:
        return 0
    moved = store.follow(engine.store.doc_hashes())
    store.set_meta(key, version)
    return moved


def hit_ids(engine: Engine, query: str, filters: list[str] | None = None) -> list[str]:
    """The ids of every article a query (and filters) finds, best first ("" lists them all)."""
    result = engine.search(
        query, limit=max(1, engine.doc_count), filters=filters, snippets=0, suggestions=False
    )
    return [h.id for h in result.hits]


def mark(store: StateStore, engine: Engine, ids: Iterable[str], change: Change) -> Marked:
    """Apply `change` to the articles `ids` names; ids not in the index are reported, not
    marked. Raises StatesError when the store cannot be written."""
    follow(engine, store)
    wanted = list(dict.fromkeys(ids))
    hashes = engine.store.doc_hashes(wanted)
    missing = [i for i in wanted if i not in hashes]
    changed = store.mark(hashes, change) if hashes else 0
    return Marked(changed, len(hashes), missing)
