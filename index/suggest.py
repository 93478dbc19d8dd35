"""'Did you mean': replace each word the index has never seen by the most frequent indexed word
within two edits of it (shown in its usual surface form, not as a stem)."""

from __future__ import annotations

import re

from whoosh.reading import IndexReader

from index.analysis import TOKEN_RE, normalize, surface
from index.query import ParsedQuery
from collections.abc import Callable

_SKIP_AFTER = re.compile(r"[*~?:]")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def _best(reader: IndexReader, stem: str) -> str | None:
    best: tuple[int, str] | None = None
    for maxdist in (1, 2):
        if len(stem) <= 3 and maxdist == 2:
            break
        for cand in reader.terms_within("body", stem, maxdist, prefix=1):
            cand = cand.decode("utf-8") if isinstance(cand, bytes) else cand
            df = reader.doc_frequency("body", cand)
            if df and (best is None or df > best[0]):
                best = (df, cand)
        if best:
            return best[1]
    return None


def suggest(
    parsed: ParsedQuery, reader: IndexReader, surface_of: Callable[[str], str | None]
) -> str | None:
    text = parsed.text
    out: list[str] = []
    pos = 0
    changed = False
    in_range = False
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        before = text[pos : m.start()]
        in_range = (in_range or "[" in before or "{" in before) and not (
            "]" in before or "}" in before
        )
        out.append(before)
        pos = m.end()
        after = text[m.end() : m.end() + 1]
        field_prefix = text[max(0, m.start() - 1) : m.start()] == ":" and not re.search(
            r"(body|title):$", text[: m.start()]
        )
        if (
            word in _OPERATORS
            or in_range
            or field_prefix
            or _SKIP_AFTER.match(after or " ")
            or word.isdigit()
        ):
            out.append(word)
            continue
        stem = normalize(word)
        if reader.doc_frequency("body", stem):
            out.append(word)
            continue
        best = _best(reader, stem)
        if best is None:
            out.append(word)
            continue
        replacement = surface_of(best) or best
        if surface(word) == replacement:
            out.append(word)
            continue
        out.append(replacement)
        changed = True
    out.append(text[pos:])
    return "".join(out) if changed else None
