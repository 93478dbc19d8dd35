"""Syndicated copies: signatures, groups found at indexing time on both engines, kept up to date
incrementally, and used by search, related articles and `reader duplicates`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from index.copies import table
from index.copies.groups import find_all
from index.copies.results import collapse
from index.copies.sketch import as_matrix, similarity, sketch
from index.engine.build import build
from index.engine.location import current_generation
from index.related import related
from index.search import Engine
from tests.helpers_copies import BOILERPLATE, FLOODS, FLOODS_OTHER, edited, seed_body
from tests.helpers_copies import write_copies_corpus as write_corpus

STORY = {"orig.txt", "wire.txt", "edited.txt"}


def groups(index_dir: Path) -> dict[str, set[str]]:
    with Engine.open(index_dir) as eng:
        return {rep: set(g.members) for rep, g in eng.copies().groups.items()}


def _db(index_dir: Path) -> sqlite3.Connection:
    gen = current_generation(index_dir)
    assert gen is not None
    return sqlite3.connect(gen / "store.sqlite")


def test_signatures_tell_copies_from_stories_on_the_same_topic() -> None:
    story = seed_body(0)
    a, wire, light = sketch(story), sketch(story + "\n\n" + BOILERPLATE), sketch(edited(story))
    assert a is not None and wire is not None and light is not None
    assert similarity(a, a) == 1.0
    assert similarity(a, wire) >= 0.6
    assert similarity(a, light) >= 0.5
    f1, f2 = sketch(FLOODS), sketch(FLOODS_OTHER)
    assert f1 is not None and f2 is not None and similarity(f1, f2) < 0.1
    assert similarity(a, sketch(seed_body(1)) or b"") < 0.1
    assert sketch("Markets were calm today.") is None  # too short to tell


def test_copies_are_grouped_at_indexing_on_both_engines(tmp_path: Path, engine_kind: str) -> None:
    corpus = write_corpus(tmp_path / "c")
    report = build(corpus, tmp_path / "idx", workers=1, engine=engine_kind)
    assert report.copies.ran and report.copies.groups == 1 and report.copies.articles == 3
    found = groups(tmp_path / "idx")
    assert found == {"wire.txt": STORY}  # the earliest dated copy leads the group
    with Engine.open(tmp_path / "idx") as eng:
        g = eng.copies().of("edited.txt")
        assert g is not None and g.members[0] == "wire.txt" and min(g.similarity) >= 0.5
        result = eng.search("Golitsyn", limit=10, stories=True)
        assert result.total == 3 and result.stories == 1
        assert {h.id for h in result.hits} == STORY
        for hit in result.hits:
            assert set(hit.copies) == STORY - {hit.id}
        assert len(collapse(result.hits)) == 1
        floods = eng.search("valley", limit=10, stories=True)
        assert floods.total == 2 and floods.stories == 2
        assert all(not h.copies for h in floods.hits)


def test_related_leaves_out_the_articles_copies(tmp_path: Path, engine_kind: str) -> None:
    corpus = write_corpus(tmp_path / "c")
    build(corpus, tmp_path / "idx", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "idx") as eng:
        assert eng.search("like:other.txt", limit=10).total >= 1
        found = [h.id for h in related(eng, "other.txt", limit=10)]
        assert len([i for i in found if i in STORY]) <= 1  # one story, once
        assert not {h.id for h in related(eng, "orig.txt", limit=10)} & STORY
        assert not {h.id for h in eng.search('like:"orig.txt"', limit=10).hits} & STORY


def test_groups_follow_added_changed_and_removed_articles(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    idx = tmp_path / "idx"
    build(corpus, idx, workers=1)
    (corpus / "late.txt").write_text(
        "A late copy\n\n2024-02-20\n\n" + seed_body(0) + "\n\nFrom our archive.\n", "utf-8"
    )
    report = build(corpus, idx, workers=1)
    assert report.added == 1 and not report.copies.full
    assert groups(idx) == {"late.txt": STORY | {"late.txt"}}  # now the earliest
    (corpus / "edited.txt").write_text("Something else\n\n" + seed_body(2) + "\n", "utf-8")
    (corpus / "late.txt").unlink()
    report = build(corpus, idx, workers=1)
    assert report.updated == 1 and report.removed == 1 and not report.copies.full
    assert groups(idx) == {"wire.txt": {"orig.txt", "wire.txt"}}
    (corpus / "wire.txt").unlink()
    build(corpus, idx, workers=1)
    assert groups(idx) == {}
    # the incremental answer is the one a full regrouping gives
    db = _db(idx)
    rows = db.execute("SELECT id, date, sig FROM sketches WHERE sig IS NOT NULL").fetchall()
    full = find_all([r[0] for r in rows], as_matrix([r[2] for r in rows]), {})
    assert full == []


def test_a_run_killed_before_grouping_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "c")
    idx = tmp_path / "idx"
    (corpus / "wire.txt").unlink()
    build(corpus, idx, workers=1)
    assert groups(idx) == {"orig.txt": {"orig.txt", "edited.txt"}}
    write_corpus(corpus)  # wire.txt back

    def killed(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(table, "sync", killed)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, idx, workers=1)
    monkeypatch.undo()
    report = build(corpus, idx, workers=1)  # nothing to index; the groups are finished
    assert report.added == 0 and report.copies.ran
    assert groups(idx) == {"wire.txt": STORY}


def test_a_new_threshold_regroups_without_reindexing(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    idx = tmp_path / "idx"
    build(corpus, idx, workers=1)
    report = build(corpus, idx, workers=1, copies_threshold=0.95)
    assert report.added == report.updated == 0 and report.copies.full
    assert groups(idx) == {"wire.txt": {"orig.txt", "wire.txt"}}  # the light edit is out
    build(corpus, idx, workers=1)  # None: the threshold used before stays
    assert groups(idx) == {"wire.txt": {"orig.txt", "wire.txt"}}
    build(corpus, idx, workers=1, copies_threshold=0.5)
    assert groups(idx) == {"wire.txt": STORY}


def test_an_index_made_before_copies_gets_them_from_its_bodies(
    tmp_path: Path, engine_kind: str
) -> None:
    corpus = write_corpus(tmp_path / "c")
    idx = tmp_path / "idx"
    build(corpus, idx, workers=1, engine=engine_kind)
    db = _db(idx)
    db.executescript(
        "DROP TABLE sketches; DROP TABLE copies; DELETE FROM meta WHERE key LIKE 'copies%';"
    )
    db.close()
    assert groups(idx) == {}  # read as no copies, not an error
    report = build(corpus, idx, workers=1)
    assert report.added == 0 and report.copies.full
    assert groups(idx) == {"wire.txt": STORY}


def test_dirty_marks_merge_until_synced(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    table.ensure(db)
    table.mark_dirty(db, [])
    assert db.execute("SELECT COUNT(*) FROM meta").fetchone()[0] == 0  # nothing to do
    table.mark_dirty(db, ["a"])
    table.mark_dirty(db, ["b"])
    value = db.execute("SELECT value FROM meta WHERE key='copies_dirty'").fetchone()[0]
    assert json.loads(value) == ["a", "b"]
    table.mark_dirty(db, ["c"], everything=True)
    table.mark_dirty(db, ["d"])
    assert db.execute("SELECT value FROM meta WHERE key='copies_dirty'").fetchone()[0] == "*"
