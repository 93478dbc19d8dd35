"""What a name and its neighbour make together, for the entity extractor's `_build`: a
company's regional unit ("AOL Europe"), a nation's party ("Welsh Labour"), a team named by its
town ("Chicago Cubs", "Partizan Belgrade"), a place and its place word ("Highbury Stadium"), a
region ("West Africa"), a longer name no list knows ("Mecca Bingo"), a town with its state
("Park City, Utah"). Functions of the extractor (`ex`), which they only read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.entities.gazetteer import GROUP, ORG, PLACE
from index.entities.tokens import match_phrase

if TYPE_CHECKING:
    from index.entities.words import Seg, WordRules

UNIT_REGIONS = frozenset((
    "Europe", "Asia", "Africa", "United Kingdom", "United States", "Japan", "China", "India",
    "Germany", "France", "Italy", "Spain", "Australia", "Canada", "Brazil", "Ireland",
    "North America", "Latin America", "Asia Pacific", "Americas",
))  # fmt: skip
"""Places that name a company's regional unit after its name: "AOL Europe", "Sony UK"."""
REGIONAL = frozenset(("Welsh", "Scottish", "English", "Irish"))
"""Demonyms that name a party's national branch: "Welsh Labour", "Scottish Conservatives"."""
PARTIES = frozenset((
    "Labour", "Liberal Democrats", "Conservative Party", "Green Party", "Democratic Party",
    "Republican Party",
))  # fmt: skip


def regional_unit(ex: WordRules, segs: list[Seg], s: int, used: list[bool]) -> int | None:
    """The end of "<company> <country or continent>" starting at segs[s], if that is what
    is there: a company's regional unit ("AOL Europe", "Sony UK") is one organisation."""
    if segs[s][2] != ORG or s + 1 >= len(segs) or used[s + 1]:
        return None
    a, b = segs[s][0], segs[s][1]
    nxt = segs[s + 1]
    if nxt[2] != PLACE or nxt[3] not in UNIT_REGIONS or ex.toks[b - 1].brk:
        return None
    if ex.toks[b - 1].poss or nxt[1] - nxt[0] > 2 or b - a > 2:
        return None
    return nxt[1]


def city_in(ex: WordRules, i1: int) -> bool:
    """Tokens ending at i1 end in "City" and a state or country follows after a comma
    ("Park City, Utah", "Quezon City, Philippines"), outside team sports."""
    toks = ex.toks
    if ex.teams or toks[i1 - 1].norm != "City" or i1 >= toks.n:
        return False
    if toks.after[i1 - 1] != ", ":
        return False
    hit = ex.g.single.get(toks[i1].norm)
    return hit is not None and hit[0] == PLACE


def surname_next(ex: WordRules, k: int, j: int) -> bool:
    """Token k + 1 ends the run and is a plain capitalised word no list knows."""
    if k + 2 != j or ex.toks[k].brk or ex.toks[k].poss:
        return False
    return ex.plain_name(ex.toks[k + 1])


def opens_title(ex: WordRules, segs: list[Seg], s: int) -> bool:
    """The demonym segs[s] opens a longer name no list knows: a capitalised word that is
    no given name follows it ("European Indoors", "European Convention")."""
    if s + 1 >= len(segs) or segs[s + 1][2] not in ("NAME", "MISC"):
        return False
    if segs[s][3] not in ("European", "Europeans"):
        return False  # other demonyms before a name are mostly the people
    b = segs[s][1]
    last, nxt = ex.toks[b - 1], ex.toks[segs[s + 1][0]]
    return not last.brk and not last.poss and nxt.norm not in ex.g.given_names


def unknown_compound(ex: WordRules, segs: list[Seg], s: int) -> bool:
    """The place segs[s] and one unknown word are the whole run, neither a person's name
    nor a place word: "Mecca Bingo", "Paris Match"."""
    if len(segs) != 2 or s != 0 or segs[1][2] != "NAME":
        return False
    a, b = segs[1][0], segs[1][1]
    last, nxt = ex.toks[segs[0][1] - 1], ex.toks[a]
    w = nxt.norm
    g = ex.g
    return (
        b == a + 1
        and not last.brk
        and not last.poss
        and not nxt.poss
        and w not in g.given_names
        and w not in g.place_tails
        and w.lower() not in ex.lower
        and not ex.sport
    )


def paired(ex: WordRules, segs: list[Seg], s: int, used: list[bool]) -> str | None:
    """The type of the one name segs[s] and segs[s + 1] make ("" for no mention), or None
    when they are two: a company's regional unit ("AOL Europe"), a nation's party ("Welsh
    Labour"), a team ("Chicago Cubs"), a longer name no list knows ("Mecca Bingo"), a place
    and its place word ("Highbury Stadium")."""
    if regional_unit(ex, segs, s, used) or regional_party(ex, segs, s, used):
        return ORG
    if segs[s][2] != PLACE:
        return None
    if team_name(ex, segs, s):
        return ORG
    if unknown_compound(ex, segs, s):
        return ""
    return PLACE if place_tail(ex, segs, s) else None


def club_of_city(ex: WordRules, i: int) -> bool:
    """Tokens i, i + 1: an unknown word and a city that no list joins, in a sports report:
    a club named after its city ("Partizan Belgrade", "Sporting Lisbon")."""
    a, b = ex.toks[i], ex.toks[i + 1]
    g = ex.g
    if a.brk or a.poss or not ex.plain_name(a) or a.norm in g.given_names:
        return False
    hit = g.single.get(b.norm)
    return (
        hit is not None
        and hit[0] == PLACE
        and hit[1] not in g.nations
        and not a.sent
        and a.norm.lower() not in ex.lower
    )


def team_name(ex: WordRules, segs: list[Seg], s: int) -> bool:
    """In a sports report, a town and a plural name after it, ending the run, are a team:
    "Chicago Cubs", "Leicester Tigers", "Sale Sharks"."""
    if not ex.sport or s + 2 != len(segs) or segs[s + 1][2] != "NAME":
        return False
    a, b = segs[s + 1][0], segs[s + 1][1]
    last, nxt = ex.toks[segs[s][1] - 1], ex.toks[a]
    w = nxt.norm
    return (
        b == a + 1
        and not last.brk
        and not last.poss
        and segs[s][3] not in ex.g.nations
        and len(w) > 3
        and w.endswith("s")
        and not w.endswith("ss")
        and w.lower() not in ex.lower
    )


def place_tail(ex: WordRules, segs: list[Seg], s: int) -> bool:
    """A place followed by a place word in the same name: "Highbury Stadium", "Oxford
    Street", "Heathrow Airport" are one place."""
    if s + 1 >= len(segs) or segs[s + 1][2] != "NAME" or segs[s + 1][1] - segs[s + 1][0] != 1:
        return False
    last, nxt = ex.toks[segs[s][1] - 1], ex.toks[segs[s + 1][0]]
    if last.brk or last.poss or nxt.norm not in ex.g.place_tails:
        return False
    return s + 2 >= len(segs) or segs[s + 2][2] not in ("NAME", "ORGW", PLACE, ORG)


def regional_party(ex: WordRules, segs: list[Seg], s: int, used: list[bool]) -> int | None:
    """The end of "<nation's demonym> <party>" starting at segs[s]: "Welsh Liberal
    Democrats", "Scottish Labour" are parties of their own."""
    if segs[s][2] != GROUP or segs[s][3] not in REGIONAL or s + 1 >= len(segs) or used[s + 1]:
        return None
    b = segs[s][1]
    nxt = segs[s + 1]
    if nxt[2] != ORG or nxt[3] not in PARTIES or ex.toks[b - 1].brk or nxt[0] != b:
        return None
    return nxt[1]


def region(ex: WordRules, k: int, j: int) -> tuple[int, int, str, str] | None:
    """A direction word and the place it qualifies, as one PLACE segment."""
    toks, g = ex.toks, ex.g
    nxt = toks[k + 1]
    if toks[k].brk or not (nxt.key in g.phrases or nxt.norm in g.phrases):
        return None
    e = match_phrase(g.phrases, toks, k + 1, j, False)
    if e is None or e[1] != PLACE:
        return None
    end = k + 1 + len(e[0])
    return (k, end, PLACE, ex.span_text(k, end))
