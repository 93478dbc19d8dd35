"""Entity extraction: people, organisations, places and groups in an article body.

Rules and gazetteers only (no model, no network); the lists live in `index/data/*.yaml` and are
loaded once (`index.entities_data.gazetteer`). `extract(text)` returns mentions with character
offsets into `text`; `index.entities_alias` merges them across articles.

Decisions worth knowing:
- A title ("President", "Defense Minister", "Gen.") makes the name after it a PERSON; the title
  is not part of the span. A demonym before the title is its own GROUP mention.
- "Sino" (as in "Sino-Russian") is the adjectival form of China: a GROUP mention of "Chinese",
  like "Russian". "Russia-China" gives two PLACE mentions.
- Seats of government (Kremlin, White House, Downing Street) are ORG.
- Lines written entirely in capitals only yield gazetteer matches, never guessed names.
"""

from __future__ import annotations

from index.entities_alias import (
    Entity,
    EntityIndex,
    apply_overrides,
    canonical_name,
    close_names,
)
from index.entities_data import (
    GROUP,
    ORG,
    PERSON,
    PLACE,
    TITLE,
    TYPES,
    Gazetteer,
    gazetteer,
    token_key,
)
from index.entities_rules import Mention, org_cue, resolve
from index.entities_tokens import (
    COMMON_SUFFIX,
    match_phrase,
    tokenize,
)

__all__ = [
    "GROUP",
    "ORG",
    "PERSON",
    "PLACE",
    "TYPES",
    "Entity",
    "EntityIndex",
    "Mention",
    "apply_overrides",
    "canonical_name",
    "close_names",
    "extract",
]


class _Extractor:
    def __init__(self, text: str, g: Gazetteer) -> None:
        self.text = text
        self.g = g
        self.toks, self.lower = tokenize(text)
        self.out: list[Mention] = []
        self.pending: list[tuple[int, int]] = []  # unresolved name chunks (token ranges)
        self.org_cued: set[str] = set()  # names seen in a company context ("firm X")
        self.guessed: list[int] = []  # indexes in `out` of mentions typed by a weak guess
        self.shouting = self._shouting_lines()

    def _shouting_lines(self) -> set[int]:
        """Token indexes on lines written entirely in capitals."""
        idx: set[int] = set()
        pos = 0
        ti = 0
        toks = self.toks
        for line in self.text.splitlines(keepends=True):
            end = pos + len(line)
            first = ti
            while ti < len(toks) and toks[ti].start < end:
                ti += 1
            if ti - first >= 2 and line.isupper():
                idx.update(range(first, ti))
            pos = end
        return idx

    def emit(self, i: int, j: int, typ: str, entity: str) -> None:
        t0, t1 = self.toks[i], self.toks[j - 1]
        end = t1.start + len(t1.norm)
        self.out.append(Mention(t0.start, end, self.text[t0.start : end], typ, entity))

    def span_text(self, i: int, j: int) -> str:
        t1 = self.toks[j - 1]
        return token_key(self.text[self.toks[i].start : t1.start + len(t1.norm)])

    def run(self) -> list[Mention]:
        toks, g = self.toks, self.g
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if i in self.shouting:
                e = match_phrase(g.upper, toks, i, n, True)
                if e is not None:
                    self.emit(i, i + len(e[0]), e[1], e[2])
                    i += len(e[0])
                else:
                    i += 1
                continue
            if not t.cap and not (t.key in g.phrases and t.key not in g.particles):
                i += 1
                continue
            j = i + 1  # extend the run of capitalised words and connectors
            while j < n and not toks[j - 1].brk and j not in self.shouting:
                u = toks[j]
                if u.cap:
                    j += 1
                    continue
                k = j
                while (
                    k < n
                    and not toks[k].cap
                    and not toks[k - 1].brk
                    and k - j < 3
                    and (
                        toks[k].key in g.particles
                        or toks[k].key in ("of", "the", "and", "for")
                        or (toks[k].key == "on" and toks[k - 1].norm in g.org_words)
                    )
                ):
                    k += 1
                if k > j and k < n and toks[k].cap and not toks[k - 1].brk:
                    j = k + 1
                    continue
                break
            self.segment(i, j)
            i = j
        self.resolve()
        self.out.sort(key=lambda m: m.start)
        return self.out

    def segment(self, i: int, j: int) -> None:
        """Label the tokens of one run, then build mentions from the labels."""
        toks, g = self.toks, self.g
        segs: list[tuple[int, int, str, str]] = []  # (start, end, label, canonical)
        k = i
        while k < j:
            t = toks[k]
            e = match_phrase(g.phrases, toks, k, j, False)
            if e is None and len(t.norm) >= 3 and t.norm.isupper():  # "ANKARA (AFP) -"
                e = match_phrase(g.upper, toks, k, j, True)
            if e is not None and len(e[0]) == 1 and e[1] in (PLACE, GROUP) and k > i:
                if self._surname_slot(k, segs):  # "Sue Essex", "Mr German"
                    e = None
            if e is not None and (e[1] != GROUP or not self._given_then_name(k, j)):
                end = k + len(e[0])
                if e[0][0] == "The" and end > k + 1:  # "The Guardian": no leading "The"
                    segs.append((k, k + 1, "STOP", ""))
                    k += 1
                segs.append((k, end, e[1], e[2]))
                k = end
                continue
            if "-" in t.norm and t.cap:
                parts = self._split_compound(k)
                if parts:
                    segs.extend(parts)
                    k += 1
                    continue
            if not t.cap:
                label = "PART" if t.key in g.particles else "CONN"
            elif (t.norm in g.stop or t.norm.isdigit()) and not self._surname_after_given(k):
                label = "STOP"
            elif t.norm in g.misc_words:
                label = "MISC"
            elif t.norm in g.org_words:
                label = "ORGW"
            else:
                label = "NAME"
            segs.append((k, k + 1, label, ""))
            k += 1
        self._build(segs)

    def _surname_slot(self, k: int, segs: list[tuple[int, int, str, str]]) -> bool:
        """Token k (a place or group word) follows a given name or an honorific."""
        p = self.toks[k - 1]
        if p.brk or p.poss or not segs:
            return False
        last = segs[-1]
        if last[2] == TITLE:
            return self.toks[last[0]].norm in self.g.lists["honorifics"]
        return last[2] == "NAME" and p.norm in self.g.given_names

    def _org_part(self, seg: tuple[int, int, str, str]) -> bool:
        """A segment that can precede an org word inside an organisation's name."""
        t = self.toks[seg[1] - 1]
        if t.poss and t.key.endswith("'s"):  # "Workers' Party" but not "Russia's Party"
            return False
        label = seg[2]
        if label in ("NAME", "ORGW", PLACE, GROUP, ORG):
            return True
        return label == "STOP" and t.norm in self.g.org_modifiers

    def _surname_after_given(self, k: int) -> bool:
        """'Theresa May': a stop word right after a given name is a surname."""
        if k == 0:
            return False
        p, t = self.toks[k - 1], self.toks[k]
        if p.brk or p.poss or not p.cap or p.norm not in self.g.given_names:
            return False
        return t.norm not in self.g.function_words or t.norm in ("May", "June", "April")

    def _given_then_name(self, k: int, j: int) -> bool:
        """'Christian Gomez': a word that is a group and a given name, before an unknown name."""
        toks = self.toks
        if toks[k].norm not in self.g.given_names or toks[k].brk or toks[k].poss or k + 1 >= j:
            return False
        nxt = toks[k + 1]
        return nxt.cap and match_phrase(self.g.phrases, toks, k + 1, j, False) is None

    def _split_compound(self, k: int) -> list[tuple[int, int, str, str]]:
        """'Russia-China', 'Sino-Russian': mentions for the known parts of a hyphenated word."""
        t = self.toks[k]
        g = self.g
        out: list[tuple[int, int, str, str]] = []
        pos = t.start
        for part in t.norm.split("-"):
            hit = g.entries.get((part,))
            if hit is None or hit[0] == TITLE:
                return []  # every part must be known: "Inter-American" stays one word
            out.append((pos, pos + len(part), "SPLIT:" + hit[0], hit[1]))
            pos += len(part) + 1
        for s, e, label, canon in out:
            self.out.append(Mention(s, e, self.text[s:e], label[6:], canon))
        return [(k, k + 1, "STOP", "")]

    def _build(self, segs: list[tuple[int, int, str, str]]) -> None:
        toks, g = self.toks, self.g
        used = [False] * len(segs)
        # organisations: a run of names/places/groups ending in an org word, or "Head of X"
        for s, (a, _b, label, _) in enumerate(segs):
            if label != "ORGW" or used[s]:
                continue
            lo = s
            while lo > 0 and not used[lo - 1] and self._org_part(segs[lo - 1]):
                lo -= 1
            hi = s + 1
            if toks[a].norm in g.org_heads:
                k = hi
                while (
                    k < len(segs)
                    and segs[k][2] == "CONN"
                    and toks[segs[k][0]].key in ("of", "the", "for", "on")
                ):
                    k += 1
                m = k
                while m < len(segs) and segs[m][2] in ("NAME", "ORGW", PLACE, GROUP, ORG, "STOP"):
                    if segs[m][2] == "STOP" and toks[segs[m][0]].norm in g.function_words:
                        break
                    m += 1
                    if (  # "Academy of Motion Picture Arts and Sciences"
                        m + 1 < len(segs)
                        and segs[m][2] == "CONN"
                        and toks[segs[m][0]].key == "and"
                        and segs[m + 1][2] == "NAME"
                    ):
                        m += 1
                if k > hi and m > k:
                    hi = m
            while hi < len(segs) and segs[hi][2] == "ORGW":
                hi += 1
            if hi < len(segs) and segs[hi][2] == "MISC":
                continue  # "Nuclear Forces Treaty"
            if lo == s and hi == s + 1:
                self.pending.append((a, a + 1))  # "the Bank" after "Bank of England"
                continue
            if segs[hi - 1][1] - segs[lo][0] >= 2:
                i0, i1 = segs[lo][0], segs[hi - 1][1]
                self.emit(i0, i1, ORG, self.span_text(i0, i1))
                for x in range(lo, hi):
                    used[x] = True
        # gazetteer hits, titles and name chunks
        s = 0
        title_before = False
        while s < len(segs):
            a, b, label, canon = segs[s]
            if used[s]:
                s += 1
                title_before = False
                continue
            if label in (PERSON, ORG, PLACE, GROUP):
                self.emit(a, b, label, canon)
            elif label == TITLE:
                title_before = True
                s += 1
                continue
            elif label == "NAME":
                e = s + 1
                while e < len(segs) and not used[e] and not toks[segs[e - 1][1] - 1].poss:
                    f = e
                    while f < len(segs) and segs[f][2] == "PART":
                        f += 1
                    if f >= len(segs) or segs[f][2] != "NAME" or used[f]:
                        break
                    e = f + 1
                self._chunk(segs, s, e, title_before)
                s = e
                title_before = False
                continue
            title_before = False
            s += 1

    def _chunk(self, segs: list[tuple[int, int, str, str]], s: int, e: int, titled: bool) -> None:
        toks, g = self.toks, self.g
        i, j = segs[s][0], segs[e - 1][1]
        nxt = segs[e][2] if e < len(segs) else ""
        if nxt == "MISC":
            return  # "Cold War", "Victory Day"
        words = [toks[k].norm for k in range(i, j)]
        if titled:
            self.emit(i, j, PERSON, self.span_text(i, j))
            return
        if org_cue(toks, i, j, g):
            key = self.span_text(i, j)
            self.org_cued.add(key)
            self.emit(i, j, ORG, key)
            return
        n_names = sum(1 for w in words if w[:1].isupper())
        if n_names >= 2 and (words[0] in g.place_heads or words[-1] in g.place_tails):
            self.emit(i, j, PLACE, self.span_text(i, j))
            return
        w0 = words[0]
        initial = len(w0) == 1 and w0.isupper() or len(w0) == 2 and w0[1] == "." and w0[0].isupper()
        if n_names >= 2 and (w0 in g.given_names or w0 in g.surname_first or initial):
            self.emit(i, j, PERSON, self.span_text(i, j))
            return
        prev = segs[s - 1] if s > 0 else None
        if (
            2 <= n_names <= 3
            and nxt in ("", "CONN")
            and prev is None
            and not toks[i].sent
            and all(w.lower() not in self.lower and not COMMON_SUFFIX.search(w) for w in words)
        ):
            self.guessed.append(len(self.out))
            self.emit(i, j, PERSON, self.span_text(i, j))
            return
        if j - i == 1:
            w = words[0]
            before = toks[i - 1] if i > 0 else None
            if (
                before is not None
                and not toks[i].sent
                and before.key in g.place_preps
                and not before.brk
                and prev is None
                and nxt == ""
                and w.lower() not in self.lower
                and not COMMON_SUFFIX.search(w)
            ):
                self.guessed.append(len(self.out))
                self.emit(i, j, PLACE, w)
                return
            if 2 <= len(w) <= 6 and w.isupper() and w.isalpha():
                self.emit(i, j, ORG, w)
                return
        self.pending.append((i, j))

    def resolve(self) -> None:
        resolve(self)


def extract(text: str) -> list[Mention]:
    """Every mention in `text`, sorted by offset; deterministic, no network."""
    if not text:
        return []
    return _Extractor(text, gazetteer()).run()
