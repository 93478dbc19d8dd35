"""Do our two engines find the same articles? Total hit counts of many random queries, compared
between a Whoosh index and a tantivy index of the same corpus (bench_engines.py builds both).

    python benchmarks/compare_engines.py CORPUS WHOOSH_INDEX TANTIVY_INDEX [--n 400] [--seed 1]

The queries are drawn (seeded) from the corpus itself, in every shape the query language has:
words, AND/OR/NOT/-, phrases taken from the bodies (stop words included), prefixes of 2 to 5
letters, fuzzy ~ and ~2, title:/author:/source:/body:, entity fields (person:, org:, place:,
group:, names found by the rule extractor), date:YYYY, date:YYYY-MM and ranges, parentheses,
capitals, apostrophes and hyphens. Each is run on both engines (`Engine.search`, limit 20); the
totals must be equal, and when the total is at most 20 so must the sets of article ids.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

sys.path.insert(0, str(common.REPO))

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def draw_queries(corpus: Path, n: int, seed: int) -> list[tuple[str, str]]:
    from index.entities.extract import extract
    from index.ingest.corpus import parse_file

    rng = random.Random(seed)
    files = common.corpus_files(corpus)
    sample = rng.sample(files, min(300, len(files)))
    arts = [a for p in sample for a in parse_file(p, p.name).articles]
    words: list[str] = []
    bigrams: list[str] = []
    for a in arts:
        toks = WORD.findall(a.body)
        words.extend(toks)
        for i in range(0, max(0, len(toks) - 3), 40):
            bigrams.append(" ".join(toks[i : i + rng.choice((2, 2, 3))]))
    titles = [w for a in arts for w in WORD.findall(a.title)]
    authors = [a.author.split()[-1] for a in arts if a.author]
    sources = [a.source.split()[0] for a in arts if a.source]
    dates = [a.date for a in arts if a.date]
    ents: dict[str, list[str]] = {}
    for a in arts[:80]:
        for m in extract(a.body):
            ents.setdefault(m.type, []).append(m.entity)
    field_of = {"PERSON": "person", "ORG": "org", "PLACE": "place", "GROUP": "group"}

    def w() -> str:
        return rng.choice(words)

    def ent() -> str:
        t = rng.choice(sorted(ents))
        name = rng.choice(ents[t])
        return f'{field_of.get(t, "person")}:"{name}"' if " " in name else f"{field_of[t]}:{name}"

    makers: dict[str, Any] = {
        "term": w,
        "and": lambda: f"{w()} {w()}",
        "and3": lambda: f"{w()} {w()} {w()}",
        "or": lambda: f"{w()} OR {w()}",
        "not": lambda: f"{w()} NOT {w()}",
        "minus": lambda: f"{w()} -{w()}",
        "phrase": lambda: f'"{rng.choice(bigrams)}"',
        "phrase+": lambda: f'"{rng.choice(bigrams)}" {w()}',
        "prefix": lambda: w()[: rng.randint(2, 5)] + "*",
        "fuzzy": lambda: f"{w()}~",
        "fuzzy2": lambda: f"{w()}~2",
        "title": lambda: f"title:{rng.choice(titles)}",
        "author": lambda: f"author:{rng.choice(authors)}" if authors else w(),
        "source": lambda: f"source:{rng.choice(sources)}" if sources else w(),
        "body": lambda: f"body:{w()}",
        "entity": ent,
        "year": lambda: f"date:{rng.choice(dates)[:4]}" if dates else w(),
        "month": lambda: f"date:{rng.choice(dates)[:7]}" if dates else w(),
        "range": lambda: "date:[{} to {}]".format(*sorted(rng.sample(dates, 2))) if dates else w(),
        "paren": lambda: f"({w()} OR {w()}) {w()}",
        "mixed": lambda: f"{ent()} {w()}",
        "mixed2": lambda: f"title:{rng.choice(titles)} {w()} OR {w()}",
        "upper": lambda: w().upper(),
    }
    kinds = sorted(makers)
    return [(k, makers[k]()) for k in (kinds[i % len(kinds)] for i in range(n))]


def run(engine: Any, queries: list[tuple[str, str]]) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for _kind, q in queries:
        try:
            res = engine.search(q, limit=20, suggestions=False)
            ids = sorted(h.id for h in res.hits) if res.total <= 20 else None
            out.append((res.total, ids))
        except Exception as exc:  # noqa: BLE001 - reported as the answer
            out.append((f"{type(exc).__name__}: {exc}"[:120], None))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("whoosh_index", type=Path)
    ap.add_argument("tantivy_index", type=Path)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    from index.search import Engine

    queries = draw_queries(args.corpus, args.n, args.seed)
    answers = []
    for path in (args.whoosh_index, args.tantivy_index):
        eng = Engine.open(path)
        answers.append((eng.kind, run(eng, queries)))
        eng.close()
    (ka, a), (kb, b) = answers
    diffs = [(q, x, y) for q, x, y in zip(queries, a, b, strict=True) if x != y]
    print(f"{len(queries)} queries, {len({k for k, _ in queries})} shapes: {len(diffs)} answers "
          f"differ between {ka} and {kb}")  # fmt: skip
    for (kind, q), x, y in diffs:
        what = "same total, other articles" if x[0] == y[0] else f"{x[0]} vs {y[0]}"
        print(f"  [{kind}] {q}: {what}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
