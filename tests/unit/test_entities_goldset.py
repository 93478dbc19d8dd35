"""The entity evaluation set (tests/fixtures/entities/eval/): well-formed gold files, and the
scorer and benchmark running on them. No quality thresholds here (see
benchmarks/bench_entities.py for the numbers)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from index.entities.evaluate import score, score_many
from index.entities.extract import TYPES, extract

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "fixtures" / "entities" / "eval"
OWN = sorted((EVAL / "own").glob("*.json"))
BBC_GOLD = sorted((EVAL / "bbc").glob("*.json"))
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


def _shared_bbc() -> Path | None:
    """../shared/corpora beside the checkout, and nowhere else (tests are hermetic)."""
    corpora = ROOT.parent / "shared" / "corpora"
    return corpora if (corpora / "bbc").is_dir() else None


CORPORA = _shared_bbc()
needs_bbc = pytest.mark.skipif(CORPORA is None, reason="BBC corpus (../shared) not present")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _check_mentions(name: str, text: str, mentions: list[dict[str, Any]]) -> None:
    last_end = -1
    for m in sorted(mentions, key=lambda m: (m["start"], m["end"])):
        assert set(m) == {"start", "end", "type", "text"}, (name, m)
        a, b = m["start"], m["end"]
        assert isinstance(a, int) and isinstance(b, int), (name, m)
        assert 0 <= a < b <= len(text), (name, m)
        assert text[a:b] == m["text"], (name, m, text[a:b])
        assert m["type"] in TYPES, (name, m)
        assert a >= last_end, (name, "overlapping mentions", m)
        last_end = b
        span = m["text"]
        assert span == span.strip(), (name, m)
        assert not span.lower().startswith("the "), (name, "leading 'the'", m)
        if span not in NAMES_WITH_S:
            assert not span.endswith(("'s", "\u2019s")), (name, "possessive", m)
        # spans start and end on word boundaries
        assert a == 0 or not (text[a - 1].isalnum()), (name, "starts inside a word", m)
        assert b == len(text) or not text[b].isalnum(), (name, "ends inside a word", m)


def test_eval_set_layout() -> None:
    assert (EVAL / "GUIDELINES.md").is_file()
    assert len(OWN) == 10
    assert sum(_load(p)["split"] == "test" for p in OWN) == 4
    assert len(BBC_GOLD) == 140
    splits = [_load(p)["split"] for p in BBC_GOLD]
    assert splits.count("test") == 42
    added = {"business_310": "dev", "business_311": "dev", "business_312": "test",
             "sport_310": "test"}  # fmt: skip
    added.update(SECOND_ROUND)
    added.update(THIRD_ROUND)
    added.update(FOURTH_ROUND)
    for section in SECTIONS:
        files = [p for p in BBC_GOLD if p.stem.startswith(section + "_") and p.stem not in added]
        assert len(files) == 8, section
        assert sum(_load(p)["split"] == "test" for p in files) == 3, section
    assert {p.stem: _load(p)["split"] for p in BBC_GOLD if p.stem in added} == added


# Issue 10, second round: 36 articles annotated fresh, a third of them held out.
_TEST2 = {"business": "071 221 371", "sport": "071 221 381", "politics": "071 321",
          "entertainment": "121 371", "tech": "121 371"}  # fmt: skip
_ALL2 = {"business": "021 071 121 171 221 271 321 371 421 471",
         "sport": "021 071 131 171 221 271 321 381 421 471",
         "politics": "021 071 121 221 321 401", "entertainment": "021 121 221 321 371",
         "tech": "021 121 221 321 371"}  # fmt: skip


def _round(every: dict[str, str], held: dict[str, str]) -> dict[str, str]:
    """{"<section>_<NNN>": split} of one round of annotation."""
    return {
        f"{s}_{n}": "test" if n in held[s].split() else "dev"
        for s, nums in every.items()
        for n in nums.split()
    }


SECOND_ROUND = _round(_ALL2, _TEST2)
# Third round: 32 more, 7 of them held out.
_TEST3 = {"business": "141 391", "sport": "141 391", "politics": "241", "entertainment": "241",
          "tech": "241"}  # fmt: skip
_ALL3 = {"business": "041 091 141 191 241 291 341 391 441 491",
         "sport": "041 091 141 191 241 291 341 391 441 491",
         "politics": "041 141 241 341", "entertainment": "041 141 241 341",
         "tech": "041 141 241 341"}  # fmt: skip
THIRD_ROUND = _round(_ALL3, _TEST3)
# Fourth round: 28 more, 6 of them held out.
_TEST4 = {"business": "161 411", "sport": "161 411", "politics": "361", "entertainment": "",
          "tech": "361"}  # fmt: skip
_ALL4 = {"business": "061 111 161 211 261 361 411 461",
         "sport": "061 111 161 211 261 361 411 461",
         "politics": "061 161 261 361", "entertainment": "061 161 261 361",
         "tech": "081 161 261 361"}  # fmt: skip
FOURTH_ROUND = _round(_ALL4, _TEST4)
# Names whose "'s" is their own, not a possessive.
NAMES_WITH_S = frozenset(("Moody's", "Standard & Poor's", "Sainsbury's", "McDonald's", "Lloyd's"))


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.stem)
def test_own_fixture_is_valid(path: Path) -> None:
    d = _load(path)
    assert set(d) == {"text", "split", "mentions"}
    assert d["split"] in ("dev", "test")
    assert 120 <= len(d["text"].split()) <= 350
    assert d["mentions"]
    _check_mentions(path.stem, d["text"], d["mentions"])


@pytest.mark.parametrize("path", BBC_GOLD, ids=lambda p: p.stem)
def test_bbc_gold_file_shape(path: Path) -> None:
    d = _load(path)
    assert set(d) == {"source", "sha1", "split", "mentions"}
    assert "text" not in d  # the BBC text is never copied into the repository
    assert d["split"] in ("dev", "test")
    section, num = path.stem.split("_")
    assert d["source"] == f"bbc/{section}/{num}.txt"
    assert len(d["sha1"]) == 40
    assert d["mentions"]
    for m in d["mentions"]:
        assert m["type"] in TYPES


@needs_bbc
@pytest.mark.parametrize("path", BBC_GOLD, ids=lambda p: p.stem)
def test_bbc_gold_matches_corpus(path: Path) -> None:
    assert CORPORA is not None
    d = _load(path)
    src = CORPORA / d["source"]
    raw = src.read_bytes()
    assert hashlib.sha1(raw).hexdigest() == d["sha1"], path.stem
    text = src.read_text(encoding="utf-8")  # as `reader entities extract FILE` reads it
    _check_mentions(path.stem, text, d["mentions"])


def test_scorer_runs_on_own_fixtures() -> None:
    pairs = []
    for path in OWN:
        d = _load(path)
        gold = d["mentions"]
        pred = extract(d["text"])
        s = score(gold, pred)
        assert set(s) == {*TYPES, "micro"}
        assert s["micro"]["tp"] + s["micro"]["fn"] == len(gold)
        assert 0.0 <= s["micro"]["f1"] <= 1.0
        pairs.append((gold, pred))
    pooled = score_many(pairs)
    assert pooled["micro"]["tp"] + pooled["micro"]["fn"] == sum(
        len(_load(p)["mentions"]) for p in OWN
    )
    # gold scored against itself is perfect
    perfect = score_many((g, g) for g, _ in pairs)
    assert perfect["micro"]["f1"] == 1.0


def test_benchmark_runs_without_bbc(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_entities
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    docs, skipped = bench_entities.read_eval_set(None)
    assert len(docs) == 10 and len(skipped) == len(BBC_GOLD)
    pred = bench_entities.predict(docs)
    res = bench_entities.evaluate(docs, pred)
    assert res["dev"]["docs"] == 6 and res["test"]["docs"] == 4
    errs = bench_entities.errors(docs, pred, 3)
    assert len(errs["false_positives"]) <= 3 and len(errs["false_negatives"]) <= 3
    assert all(line.startswith("own/") for line in errs["false_negatives"])
    # errors are listed for dev documents only
    test_names = {d.name for d in docs if d.split == "test"}
    assert not any(line.split()[0] in test_names for line in errs["false_positives"])
