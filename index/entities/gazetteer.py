"""Gazetteers for the entity extractor: YAML files in `index/entities/data/`, loaded once
per process.

Country names come from `countries.yaml` (canonical names, demonyms, common aliases); when
pycountry is installed its ISO names (name, common name, official name) are added as aliases and
the territories missing from the YAML are added too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

PERSON, ORG, PLACE, GROUP = "PERSON", "ORG", "PLACE", "GROUP"
TITLE = "TITLE"  # a phrase that introduces a person; never a mention itself
TYPES = (PERSON, ORG, PLACE, GROUP)

# A word: letters and digits with inner apostrophes or hyphens
# (Xi'an, al-Assad, Russia-China, Putin's). Runs on text whose typographic apostrophes and
# hyphens were made plain (`plain`: same length, so offsets hold); the rest are separators.
# Acronyms with dots (U.S.) are joined after the split (`entities_tokens`).
WORD_SPLIT = re.compile(r"(\w++(?:'[^\W\d_]\w*+|-\w++|&[^\W\d_]++)*+)")  # "S&P", "AT&T"
ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_PHRASE_SPLIT = re.compile(r"((?:[^\W\d_]\.){2,}|\w+(?:'[^\W\d_]\w*|-\w+|&[^\W\d_]+)*)")
# Abbreviations written with a final period that belongs to the word ("Gen.", "Mr.").
ABBREVS = frozenset(
    "Mr Mrs Ms Dr Gen Lt Col Maj Capt Sgt Adm Sen Rep Prof Rev St Jr Sr Inc Corp Co Ltd".split()
)

# Phrase = tuple of token keys. Entry = (tokens, kind, canonical).
Entry = tuple[tuple[str, ...], str, str]


# yaml.safe_load semantics (SafeLoader), the C implementation when PyYAML has it.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def token_key(raw: str) -> str:
    """Matching key of a token: typographic apostrophes and hyphens made plain."""
    if "’" not in raw and "‐" not in raw:
        return raw
    return raw.replace("’", "'").replace("‐", "-")


def plain(text: str) -> str:
    """`text` with typographic apostrophes and hyphens made plain (same length)."""
    if "’" in text:
        text = text.replace("’", "'")
    if "‐" in text:
        text = text.replace("‐", "-")
    return text


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Split a gazetteer phrase exactly as the extractor splits text. Separators other than
    spaces are tokens of their own, so a phrase holding one ("AT&T") never matches."""
    parts = _PHRASE_SPLIT.split(plain(phrase))
    out: list[str] = []
    for k in range(1, len(parts), 2):
        w, sep = parts[k], parts[k + 1]
        if w in ABBREVS and sep[:1] == ".":
            w, sep = w + ".", sep[1:]
        out.append(w)
        out.extend(c for c in sep if not c.isspace())
    return tuple(out)


@dataclass
class Gazetteer:
    phrases: dict[str, list[Entry]] = field(default_factory=dict)  # first token -> longest first
    upper: dict[str, list[Entry]] = field(default_factory=dict)  # same, keyed on upper case
    stop: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    surname_first: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    org_modifiers: frozenset[str] = frozenset()
    misc_words: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    place_tails: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()  # phrase keys that are not capitalised ("eBay")
    plain_stop: frozenset[str] = frozenset()  # stop words that start no phrase ("But")
    single: dict[str, tuple[str, str]] = field(default_factory=dict)  # one-word phrases
    labelled: frozenset[str] = frozenset()  # words `segment` labels other than as a name
    lists: dict[str, frozenset[str]] = field(default_factory=dict)  # every lexicon list by key
    club_towns: dict[str, str] = field(default_factory=dict)  # town -> its club (sport only)
    sport_only: dict[str, str] = field(default_factory=dict)  # club nickname -> club
    nations: frozenset[str] = frozenset()  # canonical names of countries (and UK nations)
    canonicals: frozenset[str] = frozenset()  # every canonical name a list gives
    entries: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)

    def add(self, phrase: str, kind: str, canonical: str) -> None:
        toks = phrase_tokens(phrase)
        if not toks or toks in self.entries:
            return  # the first list to name a phrase wins (files load in priority order)
        self.entries[toks] = (kind, canonical)


def _load(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_SAFE_LOADER)  # a safe_load, with the C loader if built


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _pycountry_names() -> dict[str, list[str]]:
    """ISO code -> usable names from pycountry, or {} when it is not installed."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - optional
        return {}
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = []
        for attr in ("common_name", "name", "official_name"):
            value = getattr(c, attr, None)
            if isinstance(value, str) and "," not in value and "(" not in value:
                names.append(value.removeprefix("the "))
        out[str(c.alpha_2)] = names
    return out


# Short all-caps aliases that are ordinary words when a whole line is in capitals.
_UPPER_AMBIGUOUS = frozenset({"US", "IS", "IT", "AU", "AP", "FED", "MAY", "UN"})


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    g = Gazetteer()
    lex = _load("lexicon.yaml")
    for t in _strs(lex.get("titles")):
        g.add(t, TITLE, t)
    countries: dict[str, Any] = _load("countries.yaml")
    iso = _pycountry_names()
    for code, spec in countries.items():
        name = str(spec["name"])
        g.add(name, PLACE, name)
        for alias in _strs(spec.get("alias")) + iso.get(str(code), []):
            g.add(alias, PLACE, name)
        dems = _strs(spec.get("dem"))
        for dem in dems:
            g.add(dem, GROUP, dems[0])
    nations = {str(spec["name"]) for spec in countries.values()}
    nations.update(("England", "Scotland", "Wales", "Northern Ireland", "Ireland", "Europe"))
    for code, names in iso.items():
        if code not in countries and names:
            for alias in names:
                g.add(alias, PLACE, names[0])
    clubs: dict[str, Any] = _load("clubs.yaml")
    for orgs in (_load("orgs.yaml"), _load("orgs_more.yaml"), clubs["clubs"]):
        for canon, aliases in orgs.items():
            g.add(str(canon), ORG, str(canon))
            for alias in _strs(aliases):
                g.add(alias, ORG, str(canon))
    g.nations = frozenset(nations)
    g.club_towns = {str(k): str(v) for k, v in clubs["towns"].items()}
    g.sport_only = {str(k): str(v) for k, v in clubs["sport_only"].items()}
    for town in g.club_towns:
        g.add(town, PLACE, town)
    places: dict[str, Any] = _load("places.yaml")
    place_alias = {str(k): str(v) for k, v in (places.get("aliases") or {}).items()}
    for key in ("cities", "regions", "landmarks"):
        for p in _strs(places.get(key)):
            g.add(p, PLACE, place_alias.get(p, p))
    groups: dict[str, Any] = _load("groups.yaml")
    for canon, aliases in groups.items():
        g.add(str(canon), GROUP, str(canon))
        for alias in _strs(aliases):
            g.add(alias, GROUP, str(canon))

    for toks, (kind, canon) in g.entries.items():
        entry: Entry = (toks, kind, canon)
        g.phrases.setdefault(toks[0], []).append(entry)
        if kind != TITLE and not (len(toks) == 1 and toks[0] in _UPPER_AMBIGUOUS):
            up = tuple(t.upper() for t in toks)
            g.upper.setdefault(up[0], []).append((up, kind, canon))
    for table in (g.phrases, g.upper):
        for lst in table.values():
            lst.sort(key=lambda e: -len(e[0]))
    g.single = {toks[0]: hit for toks, hit in g.entries.items() if len(toks) == 1}
    g.canonicals = frozenset(c for k, c in g.entries.values() if k != TITLE)
    g.stop = frozenset(_strs(lex.get("stop")))
    g.function_words = frozenset(_strs(lex.get("function_words")))
    more = _load("given_names.yaml")
    census = _load("given_names_census.yaml")
    g.given_names = frozenset(
        _strs(lex.get("given_names"))
        + _strs(more.get("given_names"))
        + _strs(census.get("given_names"))
    )
    g.surname_first = frozenset(_strs(lex.get("surname_first")))
    g.org_words = frozenset(_strs(lex.get("org_words")))
    g.org_heads = frozenset(_strs(lex.get("org_heads")))
    g.org_modifiers = frozenset(_strs(lex.get("org_modifiers")))
    g.misc_words = frozenset(_strs(lex.get("misc_words")))
    g.place_preps = frozenset(_strs(lex.get("place_preps")))
    g.place_heads = frozenset(_strs(lex.get("place_heads")))
    g.place_tails = frozenset(_strs(lex.get("place_tails")))
    g.particles = frozenset(_strs(lex.get("name_particles")))
    g.starters = frozenset(k for k in g.phrases if not k[:1].isupper() and k not in g.particles)
    g.plain_stop = frozenset(
        w
        for w in g.stop
        if w not in g.phrases and w.upper() not in g.upper and not set(w) & set(".'-")
    )
    g.labelled = frozenset(g.phrases) | g.stop | g.misc_words | g.org_words
    g.lists = {str(k): frozenset(_strs(v)) for k, v in lex.items() if isinstance(v, list)}
    return g
