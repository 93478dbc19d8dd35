"""Mention-level scoring of the entity extractor: exact span and type; per type and micro P/R/F1.

Gold files (`tests/fixtures/entities/gold/*.json`) hold `{"text": ..., "mentions": [{"start",
"end", "type"}]}`; `load_gold` reads one, `score` compares gold and predicted mention sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from index.entities.gazetteer import TYPES

Span = tuple[int, int, str]  # start, end, type


def _spans(items: Iterable[Any]) -> set[Span]:
    out: set[Span] = set()
    for m in items:
        if isinstance(m, dict):
            out.add((int(m["start"]), int(m["end"]), str(m["type"])))
        elif isinstance(m, tuple):
            out.add((int(m[0]), int(m[1]), str(m[2])))
        else:  # a Mention
            out.add((int(m.start), int(m.end), str(m.type)))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def score(gold: Iterable[Any], predicted: Iterable[Any]) -> dict[str, dict[str, float]]:
    """Per type (PERSON, ORG, PLACE, GROUP) and "micro" scores. Either side may hold dicts with
    start/end/type, (start, end, type) tuples or Mentions. For several documents, offset the
    spans per document (or pass (doc, start, end, type) through `score_many`)."""
    g, p = _spans(gold), _spans(predicted)
    out: dict[str, dict[str, float]] = {}
    for t in TYPES:
        gt = {s for s in g if s[2] == t}
        pt = {s for s in p if s[2] == t}
        out[t] = _prf(len(gt & pt), len(pt - gt), len(gt - pt))
    out["micro"] = _prf(len(g & p), len(p - g), len(g - p))
    return out


def score_many(docs: Iterable[tuple[Iterable[Any], Iterable[Any]]]) -> dict[str, dict[str, float]]:
    """Pooled scores over (gold, predicted) pairs, one pair per document."""
    gold: list[Span] = []
    pred: list[Span] = []
    shift = 0
    for g, p in docs:
        gs, ps = _spans(g), _spans(p)
        gold += [(a + shift, b + shift, t) for a, b, t in gs]
        pred += [(a + shift, b + shift, t) for a, b, t in ps]
        shift += 1 + max([b for _, b, _ in gs | ps], default=0)
    return score(gold, pred)


def load_gold(path: Path) -> tuple[str, list[Span]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data["text"]), sorted(_spans(data["mentions"]))
