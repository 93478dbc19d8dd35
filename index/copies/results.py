"""Copies in search results: each hit's other copies, and the number of distinct stories."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from index.copies.view import Copies
from index.states import IdSet

# Counting stories reads the id of every hit that has copies; above this many, it is left out.
STORIES_LIMIT = 20_000


def attach(hits: list[Any], copies: Copies) -> None:
    """Each hit's `copies`: the ids of the other articles of its group."""
    if copies.groups:
        for hit in hits:
            hit.copies = copies.others(hit.id)


def stories(backend: Any, q: Any, total: int, copies: Copies) -> int | None:
    """How many distinct stories the `total` hits of `q` are: copies of one story that match
    count once. None when too many hits have copies to count them quickly."""
    if not copies.groups or not total:
        return total
    members = frozenset(copies.group_of)
    ranked = backend.top(wq.And([q, IdSet(members, "copies")]), limit=STORIES_LIMIT + 1,
                         sort="relevance", time_limit=None, cancel=None)  # fmt: skip
    if len(ranked.refs) > STORIES_LIMIT:
        return None
    seen: set[str] = set()
    repeats = 0
    for ref in ranked.refs:
        group = copies.group_of.get(backend.stored(ref)["id"])
        if group in seen:
            repeats += 1
        elif group is not None:
            seen.add(group)
    return total - repeats


def collapse(hits: list[Any], shown: set[str] | None = None) -> list[Any]:
    """The hits with each story once: a hit whose group came earlier (in `hits`, or in `shown`,
    the groups of earlier pages, updated here) is left out."""
    seen = shown if shown is not None else set()
    out = []
    for hit in hits:
        key = min([hit.id, *hit.copies])
        if key in seen:
            continue
        seen.add(key)
        out.append(hit)
    return out
