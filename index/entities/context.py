"""Context rules that retype or drop a name the lists or the chunker found.

- Names inside the title of an award or event are not entities ("British Comedy Awards", "MTV
  Europe Music Awards"), except a place that opens it ("Sydney Olympics", "Birmingham Grand
  Prix"). A demonym naming a currency is not a group ("Australian dollar", "Swiss francs").
- In sports articles (`index.entities.sport`): towns as clubs, nicknames, squad roles, line-ups.
- A newspaper named by a common word after "the": "told the Independent", "the Sun reported".
- An acronym in brackets right after an organisation is one too: "African Development Bank
  (AfDB)".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.entities.gazetteer import GROUP, ORG, PERSON, PLACE
from index.entities.sport import (
    RESULT_AFTER,
    RESULT_BEFORE,
    RESULT_PAIRS,
    ROLE_AFTER,
    club_before,
    in_spans,
    town_is_place,
)
from index.entities.tokens import COMMON_SUFFIX

if TYPE_CHECKING:
    from index.entities.words import WordRules

Seg = tuple[int, int, str, str]  # token start, end, label, canonical

EVENT_WORDS = frozenset(
    """Award Awards Prize Prizes Festival Cup Trophy Open Championship Championships Games
    Olympics Series Tour Prix Marathon Masters Classic Gala Expo Biennale Show Week""".split()
)
WORK_BEFORE = frozenset(
    """film films movie movies comedy drama thriller documentary album single song musical novel
    book sitcom series tale biopic epic opera ballet track""".split()
)
_EVENT_AFTER = frozenset("awards award prize prizes trophy festival ceremony".split())
CURRENCY = frozenset(
    """dollar dollars franc francs pound pounds euro euros yen yuan renminbi rupee rupees peso
    pesos rouble roubles ruble rubles krona kronor krone kroner rand shekel shekels dinar
    dinars lira lire baht ringgit rupiah zloty won dirham dirhams real reais""".split()
)
# A newspaper named by a common word, after a lower-case "the".
THE_PAPERS = {
    "Times": "The Times",
    "Independent": "The Independent",
    "Guardian": "The Guardian",
    "Observer": "The Observer",
    "Sun": "The Sun",
    "Mirror": "Daily Mirror",
    "Express": "Daily Express",
    "Telegraph": "Daily Telegraph",
    "Mail": "Daily Mail",
    "Scotsman": "The Scotsman",
    "Herald": "The Herald",
    "Economist": "The Economist",
}
# Before a name in a sports article, words that make it a person: "rival Kelly Sotherton".
SPORT_PERSON_BEFORE = frozenset("rival champion compatriot team-mate teammate opponent".split())
_NAMEISH = frozenset(("NAME", "ORGW", "MISC", PLACE, GROUP, ORG, PERSON))


def hit_type(ex: WordRules, segs: list[Seg], s: int) -> tuple[str, str] | None:
    """Type and canonical name of the gazetteer hit segs[s], or None to drop it."""
    a, b, label, canon = segs[s]
    toks, words = ex.toks, ex.toks.words
    last = toks[b - 1]
    if label == GROUP and b < toks.n and not last.brk and words[b] in CURRENCY:
        return None  # "Australian dollar"
    if label == GROUP and b == a + 1 and _a_language(ex, a):
        return None  # "speak English", "in French": the language
    if ex.tables and label == PLACE and canon not in ex.g.nations:
        if in_spans(ex.tables, toks[a].start):
            return ORG, canon  # "Chicago 5 Houston 4": the teams
    if _in_event(ex, segs, s):
        opens = all(x[2] == "STOP" for x in segs[:s])
        if label != PLACE or not opens:
            return None  # "British Comedy Awards"; but "Sydney Olympics"
        return label, canon  # the place, never its club: "Birmingham Grand Prix"
    if ex.teams and label == PLACE and b == a + 1:
        if town_is_place(words, a, a > 0 and toks[a - 1].brk):
            return label, canon
        club = ex.g.club_towns.get(canon) or ex.g.club_towns.get(words[a])
        if club is not None:
            return ORG, club
        if canon not in ex.g.nations and _club_cue(ex, a, b):  # "Newry boss", "by Newry"
            ex.club_towns.add(canon)
            return ORG, canon
    return label, canon


def _club_cue(ex: WordRules, a: int, b: int) -> bool:
    """The town at tokens [a, b) is a side in a team sport: a squad role after it, a result
    around it, or "X's <player>" ("Barcelona's Thierry Henry", "Milan's Andriy Shevchenko")."""
    toks, words = ex.toks, ex.toks.words
    last = toks[b - 1]
    if b < toks.n and not last.brk:
        if last.poss:  # but not "Zurich's Opera house"
            nxt = toks[b]
            if nxt.norm in ex.g.given_names:
                return True
            return (
                nxt.cap
                and not nxt.brk
                and b + 1 < toks.n
                and toks[b + 1].cap
                and nxt.norm not in ex.g.labelled
            )
        if words[b] in ROLE_AFTER:
            return True
    if a > 0 and not toks[a - 1].brk and club_before(words, a):
        return True
    return _in_result(ex, a, b)


_COMPANY_TOO = frozenset("producer producers founder owner supplier distributor".split())
_LANGUAGE_BEFORE = frozenset(
    "speak speaks spoke speaking spoken learn learning learnt learned teach taught fluent".split()
)
_LANGUAGES = frozenset(
    """English French German Spanish Italian Russian Chinese Mandarin Cantonese Arabic Japanese
    Portuguese Welsh Gaelic Dutch Greek Hindi Urdu Turkish Polish Swedish Korean Hebrew Persian
    Farsi Swahili Latin""".split()
)
_AFTER_LANGUAGE = frozenset("at and or to as with from on is was in".split())


def _a_language(ex: WordRules, a: int) -> bool:
    """The demonym at token a names a language: after "speak"/"learn" ("speak English at
    home") or "in" before punctuation ("subtitled in French."), not before a noun."""
    toks, words = ex.toks, ex.toks.words
    if a == 0 or toks[a].norm not in _LANGUAGES or toks[a - 1].brk:
        return False
    before = words[a - 1]
    if before not in _LANGUAGE_BEFORE and before != "in":
        return False
    t = toks[a]
    if t.brk or a + 1 >= toks.n:
        return True
    return before != "in" and words[a + 1] in _AFTER_LANGUAGE


def _in_event(ex: WordRules, segs: list[Seg], s: int) -> bool:
    toks = ex.toks
    k = s
    while k + 1 < len(segs) and not toks[segs[k][1] - 1].poss:
        k += 1
        label = segs[k][2]
        if label not in _NAMEISH:
            return False
        if label in ("NAME", "MISC") and toks[segs[k][0]].norm in EVENT_WORDS:
            return True
    return False


def chunk_type(ex: WordRules, i: int, j: int, key: str) -> tuple[str, str] | None:
    """Type of an unknown name at tokens [i, j) from its context, if any; ("", "") when the
    context says it is no entity."""
    toks, words = ex.toks, ex.toks.words
    if ex.lineups and in_spans(ex.lineups, toks[i].start):
        return PERSON, key
    if ex.tables and in_spans(ex.tables, toks[i].start):
        return ORG, key  # a side in a results line or a standings table
    if ex.sport:
        club = ex.g.sport_only.get(key)
        if club is not None:
            return ORG, club
        if i > 0 and words[i - 1] in SPORT_PERSON_BEFORE and not toks[i - 1].brk:
            return PERSON, key  # "rival Maria Mutola", "champion Dwain Chambers"
        last = toks[j - 1]
        if j < toks.n and not last.brk and not last.poss and words[j] in ROLE_AFTER:
            if not (j == i + 1 and toks[i].sent and _common_opening(key)):
                return ORG, key  # "Veracruz boss", "Morpeth striker"; not "Replacement hooker"
        if _in_result(ex, i, j):
            if j > i + 1 and (toks[i].norm in ex.g.given_names or not ex.teams):
                return PERSON, key  # "Moya beat Mardy Fish": in tennis, people beat people
            return ORG, key  # "Morpeth beat Blyth 2-1", "drew with Ashington"
    if j == i + 1 and j < toks.n and words[j] == "administration" and not toks[i].brk:
        return PERSON, key  # "the Clinton administration"
    if i > 0 and words[i - 1] in WORK_BEFORE and not toks[i - 1].brk:
        return "", ""  # "comedy Happy Endings", "album Nevermind": a title, no entity
    if j < toks.n and words[j] in _EVENT_AFTER and not toks[j - 1].brk:
        return "", ""  # "the Golden Joystick awards": a name in a title is not an entity
    if i > 0 and not toks[i - 1].brk:
        w = words[i - 1]
        if w in _COMPANY_TOO and j == i + 1 and toks[i].norm not in ex.g.given_names:
            return None  # "producer Endemol": a company as likely as a person; cues decide
        if w in ex.g.lists["person_roles"] or (
            toks[i - 1].sent and w.lower() in ex.g.lists["person_roles"]
        ):
            return PERSON, key  # "analyst Alex Potter", "Spokeswoman Hua Chunying said"
    if j == i + 1 and ex.out and ex.out[-1].type == ORG:
        t = toks[i]
        text = ex.text
        w = t.norm
        if (
            t.start > 0
            and text[t.start - 1] == "("
            and text[t.start + len(w) : t.start + len(w) + 1] == ")"
            and not text[ex.out[-1].end : t.start - 1].strip()
            and 2 <= len(w) <= 8
            and sum(1 for c in w if c.isupper()) >= 2
        ):
            return ORG, w  # "African Development Bank (AfDB)"
    return None


_BRACKETED = re.compile(r"\(([A-Z][A-Za-z]{1,7})s?\)")
_WORD = re.compile(r"[A-Za-z][\w-]*")


def common_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text spells out in lower case: "radio frequency ID (RFID)" makes "RFID" a
    common noun here, while "African Development Bank (AfDB)" keeps "AfDB" a name."""
    out = set()
    if "(" not in text:
        return frozenset()
    for m in _BRACKETED.finditer(text):
        acro = m.group(1)
        if sum(1 for c in acro if c.isupper()) < 2:
            continue
        before = _WORD.findall(text[max(0, m.start() - 80) : m.start()])[-6:]
        first = acro[0].lower()
        for w in reversed(before):
            if w[0].lower() == first and w.lower() not in ("of", "and", "the", "for"):
                if w[0].islower():
                    out.add(acro)
                break
    return frozenset(out)


_NOT_SIDES = frozenset(
    """Neither Either Each Every Both Another Other Fellow Former Reserve Rival Substitute
    Teenage Veteran Young Young Replacement Stand-in Injured Home Away""".split()
)


def _common_opening(word: str) -> bool:
    """A sentence's first word that is a common word, not a club ("Neither player")."""
    return word in _NOT_SIDES or bool(COMMON_SUFFIX.search(word))


def _in_result(ex: WordRules, i: int, j: int) -> bool:
    """An unknown name on either side of a result in a sports article: "Morpeth beat Blyth",
    "drew with Ashington", "a win over Alnwick"."""
    toks, words = ex.toks, ex.toks.words
    last = toks[j - 1]
    if j < toks.n and not last.brk and not last.poss and words[j] in RESULT_AFTER:
        return True
    if i > 0 and not toks[i - 1].brk:
        if words[i - 1] in RESULT_BEFORE:
            return True
        if i > 1 and not toks[i - 2].brk and f"{words[i - 2]} {words[i - 1]}" in RESULT_PAIRS:
            return True
    return False


def the_paper(ex: WordRules, i: int) -> str | None:
    """The paper named by word i, a common word after a lower-case "the" ("the Sun")."""
    words = ex.toks.words
    if i == 0 or words[i - 1] != "the" or ex.toks[i - 1].brk:
        return None
    return THE_PAPERS.get(words[i])
