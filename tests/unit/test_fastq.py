"""Constant-score prefixes, wildcards and date ranges find what Whoosh's own queries find."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq

from index.engine.build import build
from index.engine.whoosh import fastq
from index.search import Engine
from tests.helpers import write_article


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    corpus = tmp_path / "c"
    words = ["share", "shares", "shark", "shallow", "shadow", "shape", "shall", "sham", "shaft"]
    for i in range(40):
        write_article(
            corpus,
            f"a{i:02}.txt",
            f"Article {i}",
            f"The {words[i % len(words)]} story number {i} with zebra{i % 3}.",
            date=f"March {1 + i % 28}, {2000 + i % 5}",
        )
    build(corpus, tmp_path / "ix", workers=1)
    monkeypatch.setattr(fastq, "SCORED_EXPANSION", 0)  # always take the constant-score path
    eng = Engine.open(tmp_path / "ix")
    yield eng  # type: ignore[misc]
    eng.close()


def whoosh_count(engine: Engine, q: wq.Query) -> int:
    return len(engine.backend._searcher.search(q, limit=None))  # type: ignore[attr-defined]


def test_rewrite_swaps_expanding_nodes(engine: Engine) -> None:
    q = fastq.rewrite(engine.parse("sha* AND date:[2001 to 2002] AND zebr?1")[0].query)
    kinds = {type(n) for n in q.children()}
    assert kinds == {fastq.ConstantPrefix, fastq.ConstantDateRange, fastq.ConstantWildcard}


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("sha*", wq.Prefix("body", "sha")),
        ("zebr?1", wq.Wildcard("body", "zebr?1")),
        ("date:[2001 to 2002]", wq.NumericRange("date", 20010101, 20021231)),
        ("date:2003", wq.NumericRange("date", 20030101, 20031231)),
    ],
)
def test_same_documents_as_whoosh(engine: Engine, text: str, plain: wq.Query) -> None:
    res = engine.search(text, limit=100)
    expected = whoosh_count(engine, plain)
    assert expected > 0
    assert res.total == expected == len(res.hits)


def test_combined_with_scored_terms(engine: Engine) -> None:
    res = engine.search("sha* zebra1 date:[2000 to 2002]", limit=100)
    plain = wq.And(
        [
            wq.Prefix("body", "sha"),
            wq.Term("body", "zebra1"),
            wq.NumericRange("date", 20000101, 20021231),
        ]
    )
    assert res.total == whoosh_count(engine, plain) > 0
    assert all(h.score > 0 for h in res.hits)


def test_prefix_still_highlights(engine: Engine) -> None:
    hit = engine.search("shar*").hits[0]
    marked = {hit.snippet.text[s:e].lower() for s, e in hit.snippet.spans}
    assert marked <= {"share", "shares", "shark"} and marked
