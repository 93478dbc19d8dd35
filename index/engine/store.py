"""The side store beside the Whoosh index: a SQLite file holding article bodies (compressed,
keyed by content hash), the manifest of indexed files, the signature of each indexed article,
and the vocabulary of surface words used for spelling suggestions.

Bodies are written before the engine's commit and garbage-collected only after it, so every body
the committed index refers to is always present, whatever moment a run is killed at. An update
first journals the files it touches (`pending`) and commits that, then commits the engine, then
writes the manifest and clears the journal in one transaction: a run killed between the two
commits leaves a journal, and the next run re-indexes exactly those files, deleting every id
they may have added (duplicates included) before adding them again.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (hash TEXT PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ids TEXT NOT NULL, skipped TEXT
);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS doc_entities (
    id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL,
    forms TEXT NOT NULL, PRIMARY KEY (id, type, name)
);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, hash TEXT NOT NULL, sig TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (rel TEXT PRIMARY KEY, ids TEXT NOT NULL);
"""


STORE_NAME = "store.sqlite"


# (type, name, mentions, forms seen) of one entity in one article
EntityRow = tuple[str, str, int, list[str]]


def compress_body(body: str) -> bytes:
    return zlib.compress(body.encode("utf-8"), 6)


@dataclass
class FileRecord:
    """What the manifest knows of one corpus file."""

    rel: str
    size: int
    mtime_ns: int
    ids: list[str]
    skipped: str | None = None


def _roll_back(path: Path) -> None:
    """Roll back the transaction a killed writer left (its journal): a reader opening the file
    read-only could not. Once, and only when a journal is there; else searching never writes."""
    try:
        db = sqlite3.connect(path, timeout=1.0)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        pass  # no write access, or busy: opening it will say what is wrong


class Store:
    """One SQLite connection to the side store of an index generation."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            if path.with_name(path.name + "-journal").exists():
                _roll_back(path)
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.commit()

    def close(self) -> None:
        try:
            self.db.rollback()  # an update cut short by an error: nothing of it stays
        except sqlite3.Error:
            pass
        self.db.close()

    # meta
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # bodies
    def put_compressed(self, items: Iterable[tuple[str, bytes]]) -> None:
        """(content hash, `compress_body(body)`) pairs; a body already present is kept."""
        self.db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?)", items)

    def body(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT body FROM bodies WHERE hash=?", (content_hash,)).fetchone()
        return None if row is None else zlib.decompress(row[0]).decode("utf-8")

    def gc_bodies(self) -> int:
        cur = self.db.execute("DELETE FROM bodies WHERE hash NOT IN (SELECT hash FROM docs)")
        return cur.rowcount

    # manifest
    def files(self) -> dict[str, FileRecord]:
        rows = self.db.execute("SELECT rel, size, mtime_ns, ids, skipped FROM files")
        return {r[0]: FileRecord(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows}

    def put_files(self, records: Iterable[FileRecord]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            ((r.rel, r.size, r.mtime_ns, json.dumps(r.ids), r.skipped) for r in records),
        )

    def delete_files(self, rels: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM files WHERE rel=?", ((r,) for r in rels))

    def doc_sigs(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, sig FROM docs")}

    def ids_with_hash(self, content_hash: str) -> list[str]:
        """Ids of the articles whose body has this content hash (a renamed file keeps it)."""
        rows = self.db.execute("SELECT id FROM docs WHERE hash=? ORDER BY id", (content_hash,))
        return [r[0] for r in rows]

    def doc_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Content hash by article id: of every article, or of those of `ids` in the index."""
        if ids is None:
            return {r[0]: r[1] for r in self.db.execute("SELECT id, hash FROM docs")}
        out: dict[str, str] = {}
        wanted = list(ids)
        for k in range(0, len(wanted), 500):  # one query per 500 ids (SQLite's limit is 999)
            chunk = wanted[k : k + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id, hash FROM docs WHERE id IN ({marks})", chunk)
            out.update((r[0], r[1]) for r in rows)
        return out

    def put_docs(self, items: Iterable[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)", items)

    def delete_docs(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        self.db.executemany("DELETE FROM docs WHERE id=?", ((i,) for i in ids))
        self.db.executemany("DELETE FROM doc_entities WHERE id=?", ((i,) for i in ids))

    # entities of each article
    def put_entities(self, items: Iterable[tuple[str, list[EntityRow]]]) -> None:
        for doc_id, rows in items:
            self.db.execute("DELETE FROM doc_entities WHERE id=?", (doc_id,))
            self.db.executemany(
                "INSERT INTO doc_entities VALUES (?, ?, ?, ?, ?)",
                ((doc_id, t, name, n, json.dumps(forms)) for t, name, n, forms in rows),
            )

    def entity_summaries(self) -> list[tuple[str, str, int, int, list[str]]]:
        """(type, name, mentions, articles, forms) of every article-level entity name."""
        try:
            rows = self.db.execute(
                "SELECT type, name, SUM(mentions), COUNT(*), group_concat(forms, char(30)) "
                "FROM doc_entities GROUP BY type, name"
            ).fetchall()
        except sqlite3.OperationalError:  # an index from before entities existed
            return []
        out = []
        for type_, name, mentions, n, forms in rows:
            seen: set[str] = set()
            # one parse per entity, not per article: its articles' lists as one JSON list
            for chunk in json.loads("[" + str(forms).replace("\x1e", ",") + "]"):
                seen.update(chunk)
            out.append((str(type_), str(name), int(mentions), int(n), sorted(seen)))
        return out

    def entities_of(self, ids: list[str]) -> list[tuple[str, str, str]]:
        """(article id, type, name) of the entities of the given articles."""
        out: list[tuple[str, str, str]] = []
        try:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out.extend(
                    self.db.execute(
                        f"SELECT id, type, name FROM doc_entities WHERE id IN ({marks})", chunk
                    )
                )
        except sqlite3.OperationalError:
            return []
        return out

    def articles_with(self, keys: list[tuple[str, str]]) -> list[str]:
        """Ids of the articles that have any of the (type, name) entity keys."""
        ids: set[str] = set()
        try:
            for type_, name in keys:
                rows = self.db.execute(
                    "SELECT id FROM doc_entities WHERE type=? AND name=? COLLATE NOCASE",
                    (type_, name),
                )
                ids.update(r[0] for r in rows)
        except sqlite3.OperationalError:
            return []
        return sorted(ids)

    # the journal of an update in flight: the files it touches and every article id it may add
    # or delete, committed before the engine's commit and cleared with the manifest's
    def put_pending(self, items: Iterable[tuple[str, list[str]]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO pending VALUES (?, ?)",
            ((rel, json.dumps(sorted(set(ids)))) for rel, ids in items),
        )

    def pending(self) -> dict[str, list[str]]:
        try:
            rows = self.db.execute("SELECT rel, ids FROM pending").fetchall()
        except sqlite3.OperationalError:  # a read-only store from before the journal
            return {}
        return {str(r[0]): json.loads(r[1]) for r in rows}

    def clear_pending(self) -> None:
        self.db.execute("DELETE FROM pending")

    def doc_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    # vocabulary: folded surface words with the number of articles written that had them
    # (not decremented on deletion: suggestions check candidates against the index anyway)
    def add_vocab(self, counts: dict[str, int]) -> None:
        self.db.executemany(
            "INSERT INTO vocab VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
            counts.items(),
        )

    def vocab(self) -> list[tuple[str, int]]:
        try:
            return [(str(w), int(n)) for w, n in self.db.execute("SELECT word, n FROM vocab")]
        except sqlite3.OperationalError:  # an index from before the vocabulary existed
            return []

    # derived data kept between runs (e.g. the merged entities)
    def put_cache(self, key: str, text: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, compress_body(text)))

    def get_cache(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT data FROM cache WHERE key=?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return None if row is None else zlib.decompress(row[0]).decode("utf-8")

    def commit(self) -> None:
        self.db.commit()

    def settle(self) -> None:
        """Fold the write-ahead log into the file and leave WAL mode, so that a read-only
        reader (searching) never has to write a -wal or -shm file."""
        self.db.commit()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.execute("PRAGMA journal_mode=DELETE")


def engine_of(gen: Path, store: Store | None = None) -> str:
    """The engine the generation `gen` was built with (indexes from before: Whoosh)."""
    if store is not None:
        return store.get_meta("engine") or "whoosh"
    return "tantivy" if (gen / "tantivy").is_dir() else "whoosh"
