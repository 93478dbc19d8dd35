"""Text analysis shared by indexing, querying and highlighting.

One tokenizer and one normaliser (lowercase, accent folding, Porter stemming) are used everywhere,
so what the index matched is exactly what the article pane highlights. Indexing takes a fast path
(a compiled regex and a cached normaliser, no Token objects); Whoosh's query parser gets the same
rules through `NewsAnalyzer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import Token
from whoosh.analysis.analyzers import Analyzer
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

# A word: letters/digits, inner dots kept (U.S, 1.5); a trailing possessive ('s, ’s) is part of
# the match but not of the term.
TOKEN_RE = re.compile(r"\w+(?:\.\w+)*(?:['’][sS]\b)?")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
# Gap of positions between the title and the body inside the combined `body` field, so that a
# phrase never matches across them.
TITLE_GAP = 100
# Title terms count this many times in the combined field: a cheap title boost without a second
# field to search.
TITLE_WEIGHT = 3.0

_stem_cache: dict[str, str] = {}
_fold_cache: dict[str, str] = {}


def fold(word: str) -> str:
    """Lowercase and strip accents ("Médecins" -> "medecins")."""
    cached = _fold_cache.get(word)
    if cached is not None:
        return cached
    low = word.lower()
    if not low.isascii():
        decomposed = unicodedata.normalize("NFKD", low)
        low = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(_fold_cache) > 200_000:
        _fold_cache.clear()
    _fold_cache[word] = low
    return low


def normalize(word: str) -> str:
    """The index term for one token: possessive dropped, folded, stemmed."""
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    base = word[:-2] if word.endswith(_POSSESSIVE) else word
    term: str = porter_stem(fold(base))
    if len(_stem_cache) > 500_000:
        _stem_cache.clear()
    _stem_cache[word] = term
    return term


def surface(word: str) -> str:
    """The folded, unstemmed form of a token (used for spelling suggestions)."""
    base = word[:-2] if word.endswith(_POSSESSIVE) else word
    return fold(base)


@dataclass
class Span:
    """One token of a text: its term and where it stands."""

    term: str
    start: int
    end: int
    pos: int


def spans(text: str, pos_offset: int = 0) -> list[Span]:
    """Every token of `text` with its character offsets and position."""
    return [
        Span(normalize(m.group()), m.start(), m.end(), pos_offset + i)
        for i, m in enumerate(TOKEN_RE.finditer(text))
    ]


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order (folded, stemmed)."""
    return [normalize(w) for w in TOKEN_RE.findall(text)]


def surface_terms(text: str) -> list[str]:
    """The folded, unstemmed terms of `text` (author and source fields)."""
    return [surface(w) for w in TOKEN_RE.findall(text)]


def body_words(text: str) -> frozenset[str]:
    """The folded surface words of a body, for spelling suggestions (numbers left out)."""
    return frozenset(w for w in map(surface, TOKEN_RE.findall(text)) if not w[:1].isdigit())


def _pickle_int(n: int) -> bytes:
    if n < 256:
        return b"K" + bytes((n,))
    if n < 65536:
        return b"M" + n.to_bytes(2, "little")
    return b"J" + n.to_bytes(4, "little", signed=True)


_SMALL = [_pickle_int(n) for n in range(4096)]


def _encode_positions(poslist: list[int]) -> bytes:
    """What whoosh.formats.Positions.encode writes (a count, then a pickled list of position
    deltas), built directly: Whoosh reads it back with pickle.loads."""
    deltas = []
    base = 0
    for pos in poslist:
        d = pos - base
        deltas.append(_SMALL[d] if d < 4096 else _pickle_int(d))
        base = pos
    count: bytes = pack_uint(len(poslist))
    return count + b"\x80\x02](" + b"".join(deltas) + b"e."


@dataclass
class PreAnalyzed:
    """Postings of one field of one document, computed ahead (possibly in another process):
    (term bytes, frequency, weight, encoded positions) per unique term."""

    items: list[tuple[bytes, int, float, bytes]]
    words: frozenset[str] = frozenset()  # folded surface words, for spelling suggestions


_word_cache: dict[str, tuple[str, bytes, str]] = {}


def _word(word: str) -> tuple[str, bytes, str]:
    """(term, term as UTF-8, folded surface form) of a token, cached."""
    info = _word_cache.get(word)
    if info is None:
        term = normalize(word)
        info = (term, term.encode("utf-8"), surface(word))
        if len(_word_cache) > 500_000:
            _word_cache.clear()
        _word_cache[word] = info
    return info


_ONE = [pack_uint(1) + b"\x80\x02](" + _SMALL[p] + b"e." for p in range(4096)]


def term_text(text: str) -> tuple[str, set[str]]:
    """The index terms of `text` joined by spaces (for a whitespace-tokenised engine field),
    and its folded surface words; one pass, each distinct word analysed once."""
    out: list[str] = []
    words: set[str] = set()
    get = _word_cache.get
    for word in TOKEN_RE.findall(text):
        info = get(word) or _word(word)
        out.append(info[0])
        words.add(info[2])
    return " ".join(out), words


def analyze_document(title: str, body: str) -> PreAnalyzed:
    """Postings of the combined title+body field, title terms weighted up."""
    poses: dict[bytes, list[int]] = {}
    weights: dict[bytes, float] = {}
    words: set[str] = set()
    pos = 0
    for text, weight, is_body in ((title, TITLE_WEIGHT, False), (body, 1.0, True)):
        for word in TOKEN_RE.findall(text):
            _term, tbytes, folded = _word(word)
            plist = poses.get(tbytes)
            if plist is None:
                poses[tbytes] = [pos]
                weights[tbytes] = weight
            else:
                plist.append(pos)
                weights[tbytes] += weight
            if is_body:
                words.add(folded)
            pos += 1
        pos += TITLE_GAP
    items = [
        (t, len(p), weights[t], _ONE[p[0]] if len(p) == 1 and p[0] < 4096 else _encode_positions(p))
        for t, p in poses.items()
    ]
    return PreAnalyzed(items, frozenset(w for w in words if not w[:1].isdigit()))


def analyze_field(text: str) -> PreAnalyzed:
    """Postings of a plain text field (title alone)."""
    poses: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(TOKEN_RE.findall(text)):
        poses[normalize(word)].append(i)
    items = [
        (t.encode("utf-8"), len(p), float(len(p)), _encode_positions(p)) for t, p in poses.items()
    ]
    return PreAnalyzed(items)


class NewsAnalyzer(Analyzer):  # type: ignore[misc]
    """Whoosh analyzer with the same rules as the fast path, for the query parser."""

    is_morph = True

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewsAnalyzer) and other.stem == self.stem

    def __hash__(self) -> int:
        return hash(("NewsAnalyzer", self.stem))

    def has_morph(self) -> bool:
        return self.stem

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        nomorph = kwargs.get("nomorph", False)
        norm = surface if (nomorph or not self.stem) else normalize
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = fold(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for i, m in enumerate(TOKEN_RE.finditer(value)):
            word = m.group()
            t.text = norm(word)
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t
