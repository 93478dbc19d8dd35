"""Bookmark benchmark: re-anchoring after a re-index, the fuzzy path alone, and the store.

    python benchmarks/bench_bookmarks.py [--corpus /work/shared/corpora/bbc] [--n 1000]
        [--store-n 10000] [--reps 5] [--seed 7]

Targets (issue 5): re-anchoring 1,000 bookmarks after a re-index <= 1 s; 10,000 bookmarks
load in <= 0.5 s and one more is saved in <= 0.3 s.

- corpus: every .txt file, title = first line, body = the other non-empty lines joined by
  "\\n\\n" (the BBC files hold one paragraph per line), id = path relative to the corpus;
- bookmarks: `--n` passages on random sentences (one or two sentences, one in ten a whole
  paragraph) of random articles, made with `Bookmark.from_text` and the body's hash;
- re-index: a third of the bookmarked articles is edited, in turn: a paragraph inserted at the
  start, a word changed inside one bookmarked passage, one bookmarked passage deleted; 2% of
  the other bookmarked articles are renamed and 1% deleted. `reanchor_all` is timed on fresh
  copies (lookups are dict reads, as from an open index);
- fuzzy worst case: a word changed inside every bookmarked passage, so every bookmark takes the
  fuzzy path; timed through `reanchor_all`, `fuzzy_find` alone, and `fuzzy_find` again with every
  passage inside one ~100 kB article;
- store: runs when reader/bookmarks.py provides `BookmarkStore`: a file of `--store-n`
  bookmarks is written once, then a fresh `BookmarkStore(path).load()` and one `add()` are timed.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.model import body_hash  # noqa: E402
from reader.bookmarks.anchor import AnchorReport, fuzzy_find, reanchor_all  # noqa: E402
from reader.bookmarks.model import Bookmark  # noqa: E402

BBC = Path("/work/shared/corpora/bbc")
SENTENCE = re.compile(r"\S.*?[.!?]+[\"”’']?(?=\s|$)")
WORD = re.compile(r"[A-Za-z]{4,}")

Articles = dict[str, str]  # article_id -> body


def read_corpus(corpus: Path) -> Articles:
    articles: Articles = {}
    for path in sorted(corpus.rglob("*.txt")):
        if path.stem.lower() == "readme":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [ln.strip() for ln in text.split("\n")]
        lines = [ln for ln in lines if ln]
        if len(lines) >= 2:
            articles[path.relative_to(corpus).as_posix()] = "\n\n".join(lines[1:])
    return articles


def sentence_spans(body: str) -> list[list[tuple[int, int]]]:
    """Sentence spans, per paragraph."""
    paras: list[list[tuple[int, int]]] = []
    pos = 0
    for part in body.split("\n\n"):
        spans = [(pos + m.start(), pos + m.end()) for m in SENTENCE.finditer(part)]
        if spans:
            paras.append(spans)
        pos += len(part) + 2
    return paras


def make_bookmarks(articles: Articles, n: int, rng: random.Random) -> list[Bookmark]:
    ids = list(articles)
    out: list[Bookmark] = []
    while len(out) < n:
        aid = rng.choice(ids)
        body = articles[aid]
        paras = sentence_spans(body)
        if not paras:
            continue
        k = rng.randrange(len(paras))
        para = paras[k]
        roll = rng.random()
        if roll < 0.05:  # two or three paragraphs
            start, end = para[0][0], paras[min(len(paras) - 1, k + rng.randint(1, 2))][-1][1]
        elif roll < 0.15:
            start, end = para[0][0], para[-1][1]
        else:
            i = rng.randrange(len(para))
            j = min(len(para) - 1, i + rng.randrange(2))
            start, end = para[i][0], para[j][1]
        out.append(
            Bookmark.from_text(aid, body, start, end, article_hash=body_hash(body), title=aid)
        )
    return out


def change_word(text: str, rng: random.Random) -> str:
    words = list(WORD.finditer(text))
    if not words:
        return text + " (edited)"
    m = rng.choice(words)
    return text[: m.start()] + m.group()[::-1].capitalize() + text[m.end() :]


def reindex(articles: Articles, bms: list[Bookmark], rng: random.Random) -> tuple[Articles, str]:
    """The corpus after edits: a third of the bookmarked articles edited, a few renamed/deleted."""
    by_article: dict[str, list[Bookmark]] = {}
    for bm in bms:
        by_article.setdefault(bm.article_id, []).append(bm)
    marked = sorted(by_article)
    rng.shuffle(marked)
    n_edit = len(marked) // 3
    new = dict(articles)
    kinds = {"insert": 0, "change": 0, "delete": 0, "rename": 0, "gone": 0}
    for k, aid in enumerate(marked[:n_edit]):
        body = new[aid]
        bm = rng.choice(by_article[aid])
        if k % 3 == 0:
            new[aid] = "An editor's note added at the top of the story.\n\n" + body
            kinds["insert"] += 1
        elif k % 3 == 1:
            new[aid] = body[: bm.start] + change_word(bm.quote, rng) + body[bm.end :]
            kinds["change"] += 1
        else:
            new[aid] = body[: bm.start] + body[bm.end :]
            kinds["delete"] += 1
    rest = marked[n_edit:]
    for aid in rest[: len(marked) // 50]:
        new["renamed/" + aid] = new.pop(aid)
        kinds["rename"] += 1
    for aid in rest[len(marked) // 50 : len(marked) // 50 + len(marked) // 100]:
        del new[aid]
        kinds["gone"] += 1
    summary = ", ".join(f"{v} {k}" for k, v in kinds.items())
    return new, f"{len(marked)} articles bookmarked; edits: {summary}"


def time_reanchor(
    bms: list[Bookmark], articles: Articles, reps: int
) -> tuple[list[float], AnchorReport]:
    hashes = {aid: body_hash(body) for aid, body in articles.items()}  # stored in the index
    by_hash = {h: (aid, articles[aid]) for aid, h in hashes.items()}

    def lookup(aid: str) -> tuple[str, str] | None:
        body = articles.get(aid)
        return None if body is None else (body, hashes[aid])

    times: list[float] = []
    report = AnchorReport()
    for _ in range(reps):
        fresh = copy.deepcopy(bms)
        t0 = time.perf_counter()
        report = reanchor_all(fresh, lookup, by_hash.get)
        times.append(time.perf_counter() - t0)
    return times, report


def fig(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms"


def verdict(seconds: float, target: float) -> str:
    return f"{'OK' if seconds <= target else 'SLOW'} (target <= {target:g} s)"


def bench_reanchor(articles: Articles, bms: list[Bookmark], reps: int, rng: random.Random) -> None:
    print(f"\n== re-anchoring {len(bms)} bookmarks ==")
    new, summary = reindex(articles, bms, rng)
    print(summary)
    times, rep = time_reanchor(bms, articles, reps)
    print(f"unchanged corpus:   {fig(times)}; exact {rep.exact}")
    times, rep = time_reanchor(bms, new, reps)
    print(
        f"after the re-index: {fig(times)}; exact {rep.exact}, moved {rep.moved} "
        f"(fuzzy {rep.fuzzy}, renamed {rep.renamed}), orphaned {rep.orphaned} "
        f"-> {verdict(statistics.median(times), 1.0)}"
    )


def bench_fuzzy(articles: Articles, bms: list[Bookmark], reps: int, rng: random.Random) -> None:
    print(f"\n== fuzzy worst case: a word changed inside each of {len(bms)} passages ==")
    new = dict(articles)
    for bm in sorted(bms, key=lambda b: -b.start):  # from the end, so earlier offsets hold
        body = new[bm.article_id]
        if body[bm.start : bm.end] == bm.quote:
            new[bm.article_id] = body[: bm.start] + change_word(bm.quote, rng) + body[bm.end :]
    times, rep = time_reanchor(bms, new, reps)
    print(
        f"reanchor_all:        {fig(times)}; moved {rep.moved} (fuzzy {rep.fuzzy}), "
        f"orphaned {rep.orphaned}"
    )

    def run_alone(pairs: list[tuple[str, str, int]]) -> tuple[list[float], int]:
        found = 0
        times: list[float] = []
        for _ in range(reps):
            t0 = time.perf_counter()
            found = sum(fuzzy_find(q, body, start) is not None for q, body, start in pairs)
            times.append(time.perf_counter() - t0)
        return times, found

    pairs = [(bm.quote, new[bm.article_id], bm.start) for bm in bms]
    times, found = run_alone(pairs)
    per = statistics.median(times) / len(pairs) * 1e6
    print(f"fuzzy_find alone:    {fig(times)} ({per:.0f} us each); found {found}/{len(pairs)}")

    # the same passages, each inside a ~100 kB article made of consecutive edited bodies
    where: dict[str, tuple[int, int]] = {}  # article_id -> (long body, offset in it)
    longs: list[str] = []
    parts: list[str] = []
    size = 0
    for aid in sorted({bm.article_id for bm in bms}):
        where[aid] = (len(longs), size)
        parts.append(new[aid])
        size += len(new[aid]) + 2
        if size > 100_000:
            longs.append("\n\n".join(parts))
            parts, size = [], 0
    longs.append("\n\n".join(parts))
    long_pairs = [
        (bm.quote, longs[where[bm.article_id][0]], where[bm.article_id][1] + bm.start) for bm in bms
    ]
    times, found = run_alone(long_pairs)
    per = statistics.median(times) / len(long_pairs) * 1e6
    print(f"in ~100 kB articles: {fig(times)} ({per:.0f} us each); found {found}/{len(long_pairs)}")


def bench_store(articles: Articles, n: int, reps: int, rng: random.Random) -> None:
    print(f"\n== store: {n} bookmarks ==")
    try:
        from reader.bookmarks.store import BookmarkStore
    except ImportError as exc:
        print(f"skipped: reader.bookmarks.BookmarkStore is not there yet ({exc})")
        return
    bms = make_bookmarks(articles, n, rng)
    for k, bm in enumerate(bms):
        bm.note = f"note {k}: " + bm.quote[:40] if k % 3 == 0 else ""
        bm.tags = [f"tag{k % 17}", "econ"] if k % 2 else []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bookmarks.yaml"
        store: Any = BookmarkStore(path)
        store.load()
        t0 = time.perf_counter()
        if hasattr(store, "import_bookmarks"):
            store.import_bookmarks(bms)
        else:
            for bm in bms:
                store.add(bm)
        print(f"writing {n} at once: {(time.perf_counter() - t0) * 1000:.0f} ms, "
              f"{path.stat().st_size / 1e6:.1f} MB")  # fmt: skip

        def timed(fn: Callable[[], object]) -> list[float]:
            times: list[float] = []
            for _ in range(reps):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            return times

        loaded: list[Any] = []
        times = timed(lambda: loaded.append(BookmarkStore(path).load()))
        count = len(loaded[-1].bookmarks)
        print(f"load:          {fig(times)}; {count} bookmarks "
              f"-> {verdict(statistics.median(times), 0.5)}")  # fmt: skip
        extra = make_bookmarks(articles, reps, rng)
        it = iter(extra)
        times = timed(lambda: store.add(next(it)))
        print(f"add one more:  {fig(times)} -> {verdict(statistics.median(times), 0.3)}")
        fresh = BookmarkStore(path).load()
        print(f"after adding:  {len(fresh.bookmarks)} bookmarks on disk")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=BBC)
    ap.add_argument("--n", type=int, default=1000, help="bookmarks to re-anchor")
    ap.add_argument("--store-n", type=int, default=10_000, help="bookmarks in the store file")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-store", action="store_true")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    articles = read_corpus(args.corpus)
    size = sum(map(len, articles.values()))
    print(f"corpus: {len(articles)} articles, {size / 1e6:.1f} M chars, "
          f"read in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    bms = make_bookmarks(articles, args.n, rng)
    bench_reanchor(articles, bms, args.reps, rng)
    bench_fuzzy(articles, bms, args.reps, rng)
    if not args.skip_store:
        bench_store(articles, args.store_n, args.reps, rng)


if __name__ == "__main__":
    main()
