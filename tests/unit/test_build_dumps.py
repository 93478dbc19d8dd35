"""Dumps through the build, on both engines: one dump shared between worker processes,
incremental updates record by record, bad records counted, progress in articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import index.engine.update as update
from index.engine.build import build
from index.search import Engine


def records(n: int, changed: dict[int, str] | None = None) -> list[dict[str, object]]:
    changed = changed or {}
    return [
        {"id": f"r{i}", "title": f"Harbour report {i}",
         "text": changed.get(i, f"The ferry number {i} sailed at dawn. Word{i} appears once.")}
        for i in range(n)
    ]  # fmt: skip


def write_dump(path: Path, recs: list[dict[str, object]], bad: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r) for r in recs] + (["{not json"] if bad else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(update, "SPLIT_BYTES", 1000)


def test_one_dump_is_shared_between_workers(
    tmp_path: Path, engine_kind: str, parallel: None
) -> None:
    corpus, index = tmp_path / "c", tmp_path / "ix"
    write_dump(corpus / "feed.jsonl", records(60), bad=True)
    seen: list[tuple[int, int]] = []
    said: list[str] = []
    report = build(corpus, index, workers=2, engine=engine_kind,
                   progress=lambda d, t: seen.append((d, t)), notify=said.append)  # fmt: skip
    assert report.added == 60 and report.articles == 60
    assert any("record 61: invalid JSON" in s for s in said)
    assert seen[-1] == (60, 60) and all(d <= t for d, t in seen)
    with Engine.open(index) as engine:
        assert engine.doc_count == 60 and engine.search("word17").total == 1
        assert engine.article("feed.jsonl#r17") is not None


def test_a_changed_dump_rewrites_only_changed_records(
    tmp_path: Path, engine_kind: str, parallel: None
) -> None:
    corpus, index = tmp_path / "c", tmp_path / "ix"
    write_dump(corpus / "feed.jsonl", records(40))
    build(corpus, index, workers=2, engine=engine_kind)
    again = build(corpus, index, workers=2)
    assert not again.wrote  # an unchanged dump writes nothing
    recs = records(41, {3: "The ferry was cancelled by the storm.", 7: "Kiwi fruit arrived."})
    del recs[10]
    write_dump(corpus / "feed.jsonl", recs[::-1])  # and regenerated in another order
    report = build(corpus, index, workers=2)
    assert (report.added, report.updated, report.removed) == (1, 2, 1)
    with Engine.open(index) as engine:
        assert engine.doc_count == 40
        assert engine.search("kiwi").total == 1 and engine.search("word7").total == 0
        assert engine.article("feed.jsonl#r10") is None
        assert engine.article("feed.jsonl#r40") is not None
