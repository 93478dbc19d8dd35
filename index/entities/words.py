"""Word-level rules of the entity extractor: one-word runs, given names and surnames,
hyphenated compounds, and the typing of unknown name chunks (`WordRules._chunk`).

`index.entities.extract._Extractor` inherits these; they read its tokens, gazetteer and mentions.
"""

from __future__ import annotations

import re

from index.entities.context import chunk_type, common_acronyms, hit_type
from index.entities.gazetteer import GROUP, ORG, PERSON, PLACE, TITLE, Gazetteer, token_key
from index.entities.rules import Mention, org_cue
from index.entities.tokens import (
    COMMON_SUFFIX,
    Tok,
    Tokens,
    match_phrase,
    named_people,
    person_evidence,
    role_apposition,
)

COMPOUND_PREFIXES = frozenset((
    "Anglo", "Franco", "Sino", "Euro", "Afro", "Indo", "Russo", "Austro", "Judeo", "Greco",
    "Italo", "Hispano", "Luso", "Nippo", "Turco", "Irano", "Germano", "Polono", "Serbo",
))  # fmt: skip
"""First parts of compound adjectives ("Sino-Russian"): never a mention of their own."""
DIRECTIONS = frozenset(("North", "South", "East", "West", "Central"))
"""Direction words: a place only as part of a region's name ("West Africa", "East London")."""

Seg = tuple[int, int, str, str]  # token start, end, label, canonical
_AGE_AFTER = re.compile(r", \d{1,3}, ")


# Organisation words that are common surnames too: after a given name, a person ("Jim Press").
SURNAME_ORG_WORDS = frozenset((
    "Press", "Chambers", "Church", "Hall", "Banks", "Mills", "House", "Green", "Park", "Bridge",
    "Common", "Steel",
))  # fmt: skip


class WordRules:
    text: str
    g: Gazetteer
    toks: Tokens
    lower: set[str]
    out: list[Mention]
    pending: list[tuple[int, int]]  # unresolved name chunks (token ranges)
    org_cued: set[str]  # names seen in a company context ("firm X")
    guessed: list[int]  # indexes in `out` of mentions typed by a weak guess
    club_towns: set[str]
    weak_orgs: list[int]
    titles: list[int]  # lone title words mid-sentence: a surname if a person named in full has it
    sport: bool
    teams: bool  # a team sport: towns can name clubs
    lineups: list[int]
    tables: list[int]  # team names in results lines and standings

    def emit(self, i: int, j: int, typ: str, entity: str) -> None:
        t0, t1 = self.toks[i], self.toks[j - 1]
        end = t1.start + len(t1.norm)
        if t1.poss and entity.endswith("'s") and t1.key.endswith("'s"):
            end = t1.start + len(t1.key)  # "Moody's", "McDonald's": the name's own "'s"
        self.out.append(Mention(t0.start, end, self.text[t0.start : end], typ, entity))

    def span_text(self, i: int, j: int) -> str:
        t1 = self.toks[j - 1]
        return token_key(self.text[self.toks[i].start : t1.start + len(t1.norm)])

    def _single(self, i: int) -> bool:
        """A run of one word, the most common case, without the general machinery. False
        when the general path must handle it."""
        t, g = self.toks[i], self.g
        hit = g.single.get(t.key) or (g.single.get(t.norm) if t.poss else None)
        if hit is None and len(t.norm) >= 3 and t.norm.isupper():
            return False  # "ANKARA": the upper-case table
        if hit is not None:
            kind = hit[0]
            if kind == GROUP and self._before_number(i):
                return True  # "Euro 2004": an event, not Europeans
            if kind == GROUP or (kind == PLACE and (self.teams or self.tables)):  # club towns
                typed = hit_type(self, [(i, i + 1, kind, hit[1])], 0)
                if typed is not None:
                    self.emit(i, i + 1, typed[0], typed[1])
            elif kind != TITLE:
                self.emit(i, i + 1, kind, hit[1])
            elif not t.sent:
                self.titles.append(i)  # "King said", after "Mervyn King": resolved later
            return True
        if not t.cap or "-" in t.norm or t.norm in g.phrases:
            return not t.cap  # a lower-case starter that matched nothing; or a compound
        if t.norm in g.stop or t.norm.isdigit() or t.norm in g.misc_words:
            return True
        if t.norm in g.org_words:
            self.pending.append((i, i + 1))  # "the Bank" after "Bank of England"
            return True
        self._chunk([(i, i + 1, "NAME", "")], 0, 1, False)
        return True

    def _before_number(self, k: int) -> bool:
        """Word k is followed by a number ("Euro 2004", "Radio 4")."""
        toks = self.toks
        return k + 1 < toks.n and not toks[k].brk and toks.words[k + 1][:1].isdigit()

    def plain_name(self, t: Tok) -> bool:
        """A capitalised word that no list knows and no rule of `segment` labels."""
        w = t.norm
        return (
            t.cap
            and w not in self.g.labelled
            and t.key not in self.g.phrases
            and "-" not in w
            and not w.isdigit()
            and not (len(w) >= 3 and w.isupper())
        )

    def _pair(self, i: int) -> bool:
        """A run of two plain capitalised words no list knows ("Tony Blair"), or a one-word
        title and one ("Mr Blair"): straight to the chunker. False when the general path must
        handle it."""
        toks, g = self.toks, self.g
        a, b = toks[i], toks[i + 1]
        title = g.single.get(a.key)
        if title is not None and title[0] == TITLE and len(g.phrases[a.key]) == 1 and not a.poss:
            if not self.plain_name(b):
                return False
            self._chunk([(i, i + 1, TITLE, ""), (i + 1, i + 2, "NAME", "")], 1, 2, True)
            return True
        if not (self.plain_name(a) and self.plain_name(b)):
            return False
        if a.sent and self._opening_cue(a.norm):
            return False  # "Bookmaker Ladbrokes": the general path drops the cue
        segs = [(i, i + 1, "NAME", ""), (i + 1, i + 2, "NAME", "")]
        if a.poss:  # "Blair's Cabinet": two chunks
            self._chunk(segs, 0, 1, False)
            self._chunk(segs, 1, 2, False)
        else:
            self._chunk(segs, 0, 2, False)
        return True

    def _surname_slot(self, k: int, segs: list[tuple[int, int, str, str]]) -> bool:
        """Token k (a place or group word) follows a given name or an honorific."""
        p = self.toks[k - 1]
        if p.brk or p.poss or not segs:
            return False
        last = segs[-1]
        if last[2] == TITLE:
            return self.toks[last[0]].norm in self.g.lists["honorifics"]
        if last[2] != "NAME":
            return False
        if p.norm in self.g.given_names:
            return True
        a = segs[0][0]  # "actress Brigitte Nielsen": a role before the name
        return len(segs) == 1 and a > 0 and self._role_before(a)

    def _role_before(self, a: int) -> bool:
        """A person's role in lower case right before token a ("actress", "analyst")."""
        toks = self.toks
        return not toks[a - 1].brk and toks.words[a - 1] in self.g.lists["person_roles"]

    def _role_after(self, j: int) -> bool:
        """ "<name>, Plaid Cymru health spokesman,", "<name>, who ...", "<name>, 45,": a
        person's apposition after token j - 1 (strong enough at a sentence's start)."""
        t = self.toks[j - 1]
        end = t.start + len(t.norm)
        text = self.text
        if not text.startswith(", ", end):
            return False
        if text.startswith(", who ", end) or _AGE_AFTER.match(text, end):
            return True
        return role_apposition(text, end + 2, self.g.lists["person_roles"])

    def _opening_cue(self, w: str) -> bool:
        """A sentence's first word that is a cue for the name after it ("Bookmaker", "Analyst")."""
        low = w.lower()
        lists = self.g.lists
        return w != low and (low in lists["org_cue_before"] or low in lists["person_roles"])

    def _title_surname(self, k: int, segs: list[tuple[int, int, str, str]]) -> bool:
        """Title word k ends a run of names that starts with a given name or an honorific:
        a surname ("Mervyn King", "Martin Luther King", "Mr Major")."""
        if self.toks[k - 1].brk or self.toks[k - 1].poss or not segs:
            return False
        if self._surname_slot(k, segs):
            return True
        first = self.toks[segs[0][0]].norm
        return all(sg[2] == "NAME" for sg in segs) and first in self.g.given_names

    def _org_part(self, seg: tuple[int, int, str, str]) -> bool:
        """A segment that can precede an org word inside an organisation's name."""
        t = self.toks[seg[1] - 1]
        if t.poss and t.key.endswith("'s"):  # "Workers' Party" but not "Russia's Party"
            return False
        label = seg[2]
        if label in ("NAME", "ORGW", PLACE, GROUP, ORG, "MISC"):
            return True  # "Conference Board": a word of events inside an organisation's name
        if label != "STOP" or not t.cap or t.norm in self.g.function_words or t.norm.isdigit():
            return False
        # a capitalised common word inside the name: "Monetary Policy Committee"
        return t.norm in self.g.org_modifiers or not t.sent

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
        """'Russia-China': mentions for the known parts of a hyphenated word. The first part of
        a compound adjective ("Sino-", "Anglo-", "Franco-", "Euro-") is no mention of its own:
        "Franco-German" gives "German" only."""
        t = self.toks[k]
        g = self.g
        out: list[tuple[int, int, str, str]] = []
        pos = t.start
        parts = t.norm.split("-")
        for n, part in enumerate(parts):
            if n < len(parts) - 1 and part in COMPOUND_PREFIXES:
                pos += len(part) + 1
                continue
            hit = g.entries.get((part,))
            if hit is None or hit[0] == TITLE:
                return []  # every part must be known: "Inter-American" stays one word
            out.append((pos, pos + len(part), "SPLIT:" + hit[0], hit[1]))
            pos += len(part) + 1
        if not out:
            return [(k, k + 1, "STOP", "")]
        for s, e, label, canon in out:
            self.out.append(Mention(s, e, self.text[s:e], label[6:], canon))
        return [(k, k + 1, "STOP", "")]

    def _chunk(self, segs: list[tuple[int, int, str, str]], s: int, e: int, titled: bool) -> None:
        toks, g = self.toks, self.g
        i, j = segs[s][0], segs[e - 1][1]
        nxt = segs[e][2] if e < len(segs) else ""
        if nxt == "MISC" and not toks[j - 1].poss:
            return  # "Cold War", "Victory Day"; but "Gordon Brown's pre-Budget report"
        if j == i + 1:
            key = toks[i].norm
            words = [key]
        else:
            words = [toks[k].norm for k in range(i, j)]
            key = self.span_text(i, j)
        ctx = chunk_type(self, i, j, key)
        if ctx is not None:
            if ctx[0] == ORG and self.sport and j == i + 1:
                self.weak_orgs.append(len(self.out))  # a surname, if a person has it
            if ctx[0]:
                self.emit(i, j, ctx[0], ctx[1])
            return
        if titled:
            self.emit(i, j, PERSON, key)
            return
        if org_cue(toks, i, j, g) and not (
            j == i + 1 and toks[i].sent and key.lower() in self.lower  # "Download sales"
        ):
            self.org_cued.add(key)
            self.emit(i, j, ORG, key)
            return
        prev = segs[s - 1] if s > 0 else None
        if j == i + 1:
            if prev is not None and self._coordinated(segs, s, 1):
                self.emit(i, j, PERSON, key)
            else:
                self._one_word(i, key, prev is None and nxt == "")
            return
        n_names = sum(1 for w in words if w[:1].isupper())
        if n_names >= 2 and (
            words[0] in g.place_heads
            or (
                words[-1] in g.place_tails
                and not (words[-1] in SURNAME_ORG_WORDS and words[0] in g.given_names)
            )  # but "Philip Green", a person
        ):
            self.emit(i, j, PLACE, key)
            return
        w0 = words[0]
        if n_names >= 3 and w0.endswith(("ite", "ites")) and words[1] in g.given_names:
            self.emit(i + 1, j, PERSON, self.span_text(i + 1, j))  # "Blairite Alan Milburn"
            return
        initial = len(w0) == 1 and w0.isupper() or len(w0) == 2 and w0[1] == "." and w0[0].isupper()
        if n_names >= 2 and (w0 in g.given_names or w0 in g.surname_first or initial):
            if not self._unpersonlike(words):
                self.emit(i, j, PERSON, key)
            return
        if prev is not None and self._coordinated(segs, s, n_names):
            self.emit(i, j, PERSON, key)
            return
        if (
            2 <= n_names <= 3
            and nxt in ("", "CONN")
            and prev is None
            and (not toks[i].sent or self._role_after(j))
            and all(w.lower() not in self.lower and not COMMON_SUFFIX.search(w) for w in words)
            and not self._unpersonlike(words)
            and person_evidence(
                self.text, toks, i, j, words[-1], g.lists["person_roles"], self._named()
            )
        ):
            self.guessed.append(len(self.out))
            self.emit(i, j, PERSON, key)
            return
        self.pending.append((i, j))

    def _named(self) -> frozenset[str]:
        """`named_people` of the text, found once per article (only when a guess needs it)."""
        named: frozenset[str] | None = self.__dict__.get("_named_people")
        if named is None:
            named = self.__dict__["_named_people"] = named_people(self.text)
        return named

    def _common_acronyms(self) -> frozenset[str]:
        found: frozenset[str] | None = self.__dict__.get("_acronyms")
        if found is None:
            found = self.__dict__["_acronyms"] = common_acronyms(self.text)
        return found

    def _unpersonlike(self, words: list[str]) -> bool:
        """A name holding an organisation, place or product word is no person: "Stock
        Exchange", "Tampa Bay Buccaneers", "Windows XP"."""
        g = self.g
        if len(words) == 2 and words[1] in SURNAME_ORG_WORDS and words[0] in g.given_names:
            return False  # "Jim Press"
        rest = words[1:] if words[0] in g.given_names else words  # "Bill Gates": Bill is a name
        return any(
            w in g.org_words or w in g.place_heads or w in g.place_tails or w in g.misc_words
            for w in rest
        ) or (len(words[-1]) >= 2 and words[-1].isupper() and words[-1].isalpha())

    def _coordinated(self, segs: list[Seg], s: int, n_names: int) -> bool:
        """ "Dustin Hoffman and Barbra Streisand": a name after "and" and a person (who was
        not a guess)."""
        toks = self.toks
        return (
            s >= 2
            and toks[segs[s - 1][0]].key == "and"
            and n_names <= 3
            and bool(self.out)
            and self.out[-1].type == PERSON
            and self.out[-1].end > toks[segs[s - 2][0]].start
            and self.guessed[-1:] != [len(self.out) - 1]
        )

    def _one_word(self, i: int, w: str, alone: bool) -> None:
        """An unknown capitalised word on its own: a place after "in" ("in Lobito"), a short
        upper-case word an organisation ("NHTSA"), or left for `resolve`."""
        toks, g = self.toks, self.g
        if (
            alone
            and i > 0
            and toks.words[i - 1] in g.place_preps
            and not toks[i].sent
            and not toks[i - 1].brk
            and w.lower() not in self.lower
            and not COMMON_SUFFIX.search(w)
        ):
            self.guessed.append(len(self.out))
            self.emit(i, i + 1, PLACE, w)
            return
        letters = w.replace("&", "")  # "S&P", "AT&T"
        if 2 <= len(w) <= 6 and w.isupper() and letters.isalpha() and w not in g.lists["not_orgs"]:
            if w not in self._common_acronyms():  # not "RFID" after "radio frequency ID (RFID)"
                self.emit(i, i + 1, ORG, w)
            return
        self.pending.append((i, i + 1))
