"""Organisation names built from organisation words, for the entity extractor's `_build`: a
run of names, places and groups ending in one ("Monetary Policy Committee", "Wembley Stadium
Company"), "<head> of <names>" ("Bank of England", "Association of Directors of Social
Services"), "<name> of <place>" ("Law Society of Scotland"), a sport's national body ("Athletics
Kenya"); but a given name before a surname that is an organisation word is a person ("Jim
Press").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.entities.gazetteer import GROUP, ORG, PLACE
from index.entities.pairs import city_in
from index.entities.words import SURNAME_ORG_WORDS

if TYPE_CHECKING:
    from index.entities.words import Seg, WordRules


def organisations(ex: WordRules, segs: list[Seg]) -> list[bool]:
    """Emit the organisations the segments of one run make; which segments they used."""
    toks, g = ex.toks, ex.g
    used = [False] * len(segs)
    # organisations: a run of names/places/groups ending in an org word, or "Head of X"
    for s, (a, _b, label, _) in enumerate(segs):
        if label != "ORGW" or used[s]:
            continue
        lo = s
        while lo > 0 and not used[lo - 1] and ex._org_part(segs[lo - 1]):
            lo -= 1
        hi = s + 1
        if (  # "Athletics Kenya": a sport's national body
            toks[a].norm == "Athletics"
            and hi < len(segs)
            and segs[hi][2] == PLACE
            and segs[hi][3] in g.nations
            and not toks[a].brk
        ):
            hi += 1
        if toks[a].norm in g.org_heads:
            k = hi
            while (
                k < len(segs)
                and segs[k][2] == "CONN"
                and toks[segs[k][0]].key in ("of", "the", "for", "on")
            ):
                k += 1
            m = k
            chained = 0
            while m < len(segs) and segs[m][2] in ("NAME", "ORGW", PLACE, GROUP, ORG, "STOP"):
                if segs[m][2] == "STOP" and toks[segs[m][0]].norm in g.function_words:
                    break
                m += 1
                if (  # "Academy of Motion Picture Arts and Sciences"
                    m + 1 < len(segs)
                    and segs[m][2] == "CONN"
                    and toks[segs[m][0]].key in ("and", "of")
                    and segs[m + 1][2] in ("NAME", "ORGW", "STOP")
                    and toks[segs[m + 1][0]].cap
                    and toks[segs[m + 1][0]].norm not in g.function_words
                    and chained < 2
                ):
                    m += 1  # "Association of Directors of Social Services"
                    chained += 1
            if k > hi and m > k:
                hi = m
        elif (  # "Directors Guild of Great Britain", "Law Society of Scotland"
            hi + 1 < len(segs)
            and segs[hi][2] == "CONN"
            and toks[segs[hi][0]].key == "of"
            and segs[hi + 1][2] == PLACE
            and hi - lo >= 2
        ):
            hi += 2
        while hi < len(segs) and segs[hi][2] == "ORGW":
            hi += 1
        if hi < len(segs) and segs[hi][2] == "MISC":
            continue  # "Nuclear Forces Treaty"
        if lo == s and hi == s + 1:
            ex.pending.append((a, a + 1))  # "the Bank" after "Bank of England"
            continue
        if (
            hi - lo == 2
            and segs[lo][2] == "NAME"
            and toks[segs[lo][0]].norm in g.given_names
            and toks[a].norm in SURNAME_ORG_WORDS
        ):
            segs[s] = (a, segs[s][1], "NAME", "")  # "Jim Press", "Dwain Chambers": a person
            continue
        if segs[hi - 1][1] - segs[lo][0] >= 2:
            i0, i1 = segs[lo][0], segs[hi - 1][1]
            kind = PLACE if city_in(ex, i1) else ORG  # "Park City, Utah": a town
            ex.emit(i0, i1, kind, ex.span_text(i0, i1))
            for x in range(lo, hi):
                used[x] = True
    return used
