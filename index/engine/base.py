"""The engine interface: what the search façade (`index.search.Engine`) and the build
(`index.engine.build`) need from a full-text engine, and nothing of how it does it.

Two implementations: `whoosh/` (the default, pure Python) and `tantivy/` (Rust, for large
corpora). Both index the same analysed terms (`index.analysis`: one tokenizer, accent folding,
Porter stems), so a query means the same on both and the article pane highlights exactly what
either engine matched. Queries reach a backend as a tree of `whoosh.query` nodes, Whoosh's
parser being the query language's front end (`index.query`); each backend translates the tree.

A server engine (Elasticsearch, OpenSearch) would be a third `Backend` + `Writer` pair: the
analysed terms sent as a whitespace-tokenised field (as the tantivy backend does), the query tree
translated to the server's query DSL, `top` and `facet_counts` as one search with a terms
aggregation, the side store (bodies, manifest, entities) kept local as it is now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from whoosh import query as wq

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"

Cancel = Any  # a threading.Event set by the caller to stop a search, or None


class IndexDamaged(Exception):
    """The index cannot be read: a missing or truncated file, a corrupt store. The corpus is the
    source of truth: the caller rebuilds the index from it."""


class SearchCancelled(Exception):
    """The `cancel` event passed to a search was set (a newer query was typed)."""


@dataclass
class Ranked:
    """The best documents of one query, as engine references, with their scores."""

    refs: list[Any]
    scores: list[float]
    total: int | None = None  # None: the backend could not count as it ranked
    complete: bool = True  # False: stopped at the time limit, hits may be refined
    estimated: int | None = None  # a cheap estimate of the total, when `total` is None


class Backend(Protocol):
    """An open index of one engine (read side)."""

    kind: str

    def top(
        self, q: wq.Query, *, limit: int, sort: str, time_limit: float | None, cancel: Cancel
    ) -> Ranked:
        """The `limit` best documents (by relevance, or newest first for sort="date")."""

    def count(self, q: wq.Query, cancel: Cancel = None) -> int:
        """The exact number of matching documents."""

    def exists(self, q: wq.Query) -> bool: ...

    def stored(self, ref: Any) -> dict[str, str]:
        """The stored values of a document: id, title, author, source, date_s, url, hash,
        format (missing ones left out)."""

    def ref_of(self, doc_id: str) -> Any | None: ...

    def doc_frequency(self, fieldname: str, term: str) -> int: ...

    def expand(self, node: wq.Query, limit: int) -> list[str]:
        """The index terms a Prefix or Wildcard node stands for (for highlighting)."""

    def facet_counts(self, q: wq.Query, cancel: Cancel = None) -> dict[str, Counter[str]]:
        """Counts of `source` and `year` over every matching document."""

    def date_counts(self, q: wq.Query, cancel: Cancel = None) -> Counter[int]:
        """Matching documents per date (YYYYMMDD; 0 for the undated)."""

    def all_stored(self) -> Iterator[dict[str, str]]: ...

    @property
    def doc_count(self) -> int: ...

    @property
    def version(self) -> int:
        """Changes with every commit."""

    def refresh(self) -> bool:
        """Pick up a newer commit of the same index; True if there was one."""

    def close(self) -> None: ...


class Writer(Protocol):
    """The write side: one transaction, made visible all at once by `commit`."""

    def add(self, doc: Any) -> None:
        """Add one document made by the engine's `make_doc` (possibly in another process)."""

    def delete(self, doc_id: str) -> None:
        """Delete every document with this id (duplicates included)."""

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


@dataclass
class DocFields:
    """What every engine indexes of one article (built in the worker processes)."""

    id: str
    title: str
    author: str
    source: str
    date_s: str
    date: int | None
    url: str
    hash: str
    format: str
    entities: dict[str, list[str]]  # entity field -> canonical names


def engine_dir(gen: Path, kind: str) -> Path:
    """Where an engine's own files live inside a generation folder."""
    return gen if kind == "whoosh" else gen / kind


def check_kind(kind: str) -> str:
    if kind not in ENGINES:
        raise ValueError(f"unknown engine {kind!r}: use one of {', '.join(ENGINES)}")
    return kind
