"""Finding a bookmarked passage again after its article changed. Pure functions, no I/O.

`anchor()` tries, in order (the way Hypothesis re-anchors W3C annotations):

1. **exact**: the article's hash is the one saved and `body[start:end]` is still the quote;
2. **quote + context**: every exact occurrence of the quote; when there are several, the one
   whose surrounding text agrees with the saved prefix/suffix over the most characters wins,
   ties going to the one nearest the old offset;
3. **fuzzy**: the span most similar to the quote, accepted when its similarity is at least
   `FUZZY_THRESHOLD` (see `similarity()` for the measure), snapped to word boundaries;
4. else the passage is gone and the bookmark is orphaned (kept, never dropped).

The fuzzy search never slides a window over the whole article. A few seed words are taken
from the quote: the longest word of each of `MAX_SEEDS` equal stretches of the quote, so one
local edit cannot remove every seed. Each whole-word occurrence of a seed votes for where the
quote would start. The best-supported places (ties: nearest the old offset) become windows of
about twice the quote's length. Each window is aligned with the quote word by word with
`difflib.SequenceMatcher`; its matching blocks are split where the body ends a sentence that
the quote does not (a repeat of the same words elsewhere), stray edge blocks are dropped, and
each edge is walked outward word against word to take in an edited first or last word.
In an article longer than about 3 x `LOCAL_CHARS`, the text around the old offset is searched
first. Cost: `MAX_SEEDS` substring scans plus a few word-level alignments of about twice the
quote's length, about 0.2 ms per bookmark in a BBC article and 0.35 ms in a 100 kB one.
"""

from __future__ import annotations

import itertools
import os.path
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher

from reader.bookmarks.model import CONTEXT_CHARS, EXACT, MOVED, ORPHANED, Bookmark

# The lowest similarity (see `similarity()`) a fuzzy match needs. At 0.75 a passage survives
# one word in four replaced, a sentence added to a three-sentence passage (0.86) or its last
# quarter cut (0.86); it is orphaned when half of it is rewritten (0.5) or deleted (0.67).
FUZZY_THRESHOLD = 0.75
MAX_SEEDS = 8  # seed words taken from the quote
MAX_SEED_HITS = 64  # a seed found more often than this says little about where the quote is
MAX_CANDIDATES = 3  # windows aligned per bookmark
MAX_OCCURRENCES = 10_000  # exact occurrences of the quote considered
LOCAL_CHARS = 8_000  # in a long article, fuzzy search looks this far around the old offset first

_WORD = re.compile(r"\w+")

Span = tuple[int, int, str]  # (start, end, status)
Lookup = Callable[[str], tuple[str, str] | None]  # article_id -> (body, hash)
ByHash = Callable[[str], tuple[str, str] | None]  # article_hash -> (article_id, body)


def anchor(bm: Bookmark, body: str, body_hash: str) -> Span | None:
    """Where `bm`'s passage is in `body` now, as (start, end, status), or None when it is gone.

    status is EXACT (hash and offsets unchanged) or MOVED (found by quote and context, or by
    fuzzy match, in which case `body[start:end]` differs from `bm.quote`).
    """
    quote = bm.quote
    if body_hash and body_hash == bm.article_hash and body[bm.start : bm.end] == quote:
        return bm.start, bm.end, EXACT
    if not quote or not body:
        return None
    found = _find_quote(body, quote, bm.prefix, bm.suffix, bm.start)
    if found is not None:
        return found, found + len(quote), MOVED
    fuzzy = fuzzy_find(quote, body, bm.start)
    if fuzzy is not None:
        return fuzzy[0], fuzzy[1], MOVED
    return None


def _context_score(body: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters next to body[start:end] agree with the saved prefix and suffix."""
    before = os.path.commonprefix([body[max(0, start - len(prefix)) : start][::-1], prefix[::-1]])
    return len(before) + len(os.path.commonprefix([body[end : end + len(suffix)], suffix]))


def _find_quote(body: str, quote: str, prefix: str, suffix: str, old_start: int) -> int | None:
    """Start of the exact occurrence of `quote` that best fits its context, or None."""
    hits: list[int] = []
    i = body.find(quote)
    while i != -1 and len(hits) < MAX_OCCURRENCES:
        hits.append(i)
        i = body.find(quote, i + 1)
    if len(hits) <= 1:
        return hits[0] if hits else None
    n = len(quote)
    return min(
        hits,
        key=lambda h: (-_context_score(body, h, h + n, prefix, suffix), abs(h - old_start)),
    )


# ---------------------------------------------------------------------------------------------
# Fuzzy matching
# ---------------------------------------------------------------------------------------------
def similarity(matched: int, quote_words: int, span_words: int) -> float:
    """The measure of a fuzzy match: 2·M / (|Q| + |S|), difflib's ratio over words.

    Q is the quote's words and S the candidate span's words (`\\w+` runs, case-folded), and M is
    how many words they share in order (the matching blocks of `difflib.SequenceMatcher`). It is
    1.0 for the same words and falls both with words missing from the span and with words added
    to it. Punctuation and spacing do not count, so re-wrapped paragraphs still match fully.
    """
    total = quote_words + span_words
    return 2.0 * matched / total if total else 0.0


class _Quote:
    """A quote's words (case-folded) and, for each word, whether a sentence or paragraph ends
    between it and the word before."""

    def __init__(self, words: list[re.Match[str]]) -> None:
        self.words = [m.group().casefold() for m in words]
        text = words[0].string
        self.stops = [False] + [
            _boundary(text[a.end() : b.start()]) for a, b in zip(words, words[1:], strict=False)
        ]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _seeds(words: list[re.Match[str]]) -> list[tuple[str, int]]:
    """The longest word of each of MAX_SEEDS equal stretches of the quote, with its offset."""
    seeds: list[tuple[str, int]] = []
    seen: set[str] = set()
    n = len(words)
    parts = min(MAX_SEEDS, n)
    for k in range(parts):
        chunk = words[k * n // parts : (k + 1) * n // parts]
        best = max(chunk, key=lambda m: len(m.group()))
        if best.group() not in seen:
            seen.add(best.group())
            seeds.append((best.group(), best.start()))
    return seeds


def _occurrences(body: str, word: str, lo: int, hi: int) -> list[int] | None:
    """Starts of `word` as a whole word in body[lo:hi]; None when it is too common to help."""
    hits: list[int] = []
    n = len(word)
    scanned = 0
    i = body.find(word, lo, hi)
    while i != -1:
        scanned += 1
        if scanned > 4 * MAX_SEED_HITS:
            return None
        before_ok = i == 0 or not _is_word_char(body[i - 1])
        after_ok = i + n == len(body) or not _is_word_char(body[i + n])
        if before_ok and after_ok:
            hits.append(i)
            if len(hits) > MAX_SEED_HITS:
                return None
        i = body.find(word, i + 1, hi)
    return hits


def _candidate_windows(
    quote: str, words: list[re.Match[str]], body: str, old_start: int, lo: int, hi: int
) -> list[tuple[int, int]]:
    """Windows likely to hold the edited quote, seeded from body[lo:hi], in body order, merged
    where they overlap."""
    tol = max(48, len(quote) // 4)
    support: dict[int, set[int]] = defaultdict(set)  # bucket of the voted start -> seeds
    for k, (word, qpos) in enumerate(_seeds(words)):
        for hit in _occurrences(body, word, lo, hi) or ():
            bucket = (hit - qpos) // tol
            support[bucket].add(k)
            support[bucket - 1].add(k)  # a bucket stands for the starts in [bucket, bucket + 2)
    ranked = sorted(support, key=lambda b: (-len(support[b]), abs(b * tol - old_start)))
    ranked = ranked[:MAX_CANDIDATES]
    pad = len(quote) // 2 + 32
    spans = sorted(
        (max(0, b * tol - pad), min(len(body), (b + 2) * tol + len(quote) + pad)) for b in ranked
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _boundary(gap: str) -> bool:
    """Whether the text between two words ends a sentence or a paragraph."""
    return "\n\n" in gap or "." in gap or "!" in gap or "?" in gap


def _walk(q: _Quote, toks: list[re.Match[str]], i: int, j: int, step: int) -> tuple[int, int]:
    """Carry an aligned edge (quote word i, body word j) outward, word against word, while the
    words match or are few replacements (`max(1, |Q| // 10)`) and no sentence or paragraph
    ends in the body where none does in the quote. Returns the new edge and the words matched.

    This finds an edited first or last word, and repairs an edge that SequenceMatcher matched
    to an earlier repeat of the same words.
    """
    budget = max(1, len(q.words) // 10)
    keep, matched, subs = j, 0, 0
    while True:
        i2, j2 = (i - 1, j - 1) if step < 0 else (i + 1, j + 1)
        if not (0 <= i2 < len(q.words) and 0 <= j2 < len(toks)):
            break
        lo, hi = min(j, j2), max(j, j2)
        gap = toks[lo].string[toks[lo].end() : toks[hi].start()]
        if _boundary(gap) and not q.stops[max(i, i2)]:
            break
        i, j = i2, j2
        if toks[j].group().casefold() == q.words[i]:
            matched, keep = matched + 1, j
            continue
        subs += 1
        if subs > budget:
            break
        if i in (0, len(q.words) - 1):  # the quote's own first or last word, replaced
            keep = j
    return keep, matched


def _trim(q: _Quote, blocks: list[Match]) -> tuple[int, int, int]:
    """Drop stray matches at either edge of a chain of blocks while that raises the score.
    Returns the first and last block kept and the words they match."""
    first, last = 0, len(blocks) - 1
    matched = sum(b.size for b in blocks)

    def score(f: int, la: int, m: int) -> float:
        return similarity(m, len(q.words), blocks[la].b + blocks[la].size - blocks[f].b)

    best = score(first, last, matched)
    while first < last:
        drop_first = score(first + 1, last, matched - blocks[first].size)
        drop_last = score(first, last - 1, matched - blocks[last].size)
        if max(drop_first, drop_last) <= best:
            break
        if drop_first >= drop_last:
            matched -= blocks[first].size
            first, best = first + 1, drop_first
        else:
            matched -= blocks[last].size
            last, best = last - 1, drop_last
    return first, last, matched


def _chains(q: _Quote, toks: list[re.Match[str]], blocks: list[Match]) -> list[list[Match]]:
    """Split the matching blocks where the body ends a sentence between two of them and the
    quote does not: those are matches of the same words elsewhere (a repeat), not one passage.
    """
    chains = [[blocks[0]]]
    for prev, cur in itertools.pairwise(blocks):
        body_gap = toks[0].string[toks[prev.b + prev.size - 1].end() : toks[cur.b].start()]
        if _boundary(body_gap) and not any(q.stops[prev.a + prev.size : cur.a + 1]):
            chains.append([cur])
        else:
            chains[-1].append(cur)
    return chains


def _align(q: _Quote, body: str, lo: int, hi: int) -> list[tuple[int, int, float]]:
    """Spans of body[lo:hi] like the quote, one per chain of matches: (start, end, similarity)."""
    toks = list(_WORD.finditer(body, lo, hi))
    if not toks:
        return []
    matcher = SequenceMatcher(None, q.words, [t.group().casefold() for t in toks], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return []
    found: list[tuple[int, int, float]] = []
    for chain in _chains(q, toks, blocks):
        first, last, matched = _trim(q, chain)
        head, tail = chain[first], chain[last]
        j0, more0 = _walk(q, toks, head.a, head.b, -1)
        j1, more1 = _walk(q, toks, tail.a + tail.size - 1, tail.b + tail.size - 1, +1)
        score = similarity(matched + more0 + more1, len(q.words), j1 - j0 + 1)
        found.append((toks[j0].start(), toks[j1].end(), score))
    return found


_TRAIL = re.compile(r"\w(\W*)$")


def _punct(text: str, punct: str) -> int:
    """How much of `punct` `text` starts with: all of it, else the run before any space."""
    if punct and text.startswith(punct):
        return len(punct)
    k = 0
    while k < min(len(text), len(punct)) and text[k] == punct[k] and not punct[k].isspace():
        k += 1
    return k


def _snap(body: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Widen a word span to whole words, then to the quote's punctuation before its first word
    and after its last (all of it, spaces included, when the body has it there)."""
    while start > 0 and _is_word_char(body[start - 1]):
        start -= 1
    while end < len(body) and _is_word_char(body[end]):
        end += 1
    first, last = _WORD.search(quote), _TRAIL.search(quote)
    if first is None or last is None:
        return start, end
    lead, trail = quote[: first.start()].lstrip(), last.group(1).rstrip()
    start -= _punct(body[max(0, start - len(lead)) : start][::-1], lead[::-1])
    return start, end + _punct(body[end : end + len(trail)], trail)


def fuzzy_find(quote: str, body: str, old_start: int = 0) -> tuple[int, int, float] | None:
    """The span of `body` most like `quote`, as (start, end, similarity), if >= FUZZY_THRESHOLD.

    Among equally similar spans the one nearest `old_start` wins. In a long article the text
    within `LOCAL_CHARS` of `old_start` is searched first, and the whole article only when
    nothing there reaches the threshold.
    """
    words = list(_WORD.finditer(quote))
    if not words or not body:
        return None
    q = _Quote(words)
    ranges = [(0, len(body))]
    if len(body) > 3 * LOCAL_CHARS + len(quote):
        near = (max(0, old_start - LOCAL_CHARS), old_start + len(quote) + LOCAL_CHARS)
        ranges.insert(0, near)
    for lo, hi in ranges:
        windows = _candidate_windows(quote, words, body, old_start, lo, hi)
        good = [f for a, b in windows for f in _align(q, body, a, b) if f[2] >= FUZZY_THRESHOLD]
        if good:
            break
    else:
        return None
    best = min(good, key=lambda f: (-round(f[2], 9), abs(f[0] - old_start)))
    start, end = _snap(body, quote, best[0], best[1])
    return start, end, best[2]


# ---------------------------------------------------------------------------------------------
# Re-anchoring a collection
# ---------------------------------------------------------------------------------------------
@dataclass
class AnchorReport:
    """What re-anchoring did: every bookmark counts once in exact, moved or orphaned."""

    exact: int = 0
    moved: int = 0  # found again with the article changed (includes fuzzy and renamed)
    orphaned: int = 0  # passage or article gone; the bookmark is kept unchanged
    fuzzy: int = 0  # of `moved`: found by fuzzy match; their quote now holds the current text
    renamed: int = 0  # of `moved`: their article was found under another id by content hash
    # those whose persisted fields changed (anchor fields and, after a fuzzy match, the quote)
    changed_bookmarks: list[Bookmark] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything must be saved."""
        return bool(self.changed_bookmarks)

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.orphaned


def _persisted(bm: Bookmark) -> tuple[object, ...]:
    return (bm.article_id, bm.path, bm.quote, bm.start, bm.end, bm.prefix, bm.suffix,
            bm.article_hash)  # fmt: skip


def reanchor_all(bookmarks: Iterable[Bookmark], lookup: Lookup, by_hash: ByHash) -> AnchorReport:
    """Re-anchor every bookmark against the current articles, updating each in place.

    `lookup(article_id)` gives the article's (body, hash) or None; when it is None,
    `by_hash(bm.article_hash)` may find the same text under a new id (a renamed file), in which
    case `article_id` becomes the new id (and `path` too, when it ended with the old id).

    A found bookmark gets its new offsets, prefix/suffix taken from the current body and the
    current hash, so the next load is EXACT. On a fuzzy match the quote is replaced by the
    current text of the span: offsets, quote and context must agree for the bookmark to
    re-anchor exactly next time and for exports to carry a true TextQuoteSelector. An orphaned
    bookmark keeps every field, to be found again if its article comes back.
    `note`, `tags` and `updated` are never touched. Each article is looked up once.
    """
    report = AnchorReport()
    articles: dict[str, tuple[str, str] | None] = {}
    renames: dict[str, tuple[str, str] | None] = {}
    for bm in bookmarks:
        before = _persisted(bm)
        if bm.article_id not in articles:
            articles[bm.article_id] = lookup(bm.article_id)
        article = articles[bm.article_id]
        new_id = ""
        if article is None and bm.article_hash:
            if bm.article_hash not in renames:
                renames[bm.article_hash] = by_hash(bm.article_hash)
            found = renames[bm.article_hash]
            if found is not None:
                new_id, article = found[0], (found[1], bm.article_hash)
        span = anchor(bm, *article) if article is not None else None
        if article is None or span is None:
            bm.status = ORPHANED
            report.orphaned += 1
            continue
        body, body_hash = article
        start, end, status = span
        if new_id and new_id != bm.article_id:
            if bm.path.endswith(bm.article_id):
                bm.path = bm.path[: len(bm.path) - len(bm.article_id)] + new_id
            bm.article_id = new_id
            status = MOVED
            report.renamed += 1
        if body[start:end] != bm.quote:
            bm.quote = body[start:end]
            report.fuzzy += 1
        bm.start, bm.end = start, end
        bm.prefix = body[max(0, start - CONTEXT_CHARS) : start]
        bm.suffix = body[end : end + CONTEXT_CHARS]
        bm.article_hash = body_hash
        bm.status = status
        if status == EXACT:
            report.exact += 1
        else:
            report.moved += 1
        if _persisted(bm) != before:
            report.changed_bookmarks.append(bm)
    return report
