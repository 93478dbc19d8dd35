"""The fixed benchmark query set, built deterministically from generate.py's vocabulary and lists.

`QUERIES` is a list of (kind, query) in the reader's query language: words are ANDed by default,
OR, NOT, "phrases", prefix*, fuzzy~, field:value (title, author, source), date:[A to B] and
date:YYYY. Words are picked from three bands of the Zipf vocabulary (frequent, mid, rare) so that
result-set sizes are realistic; phrases are collocations and entity names that the generator
really writes adjacent.

    python benchmarks/queries.py [bbc]    # prints the set, grouped by kind
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g  # noqa: E402

QUERY_SEED = 7

KINDS = ("term", "and", "or", "phrase", "prefix", "fuzzy", "field", "date", "mixed")

# Vocabulary bands by 0-based rank (ranks < len(COMMON_WORDS) are real English words).
COMMON = (100, len(g.COMMON_WORDS))  # real content words, in ~10-40% of articles
FREQUENT = (len(g.COMMON_WORDS), 1_500)
MID = (3_000, 10_000)
RARE = (20_000, len(g.VOCAB))

try:  # the Porter stemmer that Whoosh's StemmingAnalyzer uses, when available
    from whoosh.lang.porter import stem as _stem
except ImportError:  # pragma: no cover

    def _stem(word: str) -> str:
        return re.sub(r"(ing|ed|es|s|e|y|al|er)$", "", word)


def _stable(word: str) -> bool:
    """A word the stemmer leaves alone: fair for prefix and fuzzy queries in any engine."""
    return _stem(word) == word and word.isalpha() and len(word) >= 5


class _Picker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def word(self, band: tuple[int, int], *, stable: bool = False, title: bool = False) -> str:
        while True:
            w = g.VOCAB[self.rng.randrange(*band)]
            if w in self.used or len(w) < 4 or w in _STOP or (stable and not _stable(w)):
                continue
            if title and w not in _TITLE_SET:
                continue
            self.used.add(w)
            return w

    def one(self, items: list[str] | tuple[str, ...], head: int | None = None) -> str:
        pool = [x for x in items[: head or len(items)] if x not in self.used]
        x = self.rng.choice(pool)
        self.used.add(x)
        return x


_TITLE_SET = frozenset(g.TITLE_VOCAB)
# Whoosh's default stop list: never pick these as query words.
_STOP = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this to "
    "us we when will with yet you your".split()
)


def _misspell(word: str, rng: random.Random, op: str) -> str:
    """One edit (substitution, deletion or insertion) away from `word`; not a vocabulary word."""
    letters = "aeioulnrst"
    for _ in range(100):
        i = rng.randrange(1, len(word) - 1)  # keep the first letter, like most typos
        c = rng.choice(letters)
        if op == "sub" and c != word[i]:
            out = word[:i] + c + word[i + 1 :]
        elif op == "del":
            out = word[:i] + word[i + 1 :]
        elif op == "ins":
            out = word[:i] + c + word[i:]
        else:
            continue
        if out.lower() not in g.VOCAB_SET and out != word:
            return out
    raise ValueError(f"cannot misspell {word!r}")


def _surnames(names: list[str] | tuple[str, ...], head: int) -> list[str]:
    """Single-token surnames, most frequent first."""
    out: list[str] = []
    for n in names[:head]:
        last = n.rsplit(" ", 1)[1]
        if last.isalpha() and last not in out and len(last) >= 4:
            out.append(last)
    return out


def build_queries(seed: int = QUERY_SEED) -> list[tuple[str, str]]:
    p = _Picker(seed)
    rng = p.rng
    q: list[tuple[str, str]] = []

    def add(kind: str, query: str) -> None:
        q.append((kind, query))

    def cw(stable: bool = False) -> str:
        return p.word(COMMON, stable=stable)

    def fw(stable: bool = False) -> str:
        return p.word(FREQUENT, stable=stable)

    def mw(stable: bool = False) -> str:
        return p.word(MID, stable=stable)

    def rw(stable: bool = False) -> str:
        return p.word(RARE, stable=stable)

    person_last = _surnames(g.PERSONS, 60)
    one_word_places = [x for x in g.PLACES[:150] if x.isalpha() and x[0].isupper()]
    two_word_places = [
        x for x in g.PLACES[:300] if len(x.split()) == 2 and x.replace(" ", "").isalpha()
    ]
    acronyms = [x for x in g.ORGS if x.isupper() and len(x) >= 3]

    # term: a spread of frequencies, plus entity words
    for w in (cw(), cw(), fw(), fw(), mw(), mw(), mw(), rw(), rw()):
        add("term", w)
    add("term", p.one(person_last, 20))
    add("term", p.one(one_word_places, 40))

    # and: 2-3 words, entities, NOT
    add("and", f"{cw()} {cw()}")
    add("and", f"{fw()} {fw()}")
    add("and", f"{fw()} {mw()}")
    add("and", f"{mw()} {mw()}")
    add("and", f"{mw()} {rw()}")
    add("and", f"{fw()} {mw()} {mw()}")
    add("and", f"{p.one(person_last, 30)} {p.one(one_word_places, 60)}")
    add("and", f"{p.one(acronyms, 20)} {fw()}")
    add("and", f"{fw()} NOT {fw()}")
    add("and", f"{mw()} {fw()} NOT {mw()}")

    # or
    add("or", f"{cw()} OR {fw()}")
    add("or", f"{fw()} OR {mw()}")
    add("or", f"{mw()} OR {mw()}")
    add("or", f"{rw()} OR {rw()}")
    add("or", f"{mw()} OR {mw()} OR {mw()}")
    add("or", f"{p.one(person_last, 40)} OR {p.one(person_last, 40)}")
    add("or", f"{p.one(one_word_places, 80)} OR {p.one(one_word_places, 80)}")
    add("or", f"({mw()} OR {mw()}) {fw()}")

    # phrase: collocations and names that really occur adjacent
    two = [c for c in g.COLLOCATIONS if len(c.split()) == 2]
    three = [c for c in g.COLLOCATIONS if len(c.split()) == 3]
    add("phrase", f'"{p.one(two)}"')
    add("phrase", f'"{p.one(two)}"')
    add("phrase", f'"{p.one(three)}"')
    add("phrase", f'"{p.one(three)}"')
    add("phrase", f'"{p.one(g.PERSONS, 30)}"')
    add("phrase", f'"{p.one(two_word_places, 200)}"')
    add("phrase", f'"{p.one([o for o in g.ORGS if o.startswith("Ministry of ")])}"')
    add("phrase", f'"{p.one(two)}" {fw()}')

    # prefix: 3-4 letter stems of words of each band
    add("prefix", fw(stable=True)[:3] + "*")
    add("prefix", fw(stable=True)[:4] + "*")
    add("prefix", mw(stable=True)[:3] + "*")
    add("prefix", mw(stable=True)[:4] + "*")
    add("prefix", rw(stable=True)[:4] + "*")
    add("prefix", f"{mw(stable=True)[:4]}* {fw()}")

    # fuzzy: a real word misspelt by one edit
    add("fuzzy", _misspell(fw(stable=True), rng, "sub") + "~")
    add("fuzzy", _misspell(mw(stable=True), rng, "sub") + "~")
    add("fuzzy", _misspell(mw(stable=True), rng, "del") + "~")
    add("fuzzy", _misspell(rw(stable=True), rng, "ins") + "~")
    add("fuzzy", _misspell(p.one(person_last, 40).lower(), rng, "sub") + "~")
    add("fuzzy", _misspell(p.one(one_word_places, 100).lower(), rng, "del") + "~")
    add("fuzzy", f"{_misspell(mw(stable=True), rng, 'sub')}~ {fw()}")

    # field
    add("field", f"title:{p.word((len(g.COMMON_WORDS), 1_000), title=True)}")
    add("field", f"title:{p.word((1_000, 3_000), title=True)}")
    add("field", f"title:{p.one(person_last, 20)}")
    authors_last = _surnames(g.AUTHORS, 400)
    add("field", f"author:{authors_last[0]}")
    add("field", f"author:{authors_last[len(authors_last) // 3]}")
    add("field", f"author:{authors_last[-1]}")
    one_word_sources = [s for s in g.SOURCES if s.isalpha()]
    for s in (one_word_sources[0], one_word_sources[len(one_word_sources) // 2], "Bloomberg"):
        add("field", f"source:{s.lower()}")

    # date
    add("date", "date:[2010-01-01 to 2012-12-31]")
    add("date", "date:[2000-01-01 to 2000-06-30]")
    add("date", "date:[2024-01-01 to 2025-12-31]")
    add("date", "date:[2015-03-01 to 2015-03-31]")
    add("date", "date:2019")
    add("date", "date:2003")

    # mixed: text with fields and dates
    add("mixed", f"{mw()} date:2019")
    add("mixed", f"author:{authors_last[5]} date:[2005-01-01 to 2014-12-31]")
    add("mixed", f'"{p.one(two)}" source:reuters')
    add("mixed", f"title:{p.word((len(g.COMMON_WORDS), 2_000), title=True)} {fw()} OR {mw()}")
    return q


QUERIES: list[tuple[str, str]] = build_queries()


# Real-English queries for the BBC corpus (/work/shared/corpora/bbc: 2,225 articles of 2004-05,
# no author, source or date lines), with the same kinds; the generated set has no hits there.
BBC_QUERIES: list[tuple[str, str]] = [
    *[
        ("term", w)
        for w in (
            "economy film election mobile chelsea tsunami broadband yukos oscar unemployment"
        ).split()
    ],
    ("and", "blair election"),
    ("and", "interest rates rise"),
    ("and", "mobile phone"),
    ("and", "champions league"),
    ("and", "music download"),
    ("and", "tax budget brown"),
    ("and", "england rugby NOT wales"),
    ("and", "oil price"),
    ("and", "microsoft software"),
    ("and", "film award"),
    ("or", "football OR rugby"),
    ("or", "iraq OR afghanistan"),
    ("or", "apple OR microsoft OR google"),
    ("or", "labour OR tory"),
    ("or", "(film OR music) award"),
    ("or", "euro OR dollar"),
    ("phrase", '"prime minister"'),
    ("phrase", '"interest rates"'),
    ("phrase", '"world cup"'),
    ("phrase", '"general election"'),
    ("phrase", '"chief executive"'),
    ("phrase", '"six nations"'),
    ("phrase", '"best actor"'),
    ("phrase", '"mobile phone" sales'),
    ("prefix", "econ*"),
    ("prefix", "tele*"),
    ("prefix", "champ*"),
    ("prefix", "comp*"),
    ("prefix", "vid*"),
    ("prefix", "elect* blair"),
    ("fuzzy", "goverment~"),
    ("fuzzy", "electon~"),
    ("fuzzy", "econony~"),
    ("fuzzy", "footbal~"),
    ("fuzzy", "musik~"),
    ("fuzzy", "televsion~"),
    ("fuzzy", "mobil~ phone"),
    ("field", "title:oil"),
    ("field", "title:election"),
    ("field", "title:chelsea"),
    ("field", "title:oscar"),
    ("field", "title:microsoft"),
    ("field", "title:budget"),
    ("date", "date:2004"),
    ("date", "date:[2004-01-01 to 2005-12-31]"),
    ("mixed", "title:england rugby"),
    ("mixed", '"prime minister" blair OR brown'),
    ("mixed", "econ* growth"),
    ("mixed", "title:film award OR oscar"),
]


def set_name(corpus: Path | str | None, which: str = "auto") -> str:
    """`bbc` for the BBC corpus, `gen` for generated ones; `which` overrides unless `auto`."""
    if which != "auto":
        return which
    return "bbc" if corpus is not None and "bbc" in str(corpus).lower() else "gen"


def queries_for(corpus: Path | str | None, which: str = "auto") -> list[tuple[str, str]]:
    """The query set for a corpus (see set_name)."""
    return BBC_QUERIES if set_name(corpus, which) == "bbc" else QUERIES


def cold_query(queries: list[tuple[str, str]]) -> str:
    """The query a cold-start measurement runs: the set's first two-word AND query."""
    return next(query for kind, query in queries if kind == "and" and " " in query)


def by_kind(queries: list[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, query in queries if queries is not None else QUERIES:
        out.setdefault(kind, []).append(query)
    return out


COLD_QUERY: str = cold_query(QUERIES)


def main() -> None:
    queries = BBC_QUERIES if sys.argv[1:] == ["bbc"] else QUERIES
    counts = Counter(kind for kind, _ in queries)
    print(f"{len(queries)} queries: " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    print(f"cold-start query: {cold_query(queries)}")
    for kind, qs in by_kind(queries).items():
        print(f"\n[{kind}]")
        for query in qs:
            print("  " + query)


if __name__ == "__main__":
    main()
