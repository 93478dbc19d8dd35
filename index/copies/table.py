"""Signatures and groups of copies in the side store, and their update after each indexing run.

The indexer writes the signatures of the articles it wrote (`put_sketches`) and names what
changed (`mark_dirty`) in the same transaction as the manifest; `sync` then brings the groups up
to date and clears the mark in one transaction, so a run killed in between leaves the mark and
the next run of any kind finishes the work. Few changes: the changed articles (and the members of
their old groups) are compared with every signature; many (or a new threshold): every group is
found again from the signatures, which costs seconds, not a rebuild.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from index.copies.groups import DEFAULT_THRESHOLD, UnionFind, find_all, make_groups
from index.copies.groups import neighbours as find_neighbours
from index.copies.sketch import SCHEME, as_matrix, sketch
from index.copies.view import Copies, Group, SyncReport

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sketches (id TEXT PRIMARY KEY, date TEXT NOT NULL, sig BLOB);
CREATE TABLE IF NOT EXISTS copies (
    id TEXT PRIMARY KEY, grp TEXT NOT NULL, pos INTEGER NOT NULL, sim REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS copies_grp ON copies (grp);
"""
ALL = "*"
# The incremental update compares each changed article with every signature: below this many
# comparisons in all (500 changes at 100,000 articles, 50 at a million, about a second) it beats
# finding every group again (a sort per band); above, everything is regrouped.
INCREMENTAL_WORK = 50_000_000
__all__ = [
    "DEFAULT_THRESHOLD", "SCHEME", "Copies", "SyncReport", "ensure", "mark_dirty", "put_sketches",
    "sync",
]  # fmt: skip
SketchRow = tuple[str, str, bytes | None]  # article id, ISO date or "", signature (None: short)
# (id, date, content hash) of every indexed article, for signatures of an index made before them
DocsReader = Callable[[], Iterator[tuple[str, str, str]]]


def ensure(db: sqlite3.Connection) -> None:
    db.executescript(_SCHEMA)


def put_sketches(db: sqlite3.Connection, rows: Iterable[SketchRow]) -> None:
    db.executemany("INSERT OR REPLACE INTO sketches VALUES (?, ?, ?)", rows)


def delete_sketches(db: sqlite3.Connection, ids: Iterable[str]) -> None:
    db.executemany("DELETE FROM sketches WHERE id=?", ((i,) for i in ids))


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def mark_dirty(db: sqlite3.Connection, ids: Iterable[str], everything: bool = False) -> None:
    """Note the articles whose groups must be found again (kept until `sync` has done it)."""
    ids = list(ids)
    if not ids and not everything:
        return
    before = _meta(db, "copies_dirty")
    if everything or before == ALL:
        _set_meta(db, "copies_dirty", ALL)
        return
    dirty = set(json.loads(before)) if before else set()
    dirty.update(ids)
    _set_meta(db, "copies_dirty", ALL if len(dirty) > 100_000 else json.dumps(sorted(dirty)))


def sync(
    db: sqlite3.Connection, threshold: float = DEFAULT_THRESHOLD, docs: DocsReader | None = None,
    body: Callable[[str], str | None] | None = None,
) -> SyncReport:  # fmt: skip
    """Bring the groups up to date with the signatures (see the module's docstring). An index
    made before signatures gets them from its stored bodies first (`docs`, `body`)."""
    started = time.perf_counter()
    ensure(db)
    report = SyncReport()
    if _meta(db, "copies_scheme") != SCHEME and docs is not None and body is not None:
        db.execute("DELETE FROM sketches")
        put_sketches(db, ((i, d, sketch(body(h) or "")) for i, d, h in docs()))
        _set_meta(db, "copies_scheme", SCHEME)
        mark_dirty(db, (), everything=True)
    if _meta(db, "copies_threshold") != str(threshold):
        mark_dirty(db, (), everything=True)
    raw = _meta(db, "copies_dirty")
    if raw is None:
        return report
    rows = db.execute("SELECT id, date, sig FROM sketches WHERE sig IS NOT NULL").fetchall()
    ids = [r[0] for r in rows]
    dates = {r[0]: r[1] for r in rows}
    m = as_matrix([r[2] for r in rows])
    dirty = None if raw == ALL else set(json.loads(raw))
    if dirty is None or len(dirty) * max(1, len(ids)) > INCREMENTAL_WORK:
        report.full = True
        db.execute("DELETE FROM copies")
        _write(db, find_all(ids, m, dates, threshold))
    else:
        _update(db, dirty, ids, dates, m, threshold)
    db.execute("DELETE FROM meta WHERE key='copies_dirty'")
    _set_meta(db, "copies_threshold", str(threshold))
    report.groups, report.articles = db.execute(
        "SELECT COUNT(DISTINCT grp), COUNT(*) FROM copies"
    ).fetchone()
    report.ran, report.seconds = True, time.perf_counter() - started
    return report


def _members(db: sqlite3.Connection, groups: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for g in groups:
        out[g] = [r[0] for r in db.execute("SELECT id FROM copies WHERE grp=?", (g,))]
    return out


def _group_of(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in ids:
        row = db.execute("SELECT grp FROM copies WHERE id=?", (i,)).fetchone()
        if row is not None:
            out[i] = row[0]
    return out


def _update(
    db: sqlite3.Connection, dirty: set[str], ids: list[str], dates: dict[str, str],
    m: np.ndarray, threshold: float,
) -> None:  # fmt: skip
    """Regroup the changed articles and everything their old or new groups hold."""
    row_of = {i: k for k, i in enumerate(ids)}
    old = _members(db, set(_group_of(db, dirty).values()))
    seeds = sorted((dirty | {i for ms in old.values() for i in ms}) & row_of.keys())
    found = find_neighbours(m, [row_of[s] for s in seeds], threshold)
    uf = UnionFind()
    nodes: set[str] = set(seeds)
    for r, near in found.items():
        for n in near:
            uf.union(ids[r], ids[n])
            nodes.add(ids[n])
    # a neighbour already in a group brings that group's members (their links still hold)
    joined = _members(db, set(_group_of(db, nodes - set(seeds)).values()) - old.keys())
    for members in joined.values():
        for i in members:
            uf.union(members[0], i)
            nodes.add(i)
    stale = dirty | nodes | {i for ms in old.values() for i in ms}
    db.executemany("DELETE FROM copies WHERE id=?", ((i,) for i in stale))
    sig_of = {i: m[row_of[i]] for i in nodes if i in row_of}
    _write(db, make_groups(uf.components(sorted(nodes)), dates, sig_of))


def _write(db: sqlite3.Connection, groups: list[Group]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)",
        (
            (i, g.representative, pos, sim)
            for g in groups
            for pos, (i, sim) in enumerate(zip(g.members, g.similarity, strict=True))
        ),
    )
