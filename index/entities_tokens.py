"""Tokens for the entity extractor: offsets, possessives, sentence starts, phrase matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.entities_data import Entry, iter_tokens, token_key


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
SPEECH = frozenset(
    "said says told added asked argued warned insisted claimed stressed explained wrote".split()
)
_SENT_END = frozenset('.!?:;"“”|•')
COMMON_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ism|ship|ing|ence|ance|ive|ous|ally|ies)$")


# Per distinct token string: (offset cut from its start, key, norm, possessive, capitalised,
# words to record as seen in lower case). Tokens repeat (Zipf), so this is mostly a lookup.
_TokenInfo = tuple[int, str, str, bool, bool, tuple[str, ...]]
_INFO: dict[str, _TokenInfo] = {}


def _token_info(raw: str) -> _TokenInfo:
    c = raw[0]
    key = token_key(raw)
    cut = 0
    lowers: list[str] = []
    if c.islower() and "-" in key:
        head, _, rest = key.partition("-")
        if head in ("al", "el") and rest[:1].isupper():
            c = "A"  # al-Assad: a name
        else:  # anti-China, post-Soviet: keep the capitalised tail
            parts = key.split("-")
            skipped = 0
            while parts and not parts[0][:1].isupper():
                skipped += len(parts.pop(0)) + 1
            if parts:
                lowers.append(key[: skipped - 1])
                cut = skipped
                key = key[skipped:]
                c = key[0]
    norm = key
    poss = False
    if key.endswith(_POSSESSIVE) and len(key) > 2:
        norm, poss = key[:-2], True
    elif key.endswith("'"):
        norm, poss = key[:-1], True
    cap = c.isupper()
    if not cap and c.isalpha():
        lowers.append(key)
    info = (cut, key, norm, poss, cap, tuple(lowers))
    if len(_INFO) > 200_000:
        _INFO.clear()
    _INFO[raw] = info
    return info


def _initial(t: Tok) -> bool:
    return t.end - t.start == 1 and t.key.isupper()


def tokenize(text: str) -> tuple[list[Tok], set[str]]:
    toks: list[Tok] = []
    lower: set[str] = set()
    prev_end = 0
    sent = True
    info_of = _INFO.get
    for m in iter_tokens(text):
        raw = m.group()
        start = m.start()
        end = m.end()
        newline = text.find("\n", prev_end, start) != -1
        if newline:
            sent = True
        c = raw[0]
        if not c.isalnum():
            if toks and not newline and toks[-1].end == start:
                last = toks[-1]
                if c == "." and _initial(last):
                    prev_end = end  # "S. Jaishankar": an initial, not a sentence end
                    continue
                if c in "'’" and last.key.endswith("s") and not last.poss and last.cap:
                    last.poss = True  # "Workers' Party", "Novartis' shares": plural possessive
                    last.end = end
                    prev_end = end
                    continue
            if toks and not newline:
                toks[-1].brk = True
            sent = sent or c in _SENT_END
            prev_end = end
            continue
        cut, key, norm, poss, cap, lowers = info_of(raw) or _token_info(raw)
        if lowers:
            lower.update(lowers)
        if toks and newline:
            toks[-1].brk = True
        toks.append(Tok(start + cut, end, key, norm, cap, False, sent, poss))
        sent = False
        prev_end = end
    return toks, lower


def match_phrase(
    table: dict[str, list[Entry]], toks: list[Tok], i: int, j: int, upper: bool
) -> Entry | None:
    """Longest gazetteer phrase starting at token i and ending before j."""
    first = toks[i]
    for key in (first.key, first.norm):
        cands = table.get(key.upper() if upper else key)
        if not cands:
            continue
        for entry in cands:
            words = entry[0]
            n = len(words)
            if i + n > j:
                continue
            ok = True
            for k in range(n):
                t = toks[i + k]
                got = (t.key.upper(), t.norm.upper()) if upper else (t.key, t.norm)
                if words[k] != got[0] and not (k == n - 1 and words[k] == got[1]):
                    ok = False
                    break
                if k < n - 1 and (t.brk or (t.poss and words[k] != t.key)):
                    ok = False
                    break
            if ok:
                return entry
        if first.norm == first.key:
            break
    return None
