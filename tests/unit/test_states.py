"""Document states: the store (persistence, two writers, kill -9, a corrupt file, following
renames) and `is:` / `tag:` in queries on both engines."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.engine.build import build
from index.query import QueryError
from index.search import Engine
from reader.bookmarks.states import Change, StatesError, StateStore
from reader.bookmarks.triage import attach, follow, hit_ids, mark
from tests.helpers import write_article

H = {f"a{i}.txt": f"hash{i}" for i in range(10)}


def test_mark_persists_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "states.sqlite"
    store = StateStore("/corpus", path)
    assert store.all() == {} and not store.read_only
    assert store.mark({"a1.txt": "h1", "a2.txt": "h2"}, Change(read=True)) == 2
    assert store.mark({"a2.txt": "h2"}, Change(starred=True, add_tags=("Kremlin", "x"))) == 1
    assert store.mark({"a2.txt": "h2"}, Change(starred=True)) == 0  # nothing new
    again = StateStore("/corpus", path)
    assert again.get("a1.txt").read and not again.get("a1.txt").starred
    assert again.get("a2.txt").tags == ("Kremlin", "x") and again.get("a2.txt").starred
    assert again.ids("read") == {"a1.txt", "a2.txt"} and again.ids("starred") == {"a2.txt"}
    assert again.ids("tag", "kremlin") == {"a2.txt"}  # case does not matter
    assert again.tags() == {"Kremlin": 1, "x": 1}
    again.mark({"a2.txt": "h2"}, Change(read=False, remove_tags=("KREMLIN",)))
    assert again.get("a2.txt").tags == ("x",) and not again.get("a2.txt").read
    # Another corpus's states are its own.
    assert StateStore("/other", path).all() == {}


def test_another_writer_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "states.sqlite"
    one, two = StateStore("/c", path), StateStore("/c", path)
    assert one.all() == {} and two.all() == {}
    one.mark({"a1.txt": "h"}, Change(starred=True))
    assert two.ids("starred") == {"a1.txt"}  # reloaded: the file changed under it


def _marker(path: str, prefix: str) -> None:
    store = StateStore("/c", Path(path))
    for i in range(40):
        store.mark({f"{prefix}{i}": "h"}, Change(read=True, add_tags=(prefix,)))
        # the same shared article, changed another way by each process
        change = Change(starred=True) if prefix == "p" else Change(add_tags=("shared",))
        store.mark({f"s{i}": "h"}, change)


def test_two_processes_never_lose_each_others_states(tmp_path: Path) -> None:
    path = tmp_path / "states.sqlite"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_marker, args=(str(path), p)) for p in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    states = StateStore("/c", path).all()
    own = {k: v for k, v in states.items() if not k.startswith("s")}
    assert len(own) == 80 and all(s.read for s in own.values())
    shared = [states[f"s{i}"] for i in range(40)]
    assert all(s.starred and s.tags == ("shared",) for s in shared)  # neither change lost
    assert StateStore("/c", path).tags() == {"p": 40, "q": 40, "shared": 40}


def test_kill_9_mid_write_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "states.sqlite"
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from reader.bookmarks.states import Change, StateStore
        store = StateStore("/c", Path({str(path)!r}))
        i = 0
        while True:
            store.mark({{f"a{{j}}": "h" for j in range(i, i + 50)}}, Change(read=True))
            print(i + 50, flush=True)
            i += 50
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )  # fmt: skip
    assert proc.stdout is not None
    committed = 0
    deadline = time.monotonic() + 30
    while committed < 500 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline() or committed)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    states = StateStore("/c", path).all()
    assert committed >= 500 and len(states) >= committed  # every printed batch is there
    assert len(states) % 50 == 0  # and no batch is there in part


def test_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "states.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    store = StateStore("/c", path)
    assert store.all() == {} and store.read_only
    assert "states.sqlite" in store.problems[0] and "read-only" in store.problems[0]
    with pytest.raises(StatesError, match="read-only"):
        store.mark({"a": "h"}, Change(read=True))
    assert path.read_bytes() == before


def test_follow_moves_a_renamed_articles_state(tmp_path: Path) -> None:
    store = StateStore("/c", tmp_path / "s.sqlite")
    store.mark({"old.txt": "h1", "edited.txt": "h2"}, Change(starred=True, add_tags=("t",)))
    # old.txt renamed to new.txt (same text); edited.txt changed (same id, new hash)
    assert store.follow({"new.txt": "h1", "edited.txt": "h9"}) == 1
    assert store.get("new.txt").starred and store.get("new.txt").tags == ("t",)
    assert store.get("old.txt").blank and store.get("edited.txt").starred
    # edited.txt, now renamed with its new text, is followed by its new hash
    assert store.follow({"new.txt": "h1", "moved.txt": "h9"}) == 1
    assert store.get("moved.txt").starred


# --- queries, on both engines ----------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for i in range(12):
        topic = "moscow" if i % 2 else "berlin"
        write_article(root, f"d/{i:02}.txt", f"Story {i}", f"A report from {topic} number {i}.")
    return root


def _engine(corpus: Path, index: Path, kind: str) -> Engine:
    build(corpus, index, workers=1, engine=kind)
    return Engine.open(index)


def test_state_queries(corpus: Path, tmp_path: Path, engine_kind: str) -> None:
    store = StateStore(corpus, tmp_path / "s.sqlite")
    with _engine(corpus, tmp_path / "ix", engine_kind) as engine:
        attach(engine, store)
        assert engine.search("is:read").total == 0
        assert engine.search("is:unread").total == 12
        mark(store, engine, ["d/01.txt", "d/02.txt", "d/03.txt"], Change(read=True))
        mark(store, engine, ["d/03.txt", "d/04.txt"], Change(starred=True, add_tags=("two w",)))
        got = mark(store, engine, ["d/05.txt", "nope.txt"], Change(add_tags=("Solo",)))
        assert got.missing == ["nope.txt"] and got.changed == 1

        def ids(q: str, filters: list[str] | None = None) -> set[str]:
            result = engine.search(q, limit=50, filters=filters)
            assert result.total == len(result.hits)
            assert filters or result.total == engine.count(q)
            return {h.id for h in result.hits}

        assert ids("is:read") == {"d/01.txt", "d/02.txt", "d/03.txt"}
        assert ids("moscow is:read") == {"d/01.txt", "d/03.txt"}
        assert ids("moscow -is:read") == {"d/05.txt", "d/07.txt", "d/09.txt", "d/11.txt"}
        assert ids("is:starred") == {"d/03.txt", "d/04.txt"}
        assert ids('tag:"TWO W" OR tag:solo') == {"d/03.txt", "d/04.txt", "d/05.txt"}
        assert ids("is:tagged") == {"d/03.txt", "d/04.txt", "d/05.txt"}
        assert len(ids("is:untagged")) == 9
        assert ids("berlin", filters=["is:starred"]) == {"d/04.txt"}
        assert ids("", filters=["is:unread", "is:starred"]) == {"d/04.txt"}
        assert ids("tag:nothing") == set()
        assert len(hit_ids(engine, "is:unread")) == 9
        with pytest.raises(QueryError, match="is:bogus"):
            engine.search("is:bogus")
        # Most articles read: `is:unread` is then matched by the shorter list of unread ones.
        everything = [f"d/{i:02}.txt" for i in range(12)]
        mark(store, engine, everything[:10], Change(read=True))
        assert ids("is:unread") == {"d/10.txt", "d/11.txt"}
        assert ids("is:read") == set(everything[:10])
        assert ids("moscow is:unread") == {"d/11.txt"}
        assert ids("moscow -is:read") == {"d/11.txt"}
        assert ids("berlin -is:unread") == {f"d/{i:02}.txt" for i in range(0, 10, 2)}
        assert engine._complements  # the short way was taken


def test_states_survive_rebuild_engine_switch_and_rename(
    corpus: Path, tmp_path: Path, engine_kind: str
) -> None:
    store = StateStore(corpus, tmp_path / "s.sqlite")
    with _engine(corpus, tmp_path / "ix", engine_kind) as engine:
        mark(store, engine, ["d/01.txt"], Change(starred=True, add_tags=("keep",)))
        mark(store, engine, ["d/02.txt"], Change(read=True))
    # d/02 edited (same id, new text), d/01 renamed (same text), an index of the other engine
    write_article(corpus, "d/02.txt", "Story 2", "A new text for the second story.")
    other = "tantivy" if engine_kind == "whoosh" else "whoosh"
    (corpus / "d" / "01.txt").rename(corpus / "d" / "01-renamed.txt")
    build(corpus, tmp_path / "ix2", workers=1, engine=other)
    with Engine.open(tmp_path / "ix2") as engine:
        attach(engine, StateStore(corpus, tmp_path / "s.sqlite"))
        assert [h.id for h in engine.search("is:starred tag:keep").hits] == ["d/01-renamed.txt"]
        assert [h.id for h in engine.search("is:read").hits] == ["d/02.txt"]
        assert follow(engine, store) == 0  # once per index version
    # deleting the index loses nothing either
    shutil.rmtree(tmp_path / "ix2")
    with _engine(corpus, tmp_path / "ix3", engine_kind) as engine:
        attach(engine, StateStore(corpus, tmp_path / "s.sqlite"))
        assert engine.search("is:starred OR is:read").total == 2
