"""Tokens for the entity extractor: offsets, possessives, sentence starts, phrase matching.

Most words of an article are lower-case words no rule looks at, so tokenizing makes no object
per word: one regex `split` cuts the text into words and the separators between them, and the
per-word flags the rules need (`Tok`) are built on first access by `Tokens`, a dict keyed by
token index. Only capitalised words, the words next to them and phrase starters get built.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, compress

from index.entities.gazetteer import ABBREVS, ACRONYM, WORD_SPLIT, Entry, plain, token_key


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    key: str  # apostrophes normalised; possessive kept
    norm: str  # possessive removed
    cap: bool  # starts with a capital letter (or is a name particle like al-Assad)
    brk: bool  # punctuation or a line break follows: no name continues past this token
    sent: bool  # first word of a sentence or line
    poss: bool = False  # ends in a possessive ('s): only a gazetteer phrase continues past it


_POSSESSIVE = ("'s", "'S")
# Lower-case words after a hyphen that end a name: "Geneva-based", "Leeds-born".
HYPHEN_TAILS = frozenset(
    """based born bred led backed owned run made listed registered controlled funded
    headquartered educated raised trained style era wide bound area""".split()
)
SPEECH = frozenset(
    "said says told added asked argued warned insisted claimed stressed explained wrote".split()
)
_SENT_END = frozenset('.!?:;"“”|•')
COMMON_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ism|ship|ing|ence|ance|ive|ous|ally|ies)$")

# Per distinct word: (offset cut from its start, key, norm, possessive, capitalised, a tail cut
# from its end). Words repeat (Zipf), so this is mostly a lookup.
_TokenInfo = tuple[int, str, str, bool, bool, bool]


class _InfoCache(dict[str, _TokenInfo]):
    def __missing__(self, raw: str) -> _TokenInfo:
        if len(self) > 200_000:
            self.clear()
        info = self[raw] = _token_info(raw)
        return info


_INFO = _InfoCache()
_DOTTED = re.compile(r"\.[^\W\d_]\.")  # in every acronym with dots: a cheap test first


class _CapCache(dict[str, bool]):
    """Word -> whether it counts as capitalised (its `_TokenInfo` says)."""

    def __missing__(self, raw: str) -> bool:
        if len(self) > 200_000:
            self.clear()
        cap = self[raw] = _INFO[raw][4]
        return cap


_CAPS = _CapCache()


_CAPITAL_PREFIXES = frozenset("Non Anti Pro Post Pre Ex Neo Pan Mid Trans".split())


def _token_info(raw: str) -> _TokenInfo:
    c = raw[0]
    key = token_key(raw)
    cut = 0
    if c.isupper() and "-" in key and key.partition("-")[0] in _CAPITAL_PREFIXES:
        head, _, rest = key.partition("-")  # "Non-EU", "Anti-American" opening a sentence
        if rest[:1].isupper():
            cut, key, c = len(head) + 1, rest, rest[0]
    elif c.islower() and "-" in key:
        head, _, rest = key.partition("-")
        if head in ("al", "el") and rest[:1].isupper():
            c = "A"  # al-Assad: a name
        else:  # anti-China, post-Soviet: keep the capitalised tail
            parts = key.split("-")
            skipped = 0
            while parts and not parts[0][:1].isupper():
                skipped += len(parts.pop(0)) + 1
            if parts:
                cut = skipped
                key = key[skipped:]
                c = key[0]
    elif c.isupper() and "-" in key:  # "Leeds-based", "Scotland-born": the name ends there
        head, _, tail = key.rpartition("-")
        if tail in HYPHEN_TAILS:
            key = head
    norm = key
    poss = False
    if key.endswith(_POSSESSIVE) and len(key) > 2:
        norm, poss = key[:-2], True
    elif key.endswith("'"):
        norm, poss = key[:-1], True
    return (cut, key, norm, poss, c.isupper(), cut + len(key) < len(raw))


class Tokens(dict[int, Tok]):
    """The words of a text: `toks[i]` is the i-th word's `Tok`, built on first access.

    `n` words; `words` the raw words (plain apostrophes); `capf` whether each starts with a
    capital, `caps` the indexes of those that do; `lower` every word seen in lower case."""

    def __init__(self, text: str, skip: frozenset[str] = frozenset()) -> None:
        super().__init__()
        flat = plain(text)
        parts = WORD_SPLIT.split(flat)
        acc = list(accumulate(map(len, parts)))
        if _DOTTED.search(flat) and _merge_acronyms(parts, acc, flat):
            acc = list(accumulate(map(len, parts)))
        self._parts = parts  # separator, word, separator, ..., word, separator
        self.acc = acc  # end offset of each part
        self.words: list[str] = parts[1::2]
        self.after: list[str] = parts[2::2]  # the separator after each word
        self.n = n = len(self.words)
        self.capf: list[bool] = list(map(_CAPS.__getitem__, self.words))
        info = _INFO.__getitem__
        self.caps: list[int] = list(compress(range(n), self.capf))
        # Every word as written: enough to ask whether a name also appears in lower case.
        self.lower: set[str] = set(self.words)
        tok, words = Tok, self.words
        for i in self.caps:  # most capitalised words are followed by a plain space: build them
            k = 2 * i
            if i and parts[k + 2] == " " and words[i] not in skip:
                before = parts[k]
                if before == " ":
                    sent = False
                else:
                    if before[0] in ".'":
                        before = self._after(i - 1)[0]
                    sent = "\n" in before or not _SENT_END.isdisjoint(before)
                cut, key, norm, poss, cap, tail = info(words[i])
                self[i] = tok(acc[k] + cut, acc[k + 1], key, norm, cap, tail, sent, poss)

    def _after(self, i: int) -> tuple[str, int, bool]:
        """The separator after word i less what word i absorbs (the period of "Mr." or of an
        initial, the apostrophe of "Workers'"), the characters it absorbs, and whether the
        absorbed characters belong to the word."""
        sep = self._parts[2 * i + 2]
        c = sep[:1]
        if c == "." or c == "'":
            w = self.words[i]
            if c == ".":
                if w in ABBREVS:
                    return sep[1:], 1, True
                if len(w) == 1 and w.isupper():
                    return sep[1:], 1, False
            else:
                info = _INFO[w]
                if info[4] and not info[3] and info[1].endswith("s"):
                    return sep[1:], 1, True
        return sep, 0, False

    def __missing__(self, i: int) -> Tok:
        if not 0 <= i < self.n:
            raise KeyError(i)
        parts = self._parts
        sep = parts[2 * i + 2]
        end = self.acc[2 * i + 1]
        if sep == " ":
            cut, key, norm, poss, cap, brk = _INFO[self.words[i]]  # "Leeds-born": a name ends
        else:
            rest, absorbed, owned = self._after(i)
            if owned and self.words[i] in ABBREVS:
                cut, key, norm, poss, cap, tail = _INFO[self.words[i] + "."]
                end += 1
            else:
                cut, key, norm, poss, cap, tail = _INFO[self.words[i]]
                if owned:  # "Workers'": a plural possessive
                    poss = True
                    end += 1
            brk = tail or (rest != " " and rest != "" and (not rest.isspace() or "\n" in rest))
        before = parts[2 * i]
        if i == 0:
            sent = True
        elif before == " ":
            sent = False
        else:
            before = self._after(i - 1)[0]
            sent = before != " " and ("\n" in before or not _SENT_END.isdisjoint(before))
        tok = self[i] = Tok(self.acc[2 * i] + cut, end, key, norm, cap, brk, sent, poss)
        return tok

    def shouting(self, text: str) -> set[int]:
        """Indexes of the words on lines written entirely in capitals (two words or more)."""
        idx: set[int] = set()
        if not any(line.isupper() for line in text.splitlines()):
            return idx
        starts = self.acc[0::2]  # start of word k (and the text's end last)
        pos = 0
        for line in text.splitlines(keepends=True):
            end = pos + len(line)
            if line.isupper():
                first = bisect_left(starts, pos, 0, self.n)
                last = bisect_left(starts, end, 0, self.n)
                if last - first >= 2:
                    idx.update(range(first, last))
            pos = end
        return idx


def _merge_acronyms(parts: list[str], acc: list[int], text: str) -> bool:
    """Join the letters of "U.S." (split as words "U", "S" and separators) into one word, with
    its periods, in place. True when something was joined."""
    found = False
    for m in reversed(list(ACRONYM.finditer(text))):
        a, b = m.span()
        p = bisect_left(acc, a)  # the separator ending where the acronym starts
        if p % 2 or acc[p] != a:
            continue
        r = bisect_left(acc, b)  # the separator holding the acronym's final period
        if r % 2:
            continue
        parts[p + 1 : r + 1] = [text[a:b], parts[r][len(parts[r]) - (acc[r] - b) :]]
        found = True
    return found


def tokenize(text: str, skip: frozenset[str] = frozenset()) -> tuple[Tokens, set[str]]:
    """The words of `text` and the set of them; words in `skip` are built only on demand."""
    toks = Tokens(text, skip)
    return toks, toks.lower


def match_phrase(
    table: dict[str, list[Entry]], toks: Tokens, i: int, j: int, upper: bool
) -> Entry | None:
    """Longest gazetteer phrase starting at token i and ending before j. Every word but the
    last matches by key (possessive kept) and is followed by no break; the last word matches
    by key or by norm ("Russia's" ends "Russia")."""
    first = toks[i]
    room = j - i
    key = first.key.upper() if upper else first.key
    for entry in table.get(key, ()):
        words = entry[0]
        n = len(words)
        if n > room:
            continue
        if n == 1:
            return entry
        if first.brk:
            continue
        last = n - 1
        for k in range(1, n):
            t = toks[i + k]
            got = t.key.upper() if upper else t.key
            if words[k] != got:
                if k < last or words[k] != (t.norm.upper() if upper else t.norm):
                    break
            elif k < last and (t.brk or (t.poss and words[k] != t.key)):
                break
        else:
            return entry
    if first.norm != first.key:  # "Russia's": only a one-word phrase can match by norm
        norm = first.norm.upper() if upper else first.norm
        for entry in table.get(norm, ()):
            if len(entry[0]) == 1:
                return entry
    return None


_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.?\s+"
_NAME_WORD = r"([^\W\d]\w*(?:['’-]\w+)*)"
_NAMED = re.compile(
    r"\b" + _HONORIFIC + _NAME_WORD
    + r"|\b" + _NAME_WORD + r"\s+(?:" + "|".join(sorted(SPEECH)) + r")\b"
)  # fmt: skip
_AGE = re.compile(r"\s*,\s*\d{1,3}\s*,")
_WHO = re.compile(r",?\s+who\b")
_PRONOUN_NEXT = re.compile(r"^[^.!?]{0,200}[.!?]\s+[\"“]?(?:He|She|His|Her)\b")


_APPOS_WORD = re.compile(r"[\w'’-]+[,.;:]?")


def role_apposition(text: str, at: int, roles: frozenset[str]) -> bool:
    """ "X, an analyst at Nomura", "X, senior economist at CIBC", "X, Capgemini's principal
    consultant": a person's role within the first four words after the comma."""
    for k, m in enumerate(_APPOS_WORD.finditer(text, at, at + 60)):
        w = m.group()
        if k == 4 or (m.start() > at and text[m.start() - 1] != " "):
            return False
        if w.rstrip(",.;:") in roles:
            return True
        if w[-1] in ",.;:":
            return False
    return False


def named_people(text: str) -> frozenset[str]:
    """The words a text writes after a title or before a verb of saying ("Mr Milburn",
    "Gervais said"), possessives also without their "'s": one pass over the text."""
    found: set[str] = set()
    for m in _NAMED.finditer(text):
        word = m.group(1) or m.group(2)
        found.add(word)
        if word.endswith(("'s", "’s")):
            found.add(word[:-2])
    return frozenset(found)


def person_evidence(
    text: str, toks: Tokens, i: int, j: int, last: str, roles: frozenset[str] = frozenset(),
    named: frozenset[str] | None = None,
) -> bool:  # fmt: skip
    """Whether the text says the unknown name at tokens [i, j) is a person's: "Mr <last>" or
    "<last> said" anywhere (`named`, from `named_people`), a verb of saying beside it ("X
    said", "said X"), "X, who", an age after it ("X, 45,"), a role before it ("Pakistan's
    ambassador, X"), or the next sentence starting with a personal pronoun."""
    if last in (named if named is not None else named_people(text)):
        return True
    words = toks.words
    if j < toks.n and not toks[j - 1].brk and words[j] in SPEECH:
        return True
    if i > 0 and words[i - 1] in SPEECH and not toks[i - 1].brk:
        return True
    if i > 0 and toks.words[i - 1] in roles:  # "ambassador, Munir Akram" (a comma between)
        return True
    end = toks[j - 1].start + len(toks[j - 1].norm)
    if roles and text.startswith(", ", end) and role_apposition(text, end + 2, roles):
        return True
    return bool(
        _AGE.match(text, end) or _WHO.match(text, end) or _PRONOUN_NEXT.match(text[end : end + 300])
    )
