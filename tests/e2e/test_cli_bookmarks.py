"""Bookmarks across a re-index, through the CLI: moved, renamed, orphaned; list, export,
import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from index.engine.build import build
from index.search import Engine
from reader.bookmarks.model import EXACT, MOVED, ORPHANED
from reader.bookmarks.service import make_bookmark, reanchor
from reader.bookmarks.store import BookmarkStore
from tests.e2e.test_cli import run
from tests.helpers import write_article

PARAS = [
    "The committee met in Geneva on Monday to discuss the harbour project.",
    "Its chair said the ferry contract would be signed before the winter storms.",
    "Critics warned that costs had doubled since the first estimate in 2019.",
]


def body(name: str, paras: list[str] = PARAS) -> str:
    """Every article its own text: a renamed one is found by its own content hash."""
    return f"From the {name} desk.\n\n" + "\n\n".join(paras)


def corpus_with_bookmarks(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    corpus, index_dir, bm_path = tmp_path / "c", tmp_path / "idx", tmp_path / "bm.yaml"
    for name in ("edited", "renamed", "deleted", "gone", "same"):
        write_article(corpus, f"{name}.txt", f"Harbour {name}", body(name))
    build(corpus, index_dir, workers=1)
    store = BookmarkStore(bm_path).load()
    ids: dict[str, str] = {}
    with Engine.open(index_dir) as engine:
        for name in ("edited", "renamed", "deleted", "gone", "same"):
            art = engine.article(f"{name}.txt")
            assert art is not None
            start = art.body.index("the ferry contract")
            bm = make_bookmark(art, start, start + len("the ferry contract would be signed"),
                               str(engine.corpus), note=f"note {name}", tags=[name, "harbour"])
            store.add(bm)
            ids[name] = bm.id
    return corpus, index_dir, bm_path, ids


def test_reanchor_after_edits_renames_and_deletes(tmp_path: Path) -> None:
    corpus, index_dir, bm_path, ids = corpus_with_bookmarks(tmp_path)
    # text inserted before the passage; the passage itself reworded; renamed; file deleted
    write_article(corpus, "edited.txt", "Harbour edited", "A new paragraph.\n\n" + body("edited"))
    write_article(corpus, "gone.txt", "Harbour gone", body("gone", [PARAS[0], PARAS[2]]))
    (corpus / "renamed.txt").rename(corpus / "moved-here.txt")
    (corpus / "deleted.txt").unlink()
    proc = run("index", "--corpus", str(corpus), "--index", str(index_dir),
               "--bookmarks", str(bm_path))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Bookmarks: 2 moved, 2 orphaned" in proc.stdout
    store = BookmarkStore(bm_path).load()
    by_id = {b.id: b for b in store.bookmarks}
    assert len(by_id) == 5  # nothing dropped
    with Engine.open(index_dir) as engine:
        reanchor(store, engine)
        edited = engine.article("edited.txt")
    assert edited is not None
    bm = by_id[ids["edited"]]
    assert edited.body[bm.start : bm.end] == "the ferry contract would be signed"
    assert bm.article_id == "edited.txt"
    assert by_id[ids["renamed"]].article_id == "moved-here.txt"
    statuses = {name: store.get(i).status for name, i in ids.items()}  # type: ignore[union-attr]
    assert statuses == {"edited": EXACT, "renamed": EXACT, "same": EXACT,
                        "deleted": ORPHANED, "gone": ORPHANED}  # fmt: skip
    assert MOVED not in statuses.values()  # saved positions: exact at the next load
    proc = run("bookmarks", "list", "--corpus", str(corpus), "--index", str(index_dir),
               "--bookmarks", str(bm_path))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("[orphaned]") == 2 and "note gone" in proc.stdout


def test_list_export_import_round_trip(tmp_path: Path) -> None:
    corpus, index_dir, bm_path, _ids = corpus_with_bookmarks(tmp_path)
    common = ("--corpus", str(corpus), "--index", str(index_dir), "--bookmarks", str(bm_path))
    proc = run("bookmarks", "list", "--json", "--tag", "same", *common)
    rows = json.loads(proc.stdout)
    assert [r["note"] for r in rows] == ["note same"] and rows[0]["status"] == "exact"
    proc = run("bookmarks", "export", "--format", "markdown", *common)
    assert proc.stdout.count("> the ferry contract would be signed") == 5
    out = tmp_path / "out.json"
    proc = run("bookmarks", "export", str(out), *common)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    selectors = {s["type"] for s in data[0]["target"]["selector"]}
    assert selectors == {"TextQuoteSelector", "TextPositionSelector"}
    proc = run("bookmarks", "export", str(tmp_path / "out.csv"), *common)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 5 and rows[0]["quote"] == "the ferry contract would be signed"
    fresh = tmp_path / "fresh.yaml"
    proc = run("bookmarks", "import", str(out), "--bookmarks", str(fresh))
    assert proc.returncode == 0 and "Imported 5 bookmarks" in proc.stdout
    assert BookmarkStore(fresh).load().bookmarks == BookmarkStore(bm_path).load().bookmarks
    proc = run("bookmarks", "import", str(out), "--bookmarks", str(fresh))
    assert "Imported 0 bookmarks (5 already there" in proc.stdout
    proc = run("bookmarks", "export", str(tmp_path / "x.pdf"), *common)
    assert proc.returncode == 2 and "x.pdf" in proc.stderr


def test_corrupt_bookmarks_file_is_reported_not_touched(tmp_path: Path) -> None:
    bm_path = tmp_path / "bm.yaml"
    bm_path.write_text("version: 1\nbookmarks:\n  - {oops\n", encoding="utf-8")
    proc = run("bookmarks", "list", "--bookmarks", str(bm_path))
    assert proc.returncode == 0
    assert "line" in proc.stderr and "read-only" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("bookmarks", "import", str(bm_path), "--bookmarks", str(bm_path))
    assert proc.returncode == 1
    assert bm_path.read_text(encoding="utf-8") == "version: 1\nbookmarks:\n  - {oops\n"
