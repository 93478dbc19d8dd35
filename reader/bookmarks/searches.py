"""Saved searches: a query and its filters under a name, kept beside the document states (the
same SQLite file, per corpus, with the same guarantees). Each knows when it was last opened;
what is *new* in it is what it finds that is still unread (`counts`), so reading the new
articles is what makes them old, as in newsboat's query feeds. No widget imports."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

from index.search import Engine
from reader.bookmarks.states import StatesError, StateStore

MAX_NAME = 80


@dataclass(frozen=True)
class SavedSearch:
    """A named query; `filters` are extra clauses (the app's filter chips), `visited` when it
    was last opened (None: never)."""

    name: str
    query: str
    filters: tuple[str, ...] = ()
    created: float = 0.0
    visited: float | None = None


def check_name(name: str) -> str:
    """The name as kept (spaces collapsed); ValueError when it cannot be one."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a saved search needs a name")
    if len(cleaned) > MAX_NAME or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in cleaned):
        raise ValueError(f"a search name has at most {MAX_NAME} printable characters")
    return cleaned


class SavedSearches:
    """The saved searches of the store's corpus."""

    def __init__(self, store: StateStore) -> None:
        self.store = store

    def list(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        try:
            with self.store.lock:
                rows = self.store.connection().execute(
                    "SELECT name, query, filters, created, visited FROM search WHERE corpus=? "
                    "ORDER BY name COLLATE NOCASE",
                    (self.store.corpus,),
                ).fetchall()
        except StatesError:
            return []
        return [_search(row) for row in rows]

    def get(self, name: str) -> SavedSearch | None:
        wanted = " ".join(name.split()).casefold()
        return next((s for s in self.list() if s.name.casefold() == wanted), None)

    def save(self, name: str, query: str, filters: tuple[str, ...] = ()) -> SavedSearch:
        """Save (or replace the query of) a search; returns it. StatesError when it cannot be
        written, ValueError for a bad name or an empty search."""
        name = check_name(name)
        if not query.strip() and not filters:
            raise ValueError("nothing to save: the search has no query and no filters")
        old = self.get(name)
        saved = SavedSearch(
            old.name if old else name, query.strip(), tuple(filters),
            old.created if old else time.time(), old.visited if old else None,
        )  # fmt: skip
        self._write(
            "INSERT OR REPLACE INTO search VALUES(?,?,?,?,?,?)",
            (self.store.corpus, saved.name, saved.query, json.dumps(list(saved.filters)),
             saved.created, saved.visited),
        )  # fmt: skip
        return saved

    def rename(self, old: str, new: str) -> SavedSearch:
        found = self.get(old)
        if found is None:
            raise ValueError(f"no saved search called {old!r}")
        new = check_name(new)
        other = self.get(new)
        if other is not None and other.name != found.name:
            raise ValueError(f"a saved search is already called {other.name!r}")
        self._write(
            "UPDATE search SET name=? WHERE corpus=? AND name=?",
            (new, self.store.corpus, found.name),
        )
        return SavedSearch(new, found.query, found.filters, found.created, found.visited)

    def delete(self, name: str) -> SavedSearch | None:
        found = self.get(name)
        if found is not None:
            self._write(
                "DELETE FROM search WHERE corpus=? AND name=?", (self.store.corpus, found.name)
            )
        return found

    def visit(self, name: str) -> None:
        """Note that the search was opened now."""
        found = self.get(name)
        if found is not None:
            self._write(
                "UPDATE search SET visited=? WHERE corpus=? AND name=?",
                (time.time(), self.store.corpus, found.name),
            )

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        try:
            with self.store.lock:
                db = self.store.connection()
                with db:
                    db.execute(sql, args)
        except sqlite3.Error as exc:
            raise StatesError(f"{self.store.path}: cannot write ({exc}); not saved") from exc


def _search(row: tuple[object, ...]) -> SavedSearch:
    name, query, filters, created, visited = row
    try:
        clauses = tuple(str(f) for f in json.loads(str(filters)))
    except (ValueError, TypeError):
        clauses = ()
    return SavedSearch(
        str(name), str(query), clauses, float(created),  # type: ignore[arg-type]
        float(visited) if visited is not None else None,  # type: ignore[arg-type]
    )  # fmt: skip


def counts(engine: Engine, saved: SavedSearch) -> tuple[int, int]:
    """(articles it finds, those still unread: the new ones). QueryError when its query no
    longer parses."""
    query, filters = as_args(saved)
    total = engine.search(query, limit=0, filters=filters, suggestions=False).total
    new = engine.search(query, limit=0, filters=[*filters, "is:unread"], suggestions=False).total
    return total, new


def as_args(saved: SavedSearch) -> tuple[str, list[str]]:
    """The engine's (query, filters) for a saved search."""
    query, filters = saved.query, list(saved.filters)
    if not query and filters:
        return filters[0], filters[1:]
    return query, filters
