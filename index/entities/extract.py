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

Modules: `entities_tokens` (lazy tokens), `entities_words` (one-word runs, unknown chunks),
`entities_context` (events, currencies, newspapers, roles, acronyms in brackets),
`entities_sport` (clubs named by their town, nicknames, line-ups), `entities_rules` (company
cues and consistency within the article), `gazetteer` (the YAML lists).
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
from index.entities.rules import Mention, resolve
from index.entities.sport import is_sport, is_team_sport, lineup_spans
from index.entities.tokens import match_phrase, tokenize
from index.entities.words import DIRECTIONS, SURNAME_ORG_WORDS, WordRules

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
                    and (hit[0] in _PLAIN_KINDS or (hit[0] == PLACE and not self.teams))
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
        if j == i + 2 and self.sport and self._club_of_city(i):
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
                and self._plain_name(toks[k + 1])
            ):
                e = None
            if e is None and t.norm in DIRECTIONS and k + 1 < j:
                region = self._region(k, j)
                if region is not None:  # "West Africa", "East London": one place
                    segs.append(region)
                    k = region[1]
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
            elif e is not None and e[1] == TITLE and k + 1 == j and self._title_surname(k, segs):
                e = None  # "John Major", "Mervyn King", "Mr King": a surname, not a title
            if (
                e is not None
                and len(e[0]) == 1
                and e[1] in (PLACE, ORG)
                and t.norm in g.given_names
                and self._surname_next(k, j)
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
                and self._plain_name(toks[k + 1])
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
                self.pending.append((a, a + 1))  # "the Bank" after "Bank of England"
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
                kind = PLACE if self._city_in(i1) else ORG  # "Park City, Utah": a town
                self.emit(i0, i1, kind, self.span_text(i0, i1))
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
                pair = self._paired(segs, s, used)
                if pair is not None:  # this name and the next are one ("AOL Europe")
                    if pair:
                        end = segs[s + 1][1]
                        self.emit(a, end, pair, self.span_text(a, end))
                    s += 2
                    title_before = False
                    continue
                hit = hit_type(self, segs, s)
                if label == GROUP and self._opens_title(segs, s):
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

    def _regional_unit(
        self, segs: list[tuple[int, int, str, str]], s: int, used: list[bool]
    ) -> int | None:
        """The end of "<company> <country or continent>" starting at segs[s], if that is what
        is there: a company's regional unit ("AOL Europe", "Sony UK") is one organisation."""
        if segs[s][2] != ORG or s + 1 >= len(segs) or used[s + 1]:
            return None
        a, b = segs[s][0], segs[s][1]
        nxt = segs[s + 1]
        if nxt[2] != PLACE or nxt[3] not in UNIT_REGIONS or self.toks[b - 1].brk:
            return None
        if self.toks[b - 1].poss or nxt[1] - nxt[0] > 2 or b - a > 2:
            return None
        return nxt[1]

    def _city_in(self, i1: int) -> bool:
        """Tokens ending at i1 end in "City" and a state or country follows after a comma
        ("Park City, Utah", "Quezon City, Philippines"), outside team sports."""
        toks = self.toks
        if self.teams or toks[i1 - 1].norm != "City" or i1 >= toks.n:
            return False
        if toks.after[i1 - 1] != ", ":
            return False
        hit = self.g.single.get(toks[i1].norm)
        return hit is not None and hit[0] == PLACE

    def _surname_next(self, k: int, j: int) -> bool:
        """Token k + 1 ends the run and is a plain capitalised word no list knows."""
        if k + 2 != j or self.toks[k].brk or self.toks[k].poss:
            return False
        return self._plain_name(self.toks[k + 1])

    def _opens_title(self, segs: list[tuple[int, int, str, str]], s: int) -> bool:
        """The demonym segs[s] opens a longer name no list knows: a capitalised word that is
        no given name follows it ("European Indoors", "European Convention")."""
        if s + 1 >= len(segs) or segs[s + 1][2] not in ("NAME", "MISC"):
            return False
        if segs[s][3] not in ("European", "Europeans"):
            return False  # other demonyms before a name are mostly the people
        b = segs[s][1]
        last, nxt = self.toks[b - 1], self.toks[segs[s + 1][0]]
        return not last.brk and not last.poss and nxt.norm not in self.g.given_names

    def _unknown_compound(self, segs: list[tuple[int, int, str, str]], s: int) -> bool:
        """The place segs[s] and one unknown word are the whole run, neither a person's name
        nor a place word: "Mecca Bingo", "Paris Match"."""
        if len(segs) != 2 or s != 0 or segs[1][2] != "NAME":
            return False
        a, b = segs[1][0], segs[1][1]
        last, nxt = self.toks[segs[0][1] - 1], self.toks[a]
        w = nxt.norm
        g = self.g
        return (
            b == a + 1
            and not last.brk
            and not last.poss
            and not nxt.poss
            and w not in g.given_names
            and w not in g.place_tails
            and w.lower() not in self.lower
            and not self.sport
        )

    def _paired(
        self, segs: list[tuple[int, int, str, str]], s: int, used: list[bool]
    ) -> str | None:
        """The type of the one name segs[s] and segs[s + 1] make ("" for no mention), or None
        when they are two: a company's regional unit ("AOL Europe"), a nation's party ("Welsh
        Labour"), a team ("Chicago Cubs"), a longer name no list knows ("Mecca Bingo"), a place
        and its place word ("Highbury Stadium")."""
        if self._regional_unit(segs, s, used) or self._regional_party(segs, s, used):
            return ORG
        if segs[s][2] != PLACE:
            return None
        if self._team_name(segs, s):
            return ORG
        if self._unknown_compound(segs, s):
            return ""
        return PLACE if self._place_tail(segs, s) else None

    def _club_of_city(self, i: int) -> bool:
        """Tokens i, i + 1: an unknown word and a city that no list joins, in a sports report:
        a club named after its city ("Partizan Belgrade", "Sporting Lisbon")."""
        a, b = self.toks[i], self.toks[i + 1]
        g = self.g
        if a.brk or a.poss or not self._plain_name(a) or a.norm in g.given_names:
            return False
        hit = g.single.get(b.norm)
        return (
            hit is not None
            and hit[0] == PLACE
            and hit[1] not in g.nations
            and not a.sent
            and a.norm.lower() not in self.lower
        )

    def _team_name(self, segs: list[tuple[int, int, str, str]], s: int) -> bool:
        """In a sports report, a town and a plural name after it, ending the run, are a team:
        "Chicago Cubs", "Leicester Tigers", "Sale Sharks"."""
        if not self.sport or s + 2 != len(segs) or segs[s + 1][2] != "NAME":
            return False
        a, b = segs[s + 1][0], segs[s + 1][1]
        last, nxt = self.toks[segs[s][1] - 1], self.toks[a]
        w = nxt.norm
        return (
            b == a + 1
            and not last.brk
            and not last.poss
            and segs[s][3] not in self.g.nations
            and len(w) > 3
            and w.endswith("s")
            and not w.endswith("ss")
            and w.lower() not in self.lower
        )

    def _place_tail(self, segs: list[tuple[int, int, str, str]], s: int) -> bool:
        """A place followed by a place word in the same name: "Highbury Stadium", "Oxford
        Street", "Heathrow Airport" are one place."""
        if s + 1 >= len(segs) or segs[s + 1][2] != "NAME" or segs[s + 1][1] - segs[s + 1][0] != 1:
            return False
        last, nxt = self.toks[segs[s][1] - 1], self.toks[segs[s + 1][0]]
        if last.brk or last.poss or nxt.norm not in self.g.place_tails:
            return False
        return s + 2 >= len(segs) or segs[s + 2][2] not in ("NAME", "ORGW", PLACE, ORG)

    def _regional_party(
        self, segs: list[tuple[int, int, str, str]], s: int, used: list[bool]
    ) -> int | None:
        """The end of "<nation's demonym> <party>" starting at segs[s]: "Welsh Liberal
        Democrats", "Scottish Labour" are parties of their own."""
        if segs[s][2] != GROUP or segs[s][3] not in REGIONAL or s + 1 >= len(segs) or used[s + 1]:
            return None
        b = segs[s][1]
        nxt = segs[s + 1]
        if nxt[2] != ORG or nxt[3] not in PARTIES or self.toks[b - 1].brk or nxt[0] != b:
            return None
        return nxt[1]

    def _region(self, k: int, j: int) -> tuple[int, int, str, str] | None:
        """A direction word and the place it qualifies, as one PLACE segment."""
        toks, g = self.toks, self.g
        nxt = toks[k + 1]
        if toks[k].brk or not (nxt.key in g.phrases or nxt.norm in g.phrases):
            return None
        e = match_phrase(g.phrases, toks, k + 1, j, False)
        if e is None or e[1] != PLACE:
            return None
        end = k + 1 + len(e[0])
        return (k, end, PLACE, self.span_text(k, end))

    def resolve(self) -> None:
        resolve(self)


def extract(text: str) -> list[Mention]:
    """Every mention in `text`, sorted by offset; deterministic, no network."""
    if not text:
        return []
    return _Extractor(text, gazetteer()).run()
