"""Benchmark of syndicated copies (issue 11): what finding them costs at indexing time, and
how well they are found.

    python benchmarks/bench_copies.py CORPUS [--count N] [--engine tantivy] [--json OUT]

CORPUS is a folder of .txt articles (the BBC corpus, or benchmarks/generate.py output). The
benchmark copies up to `--count` of them into a work folder and adds known copies of 1 in 10:
half the wire way (the body with an agency's boilerplate and a byline, another title), half
lightly edited (a paragraph rewritten, a line added). Then, in one run:

1. cost: the same corpus built twice with the same engine and workers, once as shipped and
   once with signatures and grouping switched off; the difference over the plain build is the
   cost of copies (target: at most 20 %). Also timed apart: signatures alone (ms an article, on
   one core) and the grouping step of the build;
2. quality: the known copy pairs found in one group (recall); every other pair grouped is
   checked by the exact Jaccard similarity of the two articles' word 5-grams (a pair well
   under the threshold is a false copy);
3. incremental: 20 more copies added and the index updated: the grouping step's time and the
   new copies found, without regrouping everything.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

sys.path.insert(0, str(common.REPO))

from index.copies import sketch as sketch_module  # noqa: E402
from index.copies import table  # noqa: E402
from index.copies.groups import DEFAULT_THRESHOLD  # noqa: E402
from index.copies.sketch import sketch  # noqa: E402
from index.engine.build import build  # noqa: E402
from index.search import Engine  # noqa: E402

BOILER = ("\n\nCopyright {year} {agency}. All rights reserved. This material may not be "
          "published, broadcast, rewritten or redistributed without permission.\n\nFollow "
          "{agency} on social media and sign up for the daily briefing.")  # fmt: skip
AGENCIES = ["Global Wire", "Continental Press", "World News Service", "Metro Syndicate"]


def _split(text: str) -> tuple[str, str]:
    title, _, body = text.strip().partition("\n")
    return title.strip(), body.strip()


def make_corpus(src: Path, dest: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """Copy `count` articles of `src` to `dest`, add copies of 1 in 10; the known pairs."""
    rng = random.Random(seed)
    files = common.corpus_files(src)
    rng.shuffle(files)
    pairs: list[tuple[str, str]] = []
    for k, f in enumerate(files[:count]):
        rel = f.relative_to(src).as_posix()
        text = f.read_text(encoding="utf-8", errors="replace")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
        if k % 10:
            continue
        title, body = _split(text)
        paras = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
        if k % 20 == 0:  # the wire copy
            agency = rng.choice(AGENCIES)
            copy = (f"{title.upper()} - {agency}\n\nBy {agency} staff\n\n" + "\n\n".join(paras)
                    + BOILER.format(year=2005, agency=agency))  # fmt: skip
        else:  # the lightly edited copy
            if len(paras) > 3:
                paras[2] = "A spokesperson declined to comment when contacted on Wednesday."
            copy = f"{title} (updated)\n\n" + "\n\n".join(paras) + "\n\nAdditional reporting."
        crel = f"copies/{k:06d}.txt"
        (dest / crel).parent.mkdir(parents=True, exist_ok=True)
        (dest / crel).write_text(copy, encoding="utf-8")
        pairs.append((rel, crel))
    return pairs


def shingle_set(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def jaccard(a: str, b: str) -> float:
    x, y = shingle_set(a), shingle_set(b)
    return len(x & y) / max(1, len(x | y))


def timed_build(corpus: Path, index_dir: Path, engine: str, workers: int | None,
                copies: bool) -> tuple[float, Any]:  # fmt: skip
    saved = (sketch_module.sketch, table.sync)
    if not copies:  # the workers fork from here: they see the same switch
        sketch_module.sketch = lambda _text: None  # type: ignore[assignment]
        table.sync = lambda *_a, **_k: table.SyncReport()  # type: ignore[assignment]
    try:
        shutil.rmtree(index_dir, ignore_errors=True)
        t0 = time.perf_counter()
        report = build(corpus, index_dir, rebuild=True, engine=engine, workers=workers)
        return time.perf_counter() - t0, report
    finally:
        sketch_module.sketch, table.sync = saved


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--count", type=int, default=10_000, help="articles taken from the corpus")
    ap.add_argument("--engine", default="tantivy", choices=("whoosh", "tantivy"))
    ap.add_argument("--workers", type=int, default=None, help="default: every core")
    ap.add_argument("--rounds", type=int, default=2, help="builds of each kind (best kept)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-copies-"))
    try:
        corpus = work / "corpus"
        pairs = make_corpus(args.corpus, corpus, args.count, args.seed)
        texts = {p.relative_to(corpus).as_posix(): p.read_text(encoding="utf-8")
                 for p in common.corpus_files(corpus)}  # fmt: skip
        n = len(texts)
        bodies = [_split(t)[1] for t in texts.values()]
        t0 = time.perf_counter()
        for b in bodies:
            sketch(b)
        sketch_ms = (time.perf_counter() - t0) / n * 1000
        on: list[float] = []
        off: list[float] = []
        report_on: Any = None
        for _ in range(args.rounds):  # alternated, so that load on the machine hits both
            t, report_on = timed_build(corpus, work / "on", args.engine, args.workers, True)
            on.append(t)
            off.append(timed_build(corpus, work / "off", args.engine, args.workers, False)[0])
        t_on, t_off = min(on), min(off)
        with Engine.open(work / "on") as eng:
            copies = eng.copies()
            found_pairs = {
                tuple(sorted(p))
                for g in copies.groups.values()
                for p in itertools.combinations(g.members, 2)
            }
        known = {tuple(sorted(p)) for p in pairs}
        recalled = len(known & found_pairs)
        others = sorted(found_pairs - known)
        other_j = sorted(jaccard(texts[a], texts[b]) for a, b in others)
        false = [j for j in other_j if j < DEFAULT_THRESHOLD - 0.15]
        # incremental: 20 more copies
        extra = list(texts)[:20]
        for k, rel in enumerate(extra):
            title, body = _split(texts[rel])
            (corpus / f"late/{k:03d}.txt").parent.mkdir(exist_ok=True)
            (corpus / f"late/{k:03d}.txt").write_text(f"{title}\n\n{body}\n\nFrom our archive.\n")
        t1 = time.perf_counter()
        inc = build(corpus, work / "on", engine=args.engine, workers=args.workers)
        t_inc = time.perf_counter() - t1
        with Engine.open(work / "on") as eng:
            late_found = sum(1 for k in range(20) if eng.copies().of(f"late/{k:03d}.txt"))
        out = {
            "corpus": str(args.corpus), "engine": args.engine, "articles": n,
            "known_pairs": len(known),
            "build_s_with_copies": round(t_on, 2), "build_s_without": round(t_off, 2),
            "cost_pct": round((t_on - t_off) / t_off * 100, 1),
            "builds_on": [round(x, 2) for x in on], "builds_off": [round(x, 2) for x in off],
            "sketch_ms_per_article": round(sketch_ms, 3),
            "grouping_s": round(report_on.copies.seconds, 3),
            "groups": report_on.copies.groups, "articles_in_groups": report_on.copies.articles,
            "recall": round(recalled / max(1, len(known)), 4),
            "other_pairs": len(others),
            "other_pairs_jaccard_min_median": [round(other_j[0], 3) if other_j else None,
                                               round(other_j[len(other_j) // 2], 3)
                                               if other_j else None],
            "false_pairs": len(false),
            "incremental": {"added": inc.added, "seconds": round(t_inc, 2),
                            "grouping_s": round(inc.copies.seconds, 3),
                            "full_regroup": inc.copies.full, "late_copies_found": late_found},
        }  # fmt: skip
        for k, v in out.items():
            print(f"{k:32} {v}")
        common.save_json(out, args.json)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
