"""What a search returns: its hits and the result around them (made by `index.search.Engine`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.highlight import Snippet


@dataclass
class Hit:
    """One result: where it is, what it is, and why it matched."""

    id: str
    title: str
    date: str | None
    source: str
    author: str
    score: float
    snippet: Snippet
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    url: str = ""
    terms: list[str] = field(default_factory=list)
    pending: bool = False
    """The snippet and title spans are not made yet (`Engine.snippets` makes them)."""
    copies: list[str] = field(default_factory=list)
    """The other articles of its group of copies (the same story, republished)."""


@dataclass
class SearchResult:
    """Hits for one query, with the total, facets, a suggestion and repair messages."""

    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    sort: str = "relevance"
    elapsed: float = 0.0
    complete: bool = True  # False: collection stopped at the time limit; hits may be refined
    total_exact: bool = True  # False: `total` is an estimate
    stories: int | None = None  # distinct stories among the hits (copies once); None: not counted
