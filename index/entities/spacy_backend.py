"""Optional entity backend: a spaCy pipeline instead of the rule extractor.

Chosen in the config with `entities: {backend: spacy, model: NAME}`, where NAME is an installed
pipeline package (`en_core_web_sm`) or the folder of a saved pipeline (`nlp.to_disk`). spaCy is
imported only when that backend is used, and is never a dependency
(`pip install 'news-reader-tui[spacy]'`).

Mentions have the rule extractor's shape (`index.entities.extract.Mention`): character offsets into
the text, a type among PERSON/ORG/PLACE/GROUP, and a canonical `entity`. spaCy labels map as
PERSON→PERSON, ORG→ORG, GPE/LOC/FAC→PLACE, NORP→GROUP; the others are dropped. Spans are trimmed
like the rule extractor's (no leading "the", no trailing possessive), hyphenated compounds whose
parts the gazetteer knows ("Russia-China") are split, names the gazetteer knows take its
canonical form ("US" → "United States"), and a lone surname after the full name is that person.

A missing spaCy or model is never a crash: `open_backend` returns the rule extractor with a
one-line warning naming the model and how to install it. A loaded pipeline is cached per process;
indexing loads it in the parent before forking, so its worker processes inherit it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.entities.extract import GROUP, ORG, PERSON, PLACE, Mention, extract
from index.entities.gazetteer import TITLE, gazetteer, phrase_tokens, token_key

RULES, SPACY = "rules", "spacy"
BACKENDS = (RULES, SPACY)
DEFAULT_MODEL = "en_core_web_sm"
LABELS = {
    "PERSON": PERSON,
    "PER": PERSON,
    "ORG": ORG,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "NORP": GROUP,
}
# Texts per nlp.pipe batch.
BATCH_SIZE = 64

Extract = Callable[[str], list[Mention]]
ExtractMany = Callable[[Sequence[str]], list[list[Mention]]]


class BackendUnavailable(RuntimeError):
    """spaCy or the pipeline cannot be loaded; the message is one line for the user."""


@dataclass(frozen=True)
class EntityBackend:
    """Which extractor to use: `rules` (the default) or `spacy` with a model name or path."""

    name: str = RULES
    model: str = ""

    @classmethod
    def from_config(cls, section: object) -> EntityBackend:
        """From the config's `entities:` section; bad values mean the rules (`problems` says
        why, for the config loader)."""
        if not isinstance(section, dict) or section.get("backend") != SPACY:
            return cls()
        model = section.get("model")
        if not isinstance(model, str) or not model.strip():
            model = DEFAULT_MODEL
        model = model.strip()
        path = Path(model).expanduser()
        if path.exists():  # a saved pipeline: its absolute path, so the index meta is stable
            model = str(path.resolve())
        return cls(SPACY, model)

    @classmethod
    def from_key(cls, key: str | None) -> EntityBackend:
        """The inverse of `key` (the form recorded in the index meta); None means rules."""
        if key and key.startswith(SPACY + ":"):
            return cls(SPACY, key[len(SPACY) + 1 :])
        return cls()

    @property
    def key(self) -> str:
        return f"{SPACY}:{self.model}" if self.name == SPACY else RULES

    def installed(self) -> bool:
        """Whether loading would find spaCy and the model (checked without importing them)."""
        if self.name != SPACY:
            return True
        if importlib.util.find_spec("spacy") is None:
            return False
        if Path(self.model).expanduser().is_dir():
            return True
        try:
            return importlib.util.find_spec(self.model.replace("-", "_")) is not None
        except (ImportError, ValueError):
            return False


def problems(section: object) -> list[str]:
    """One line per bad `backend`/`model` value in the config's `entities:` section."""
    if not isinstance(section, dict):
        return []
    out: list[str] = []
    backend = section.get("backend", RULES)
    if backend not in BACKENDS:
        choices = ", ".join(BACKENDS)
        out.append(f"entities.backend must be one of {choices}, not {backend!r}; using rules")
    model = section.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        out.append(
            f"entities.model must be a spaCy pipeline name or folder, not {model!r}; "
            f"using {DEFAULT_MODEL}"
        )
    return out


def stale(recorded: str | None, used: str | None, wanted: EntityBackend) -> bool:
    """Whether an index built for backend `recorded` (which fell back to `used`) must be
    rebuilt for `wanted`: another backend, or spaCy was missing then and is installed now."""
    if (recorded or RULES) != wanted.key:
        return True
    return (used or recorded or RULES) != wanted.key and wanted.installed()


def rules_stale(recorded: str | None, used: str | None, rules: str | None) -> bool:
    """Whether an index whose entities came from the rule extractor of version `rules` was
    made by other rules than this release's (`rules_version`)."""
    return (used or recorded or RULES) == RULES and rules != rules_version()


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A digest of the rule extractor's code and lists: an index records it, and a change (a
    new release with better rules) has the next `reader index` extract every article again."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for f in sorted([*here.glob("*.py"), *(here / "data").glob("*.yaml")]):
        if f.name not in ("spacy_backend.py", "view.py", "evaluate.py"):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def install_hint(model: str) -> str:
    name = Path(model).name if "/" in model or "\\" in model else model
    return f"pip install 'news-reader-tui[spacy]' && python -m spacy download {name}"


# --- loading --------------------------------------------------------------------------------

_NLP: dict[str, Any] = {}


def _load_nlp(model: str) -> Any:
    nlp = _NLP.get(model)
    if nlp is not None:
        return nlp
    try:
        import spacy
    except ImportError:
        raise BackendUnavailable(
            f"spaCy is not installed, needed for entity model {model!r} ({install_hint(model)})"
        ) from None
    try:
        nlp = spacy.load(model)
    except OSError:
        raise BackendUnavailable(
            f"spaCy model {model!r} is not installed and is not a pipeline folder "
            f"({install_hint(model)})"
        ) from None
    except Exception as exc:  # a broken pipeline folder: config, weights, versions
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise BackendUnavailable(f"cannot load spaCy model {model!r}: {detail}") from None
    _NLP[model] = nlp
    return nlp


class SpacyExtractor:
    """A loaded pipeline as an extractor: `ext(text)` or `ext.many(texts)` (through nlp.pipe)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def __call__(self, text: str) -> list[Mention]:
        return self.many([text])[0]

    def many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """The mentions of each text, sorted by offset. Texts longer than `nlp.max_length` are
        cut into chunks at paragraph breaks (else line breaks, else spaces)."""
        pieces: list[tuple[int, int, str]] = []  # (text number, offset, chunk)
        for i, text in enumerate(texts):
            if text.strip():
                pieces.extend((i, off, chunk) for off, chunk in chunks(text, self.nlp.max_length))
        out: list[list[Mention]] = [[] for _ in texts]
        docs = self.nlp.pipe((p[2] for p in pieces), batch_size=BATCH_SIZE)
        for (i, off, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                typ = LABELS.get(ent.label_)
                if typ is not None:
                    start, end = off + ent.start_char, off + ent.end_char
                    out[i].extend(to_mentions(texts[i], start, end, typ))
        for found in out:
            _resolve_people(found)
            found.sort(key=lambda m: m.start)
        return out


def load_backend(model: str) -> SpacyExtractor:
    """The extractor for a spaCy pipeline (package name or folder), loaded once per process.
    Raises BackendUnavailable (a one-line message) when spaCy or the model is missing."""
    return SpacyExtractor(_load_nlp(model))


def rules_many(texts: Sequence[str]) -> list[list[Mention]]:
    return [extract(t) for t in texts]


@dataclass
class Opened:
    """An extractor ready to run, the backend it really is, and why it is not the one asked
    for (None when it is)."""

    many: ExtractMany
    used: EntityBackend
    warning: str | None = None

    def one(self, text: str) -> list[Mention]:
        return self.many([text])[0]


def open_backend(backend: EntityBackend) -> Opened:
    """The extractor for `backend`; the rule extractor, with a warning, if spaCy or the model
    is missing."""
    if backend.name != SPACY:
        return Opened(rules_many, backend)
    try:
        ext = load_backend(backend.model)
    except BackendUnavailable as exc:
        return Opened(rules_many, EntityBackend(), f"{exc}; using the rule extractor")
    return Opened(ext.many, backend)


_OPENED: dict[str, Opened] = {}


def extractor_for(key: str | None) -> Extract:
    """The extractor an index was built with (its meta key), cached per process; the rule
    extractor when that is not loadable here."""
    key = key or RULES
    if key not in _OPENED:
        _OPENED[key] = open_backend(EntityBackend.from_key(key))
    return _OPENED[key].one


# --- spans ----------------------------------------------------------------------------------

_LEADING_THE = re.compile(r"the\s+", re.IGNORECASE)
_HYPHENS = re.compile(r"[-‐]")


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) cuts of `text`, each at most `limit` characters, at paragraph breaks
    when there are some, else at line breaks or spaces."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            for sep in ("\n\n", "\n", " "):
                cut = text.rfind(sep, start + 1, end)
                if cut > start:
                    end = cut
                    break
        out.append((start, text[start:end]))
        start = end
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """No surrounding spaces, no leading "the", no trailing possessive ('s, or ' after s)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    m = _LEADING_THE.match(text, start, end)
    if m is not None and m.end() < end:
        start = m.end()
    tail = text[max(start, end - 2) : end]
    if len(tail) == 2 and tail[0] in "'’" and tail[1] in "sS" and end - 2 > start:
        end -= 2
    elif tail[-1:] in ("'", "’") and tail[:1] in ("s", "S") and end - 1 > start:
        end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def canonical(span: str, typ: str) -> str:
    """The gazetteer's name for `span` when it knows it with this type, else the span itself
    (plain apostrophes and hyphens, single spaces)."""
    hit = gazetteer().entries.get(phrase_tokens(span))
    if hit is not None and hit[0] == typ:
        return hit[1]
    return " ".join(token_key(span).split())


def to_mentions(text: str, start: int, end: int, typ: str) -> list[Mention]:
    """The mentions of one entity span: trimmed, and split when it is a hyphenated compound of
    known names ("Russia-China", "Sino-Russian")."""
    start, end = trim(text, start, end)
    if start >= end:
        return []
    span = text[start:end]
    if _HYPHENS.search(span) and " " not in span:
        parts: list[Mention] = []
        pos = start
        entries = gazetteer().entries
        for part in _HYPHENS.split(span):
            hit = entries.get((part,))
            if hit is None or hit[0] == TITLE:
                parts = []
                break
            parts.append(Mention(pos, pos + len(part), part, hit[0], hit[1]))
            pos += len(part) + 1
        if parts:
            return parts
    return [Mention(start, end, span, typ, canonical(span, typ))]


def _resolve_people(found: list[Mention]) -> None:
    """'Xi' after 'Xi Jinping' in the same text is him (when only one full name fits)."""
    full: dict[str, set[str]] = {}
    for m in found:
        if m.type == PERSON and " " in m.entity:
            for w in m.entity.split():
                if len(w) >= 2 and w[0].isupper():
                    full.setdefault(w, set()).add(m.entity)
    for m in found:
        if m.type == PERSON and " " not in m.entity:
            names = full.get(m.entity)
            if names is not None and len(names) == 1:
                m.entity = next(iter(names))
