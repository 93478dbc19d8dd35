"""Context rules for the entity extractor: cues around a name that decide its type.

Each rule looks at a fixed number of neighbouring tokens (no scans), so extraction stays linear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.entities.alias import close_names
from index.entities.gazetteer import ORG, PERSON, PLACE, Gazetteer, token_key
from index.entities.sport import LOCATIVE
from index.entities.tokens import COMMON_SUFFIX, SPEECH, Tokens

if TYPE_CHECKING:
    from index.entities.extract import _Extractor


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, PLACE or GROUP
    entity: str  # canonical key within the article (see EntityIndex for across articles)


def org_cue(toks: Tokens, i: int, j: int, g: Gazetteer) -> bool:
    """An unknown name at tokens [i, j) in a company context: "firm Netcraft", "stake in
    Ferrari", "Novartis shares", "Fiat's chief executive"."""
    lists = g.lists
    words = toks.words  # the key of a lower-case word is the word: look before building
    if i > 0:
        w = words[i - 1]
        if w.endswith("-based") and toks.after[i - 1] == " ":
            return True  # "Frankfurt-based Deutsche Boerse"
        if w == "of" and i > 1 and toks.after[i - 2] == "% ":
            return True  # "67.7% of Hexal"
        p = toks[i - 1] if w[:1].isupper() else None
        if p is not None and p.sent:
            w = w.lower()  # "Bookmaker Ladbrokes said": the cue opens the sentence
        if w in lists["org_cue_before"]:
            p = toks[i - 1]
            if not p.brk and (not p.cap or p.sent):
                # "investor Warren Buffett", "rival Kelly Sotherton": these nouns name people too
                return not (w in _PEOPLE_TOO and toks[i].norm in g.given_names)
        elif i > 1 and words[i - 2] + " " + w in lists["org_cue_pair"]:
            p = toks[i - 1]
            if not p.brk and not p.cap and not toks[i - 2].brk:
                return True
    if (  # "The firm, Paion, said": the noun, then the name between commas
        i > 1
        and toks.after[i - 1] == ", "
        and words[i - 1] in lists["org_cue_before"]
        and toks.after[j - 1].startswith(",")
        and not toks[i - 1].cap
        and toks[i].norm not in g.given_names  # "The rival, Kelly Sotherton, won"
    ):
        return True
    if j + 1 < toks.n and toks.after[j - 1].startswith(", ") and words[j] in _ARTICLES:
        return _apposition(toks, j, lists["org_apposition"], lists["person_roles"])
    if j < toks.n:
        last = toks[j - 1]
        if j == i + 1 and not last.brk and last.norm not in g.given_names and _statement(toks, j):
            return True  # "Zentiva said in a statement" (a one-word name: people say so too)
        if not last.brk and not (j == i + 1 and words[i].lower() in FIGURE_WORDS):
            cues = lists["org_cue_poss"] if last.poss else lists["org_cue_after"]
            w = words[j]
            if (w in cues or w + "." in cues) and toks[j].key in cues:
                return True
            return (  # "Sal Oppenheim investment bank", "Pew research firm"
                not last.poss
                and w in lists["org_cue_kind"]
                and j + 1 < toks.n
                and words[j + 1] in lists["org_cue_noun"]
                and not toks[j].brk
            )
    return False


_ARTICLES = frozenset(("a", "an", "the"))
_PEOPLE_TOO = frozenset("investor producer trader rival rivals founder owner".split())
_APPOSITION_STOP = frozenset(("with", "at", "of", "for", "from", "in", "who", "which"))
# Words that open a sentence about a company's figures and are not its name: "Pre-tax profits
# rose", "Net profit came in", "Quarterly sales fell".
FIGURE_WORDS = frozenset(
    """pre-tax net gross operating underlying annual quarterly full-year half-year first-half
    second-half interim total overall core group retail online global domestic overseas
    first-quarter second-quarter third-quarter fourth-quarter""".split()
)


def _statement(toks: Tokens, j: int) -> bool:
    """ "X said in a statement" (or "in its filing") right after the name at token j."""
    w = toks.words
    return (
        j + 3 < toks.n
        and w[j] in ("said", "says", "added")
        and w[j + 1] == "in"
        and w[j + 2] in ("a", "its")
        and w[j + 3] in ("statement", "filing")
        and not any(toks[k].brk for k in range(j, j + 3))
    )


def _apposition(toks: Tokens, j: int, nouns: frozenset[str], roles: frozenset[str]) -> bool:
    """ "Hexal, the German generics maker, ...": an organisation noun within six words after
    ", a"/", the", before any punctuation, a person's role or a preposition ("Lindsay Schroth,
    an analyst with research firm Yankee Group": the firm is another name)."""
    words, after = toks.words, toks.after
    for k in range(j, min(j + 7, toks.n)):
        w = words[k]
        if w in nouns:
            return True
        if w in roles or w in _APPOSITION_STOP or after[k] != " ":
            return False
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
    for x in ex.weak_orgs:  # "lost to Rusedski", after "Greg Rusedski": the player
        m = ex.out[x]
        full = parts.get(m.entity)
        if full is not None and len(full) == 1:
            m.type, m.entity = PERSON, next(iter(full))
    _town_clubs(ex)
    for x in ex.guessed:  # a name seen in a company context is a company throughout
        m = ex.out[x]
        if token_key(m.text) in ex.org_cued:
            m.type = ORG
    known: dict[str, tuple[str, str]] = {}
    short: dict[str, tuple[str, str]] = {}
    g = ex.g
    for m in ex.out:
        key = token_key(m.text)
        known.setdefault(key, (m.type, m.entity))  # a name seen first keeps its type
        if m.type == ORG and " " in key:
            _short_forms(key.split(), m.entity, short, g)
    for key, typed in short.items():
        known.setdefault(key, typed)
    left: list[int] = []
    by_initial: dict[str, list[tuple[str, set[str]]]] = {}  # spelling variants share one
    for p, es in parts.items():
        if len(p) >= 4:
            by_initial.setdefault(p[0], []).append((p, es))
    for i, j in ex.pending:
        text = ex.toks[i].norm if j == i + 1 else ex.span_text(i, j)
        hit = known.get(text)
        if hit is not None:
            if j == i + 1 and ex.toks[i].sent and text.lower() in ex.lower:
                continue  # "Police said", "Tobacco stocks rose": the common word, not a name
            ex.emit(i, j, hit[0], hit[1])
            continue
        if j - i == 1:
            if not _resolve_word(ex, i, parts, by_initial):
                left.append(i)
        elif _listed_with_people(ex, i, j):
            ex.emit(i, j, PERSON, text)
    for i in ex.titles:  # "King", after "Mervyn King"; never "the King" alone
        full = parts.get(ex.toks[i].norm)
        if full is not None and len(full) == 1 and ex.toks.words[i - 1] != "the":
            ex.emit(i, i + 1, PERSON, next(iter(full)))
    # a lone unknown word that speaks ("Putin said") or owns ("Putin's") is a person, if it
    # appears mid-sentence and more than once; then all its mentions are
    seen: dict[str, int] = {}
    people: set[str] = set()
    things: set[str] = set()  # "the Xbox", "Xbox 2": a product, whatever it says or owns
    words = ex.toks.words
    for i in left:
        t = ex.toks[i]
        if t.sent or t.norm.lower() in ex.lower or COMMON_SUFFIX.search(t.norm):
            continue
        seen[t.norm] = seen.get(t.norm, 0) + 1
        nxt = words[i + 1] if i + 1 < ex.toks.n and not t.brk else ""
        if nxt in SPEECH or (t.poss and nxt[:1].islower()):  # "Putin's visit"
            people.add(t.norm)
        if nxt[:1].isdigit() or (words[i - 1] in _ARTICLES and not ex.toks[i - 1].brk):
            things.add(t.norm)
    for i in left:
        w = ex.toks[i].norm
        if w in people and w not in things and seen.get(w, 0) >= 2:
            ex.emit(i, i + 1, PERSON, w)


CLUB_SUFFIXES = frozenset("FC City United Town Rovers Athletic Wanderers Albion".split())
_PLACE_BEFORE = LOCATIVE | {"at", "to", "from"}  # the text says the place: "in Newry"


def _town_clubs(ex: _Extractor) -> None:
    """A town is its club throughout an article that shows it to be a side: a cue in a team
    sport ("Newry boss") or the club's full name ("Newry City"), except where the text says
    the place ("in Newry", "Newry-born")."""
    clubs = {t: t for t in ex.club_towns}
    for m in ex.out:
        if m.type == ORG and " " in m.entity:
            first, _, rest = m.entity.partition(" ")
            hit = ex.g.single.get(first)
            if rest in CLUB_SUFFIXES and hit is not None and hit[0] == PLACE:
                clubs.setdefault(hit[1], m.entity)
    if not clubs:
        return
    text = ex.text
    for m in ex.out:
        club = clubs.get(m.entity) if m.type == PLACE else None
        if club is None or text[m.end : m.end + 1] == "-":
            continue
        before = text[max(0, m.start - 12) : m.start].split()
        if before and before[-1] in _PLACE_BEFORE:
            continue
        m.type, m.entity = ORG, club


def _listed_with_people(ex: _Extractor, i: int, j: int) -> bool:
    """The unknown name at tokens [i, j) opens a list of people: "without Gaizka Mendieta,
    George Boateng and Mark Viduka"."""
    toks = ex.toks
    if toks.after[j - 1] not in (", ", " and ") or toks[i].sent or j - i > 3:
        return False
    if any(w.lower() in ex.lower for w in toks.words[i:j]):
        return False
    end = toks[j - 1].start + len(toks[j - 1].norm) + len(toks.after[j - 1])
    return any(m.start == end and m.type == PERSON and " " in m.entity for m in ex.out)


def _short_forms(
    words: list[str], entity: str, known: dict[str, tuple[str, str]], g: Gazetteer
) -> None:
    """Short forms of an organisation: "the Bank", "United", "Committee"; "Tate" for Tate
    Britain, "Inter" for Inter Milan (a name then a place)."""
    for w in words:
        if w in g.org_heads or w in g.org_words:
            known.setdefault(w, (ORG, entity))
    w = words[0]
    if (
        len(words) == 2
        and g.entries.get((words[1],), ("",))[0] == PLACE
        and len(w) >= 3
        and w[0].isupper()
        and w not in g.stop
        and w not in g.given_names
        and w not in g.org_modifiers
        and (w,) not in g.entries
    ):
        known.setdefault(w, (ORG, entity))
    last = words[-1]
    if (  # "the Cubs" after "Chicago Cubs"
        len(words) == 2
        and g.entries.get((w,), ("",))[0] == PLACE
        and last.endswith("s")
        and len(last) > 3
        and (last,) not in g.entries
    ):
        known.setdefault(last, (ORG, entity))


def _nearest(ex: _Extractor, names: set[str], before: int) -> str:
    """Of several people an article names in full, the one named last before offset `before`
    (the first named, when none is)."""
    best, at = "", -1
    for m in ex.out:
        if m.entity in names and at < m.start < before and m.type == PERSON:
            best, at = m.entity, m.start
    return best or sorted(names)[0]


def _resolve_word(
    ex: _Extractor,
    i: int,
    parts: dict[str, set[str]],
    by_initial: dict[str, list[tuple[str, set[str]]]],
) -> bool:
    t = ex.toks[i]
    w = t.norm
    full = parts.get(w)
    if full is None and len(w) >= 5 and w[0] in by_initial:
        near = {
            e
            for p, es in by_initial[w[0]]
            if abs(len(p) - len(w)) <= 1 and close_names(p, w)
            for e in es
        }
        full = near or None
    if full is not None and len(full) == 1:
        ex.emit(i, i + 1, PERSON, next(iter(full)))
        return True
    if (  # "Neville", after Gary and Phil Neville: a person, the one named last
        full is not None
        and w in parts
        and not t.sent
        and all(e.rsplit(" ", 1)[-1] == w for e in full)
    ):
        ex.emit(i, i + 1, PERSON, _nearest(ex, full, t.start))
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
