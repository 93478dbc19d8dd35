"""Messages shared across the terminal app. Workers post them (post_message is thread-safe);
the ReaderScreen handles them on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from index.entities.extract import Mention
from index.model import Article
from index.search import Hit, SearchResult
from index.timeline import Timeline


@dataclass
class IndexProgress(Message):
    """The index is being built: `done` of `total` files parsed."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexReady(Message):
    """The engine is open (or could not be): `error` says why not."""

    error: str | None = None
    notice: str | None = None


@dataclass
class IndexUpdated(Message):
    """The background staleness check changed the index: searches should be run again."""

    summary: str


@dataclass
class SearchDone(Message):
    """Results for query `generation`; `final` is False while a refined run is on its way."""

    generation: int
    result: SearchResult
    final: bool = True


@dataclass
class SearchFailed(Message):
    """The query in `generation` could not be run (a QueryError, shown inline)."""

    generation: int
    error: str


@dataclass
class ArticleLoaded(Message):
    """An article with every match of the current query in its body."""

    article: Article
    spans: list[tuple[int, int]] = field(default_factory=list)
    focus: bool = False


@dataclass
class MentionsLoaded(Message):
    """The entity mentions of article `article_id` (final names: the user's corrections
    applied, hidden entities left out)."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class OverridesApplied(Message):
    """The user's entity corrections were saved (`summary` says what) and are now applied by
    the engine: searches and the sidebar should be refreshed."""

    summary: str
    error: str | None = None


@dataclass
class BookmarksAnchored(Message):
    """Bookmarks were re-anchored against the index: `summary` says what moved or was
    orphaned ("" when nothing did), `error` why the new positions could not be saved."""

    summary: str = ""
    error: str = ""
    moved: int = 0
    orphaned: int = 0


@dataclass
class SnippetsLoaded(Message):
    """Snippets of hits of `query` that were listed without them."""

    query: str
    hits: list[Hit]


@dataclass
class StatesChanged(Message):
    """Articles were marked (read, starred, tagged): `summary` says what, `error` why not;
    `rerun` when the results themselves may have changed (every result was marked)."""

    summary: str = ""
    error: str = ""
    rerun: bool = False


@dataclass
class Exported(Message):
    """The results were written to `path` (`count` hits), or not (`error`)."""

    path: str
    count: int = 0
    error: str = ""


@dataclass
class MoreHits(Message):
    """The next page of search `generation`'s hits, from `offset` on."""

    generation: int
    offset: int
    hits: list[Hit]


@dataclass
class CopiesLoaded(Message):
    """The hits of the copies of row `story` (search `generation`), to list below it."""

    generation: int
    story: str
    hits: list[Hit]


@dataclass
class TimelineReady(Message):
    """Hits per period of search `generation`'s results (None: none to draw)."""

    generation: int
    timeline: Timeline | None
