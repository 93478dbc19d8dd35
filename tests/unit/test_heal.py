"""A damaged index heals itself, on both engines: every kind of damage is found, said in one
line, and rebuilt from the corpus; leftovers of killed runs are cleaned up; workers die with a
killed parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.engine.base import IndexDamaged
from index.engine.build import BuildReport, build, health
from index.engine.location import IndexBusy, IndexLock, current_generation, sweep
from index.search import Engine
from reader.cli.main import main
from tests.helpers import write_article


def _engine_files(gen: Path, kind: str) -> list[Path]:
    folder = gen / "tantivy" if kind == "tantivy" else gen
    names = (".idx", ".term", ".pos", ".store") if kind == "tantivy" else (".seg",)
    return sorted(p for p in folder.iterdir() if p.suffix in names)


def _damage(gen: Path, kind: str, how: str) -> None:
    if how == "truncated segment":
        target = max(_engine_files(gen, kind), key=lambda p: p.stat().st_size)
        with open(target, "r+b") as f:
            f.truncate(target.stat().st_size // 2)
    elif how == "missing segment":
        for p in _engine_files(gen, kind):
            p.unlink()
    elif how == "corrupt store":
        (gen / "store.sqlite").write_bytes(b"not a database" * 100)
    elif how == "missing engine":
        for p in list((gen / "tantivy" if kind == "tantivy" else gen).glob("*")):
            if p.name != "store.sqlite" and p.is_file():
                p.unlink()


DAMAGE = ["truncated segment", "missing segment", "corrupt store", "missing engine"]


@pytest.mark.parametrize("how", DAMAGE)
def test_damage_is_found_and_rebuilt(
    how: str, small_corpus: Path, small_index: Path, engine_kind: str
) -> None:
    gen = current_generation(small_index)
    assert gen is not None
    _damage(gen, engine_kind, how)
    said: list[str] = []
    report = build(small_corpus, small_index, workers=1, notify=said.append)
    assert report.rebuilt, said
    with Engine.open(small_index) as engine:
        assert engine.kind == engine_kind
        assert engine.search("putin").total == 1 and engine.doc_count == 4
    assert not (small_index / gen.name).exists()  # the damaged generation is gone


@pytest.mark.parametrize("how", ["truncated segment", "corrupt store"])
def test_opening_a_damaged_index_raises_index_damaged(
    how: str, small_index: Path, engine_kind: str
) -> None:
    gen = current_generation(small_index)
    assert gen is not None
    _damage(gen, engine_kind, how)
    with pytest.raises(IndexDamaged, match="cannot be read"):
        Engine.open(small_index)
    assert health(gen) is not None


def test_reader_search_rebuilds_a_damaged_index(
    small_corpus: Path, small_index: Path, engine_kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gen = current_generation(small_index)
    assert gen is not None
    _damage(gen, engine_kind, "truncated segment")
    code = main(["search", "--corpus", str(small_corpus), "--index", str(small_index), "putin"])
    out, err = capsys.readouterr()
    assert code == 0 and "1 hit" in out
    assert "rebuilding it from the corpus" in err and "Traceback" not in err


def test_healthy_index_is_left_alone(small_corpus: Path, small_index: Path) -> None:
    gen = current_generation(small_index)
    assert gen is not None and health(gen) is None
    report = build(small_corpus, small_index, workers=1)
    assert not report.rebuilt and not report.wrote


def test_leftover_generations_are_removed_by_any_run(
    small_corpus: Path, small_index: Path
) -> None:
    (small_index / "gen-7").mkdir()
    (small_index / "gen-7" / "junk").write_text("x")
    sweep(small_index)  # what `reader search` does first
    assert not (small_index / "gen-7").exists()
    (small_index / "gen-8").mkdir()
    build(small_corpus, small_index, workers=1)
    assert not (small_index / "gen-8").exists() and current_generation(small_index) is not None


def test_switching_engine_rebuilds_once(small_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    build(small_corpus, index, workers=1)
    said: list[str] = []
    report = build(small_corpus, index, workers=1, engine="tantivy", notify=said.append)
    assert report.rebuilt and any("from whoosh to tantivy" in s for s in said)
    assert not build(small_corpus, index, workers=1).rebuilt  # the index remembers its engine
    with Engine.open(index) as engine:
        assert engine.kind == "tantivy" and engine.search("putin").total == 1


def test_lock_of_a_dead_holder_is_taken_over_with_a_line(
    small_corpus: Path, small_index: Path
) -> None:
    (small_index / "lock").write_text("999999")  # a holder that died without releasing
    said: list[str] = []
    build(small_corpus, small_index, workers=1, notify=said.append)
    assert any("pid 999999" in s and "cut short" in s for s in said)
    with IndexLock(small_index) as lock:
        assert lock.took_over is None  # a clean release leaves no pid behind


def _build_when_free(corpus: Path, index: Path) -> BuildReport:
    """The next build, once the kernel has finished tearing a killed run's workers down."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return build(corpus, index, workers=1)
        except IndexBusy:
            assert time.monotonic() < deadline, "the lock of the killed run is still held"
            time.sleep(0.2)


def _session(sid: int) -> list[int]:
    """Live (not zombie) processes of session `sid`: the run and everything it started."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
@pytest.mark.parametrize("kind", ["whoosh", "tantivy"])
def test_workers_die_with_a_killed_parent(tmp_path: Path, kind: str) -> None:
    """kill -STOP the parent while its workers run, then kill -9 it: no worker is left, and
    the next build proceeds (no stale lock)."""
    corpus = tmp_path / "c"
    for i in range(600):
        write_article(corpus, f"d{i // 100}/{i}.txt", f"Article {i}", f"Body {i} " * 400)
    index = tmp_path / "ix"
    script = (
        "import sys\nfrom pathlib import Path\nimport index.engine.update as u\n"
        "u.PARALLEL_THRESHOLD = 10\nimport index.engine.build as b\n"
        f"b.build(Path({str(corpus)!r}), Path({str(index)!r}), workers=2, engine={kind!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_session(proc.pid)) < 3:
        time.sleep(0.05)
    assert len(_session(proc.pid)) >= 3, "the workers never started"
    time.sleep(0.5)  # the workers are busy (and ahead of the parent once it stops)
    os.kill(proc.pid, signal.SIGSTOP)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _session(proc.pid):
        time.sleep(0.1)
    left = _session(proc.pid)
    assert left == [], [Path(f"/proc/{p}/cmdline").read_bytes()[:200] for p in left]
    report = _build_when_free(corpus, index)  # no stale lock: the next run proceeds
    assert report.articles == 600


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs fork and signals")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_an_update_killed_at_many_points_leaves_an_index_that_agrees(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """kill -9 (or Ctrl-C) a `reader index` at several instants of an update; the next run
    leaves the index agreeing with the corpus: every article once, none missing."""
    corpus, index = tmp_path / "c", tmp_path / "ix"
    for i in range(40):
        write_article(corpus, f"old/{i}.txt", f"Old {i}", f"Old body {i} " * 50)
    build(corpus, index, workers=1)
    script = (
        "import sys\nfrom pathlib import Path\nimport index.engine.update as u\n"
        "u.PARALLEL_THRESHOLD = 50\nimport index.engine.build as b\n"
        f"b.build(Path({str(corpus)!r}), Path({str(index)!r}), workers=2)\n"
    )
    for round_, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.6, 2.2)):
        for i in range(60):  # every round adds, changes and removes articles
            write_article(corpus, f"new/{round_}-{i}.txt", f"New {round_} {i}",
                          f"Kiwi {round_} {i} " * 200)  # fmt: skip
        write_article(corpus, f"old/{round_}.txt", f"Old {round_}", f"Changed {round_} " * 50)
        (corpus / "old" / f"{39 - round_}.txt").unlink()
        proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait()
    _build_when_free(corpus, index)
    files = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*.txt"))
    with Engine.open(index) as engine:
        ids = [i for i, _t in engine.titles()]
        assert sorted(ids) == files  # each article once, none missing
        assert engine.doc_count == engine.store.doc_count() == len(files)
        assert engine.search("kiwi").total == 6 * 60
        assert engine.search("changed").total == 6
