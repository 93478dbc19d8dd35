"""Incremental indexing: added, changed, removed, unchanged, rebuilds, locks and crashes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.engine.build import build
from index.engine.location import IndexBusy, IndexLock, current_generation
from index.search import Engine
from tests.helpers import write_article


def ids(index_dir: Path) -> set[str]:
    with Engine.open(index_dir) as engine:
        return {doc_id for doc_id, _title in engine.titles()}


def test_first_build_adds_everything(small_corpus: Path, tmp_path: Path) -> None:
    report = build(small_corpus, tmp_path / "ix", workers=1)
    assert (report.added, report.updated, report.removed) == (4, 0, 0)
    assert report.wrote and report.articles == 4


def test_unchanged_corpus_writes_nothing(small_corpus: Path, small_index: Path) -> None:
    gen = current_generation(small_index)
    assert gen is not None
    before = {p.name: p.stat().st_mtime_ns for p in gen.iterdir()}
    report = build(small_corpus, small_index, workers=1)
    assert not report.wrote
    assert report.summary == "0 added, 0 updated, 0 removed, 0 skipped"
    after = {p.name: p.stat().st_mtime_ns for p in gen.iterdir()}
    assert before == after


def test_changed_added_removed(small_corpus: Path, small_index: Path) -> None:
    write_article(
        small_corpus,
        "russia/visit.txt",
        "Putin visits Harbin",
        "Vladimir Putin travelled on to Harbin after the talks.",
    )
    write_article(small_corpus, "new/one.txt", "A brand new article", "Zanzibar appears here.")
    (small_corpus / "culture" / "film.txt").unlink()
    report = build(small_corpus, small_index, workers=1)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert ids(small_index) >= {"new/one.txt", "russia/visit.txt"}
    with Engine.open(small_index) as engine:
        assert engine.search("harbin").total == 1
        assert engine.search("beijing").total == 0  # the old version is gone
        assert engine.search("zanzibar").total == 1
        assert engine.search("festival").total == 0
        assert engine.doc_count == 4


def test_touched_but_identical_file_is_not_rewritten(small_corpus: Path, small_index: Path) -> None:
    path = small_corpus / "economy" / "markets.txt"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    report = build(small_corpus, small_index, workers=1)
    assert (report.added, report.updated) == (0, 0)
    assert not report.wrote


def test_rebuild_switches_generation(small_corpus: Path, small_index: Path) -> None:
    old = current_generation(small_index)
    report = build(small_corpus, small_index, rebuild=True, workers=1)
    new = current_generation(small_index)
    assert report.rebuilt and report.added == 4
    assert old != new and old is not None and not old.exists()


def test_parallel_build_matches_sequential(tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    for i in range(60):
        write_article(
            corpus,
            f"d{i // 20}/a{i:03}.txt",
            f"Article number {i}",
            f"Body of article {i} mentions word{i % 7} and shared text.",
        )
    import index.engine.update as b

    old = b.PARALLEL_THRESHOLD
    b.PARALLEL_THRESHOLD = 10
    try:
        report = build(corpus, tmp_path / "par", workers=2)
    finally:
        b.PARALLEL_THRESHOLD = old
    assert report.added == 60
    with Engine.open(tmp_path / "par") as engine:
        assert engine.doc_count == 60
        assert engine.search("word3").total == len([i for i in range(60) if i % 7 == 3])
        art = engine.article("d1/a025.txt")
        assert art is not None and "article 25" in art.body
    # an update after a parallel build goes through the normal path
    write_article(corpus, "d0/a001.txt", "Changed", "Now about zebras.")
    report = build(corpus, tmp_path / "par", workers=2)
    assert report.updated == 1
    with Engine.open(tmp_path / "par") as engine:
        assert engine.search("zebras").total == 1 and engine.doc_count == 60


def test_second_indexer_gets_a_clear_message(small_corpus: Path, small_index: Path) -> None:
    with IndexLock(small_index):
        with pytest.raises(IndexBusy, match="another `reader index`"):
            build(small_corpus, small_index, workers=1)


def test_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build(tmp_path / "nope", tmp_path / "ix")


def _build_killed(corpus: Path, index: Path, when: str) -> subprocess.CompletedProcess[bytes]:
    """`build` in a subprocess that kills itself with SIGKILL just before or just after the
    engine's commit (before the side store's manifest is written)."""
    script = (
        "import os\n"
        "from pathlib import Path\n"
        "import index.engine.update as u\n"
        "opened = u.open_writer\n"
        "def open_writer(*a, **k):\n"
        "    w = opened(*a, **k)\n"
        "    commit = w.commit\n"
        "    def die():\n"
        f"        if {when == 'after'!r}:\n"
        "            commit()\n"
        "        os.kill(os.getpid(), 9)\n"
        "    w.commit = die\n"
        "    return w\n"
        "u.open_writer = open_writer\n"
        "import index.engine.build as b\n"
        f"b.build(Path({str(corpus)!r}), Path({str(index)!r}), workers=1)\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)


def test_kill_during_indexing_keeps_previous_index(small_corpus: Path, small_index: Path) -> None:
    """A writer killed with SIGKILL just before its commit leaves the last good index."""
    for i in range(30):
        write_article(small_corpus, f"bulk/{i}.txt", f"Bulk {i}", "Kiwi " * 50)
    proc = _build_killed(small_corpus, small_index, "before")
    assert proc.returncode == -9, proc.stderr.decode()
    with Engine.open(small_index) as engine:
        assert engine.search("kiwi").total == 0
        assert engine.search("putin").total == 1
    report = build(small_corpus, small_index, workers=1)  # and the next run completes the work
    assert report.added == 30
    with Engine.open(small_index) as engine:
        assert engine.search("kiwi").total == 30


def test_kill_between_engine_commit_and_manifest_leaves_no_duplicates(
    small_corpus: Path, small_index: Path
) -> None:
    """The engine committed, the manifest did not: the next run repairs the journalled files
    (no article twice, none missing) instead of adding them again."""
    for i in range(12):
        write_article(small_corpus, f"bulk/{i}.txt", f"Bulk {i}", "Kiwi " * 50)
    write_article(small_corpus, "culture/film.txt", "Film festival moves", "Now in Venice.")
    proc = _build_killed(small_corpus, small_index, "after")
    assert proc.returncode == -9, proc.stderr.decode()
    report = build(small_corpus, small_index, workers=1)
    assert report.repaired > 0
    again = build(small_corpus, small_index, workers=1)
    assert not again.wrote
    with Engine.open(small_index) as engine:
        assert engine.search("kiwi").total == 12
        assert engine.search("venice").total == 1 and engine.search("berlin").total == 0
        assert engine.doc_count == engine.store.doc_count() == 4 + 12
        assert len(engine.titles()) == len({i for i, _t in engine.titles()}) == 16


def test_interrupted_rebuild_keeps_previous_generation(
    small_corpus: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.engine.update as u

    opened = u.open_writer

    def open_writer(*args: object, **kwargs: object) -> object:
        writer = opened(*args, **kwargs)  # type: ignore[arg-type]

        def boom() -> None:
            raise KeyboardInterrupt

        writer.commit = boom  # type: ignore[method-assign]
        return writer

    monkeypatch.setattr(u, "open_writer", open_writer)
    with pytest.raises(KeyboardInterrupt):
        build(small_corpus, small_index, rebuild=True, workers=1)
    monkeypatch.undo()
    with Engine.open(small_index) as engine:
        assert engine.search("putin").total == 1
