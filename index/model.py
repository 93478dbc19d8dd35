"""Plain data shared by every stage of the engine."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def body_hash(body: str) -> str:
    """Content hash of an article's clean body: offsets into the body stay valid while it holds."""
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; paragraphs in a body are separated by one blank line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in body.split("\n\n"):
        if part.strip():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


@dataclass
class Article:
    """One clean article. `id` is the path relative to the corpus root (posix); for a record of
    a dump (JSONL, JSON list, CSV, TSV) `#` and the record's own id or url, else `#N` for its
    N-th record (see `index.ingest.dumps`)."""

    id: str
    title: str = ""
    author: str = ""
    date: str | None = None  # ISO date, YYYY-MM-DD
    source: str = ""
    url: str = ""
    body: str = ""  # paragraphs separated by exactly one blank line ("\n\n")
    path: str = ""  # absolute path of the file it came from
    format: str = ""  # txt, md, html, json, jsonl
    tags: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        return paragraph_spans(self.body)

    @property
    def content_hash(self) -> str:
        return body_hash(self.body)


@dataclass
class ParseResult:
    """What parsing one file gave: its articles, warnings (kept, but worth a line), or a reason it
    was skipped entirely."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None
