"""'Did you mean': each word of the query that no article contains is replaced by the most common
corpus word within two edits of it (one for words under five letters), compared as written, not
as stems ("stratgic" -> "strategic")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from index.analysis import TOKEN_RE, fold, normalize
from index.query import ParsedQuery

_SKIP_AFTER = re.compile(r"[*~?:]")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def distance(a: str, b: str, cap: int) -> int:
    """Optimal string alignment (Damerau-Levenshtein) distance, giving up above `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


class Speller:
    """Candidates by first letter and length, from the index's vocabulary."""

    def __init__(self, vocab: list[tuple[str, int]], known: Callable[[str], bool]) -> None:
        self.by_key: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        for word, n in vocab:
            if word:
                self.by_key[(word[0], len(word))].append((word, n))
        self.known = known

    def correct(self, word: str) -> str | None:
        w = fold(word)
        if not w:
            return None
        cap = 2 if len(w) >= 5 else 1
        best: tuple[int, int, str] | None = None  # (distance, -count, word)
        for length in range(len(w) - cap, len(w) + cap + 1):
            for cand, n in self.by_key.get((w[0], length), ()):
                d = distance(w, cand, cap)
                if d <= cap and d > 0 and (best is None or (d, -n) < best[:2]):
                    if self.known(cand):
                        best = (d, -n, cand)
        return None if best is None else best[2]

    def expand(self, text: str, maxdist: int, limit: int = 50) -> list[str]:
        """Index terms for a fuzzy query term (`text` is already a stem): the stems of corpus
        words within `maxdist` edits of it, as written or as stemmed, most frequent first.
        Matching words as written finds "beijing" for "beijng~" although its stem is "beij"."""
        if not text:
            return []
        found: dict[str, int] = {}
        for length in range(max(1, len(text) - maxdist), len(text) + maxdist + 4):
            for cand, n in self.by_key.get((text[0], length), ()):
                stem = normalize(cand)
                if (
                    distance(text, cand, maxdist) <= maxdist
                    or distance(text, stem, maxdist) <= maxdist
                ):
                    found[stem] = found.get(stem, 0) + n
        ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        return [t for t, _n in ranked[:limit]]


def suggest(parsed: ParsedQuery, speller: Speller) -> str | None:
    text = parsed.text
    out: list[str] = []
    pos = 0
    changed = False
    in_range = False
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        before = text[pos : m.start()]
        if "[" in before or "{" in before:
            in_range = True
        if "]" in before or "}" in before:
            in_range = False
        out.append(before)
        pos = m.end()
        after = text[m.end() : m.end() + 1]
        field_value = text[max(0, m.start() - 1) : m.start()] == ":" and not re.search(
            r"(body|title):$", text[: m.start()]
        )
        if (
            word in _OPERATORS
            or in_range
            or field_value
            or _SKIP_AFTER.match(after or " ")
            or word.isdigit()
            or speller.known(word)
        ):
            out.append(word)
            continue
        replacement = speller.correct(word)
        if replacement is None:
            out.append(word)
            continue
        out.append(replacement)
        changed = True
    out.append(text[pos:])
    return "".join(out) if changed else None


def is_known(reader_df: Callable[[str], int]) -> Callable[[str], bool]:
    return lambda word: reader_df(normalize(word)) > 0
