"""Entity extraction: people, organisations, places and groups in an article body.

Rules and gazetteers only (no model, no network); the lists live in `index/entities/data/*.yaml`
and are loaded once (`index.entities.gazetteer.gazetteer`). `extract(text)` returns mentions
with character offsets into `text`; `index.entities.alias` merges them across articles.

Decisions worth knowing:
- A title ("President", "Defense Minister", "Gen.") makes the name after it a PERSON; the title
  is not part of the span. A demonym before the title is its own GROUP mention.
- The first part of a compound adjective ("Sino-", "Anglo-", "Franco-", "Euro-") is no
  mention: "Sino-Russian" gives "Russian" (GROUP); "Russia-China" gives two PLACE mentions;
  "Euro 2004" is an event, no mention. A direction word is a place only with the place it
  qualifies ("West Africa"); "the West" alone is none.
- Seats of government (Kremlin, White House, Downing Street) are ORG.
- Lines written entirely in capitals only yield gazetteer matches, never guessed names.

Modules: `tokens` (lazy tokens), `words` (one-word runs, unknown chunks), `context` (events,
currencies, newspapers, roles, acronyms, languages), `sport` (clubs named by their town,
nicknames, line-ups, results), `orgnames` (names built on organisation words), `pairs` (what a
name and its neighbour make together), `rules` (company cues and consistency within the
article), `gazetteer` (the YAML lists).
"""

from __future__ import annotations

from index.entities.alias import (
    Entity,
    EntityIndex,
    apply_overrides,
    canonical_name,
    close_names,
)
from index.entities.context import THE_PAPERS, hit_type, the_paper
from index.entities.gazetteer import (
    GROUP,
    ORG,
    PERSON,
    PLACE,
    TITLE,
    TYPES,
    Gazetteer,
    gazetteer,
)
from index.entities.orgnames import organisations
from index.entities.pairs import (
    club_of_city,
    opens_title,
    paired,
    region,
    surname_next,
)
from index.entities.rules import Mention, resolve
from index.entities.sport import is_sport, is_team_sport, lineup_spans, table_spans
from index.entities.tokens import match_phrase, tokenize
from index.entities.words import DIRECTIONS, WordRules

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


_CONNECTORS = frozenset(("of", "the", "and", "for"))
POSTNOMINALS = frozenset("QC KC MP MSP MEP OBE MBE CBE KBE DBE".split())
TITLE_ADJECTIVES = frozenset("Big Little Top Old Good Bad Best Last Lost".split())
"""Capitalised adjectives that open a title mid-sentence ("Big Brother", "Little Britain")."""
_NUMBERED = frozenset(("Radio", "Channel", "Number", "No"))
_PLAIN_KINDS = frozenset((ORG, PERSON, TITLE))


class _Extractor(WordRules):
    def __init__(self, text: str, g: Gazetteer) -> None:
        self.text = text
        self.g = g
        self.toks, self.lower = tokenize(text, g.plain_stop)
        self.out: list[Mention] = []
        self.pending: list[tuple[int, int]] = []  # unresolved name chunks (token ranges)
        self.org_cued: set[str] = set()  # names seen in a company context ("firm X")
        self.guessed: list[int] = []  # indexes in `out` of mentions typed by a weak guess
        self.titles: list[int] = []  # lone title words ("King" after "Mervyn King")
        self.club_towns: set[str] = set()  # towns a cue showed to be a side ("Newry boss")
        self.weak_orgs: list[int] = []  # one-word sides typed by a sports cue ("lost to Rusedski")
        self.shouting = self.toks.shouting(text)
        self.sport = is_sport(self.lower)
        self.teams = self.sport and is_team_sport(self.lower)  # towns can be clubs
        self.lineups = lineup_spans(text) if self.sport else []
        self.tables = table_spans(text) if "\n" in text else []  # results lines, standings
        self.towns_are_sides = self.teams or bool(self.tables)

    def run(self) -> list[Mention]:
        toks, g = self.toks, self.g
        n, capf, words, shouting = toks.n, toks.capf, toks.words, self.shouting
        after = toks.after
        plain_stop, particles, phrases = g.plain_stop, g.particles, g.phrases
        single, text = g.single, self.text
        starters = g.starters & toks.lower  # "eBay", "al-Qaeda"
        cands = toks.caps
        amp = False
        if starters or self.shouting:
            extra = [k for k, w in enumerate(toks.words) if w in starters]
            cands = sorted(set(cands).union(extra, self.shouting))
        i = 0
        for c in cands:
            if c < i:
                continue
            i = c
            w = words[i]
            if (  # a run of one word
                i + 1 < n
                and not capf[i + 1]
                and words[i + 1] not in _CONNECTORS
                and words[i + 1] not in particles
                and words[i + 1] != "on"
                and i not in shouting
            ):
                if w in plain_stop:
                    if w == "Today" and words[i + 1] == "programme":  # Radio 4's, an outlet
                        self.emit(i, i + 1, ORG, "Today programme")
                    i += 1  # "The", "But": a capitalised word that is nothing on its own
                    continue
                hit = single.get(w)
                if (
                    hit is not None
                    and (hit[0] in _PLAIN_KINDS or (hit[0] == PLACE and not self.towns_are_sides))
                    and after[i] == " "
                    and "-" not in w
                    and "'" not in w
                    and w not in THE_PAPERS
                ):  # a name a list knows, alone: no token needed
                    if hit[0] != TITLE:
                        a = toks.acc[2 * i]
                        self.out.append(Mention(a, a + len(w), text[a : a + len(w)], *hit))
                    elif not toks[i].sent:
                        self.titles.append(i)  # "King said", after "Mervyn King"
                    i += 1
                    continue
            t = toks[i]
            if i in shouting:
                e = match_phrase(g.upper, toks, i, n, True)
                if e is not None:
                    self.emit(i, i + len(e[0]), e[1], e[2])
                    i += len(e[0])
                else:
                    i += 1
                continue
            if not t.cap and not (t.key in phrases and t.key not in particles):
                i += 1
                continue
            j = i + 1  # extend the run of capitalised words and connectors
            while (
                j < n
                and ((after[j - 1] == " " and "-" not in words[j - 1]) or not toks[j - 1].brk
                     or (after[j - 1] == " & " and capf[j]))
                and j not in shouting
            ):  # fmt: skip
                if after[j - 1] == " & ":
                    if (
                        toks[j].norm in g.given_names
                        and j + 1 < n
                        and capf[j + 1]
                        and j - i >= 2
                        and not toks[j].poss
                    ):
                        break  # "Matt Lucas & David Walliams": two people
                    amp = True  # "Procter & Gamble", "Marks & Spencer", "Ant & Dec"
                    j += 1
                    continue
                if capf[j] or (words[j][:1].isdigit() and words[j - 1] in _NUMBERED):
                    j += 1  # "Radio 4", "Channel 4"
                    continue
                k = j
                while (
                    k < n
                    and not capf[k]
                    and k - j < 3
                    and (k == j or not toks[k - 1].brk)
                    and (
                        words[k] in particles
                        or words[k] in _CONNECTORS
                        or (words[k] == "on" and toks[k - 1].norm in g.org_words)
                    )
                ):
                    k += 1
                if k > j and k < n and capf[k] and not toks[k - 1].brk:
                    j = k + 1
                    continue
                break
            if amp:
                amp = False
                while i < j - 2 and words[i] in plain_stop:
                    i += 1  # "In Marks & Spencer": not the sentence's first word
                cut = next((k + 1 for k in range(i, j - 1) if toks[k].poss), j)
                if cut < j and any(after[k] == " & " for k in range(i, cut - 1)):
                    j = cut  # "Ant & Dec's Saturday Night Takeaway": the name ends at "'s"
                if words[i] not in plain_stop and all(capf[k] for k in range(i, j)):
                    name = self.span_text(i, j)
                    if toks[j - 1].poss and name + "'s" in g.canonicals:
                        name += "'s"  # "Standard & Poor's"
                    self.emit(i, j, ORG, name)
                    i = j
                    continue
                a = max((k for k in range(i, j) if not capf[k]), default=i - 1) + 1
                if i < a < j - 1 and any(after[k] == " & " for k in range(a, j - 1)):
                    self.segment(i, a - 1)  # "B&Q and Marks & Spencer": two names
                    self.emit(a, j, ORG, self.span_text(a, j))
                    i = j
                    continue
            if j == i + 1:
                paper = the_paper(self, i) if words[i] in THE_PAPERS else None
                if paper is not None:
                    self.emit(i, j, ORG, paper)
                    i = j
                    continue
                if t.key in plain_stop:
                    i = j  # "The", "But": a capitalised word that is nothing on its own
                    continue
            if words[j - 1] == "Today" and j < n and words[j] == "programme":
                if j - 1 > i:  # "BBC Radio 4's Today programme"
                    self.segment(i, j - 1)
                self.emit(j - 1, j, ORG, "Today programme")
            else:
                self.segment(i, j)
            i = j
        self.resolve()
        self.out.sort(key=lambda m: m.start)
        return self.out

    def segment(self, i: int, j: int) -> None:
        """Label the tokens of one run, then build mentions from the labels."""
        toks, g = self.toks, self.g
        if j == i + 2 and self.sport and club_of_city(self, i):
            self.emit(i, j, ORG, self.span_text(i, j))  # "Partizan Belgrade", "Dynamo Kiev"
            return
        if j == i + 1 and self._single(i):
            return
        f = i + 1 if j > i + 2 and toks.words[i] in ("A", "The") else i
        first = toks[f]
        if (  # "Big Brother", "Little Britain", "Top Gear" mid-sentence: a title we don't know
            first.norm in TITLE_ADJECTIVES
            and (f > i or not first.sent)
            and not first.brk
            and match_phrase(g.phrases, toks, f, j, False) is None
        ):
            return
        if j == i + 2 and self._pair(i):
            return
        segs: list[tuple[int, int, str, str]] = []  # (start, end, label, canonical)
        k = i
        while k < j:
            t = toks[k]
            if t.norm in POSTNOMINALS and k > i and segs and segs[-1][2] == "NAME":
                segs.append((k, k + 1, "STOP", ""))  # "Guy Mansfield QC", "Bill Wiggin MP"
                k += 1
                continue
            e = (
                match_phrase(g.phrases, toks, k, j, False)
                if t.key in g.phrases or t.norm in g.phrases
                else None
            )
            if (  # "Economist Colen Garrow said": the role, not the paper
                k == i
                and e is not None
                and len(e[0]) == 1
                and j >= i + 3
                and t.sent
                and self._opening_cue(t.norm)
                and self.plain_name(toks[k + 1])
            ):
                e = None
            if e is None and t.norm in DIRECTIONS and k + 1 < j:
                joined = region(self, k, j)
                if joined is not None:  # "West Africa", "East London": one place
                    segs.append(joined)
                    k = joined[1]
                    continue
            if e is not None and e[1] == GROUP and len(e[0]) == 1 and self._before_number(k):
                segs.append((k, k + 1, "STOP", ""))  # "Euro 2004": an event, not Europeans
                k += 1
                continue
            if e is None and len(t.norm) >= 3 and t.norm.isupper():  # "ANKARA (AFP) -"
                e = match_phrase(g.upper, toks, k, j, True)
            if e is not None and len(e[0]) == 1 and e[1] in (PLACE, GROUP, ORG) and k > i:
                if self._surname_slot(k, segs):  # "Sue Essex", "Mr German"
                    e = None
            elif (
                e is not None
                and e[1] == TITLE
                and (k + 1 == j or (k + 2 == j and toks.words[k + 1] in ("Jr", "Sr", "Jnr")))
                and self._title_surname(k, segs)
            ):
                e = None  # "John Major", "Mervyn King", "Mr King": a surname, not a title
            if (
                e is not None
                and len(e[0]) == 1
                and e[1] in (PLACE, ORG)
                and t.norm in g.given_names
                and surname_next(self, k, j)
            ):
                e = None  # "Milan Mandaric", "Florence Griffith": a given name, then a surname
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
            elif k == i and k + 1 < j and t.sent and self._opening_cue(t.norm):
                label = "STOP"  # "Bookmaker Ladbrokes said", "Analyst Alex Potter said"
            elif (
                (t.norm in g.stop and not (self.sport and t.norm in g.sport_only))
                or t.norm.isdigit()
            ) and not self._surname_after_given(k):
                label = "STOP"  # but "Real" in a sports report is the club
            elif t.norm in g.misc_words and not (
                t.norm == "Bill"
                and k == i
                and k + 1 < j
                and not t.brk
                and self.plain_name(toks[k + 1])
            ):
                label = "MISC"  # "Finance Bill"; but "Bill Gates" is a name
            elif t.norm in g.org_words:
                label = "ORGW"
            else:
                label = "NAME"
            segs.append((k, k + 1, label, ""))
            k += 1
        self._build(segs)

    def _build(self, segs: list[tuple[int, int, str, str]]) -> None:
        toks = self.toks
        used = organisations(self, segs)
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
                pair = paired(self, segs, s, used)
                if pair is not None:  # this name and the next are one ("AOL Europe")
                    if pair:
                        end = segs[s + 1][1]
                        self.emit(a, end, pair, self.span_text(a, end))
                    s += 2
                    title_before = False
                    continue
                hit = hit_type(self, segs, s)
                if label == GROUP and opens_title(self, segs, s):
                    hit = None  # "European Convention on Human Rights", "European Indoors"
                if hit is not None:
                    self.emit(a, b, hit[0], hit[1])
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

    def resolve(self) -> None:
        resolve(self)


def extract(text: str) -> list[Mention]:
    """Every mention in `text`, sorted by offset; deterministic, no network."""
    if not text:
        return []
    return _Extractor(text, gazetteer()).run()
