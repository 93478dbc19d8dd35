"""Document states: read/unread, starred and tags per article, in
`user_data_dir("reader")/states.sqlite` (or `$READER_STATES`). No widget imports.

Never in the index: rebuilding it, switching engines or deleting it loses nothing. A state is
kept per corpus (its folder) and article id, with the article's content hash beside it, so that
it follows the article through edits and re-indexing (same id) and through a rename when the
text is unchanged (`follow`, run whenever the index opens, moves it to the new id).

SQLite gives what the bookmark store does by hand: every change is one transaction (atomic; a
kill -9 mid-write leaves the last committed state), two readers writing at once wait for each
other instead of losing changes, and the file is never rewritten whole. A file that is not a
state database is reported with its path, left untouched, and the store goes read-only."""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir

T = TypeVar("T")
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 5.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state(
    corpus TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL, PRIMARY KEY (corpus, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag(
    corpus TEXT NOT NULL, id TEXT NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (corpus, id, tag)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tag_name ON tag(corpus, tag COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS search(
    corpus TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, filters TEXT NOT NULL,
    created REAL NOT NULL, visited REAL, PRIMARY KEY (corpus, name)) WITHOUT ROWID;
"""


class StatesError(Exception):
    """A state could not be saved (read-only store, a lock held too long, a disk error)."""


def states_path() -> Path:
    env = os.environ.get("READER_STATES")
    return Path(env) if env else Path(user_data_dir("reader")) / "states.sqlite"


@dataclass(frozen=True)
class DocState:
    """One article's state."""

    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not (self.read or self.starred or self.tags)


@dataclass
class Change:
    """What `mark` does to each article: None leaves a flag as it is."""

    read: bool | None = None
    starred: bool | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.read is None and self.starred is None and not self.add_tags + self.remove_tags


@dataclass
class _Cache:
    version: int = -1
    states: dict[str, DocState] = field(default_factory=dict)
    sets: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def run(self: StateStore, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


class StateStore:
    """The states of one corpus's articles. Reads come from an in-memory copy, reloaded when
    another process has written (SQLite's data_version says so); writes go to the file at once."""

    def __init__(self, corpus: str | Path, path: Path | None = None) -> None:
        self.corpus = str(corpus)
        self.path = path or states_path()
        self.problems: list[str] = []
        self.read_only = False
        self._db: sqlite3.Connection | None = None
        self._cache = _Cache()
        self._lock = threading.RLock()  # one connection, used by the UI and by workers

    # --- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.read_only:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
            _set_up(db)
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                with db:
                    db.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            elif int(row[0]) > SCHEMA_VERSION:
                db.close()
                self._fail(f"written by a newer reader (schema {row[0]})")
                return None
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._fail(str(exc))
            return None
        self._db = db
        return db

    def _fail(self, why: str) -> None:
        self.read_only = True
        self.problems = [f"{self.path}: not a reader state file ({why}); states are read-only "
                         "until it is fixed or moved away"]  # fmt: skip
        return None

    @property
    def lock(self) -> threading.RLock:
        """Held around every use of the connection (saved searches share it)."""
        return self._lock

    def connection(self) -> sqlite3.Connection:
        """The open database; StatesError when the store is read-only."""
        db = self._connect()
        if db is None:
            raise StatesError(f"states are read-only: {self.problems[0]}")
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- reading ---------------------------------------------------------------------------

    @_locked
    def all(self) -> dict[str, DocState]:
        """Every article with a state, by id (a copy in memory, reloaded after other writes)."""
        db = self._connect()
        if db is None:
            return {}
        try:
            version = int(db.execute("PRAGMA data_version").fetchone()[0])
            if version != self._cache.version:
                self._cache = _Cache(version, self._load(db))
        except sqlite3.Error as exc:
            self._fail(str(exc))
            return {}
        return self._cache.states

    def _load(self, db: sqlite3.Connection) -> dict[str, DocState]:
        states: dict[str, DocState] = {}
        rows = db.execute("SELECT id, read, starred FROM state WHERE corpus=?", (self.corpus,))
        for doc_id, read, starred in rows:
            states[doc_id] = DocState(bool(read), bool(starred))
        tags: dict[str, list[str]] = {}
        for doc_id, tag in db.execute(
            "SELECT id, tag FROM tag WHERE corpus=? ORDER BY id, tag", (self.corpus,)
        ):
            tags.setdefault(doc_id, []).append(tag)
        for doc_id, names in tags.items():
            old = states.get(doc_id) or DocState()
            states[doc_id] = DocState(old.read, old.starred, tuple(names))
        return states

    def get(self, article_id: str) -> DocState:
        return self.all().get(article_id) or DocState()

    @_locked
    def ids(self, kind: str, value: str = "") -> frozenset[str]:
        """Ids of the articles in a state: "read", "starred", "tagged", or ("tag", name), the
        tag's case ignored. The engine's `StateSource`: the same set object until the states
        change, so that the engines can keep what they make of it."""
        states = self.all()
        key = (kind, value.casefold())
        found = self._cache.sets.get(key)
        if found is None:
            found = self._cache.sets[key] = self._ids(states, kind, value)
        return found

    @staticmethod
    def _ids(states: dict[str, DocState], kind: str, value: str) -> frozenset[str]:
        if kind == "read":
            return frozenset(i for i, s in states.items() if s.read)
        if kind == "starred":
            return frozenset(i for i, s in states.items() if s.starred)
        if kind == "tagged":
            return frozenset(i for i, s in states.items() if s.tags)
        wanted = value.casefold()
        return frozenset(
            i for i, s in states.items() if any(t.casefold() == wanted for t in s.tags)
        )

    def tags(self) -> dict[str, int]:
        """Every tag with the number of articles carrying it, most used first."""
        counts: dict[str, int] = {}
        for state in self.all().values():
            for tag in state.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))

    # --- writing ---------------------------------------------------------------------------

    @_locked
    def mark(self, hashes: Mapping[str, str], change: Change) -> int:
        """Apply `change` to the articles `hashes` names (id -> content hash), in one
        transaction on the states as they are on disk then (another reader's changes to the
        same articles are kept); returns how many articles changed state."""
        db = self._connect()
        if db is None:
            raise StatesError(f"states are read-only: {self.problems[0]}")
        now = time.time()
        add = tuple(dict.fromkeys(t.strip() for t in change.add_tags if t.strip()))
        remove = {t.strip().casefold() for t in change.remove_tags}
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")  # the write lock first, then what is on disk
                version = int(db.execute("PRAGMA data_version").fetchone()[0])
                if version != self._cache.version:
                    self._cache = _Cache(version, self._load(db))
                states = dict(self._cache.states)
                changed = self._write(db, states, hashes, change, add, remove, now)
        except sqlite3.OperationalError as exc:
            self._cache.version = -1
            raise StatesError(f"{self.path}: cannot write ({exc}); not saved") from exc
        except sqlite3.Error as exc:
            self._cache.version = -1
            raise StatesError(f"{self.path}: {exc}; not saved") from exc
        # Our own writes leave data_version as it was: the copy in memory is brought up to
        # date here (a new dict, so that holders of the old one see a change).
        self._cache = _Cache(self._cache.version, states)
        return changed

    def _write(
        self, db: sqlite3.Connection, states: dict[str, DocState], hashes: Mapping[str, str],
        change: Change, add: tuple[str, ...], remove: set[str], now: float,
    ) -> int:  # fmt: skip
        changed = 0
        for doc_id, content_hash in hashes.items():
            old = states.get(doc_id) or DocState()
            new = DocState(
                old.read if change.read is None else change.read,
                old.starred if change.starred is None else change.starred,
                _tags(old.tags, add, remove),
            )
            if new == old:
                continue
            changed += 1
            states[doc_id] = new
            db.execute(
                "INSERT INTO state(corpus, id, hash, read, starred, updated) "
                "VALUES(?,?,?,?,?,?) ON CONFLICT(corpus, id) DO UPDATE SET "
                "hash=excluded.hash, read=excluded.read, starred=excluded.starred, "
                "updated=excluded.updated",
                (self.corpus, doc_id, content_hash, new.read, new.starred, now),
            )
            if new.tags != old.tags:
                db.execute("DELETE FROM tag WHERE corpus=? AND id=?", (self.corpus, doc_id))
                db.executemany(
                    "INSERT INTO tag VALUES(?,?,?)", [(self.corpus, doc_id, t) for t in new.tags]
                )
        return changed

    @_locked
    def meta(self, key: str) -> str | None:
        db = self._connect()
        if db is None:
            return None
        row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        db = self._connect()
        if db is not None:
            try:
                with db:
                    db.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (key, value))
            except sqlite3.Error:
                pass  # only a note of work done: done again next time

    @_locked
    def follow(self, index_hashes: Mapping[str, str]) -> int:
        """Move the state of every article no longer in the index to the article that now has
        its text (a rename: same content hash, new id), and record the current hash of the
        others (an edit keeps the id). Returns how many states moved."""
        db = self._connect()
        if db is None:
            return 0
        rows = db.execute("SELECT id, hash FROM state WHERE corpus=?", (self.corpus,)).fetchall()
        by_hash: dict[str, str] = {}
        for doc_id, content_hash in index_hashes.items():
            by_hash.setdefault(content_hash, doc_id)
        known = {doc_id for doc_id, _ in rows}
        moves, rehash = [], []
        for doc_id, content_hash in rows:
            current = index_hashes.get(doc_id)
            if current is not None:
                if current != content_hash:
                    rehash.append((current, self.corpus, doc_id))
            elif (new_id := by_hash.get(content_hash)) is not None and new_id not in known:
                moves.append((new_id, self.corpus, doc_id))
                known.add(new_id)
        if not moves and not rehash:
            return 0
        try:
            with db:
                db.executemany("UPDATE state SET hash=? WHERE corpus=? AND id=?", rehash)
                db.executemany("UPDATE state SET id=? WHERE corpus=? AND id=?", moves)
                db.executemany("UPDATE tag SET id=? WHERE corpus=? AND id=?", moves)
        except sqlite3.Error:
            return 0  # tried again the next time the index opens
        finally:
            self._cache.version = -1
        return len(moves)


def _set_up(db: sqlite3.Connection) -> None:
    """WAL and the tables. Two readers creating the file at once can find it locked while the
    other sets it up (the journal mode switch does not always wait): try again for a while."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _tags(old: Iterable[str], add: tuple[str, ...], remove: set[str]) -> tuple[str, ...]:
    kept = [t for t in old if t.casefold() not in remove]
    have = {t.casefold() for t in kept}
    kept += [t for t in add if t.casefold() not in have and t.casefold() not in remove]
    return tuple(sorted(kept, key=str.casefold))
