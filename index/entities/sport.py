"""Sports articles: clubs named by their town, club nicknames, line-ups.

In a sports report "Leeds", "Norwich" or "Saints" name clubs (ORG) while the same words in a
business story are places. An article counts as a sports article when at least three words of
`_SPORT_WORDS` appear in lower case in it. Then:

- a town that names a club (`towns` in data/clubs.yaml) is the club, unless the text says the
  place: a locative preposition before it ("in Leeds", "near Bath", "the people of Leeds") or a
  compound ("Leeds-born");
- a club nickname (`sport_only`) is the club;
- an unknown capitalised name followed by a squad role ("Veracruz boss", "Morpeth striker") is
  a club;
- the names listed in a line-up ("Man City: James, Mills (Wright-Phillips 83), ...", "Subs Not
  Used: Weaver, Onuoha. Booked: Fowler.") are people.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_SPORT_WORDS = frozenset(
    """striker strikers midfielder midfielders defender defenders goalkeeper keeper winger
    fly-half scrum-half full-back centre-back flanker footballer footballers referee penalty
    penalties goal goals scored scorer match matches fixture fixtures league squad relegation
    promotion play-off football rugby cricket tennis golf athletics sprinter coach manager
    season champions championship club clubs tournament semi-final quarter-final final
    kick-off half-time injury-time stoppage draw win victory defeat captain captains coaches
    cup race races marathon athlete athletes sprint sprinters medal medals olympic stadium
    semi-finals quarter-finals batsman bowler wicket wickets innings golfer boxer jockey doping
    indoor indoors relay hurdles heptathlon javelin transfer replay""".split()
)
LOCATIVE = frozenset("in near outside around across throughout of".split())
# Words after a name that make it a club: "Norwich boss Nigel Worthington".
ROLE_AFTER = frozenset(
    """boss manager coach striker strikers midfielder defender goalkeeper keeper winger captain
    skipper chairman fans supporters player players side squad team academy youngster forward
    centre flanker fly-half scrum-half full-back prop hooker lock wing number defence attack
    midfield reserves""".split()
)

# Verbs of a result between two sides: "Morpeth beat Blyth", "Alnwick drew with Ashington".
RESULT_AFTER = frozenset(
    """beat beats defeated defeat thrashed hammered edged overcame trounced routed outclassed
    drew draw lost lose""".split()
)
RESULT_BEFORE = frozenset("beat beats defeated thrashed hammered edged overcame trounced".split())
RESULT_PAIRS = frozenset((
    "drew with", "draw with", "lost to", "lose to", "win over", "victory over", "defeat to",
    "defeat by", "loss to", "draw against", "win against",
))  # fmt: skip
# Before a town in a team sport, words that make it a side: "take on Portadown", "against Bangor".
CLUB_BEFORE = RESULT_BEFORE | frozenset(
    "against playing play face faces facing host hosts hosting visit visiting".split()
)
CLUB_PAIRS = RESULT_PAIRS | frozenset(("take on", "takes on", "beaten by", "knocked out"))
_SCORE = re.compile(r"\d{1,3}-\d{1,3}$")

_NAME = r"[A-Z][\w'’.-]*(?: (?:[A-Z]|de |van |da |di )[\w'’.-]*){0,3}(?: \d+)?(?: og| pen)?"
_ITEM = _NAME + r"(?: \([^()\n]{1,40}\))?"
_SEP = r"(?:, |; | and )"
_LINEUP = re.compile(  # a team line (five names or more) or a list after a keyword
    r"(?:(?<![\w\"“])[A-Z][\w'’ &.-]{1,30}: (" + _ITEM + r"(?:" + _SEP + _ITEM + r"){4,})"
    r"|(?:Subs(?: [Nn]ot [Uu]sed)?|Booked|Goals|Sent [Oo]ff|Dismissed|Replacements|Scorers?"
    r"|Tries|Cons|Pens): (" + _ITEM + r"(?:" + _SEP + _ITEM + r")*))(?=[.\n]|$)"
)


_TEAM_WORDS = frozenset(
    """club clubs league striker strikers midfielder midfielders defender defenders goalkeeper
    winger fly-half scrum-half flanker full-back centre-back squad manager relegation promotion
    fixture fixtures footballer footballers football rugby cricket kick-off half-time""".split()
)


def is_sport(lower: set[str]) -> bool:
    return len(_SPORT_WORDS & lower) >= 3


def is_team_sport(lower: set[str]) -> bool:
    """A report on a team sport, where a town can name its club (not athletics or tennis)."""
    return not _TEAM_WORDS.isdisjoint(lower)


_PLAYER_SCORE = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2} \d{1,3}(?:-\d{1,3})?\*?"
_SCORECARD = re.compile(  # "(Saeed Anwar 176, Ijaz Ahmed 61; Andy Mullally 3-62)"
    r"\((" + _PLAYER_SCORE + r"(?:[;,] " + _PLAYER_SCORE + r")+)\)"
)


def lineup_spans(text: str) -> list[int]:
    """Sorted [start, end, start, end, ...] of the name lists of line-ups in `text`, and of
    the players in a scorecard's brackets."""
    spans: list[tuple[int, int]] = []
    if ": " in text:
        for m in _LINEUP.finditer(text):
            g = 1 if m.group(1) is not None else 2
            spans.append((m.start(g), m.end(g)))
    if "(" in text:
        spans += [(m.start(1), m.end(1)) for m in _SCORECARD.finditer(text)]
    out: list[int] = []
    for a, b in sorted(spans):
        if out and a < out[-1]:
            continue  # inside the last span already
        out += [a, b]
    return out


def club_before(words: list[str], a: int) -> bool:
    """The words before word a make it a side: "against Bangor", "beaten 5-1 by Newry"."""
    w1 = words[a - 1] if a > 0 else ""
    w2 = words[a - 2] if a > 1 else ""
    if w1 in CLUB_BEFORE or f"{w2} {w1}" in CLUB_PAIRS:
        return True
    return w1 == "by" and (w2 in RESULT_AFTER or w2 == "beaten" or bool(_SCORE.match(w2)))


_TEAM = r"[A-Z][\w'.&-]*(?: [A-Z][\w'.&-]*){0,3}"
_TABLE_LINE = re.compile(  # "Leeds 2 Wimbledon 0"; "Chelsea 2 1 1 0 4 2 4"
    rf"^(?:({_TEAM}) \d{{1,3}} ({_TEAM}) \d{{1,3}}|({_TEAM})(?: \d{{1,3}}){{3,}})[ \t]*$", re.M
)
_DIGIT_EOL = re.compile(r"\d[ \t]*\n")


def table_spans(text: str) -> list[int]:
    """Sorted [start, end, ...] of the team names in results lines ("Chicago 5 Houston 4") and
    standings ("Chelsea 2 1 1 0 4 2 4"), when a text has two such lines or more: there a town
    names its team."""
    if not _DIGIT_EOL.search(text):
        return []
    out: list[int] = []
    lines = 0
    for m in _TABLE_LINE.finditer(text):
        lines += 1
        for g in (1, 2, 3):
            if m.group(g) is not None:
                out += [m.start(g), m.end(g)]
    return out if lines >= 2 else []


def in_spans(spans: list[int], offset: int) -> bool:
    return bisect_right(spans, offset) % 2 == 1


def town_is_place(words: list[str], i: int, before_brk: bool) -> bool:
    """The town at word i is the place, not its club: "in Leeds", "Leeds-born"; but "a win at
    Leeds", "signed from Leeds" and "the chairman of Leeds" are about the club."""
    if "-" in words[i]:  # "Leeds-born", "Leeds-based"
        return True
    if i == 0 or before_brk or words[i - 1] not in LOCATIVE:
        return False
    return not (words[i - 1] == "of" and i > 1 and words[i - 2] in ROLE_AFTER)
