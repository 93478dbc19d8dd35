"""The bookmark store: file format, atomic writes, locking and merging, bad files."""

from __future__ import annotations

import multiprocessing
import os
import random
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from reader.bookmarks.model import Bookmark
from reader.bookmarks.store import (
    BookmarksError,
    BookmarkStore,
    _fast_items,
    dump_text,
    parse_text,
)

BODY = "First paragraph about Moscow.\n\nSecond paragraph: Xi Jinping met Putin.\n\nThird."


def make(n: int = 0, **meta: object) -> Bookmark:
    return Bookmark.from_text(f"a{n}.txt", BODY, 31, 70, title=f"Title {n}", **meta)  # type: ignore[arg-type]


def test_round_trip_and_plain_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.yaml"
    store = BookmarkStore(path).load()
    assert store.bookmarks == [] and not store.read_only
    bms = [make(1, note="a note", tags=["x", "y"]), make(2, note='quote " and \\ and\nline')]
    for bm in bms:
        store.add(bm)
    again = BookmarkStore(path).load()
    assert again.bookmarks == bms
    data = yaml.safe_load(path.read_text(encoding="utf-8"))  # any YAML tool reads it
    assert data["version"] == 1
    assert [Bookmark.from_dict(d) for d in data["bookmarks"]] == bms


def test_fast_path_agrees_with_yaml_on_awkward_text() -> None:
    rng = random.Random(7)
    alphabet = "ab \"'\\:#-\n\t[]{}&*!|>%@`\x85\u2028\u2029\ufeff\x7f\x00é☃😀"
    bms = []
    for i in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        bms.append(Bookmark(article_id=f"id{i}", quote=text or "q", start=0, end=1, note=text,
                            tags=[text, "t"]))
    text = dump_text(bms)
    assert _fast_items(text) is not None
    assert parse_text(text).bookmarks == bms
    assert [Bookmark.from_dict(d) for d in yaml.safe_load(text)["bookmarks"]] == bms


def test_hand_edited_block_yaml_is_read(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(textwrap.dedent("""\
        version: 1
        bookmarks:
          - article_id: a.txt
            quote: Second paragraph
            start: 31
            end: 47
            note: >
              folded note
            tags: [one, 2]
        """), encoding="utf-8")
    store = BookmarkStore(path).load()
    assert not store.problems
    (bm,) = store.bookmarks
    assert bm.note == "folded note\n" and bm.tags == ["one", "2"] and bm.id


def test_corrupt_file_is_reported_with_line_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    text = "version: 1\nbookmarks:\n- article_id: a\n  quote: [unclosed\n"
    path.write_text(text, encoding="utf-8")
    store = BookmarkStore(path).load()
    assert store.read_only
    assert "line" in store.problems[0] and str(path) in store.problems[0]
    with pytest.raises(BookmarksError, match="read-only"):
        store.add(make())
    assert path.read_text(encoding="utf-8") == text


def test_newer_schema_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("version: 99\nbookmarks: []\n", encoding="utf-8")
    store = BookmarkStore(path).load()
    assert store.read_only and "newer" in store.problems[0]


def test_bad_item_is_kept_and_written_back(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    good = make(1)
    path.write_text(dump_text([good]) + "- article_id: b\n  start: nope\n", encoding="utf-8")
    store = BookmarkStore(path).load()
    assert store.bookmarks == [good]
    assert len(store.problems) == 1 and "line" in store.problems[0]
    assert "`quote`" in store.problems[0]
    store.add(make(2))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["bookmarks"]
    assert {"article_id": "b", "start": "nope"} in data and len(data) == 3


def test_problem_line_numbers_on_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    bad = Bookmark(article_id="x", quote="q", start=0, end=1)
    text = dump_text([make(1), bad])
    text = text.replace('quote: "q"', 'quote: ""')
    path.write_text(text, encoding="utf-8")
    store = BookmarkStore(path).load()
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t == '- article_id: "x"')
    assert store.problems and f"line {line}:" in store.problems[0]


def test_two_stores_merge_instead_of_overwriting(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    one, two = BookmarkStore(path).load(), BookmarkStore(path).load()
    a, b = make(1), make(2)
    one.add(a)
    two.add(b)  # two never saw a
    assert {x.id for x in BookmarkStore(path).load().bookmarks} == {a.id, b.id}
    one.delete(b.id)
    assert [x.id for x in BookmarkStore(path).load().bookmarks] == [a.id]
    assert two.refresh() and [x.id for x in two.bookmarks] == [a.id]
    assert not two.refresh()
    assert path.with_name("b.yaml.bak").exists()


def test_delete_restore_and_update(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.yaml").load()
    bm = make(1)
    store.add(bm)
    gone = store.delete(bm.id)
    assert gone == bm and store.bookmarks == []
    store.restore(gone)
    assert store.get(bm.id) == bm
    edited = Bookmark.from_dict(bm.to_dict())
    edited.note, edited.tags = "new", ["t"]
    store.update(edited)
    assert BookmarkStore(store.path).load().get(bm.id).note == "new"  # type: ignore[union-attr]
    assert store.tags() == {"t": 1}


def test_save_anchors_keeps_a_note_edited_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    mine = BookmarkStore(path).load()
    bm = make(1)
    mine.add(bm)
    other = BookmarkStore(path).load()
    edited = other.get(bm.id)
    assert edited is not None
    edited.note = "written by the other reader"
    other.update(edited)
    moved = Bookmark.from_dict(bm.to_dict())
    moved.start, moved.end = 40, 60
    mine.save_anchors([moved])
    final = BookmarkStore(path).load().get(bm.id)
    assert final is not None and final.start == 40 and final.note == "written by the other reader"


def _adder(path: str, tag: str) -> None:
    store = BookmarkStore(Path(path)).load()
    for i in range(25):
        store.add(make(i, tags=[tag]))


def test_two_processes_adding_at_once_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_adder, args=(str(path), t)) for t in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = BookmarkStore(path).load()
    assert store.tags() == {"p": 25, "q": 25} and not store.problems


def test_writer_killed_before_rename_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    store = BookmarkStore(path).load()
    store.add(make(1))
    before = path.read_text(encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import reader.config
        from reader.bookmarks.store import BookmarkStore
        from tests.unit.test_bookmarks_store import make
        reader.config.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
        BookmarkStore(Path({str(path)!r})).load().add(make(2))
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-c", script], env=env, timeout=60)
    assert proc.returncode == -9
    assert list(tmp_path.glob(".b.yaml.*.tmp"))  # it died with its temp file written
    assert path.read_text(encoding="utf-8") == before
    store = BookmarkStore(path).load()
    assert len(store.bookmarks) == 1
    store.add(make(3))
    assert len(BookmarkStore(path).load().bookmarks) == 2
    assert not list(tmp_path.glob(".b.yaml.*.tmp"))  # the stale temp file was swept


def test_fields_added_by_hand_survive_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "bm.yaml"
    store = BookmarkStore(path).load()
    store.add(Bookmark(article_id="a.txt", quote="the quote", start=0, end=9, note="n"))
    text = path.read_text().replace("  tags: []", '  tags: []\n  colour: "red"\n  rating: 4')
    path.write_text(text)
    again = BookmarkStore(path).load()
    again.add(Bookmark(article_id="b.txt", quote="other", start=0, end=5))
    data = yaml.safe_load(path.read_text())
    first = next(b for b in data["bookmarks"] if b["article_id"] == "a.txt")
    assert first["colour"] == "red" and first["rating"] == 4


def test_a_files_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bm.yaml"
    store = BookmarkStore(path).load()
    store.add(Bookmark(article_id="a.txt", quote="q", start=0, end=1))
    path.chmod(0o640)
    store.add(Bookmark(article_id="b.txt", quote="q", start=0, end=1))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_only_file_and_folder_are_one_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bm.yaml"
    store = BookmarkStore(path).load()
    store.add(Bookmark(article_id="a.txt", quote="q", start=0, end=1))
    path.chmod(0o444)
    with pytest.raises(BookmarksError, match="read-only"):
        store.add(Bookmark(article_id="b.txt", quote="q", start=0, end=1))
    assert len(BookmarkStore(path).load().bookmarks) == 1
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    other = BookmarkStore(blocked / "bm.yaml").load()  # its folder cannot be made
    with pytest.raises(BookmarksError, match="cannot write"):
        other.add(Bookmark(article_id="a.txt", quote="q", start=0, end=1))
