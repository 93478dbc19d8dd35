"""The scorer and the small gold set of the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.evaluate import load_gold, score, score_many
from index.entities.extract import TYPES, extract

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "entities" / "gold"


def test_score_exact_span_and_type() -> None:
    gold = [(0, 5, "PERSON"), (10, 16, "PLACE"), (20, 23, "ORG")]
    pred = [(0, 5, "PERSON"), (10, 16, "GROUP"), (20, 22, "ORG")]
    s = score(gold, pred)
    assert s["PERSON"]["f1"] == 1.0
    assert s["PLACE"]["r"] == 0.0 and s["GROUP"]["p"] == 0.0
    assert s["micro"]["tp"] == 1 and s["micro"]["fp"] == 2 and s["micro"]["fn"] == 2
    assert score([], [])["micro"]["f1"] == 0.0


def test_score_many_keeps_documents_apart() -> None:
    s = score_many([([(0, 3, "ORG")], [(0, 3, "ORG")]), ([(0, 3, "ORG")], [])])
    assert (s["micro"]["tp"], s["micro"]["fn"]) == (1, 1)


def test_gold_offsets_are_plausible_names() -> None:
    files = sorted(GOLD.glob("*.json"))
    assert len(files) == 5
    for path in files:
        text, spans = load_gold(path)
        last = -1
        for start, end, typ in spans:
            name = text[start:end]
            assert typ in TYPES
            assert start >= last, (path.name, name)  # sorted, no overlaps
            last = end
            assert name == name.strip() and name[:1].isupper(), (path.name, name)
            assert not name.endswith(("'s", "’s")) and not name.lower().startswith("the ")
            assert start == 0 or not text[start - 1].isalnum(), (path.name, name)
            assert end == len(text) or not text[end].isalnum() or text[end] in "’'", name


def test_sample_corpus_scores() -> None:
    docs = []
    for path in sorted(GOLD.glob("*.json")):
        text, spans = load_gold(path)
        docs.append((spans, extract(text)))
    s = score_many(docs)
    if s["micro"]["f1"] < 0.85:
        pytest.fail(f"micro F1 {s['micro']['f1']:.3f} fell below 0.85: {s}")
