"""Where a query matches inside an article: character spans and snippets.

The query's terms are expanded against the index once (prefixes, fuzzy terms), never per hit,
then each text is tokenised with the indexing analyzer and matched token by token, so stems and
phrases light up exactly as they were searched. Terms under NOT are not highlighted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from index.analysis import TOKEN_RE, Span, _stem_cache, normalize

# Fields whose terms match inside the article text / the title.
BODY_FIELDS = {"body"}
TITLE_FIELDS = {"body", "title"}
SNIPPET_CHARS = 220


@dataclass
class Matcher:
    """The terms and phrases of one query, expanded against one index."""

    body_terms: set[str] = field(default_factory=set)
    title_terms: set[str] = field(default_factory=set)
    body_phrases: list[list[str]] = field(default_factory=list)
    title_phrases: list[list[str]] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return sorted(self.body_terms | self.title_terms)

    def body_spans(self, text: str) -> list[tuple[int, int]]:
        return text_spans(text, self.body_terms, self.body_phrases)

    def title_spans(self, text: str) -> list[tuple[int, int]]:
        return text_spans(text, self.title_terms, self.title_phrases)


def text_spans(text: str, terms: set[str], phrases: list[list[str]]) -> list[tuple[int, int]]:
    """`match_spans` over `text`, in one pass without a Span object per token: snippets of 20
    hits tokenise 20 bodies for every search, and that was most of a search's time. Without
    phrases, only the stretches of text where a term can be are tokenised (`_probed`)."""
    if not terms and not phrases:
        return []
    norm, cache = normalize, _stem_cache
    if not phrases:
        chunks = _probed(text, terms)
        tokens = (
            TOKEN_RE.finditer(text)
            if chunks is None
            else (m for s, e in chunks for m in TOKEN_RE.finditer(text, s, e))
        )
        found = [
            (m.start(), m.end()) for m in tokens if (cache.get(w := m.group()) or norm(w)) in terms
        ]
        return merge(found)
    matches = list(TOKEN_RE.finditer(text))
    stems = [cache.get(w := m.group()) or norm(w) for m in matches]
    return _spans(stems, [m.span() for m in matches], terms, phrases)


_char_fold: dict[str, str] = {}


def _folded(text: str) -> str | None:
    """`text` lowercased and without accents, character for character (so that offsets hold),
    as `analysis.fold` folds a word; None when some character does not fold to exactly one."""
    low = text.lower()
    if len(low) != len(text):
        return None
    if low.isascii():
        return low
    table: dict[int, str] = {}
    for ch in set(low):
        if ord(ch) < 128:
            continue
        one = _char_fold.get(ch)
        if one is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            one = _char_fold[ch] = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(one) != 1:
            return None
        if one != ch:
            table[ord(ch)] = one
    return low.translate(table) if table else low


def _probed(text: str, terms: set[str]) -> list[tuple[int, int]] | None:
    """The stretches of `text` (whitespace to whitespace) holding a possible match, or None
    to tokenise it all. A token's stem, less its last letter, starts its folded form (Porter
    rewrites only a word's end: checked over every word of the BBC corpus), so a token whose
    stem is a term holds that prefix where it starts."""
    low = _folded(text)
    if low is None:
        return None
    starts: set[int] = set()
    for term in terms:
        probe = term[:-1] or term
        i = low.find(probe)
        while i >= 0:
            starts.add(i)
            i = low.find(probe, i + 1)
    chunks: list[tuple[int, int]] = []
    for i in sorted(starts):
        if chunks and i < chunks[-1][1]:
            continue
        start = i
        while start > 0 and not low[start - 1].isspace():
            start -= 1
        end = i
        while end < len(low) and not low[end].isspace():
            end += 1
        chunks.append((start, end))
    return chunks


def _spans(
    stems: list[str], offsets: list[tuple[int, int]], terms: set[str], phrases: list[list[str]]
) -> list[tuple[int, int]]:
    """Merged spans of the tokens whose stem is a term, and of every run of stems that is one
    of the phrases; `offsets` are the tokens' (start, end)."""
    found = [offsets[i] for i, t in enumerate(stems) if t in terms]
    for words in phrases:
        n = len(words)
        if not n:
            continue
        first = words[0]
        for i, t in enumerate(stems):
            if t == first and stems[i : i + n] == words:
                found.append((offsets[i][0], offsets[i + n - 1][1]))
    return merge(found)


Expand = Callable[[wq.Query, int], list[str]]  # a Prefix/Wildcard node -> the terms it matches


def build_matcher(q: wq.Query, expand: Expand | None, limit: int = 2000) -> Matcher:
    """The terms and phrases of `q` to highlight; `expand` (the engine's) lists the index terms
    of a prefix or wildcard, at most `limit`."""
    m = Matcher()

    def add_term(fieldname: str, text: str) -> None:
        if fieldname in BODY_FIELDS:
            m.body_terms.add(text)
        if fieldname in TITLE_FIELDS:
            m.title_terms.add(text)

    def visit(node: wq.Query, negated: bool) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            visit(node.a, negated)
            return
        if isinstance(node, wq.Phrase):
            words = [str(w) for w in node.words]
            if node.fieldname in BODY_FIELDS:
                m.body_phrases.append(words)
            if node.fieldname in TITLE_FIELDS:
                m.title_phrases.append(words)
            return
        if isinstance(node, wq.Term) and not isinstance(node, wq.FuzzyTerm):
            text = node.text.decode("utf-8") if isinstance(node.text, bytes) else str(node.text)
            add_term(node.fieldname, text)
            return
        if isinstance(node, (wq.FuzzyTerm, wq.PatternQuery)) and expand is not None:
            if node.fieldname in TITLE_FIELDS:
                for text in expand(node, limit):
                    add_term(node.fieldname, text)
            return
        if not node.is_leaf():
            for child in node.children():
                visit(child, negated)

    visit(q, False)
    return m


def match_spans(
    tokens: list[Span], terms: set[str], phrases: list[list[str]]
) -> list[tuple[int, int]]:
    """Merged, sorted (start, end) spans of every term and phrase match among `tokens`."""
    return _spans([t.term for t in tokens], [(t.start, t.end) for t in tokens], terms, phrases)


def merge(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


@dataclass
class Snippet:
    """A short excerpt with the matches inside it: `spans` are offsets into `text`."""

    text: str
    spans: list[tuple[int, int]]


def snippet(body: str, found: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """The window of about `width` characters holding the most matches, cut at word bounds."""
    if not body:
        return Snippet("", [])
    if not found:
        start, end = 0, min(len(body), width)
    else:
        best, best_count = 0, -1
        j = 0
        for i, (s, _e) in enumerate(found):
            while j < len(found) and found[j][1] <= s + width:
                j += 1
            if j - i > best_count:
                best, best_count = i, j - i
        first = found[best][0]
        start = max(0, first - width // 4)
        end = min(len(body), start + width)
        start = max(0, min(start, end - width))
    if start > 0:
        space = body.rfind(" ", max(0, start - 20), start + 1)
        start = space + 1 if space >= 0 else start
    if end < len(body):
        space = body.find(" ", end - 20 if end > 20 else end, end + 20)
        end = space if space > start else end
    raw = body[start:end]
    # Collapse runs of whitespace (paragraph breaks) to one space, mapping offsets as we go.
    mapping: list[int] = []
    chars: list[str] = []
    prefix = "…" if start > 0 else ""
    last_space = False
    for ch in raw:
        mapping.append(len(chars) + len(prefix))
        if ch.isspace():
            if not last_space:
                chars.append(" ")
            last_space = True
        else:
            chars.append(ch)
            last_space = False
    mapping.append(len(chars) + len(prefix))
    local = [
        (mapping[max(s, start) - start], mapping[min(e, end) - start])
        for s, e in found
        if e > start and s < end
    ]
    suffix = "…" if end < len(body) else ""
    return Snippet(prefix + "".join(chars) + suffix, local)
