"""Context rules for the entity extractor: cues around a name that decide its type.

Each rule looks at a fixed number of neighbouring tokens (no scans), so extraction stays linear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.entities_alias import close_names
from index.entities_data import ORG, PERSON, Gazetteer, token_key
from index.entities_tokens import COMMON_SUFFIX, SPEECH, Tok

if TYPE_CHECKING:
    from index.entities import _Extractor


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, PLACE or GROUP
    entity: str  # canonical key within the article (see EntityIndex for across articles)


def org_cue(toks: list[Tok], i: int, j: int, g: Gazetteer) -> bool:
    """An unknown name at tokens [i, j) in a company context: "firm Netcraft", "stake in
    Ferrari", "Novartis shares", "Fiat's chief executive"."""
    lists = g.lists
    if i > 0:
        p = toks[i - 1]
        if not p.brk and not p.cap:
            if p.key in lists["org_cue_before"]:
                return True
            if i > 1 and not toks[i - 2].brk:
                if toks[i - 2].key + " " + p.key in lists["org_cue_pair"]:
                    return True
    last = toks[j - 1]
    if j < len(toks) and not last.brk:
        n = toks[j]
        if last.poss:
            return n.key in lists["org_cue_poss"]
        return n.key in lists["org_cue_after"]
    return False


def resolve(ex: _Extractor) -> None:
    """Consistency within the article: surnames and given names of people named in full,
    spelling variants of them, and names typed once keep their type."""
    parts: dict[str, set[str]] = {}
    for m in ex.out:
        if m.type == PERSON and " " in m.entity:
            for w in m.entity.split():
                if len(w) >= 2 and w[0].isupper():
                    parts.setdefault(w, set()).add(m.entity)
    for m in ex.out:
        if m.type == PERSON and " " not in m.entity:
            full = parts.get(m.entity)
            if full is not None and len(full) == 1:
                m.entity = next(iter(full))
    for x in ex.guessed:  # a name seen in a company context is a company throughout
        m = ex.out[x]
        if token_key(m.text) in ex.org_cued:
            m.type = ORG
    known: dict[str, tuple[str, str]] = {}
    left: list[int] = []
    g = ex.g
    for m in ex.out:
        known.setdefault(token_key(m.text), (m.type, m.entity))
    for m in ex.out:  # short forms: "the Bank", "United", "Committee"
        if m.type == ORG and " " in m.text:
            words = token_key(m.text).split()
            for w in words:
                if w in g.org_heads or w in g.org_words:
                    known.setdefault(w, (ORG, m.entity))
    for i, j in ex.pending:
        text = ex.span_text(i, j)
        hit = known.get(text)
        if hit is not None:
            ex.emit(i, j, hit[0], hit[1])
            continue
        if j - i == 1 and not _resolve_word(ex, i, parts):
            left.append(i)
    # a lone unknown word that speaks ("Putin said") or owns ("Putin's") is a person, if it
    # appears mid-sentence and more than once; then all its mentions are
    seen: dict[str, int] = {}
    people: set[str] = set()
    for i in left:
        t = ex.toks[i]
        if t.sent or t.norm.lower() in ex.lower or COMMON_SUFFIX.search(t.norm):
            continue
        seen[t.norm] = seen.get(t.norm, 0) + 1
        nxt = ex.toks[i + 1].key if i + 1 < len(ex.toks) and not t.brk else ""
        if nxt in SPEECH or t.poss:
            people.add(t.norm)
    for i in left:
        w = ex.toks[i].norm
        if w in people and seen.get(w, 0) >= 2:
            ex.emit(i, i + 1, PERSON, w)


def _resolve_word(ex: _Extractor, i: int, parts: dict[str, set[str]]) -> bool:
    t = ex.toks[i]
    w = t.norm
    full = parts.get(w)
    if full is None and len(w) >= 5:
        near = {e for p, es in parts.items() if close_names(p, w) for e in es}
        full = near or None
    if full is not None and len(full) == 1:
        ex.emit(i, i + 1, PERSON, next(iter(full)))
        return True
    found = False
    if "-" in w:  # Hu-Putin
        pos = t.start
        for part in w.split("-"):
            f = parts.get(part)
            if f is not None and len(f) == 1:
                end = pos + len(part)
                ex.out.append(Mention(pos, end, ex.text[pos:end], PERSON, next(iter(f))))
                found = True
            pos += len(part) + 1
    return found
