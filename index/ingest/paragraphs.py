"""Paragraphs of a readable size: a scraped page run into one line of megabytes is cut at
sentence ends, so that the article pane lays it out and highlights it quickly."""

from __future__ import annotations

import re

LONG_PARAGRAPH = 4000  # characters; a longer paragraph is cut at sentence ends (or spaces)
_SENTENCE_CUT_RE = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=\S)")


def split_long(paragraph: str, limit: int = LONG_PARAGRAPH) -> list[str]:
    """A paragraph as it is, or, past `limit` characters (a scraped page run into one line),
    cut into paragraphs of about limit/2 at sentence ends, else at spaces: readable, and cheap
    to lay out and highlight."""
    if len(paragraph) <= limit:
        return [paragraph]
    parts: list[str] = []
    rest = paragraph
    target = limit // 2
    while len(rest) > limit:
        cut = -1
        for m in _SENTENCE_CUT_RE.finditer(rest, target // 2, limit):
            cut = m.start()
            if cut >= target:
                break
        if cut <= 0:
            cut = rest.rfind(" ", target // 2, limit)
        if cut <= 0:
            cut = target
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return [p for p in parts if p]
