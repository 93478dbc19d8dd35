"""Deterministic generator of news-like plain-text articles for benchmarks.

    python benchmarks/generate.py OUT_DIR --count N [--seed 0] [--procs 1]

Writes N `.txt` articles into subfolders of 1,000 files each (`OUT_DIR/0000/000123.txt`).
The same seed gives byte-identical output, whatever `--procs` is: every article draws from its
own `random.Random` seeded from (seed, article number).

Each file looks like scraped news:

    Title In Title Case Of Six To Twelve Words

    By: Firstname Lastname                  (80%)
    Sunday, June 23, 2024                   (70%, dates 2000-2025)

    Paragraph one ...

    Paragraph two ...                       (5-12 paragraphs, ~600 words +-30% in all)

    Source: Reuters                         (60%)

The vocabulary (and every name list) is fixed and independent of the seed, so that
`benchmarks/queries.py` can build queries from it: a Zipf-distributed vocabulary of ~30,000 word
types, the ~300 most common English words at its head, then pronounceable pseudo-words.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

VOCAB_SEED = 20240623  # fixed: the vocabulary and the entity lists never depend on --seed
N_PSEUDO = 30_000
ZIPF_S = 1.0
ZIPF_Q = 2.7  # Zipf-Mandelbrot offset

from gen_lists import (  # noqa: E402  (the lists, kept apart to keep this module short)
    CITIES,
    COLLOCATIONS,
    COMMON_WORDS,
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    MINISTRY_TOPICS,
    MONTHS,
    NATIONALITIES,
    REAL_ACRONYMS,
    SAID_VERBS,
    SMALL_WORDS,
    SOURCES,
    WEEKDAYS,
)

DATE_START = dt.date(2000, 1, 1)
DATE_DAYS = (dt.date(2025, 12, 31) - DATE_START).days

# ---------------------------------------------------------------------------------------------
# Pseudo-words and derived entity lists (fixed, built once at import, ~0.1 s).
# ---------------------------------------------------------------------------------------------
_ONSETS = (
    "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl st sp sk sh ch th"
).split() + [""] * 4
_NUCLEI = "a e i o u a e i o u a e i o u ai ea ou io".split()
_CODAS = [""] * 16 + "n r l s t m k n r l s t nd rt st".split()


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS)


def _pseudo_words(n: int, rng: random.Random, taken: set[str]) -> list[str]:
    """n distinct pronounceable pseudo-words; frequent ranks are shorter, like real words."""
    out: list[str] = []
    while len(out) < n:
        r = len(out) / n
        lo, hi = (1, 2) if r < 0.05 else (2, 2) if r < 0.4 else (2, 3)
        w = "".join(_syllable(rng) for _ in range(rng.randint(lo, hi)))
        if len(w) < 3 or len(w) > 11 or w in taken:
            continue
        taken.add(w)
        out.append(w)
    return out


def _zipf_cum(n: int, s: float = ZIPF_S, q: float = ZIPF_Q) -> list[float]:
    return list(itertools.accumulate(1.0 / (r + q) ** s for r in range(n)))


def _build() -> tuple[list[str], list[float], list[str], list[str], list[str], list[str]]:
    rng = random.Random(VOCAB_SEED)
    taken = set(COMMON_WORDS) | {w.lower() for w in FIRST_NAMES + LAST_NAMES}
    vocab = list(COMMON_WORDS) + _pseudo_words(N_PSEUDO, rng, taken)

    persons: list[str] = []
    seen: set[str] = set()
    while len(persons) < 2000:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            persons.append(name)
    authors: list[str] = []
    while len(authors) < 400:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            authors.append(name)

    orgs: list[str] = list(REAL_ACRONYMS) + [f"Ministry of {t}" for t in MINISTRY_TOPICS]
    org_seen = set(orgs)
    letters = "ABCDEFGHIJKLMNOPRSTUVW"
    suffixes = (
        "Corporation",
        "Group",
        "Holdings",
        "Industries",
        "Bank",
        "Institute",
        "Foundation",
        "Party",
        "Airlines",
        "Energy",
        "Motors",
        "Telecom",
    )
    while len(orgs) < 500:
        kind = rng.random()
        if kind < 0.15:
            name = "".join(rng.choice(letters) for _ in range(rng.randint(3, 4)))
        elif kind < 0.25:
            name = f"University of {rng.choice(CITIES)}"
        elif kind < 0.32:
            name = f"National Bank of {rng.choice(COUNTRIES)}"
        else:
            stem = "".join(_syllable(rng) for _ in range(rng.randint(2, 3))).capitalize()
            name = f"{stem} {rng.choice(suffixes)}"
        if name not in org_seen:
            org_seen.add(name)
            orgs.append(name)

    places: list[str] = list(dict.fromkeys(COUNTRIES + CITIES))
    place_seen = set(places)
    place_forms = ("{}", "{}", "Port {}", "San {}", "New {}", "{}grad", "{}ville", "{}ia")
    while len(places) < 800:
        stem = "".join(_syllable(rng) for _ in range(rng.randint(2, 3))).capitalize()
        name = rng.choice(place_forms).format(stem)
        if name not in place_seen:
            place_seen.add(name)
            places.append(name)
    # Shuffle entity lists so that their Zipf head is a mix of kinds, deterministically.
    rng.shuffle(persons)
    rng.shuffle(places)
    return vocab, _zipf_cum(len(vocab)), persons, authors, orgs, places


VOCAB, VOCAB_CUM, PERSONS, AUTHORS, ORGS, PLACES = _build()
VOCAB_SET = frozenset(VOCAB)
PERSONS_CUM = _zipf_cum(len(PERSONS), s=0.9, q=5)
ORGS_CUM = _zipf_cum(len(ORGS), s=0.9, q=3)
PLACES_CUM = _zipf_cum(len(PLACES), s=0.9, q=3)
NATIONALITIES_CUM = _zipf_cum(len(NATIONALITIES), s=0.8, q=2)
SOURCES_CUM = _zipf_cum(len(SOURCES), s=0.7, q=2)
AUTHORS_CUM = _zipf_cum(len(AUTHORS), s=0.6, q=10)
TITLE_VOCAB = VOCAB[60:6000]  # titles skip the commonest function words
TITLE_CUM = _zipf_cum(len(TITLE_VOCAB), s=0.8, q=20)


def vocab_rank(word: str) -> int:
    """0-based rank of a word in the vocabulary (ValueError if absent)."""
    return VOCAB.index(word)


def expected_frequency(rank: int) -> float:
    """Probability of the vocabulary word of this rank at any one body-word slot."""
    prev = VOCAB_CUM[rank - 1] if rank else 0.0
    return (VOCAB_CUM[rank] - prev) / VOCAB_CUM[-1]


# ---------------------------------------------------------------------------------------------
# Article generation.
# ---------------------------------------------------------------------------------------------
def _pick(rng: random.Random, items: Sequence[str], cum: list[float]) -> str:
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _title_case(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        if i and w in SMALL_WORDS:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def _date_line(rng: random.Random) -> str:
    d = DATE_START + dt.timedelta(days=rng.randrange(DATE_DAYS + 1))
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"


def _mention(rng: random.Random, topic: list[tuple[str, str]]) -> str:
    if rng.random() < 0.75:
        kind, name = rng.choice(topic)
    else:
        r = rng.random()
        if r < 0.4:
            kind, name = "person", _pick(rng, PERSONS, PERSONS_CUM)
        elif r < 0.6:
            kind, name = "org", _pick(rng, ORGS, ORGS_CUM)
        elif r < 0.9:
            kind, name = "place", _pick(rng, PLACES, PLACES_CUM)
        else:
            kind, name = "nat", _pick(rng, NATIONALITIES, NATIONALITIES_CUM)
    if kind == "person" and rng.random() < 0.35:
        return name.rsplit(" ", 1)[1]  # later mentions by surname
    if kind == "org" and not name.isupper() and rng.random() < 0.5:
        return "the " + name
    return name


def _topic(rng: random.Random) -> list[tuple[str, str]]:
    topic = [("person", _pick(rng, PERSONS, PERSONS_CUM)) for _ in range(rng.randint(2, 4))]
    topic += [("org", _pick(rng, ORGS, ORGS_CUM)) for _ in range(rng.randint(1, 2))]
    topic += [("place", _pick(rng, PLACES, PLACES_CUM)) for _ in range(rng.randint(1, 3))]
    topic += [("nat", _pick(rng, NATIONALITIES, NATIONALITIES_CUM))] * rng.randint(0, 1)
    return topic


def _paragraph(rng: random.Random, words: list[str], topic: list[tuple[str, str]]) -> str:
    # Named entities and collocations are spliced into the word stream before sentence splitting.
    words = list(words)
    for _ in range(rng.randint(1, 4)):
        words.insert(rng.randrange(len(words) + 1), _mention(rng, topic))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words) + 1), rng.choice(COLLOCATIONS))
    sentences: list[str] = []
    i, n = 0, len(words)
    while i < n:
        length = rng.randint(8, 30)
        if n - (i + length) < 8:
            length = n - i
        sw = words[i : i + length]
        i += length
        # commas: about one per twelve words
        for _ in range(len(sw) // 12 + (rng.random() < 0.3)):
            j = rng.randrange(1, len(sw) - 1) if len(sw) > 2 else 0
            if not sw[j].endswith(","):
                sw[j] += ","
        first = sw[0]
        sw[0] = first[:1].upper() + first[1:]
        body = " ".join(sw).rstrip(",")
        r = rng.random()
        if r < 0.07:
            speaker = _mention(rng, topic)
            sentences.append(f'"{body}," {speaker} {rng.choice(SAID_VERBS)}.')
        elif r < 0.11:
            sentences.append(body + "?")
        elif r < 0.12:
            sentences.append(body + "!")
        else:
            sentences.append(body + ".")
    return " ".join(sentences)


def article(seed: int, number: int) -> str:
    """The text of article `number` for `seed` (deterministic)."""
    rng = random.Random(seed * 1_000_003 + number)
    topic = _topic(rng)

    title_words = rng.choices(TITLE_VOCAB, cum_weights=TITLE_CUM, k=rng.randint(6, 12))
    if rng.random() < 0.6:
        ent = _mention(rng, topic).removeprefix("the ")
        title_words.insert(rng.randrange(len(title_words) + 1), ent)
    lines = [_title_case(title_words), ""]
    header = False
    if rng.random() < 0.8:
        lines.append("By: " + _pick(rng, AUTHORS, AUTHORS_CUM))
        header = True
    if rng.random() < 0.7:
        lines.append(_date_line(rng))
        header = True
    if header:
        lines.append("")

    n_words = rng.randint(420, 780)
    n_par = rng.randint(5, 12)
    words = rng.choices(VOCAB, cum_weights=VOCAB_CUM, k=n_words)
    cuts = sorted(rng.sample(range(10, n_words - 10), n_par - 1))
    bounds = [0, *cuts, n_words]
    paras = [_paragraph(rng, words[a:b], topic) for a, b in zip(bounds, bounds[1:], strict=False)]
    text = "\n".join(lines) + "\n" + "\n\n".join(paras) + "\n"
    if rng.random() < 0.6:
        text += "\nSource: " + _pick(rng, SOURCES, SOURCES_CUM) + "\n"
    return text


def relpath(number: int) -> str:
    return f"{number // 1000:04d}/{number:06d}.txt"


def _write_range(args: tuple[str, int, int, int]) -> int:
    out, seed, start, stop = args
    root = Path(out)
    total = 0
    made: set[int] = set()
    for i in range(start, stop):
        folder = i // 1000
        if folder not in made:
            (root / f"{folder:04d}").mkdir(parents=True, exist_ok=True)
            made.add(folder)
        data = article(seed, i).encode("utf-8")
        (root / relpath(i)).write_bytes(data)
        total += len(data)
    return total


def generate(out: Path, count: int, seed: int = 0, procs: int = 1) -> int:
    """Write `count` articles under `out`; returns the total bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    step = 1000
    chunks = [(str(out), seed, a, min(a + step, count)) for a in range(0, count, step)]
    if procs <= 1:
        return sum(_write_range(c) for c in chunks)
    from multiprocessing import Pool

    with Pool(procs) as pool:
        return sum(pool.imap_unordered(_write_range, chunks))


def record(seed: int, number: int) -> dict[str, str]:
    """The same article as a dataset record (one line of a JSONL dump)."""
    text = article(seed, number)
    head, _, rest = text.partition("\n\n")
    rec = {"id": f"a{number:07d}", "title": head.strip()}
    lines = rest.split("\n")
    while lines and (lines[0].startswith("By: ") or (lines[0] and lines[0][-4:].isdigit())):
        first = lines.pop(0)
        rec["author" if first.startswith("By: ") else "date"] = first.removeprefix("By: ")
    body = "\n".join(lines).strip()
    body, _, source = body.partition("\nSource: ")
    if source:
        rec["source"] = source.strip()
    rec["text"] = body.strip()
    return rec


def _records(args: tuple[int, int, int]) -> str:
    seed, start, stop = args
    return "".join(json.dumps(record(seed, i)) + "\n" for i in range(start, stop))


def generate_jsonl(out: Path, count: int, seed: int = 0, procs: int = 1) -> int:
    """Write `count` articles as ONE JSONL dump; returns its size in bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    chunks = [(seed, a, min(a + 1000, count)) for a in range(0, count, 1000)]
    from multiprocessing import Pool

    with out.open("w", encoding="utf-8") as f, Pool(max(1, procs)) as pool:
        for text in pool.imap(_records, chunks):
            f.write(text)
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--procs", type=int, default=1, help="worker processes (same output)")
    ap.add_argument("--jsonl", action="store_true", help="OUT is one .jsonl dump of them all")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    make = generate_jsonl if args.jsonl else generate
    size = make(args.out, args.count, args.seed, max(1, args.procs))
    elapsed = time.perf_counter() - t0
    print(
        f"wrote {args.count:,} articles to {args.out} in {elapsed:.1f} s "
        f"({args.count / elapsed:,.0f} articles/s), {size / 1e6:,.1f} MB "
        f"({size / max(1, args.count) / 1e3:.1f} kB/article), pid {os.getpid()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
