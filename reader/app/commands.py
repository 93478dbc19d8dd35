"""Command-palette providers: open an article by title, filter by entity, switch theme,
jump to a bookmark.
(Re-index is a system command on the app.)"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.app.widgets.safe_text import one_line, strip_controls

if TYPE_CHECKING:
    from reader.app.main import ReaderApp


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """Like `Matcher.highlight`, but `text` is never read as markup (titles are user data)."""
    clean, _ = strip_controls(text)
    content = Content(clean)
    score, offsets = matcher.fuzzy_search.match(matcher.query, clean)
    if score:
        for offset in offsets:
            if offset < len(clean) and not clean[offset].isspace():
                content = content.stylize("bold underline", offset, offset + 1)
    return content


# (text shown and matched, function, its arguments, help); the command is only made on a match
Entry = tuple[str, Callable[..., object], tuple[str, ...], str]


class ReaderProvider(Provider):
    """A provider over a list of entries: shared matching and highlighting."""

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def entries(self) -> Iterator[Entry]:
        raise NotImplementedError

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, func, args, help_text in self.entries():
            score = matcher.match(text)
            if score > 0:
                command = partial(func, *args)
                yield Hit(score, plain_highlight(matcher, text), command, text=text, help=help_text)


class ArticleCommands(ReaderProvider):
    """Open any article by its title."""

    _titles: list[tuple[str, str]]

    async def startup(self) -> None:
        self._titles = await asyncio.to_thread(self.reader_app.titles)

    async def discover(self) -> Hits:
        for article_id, title in self._titles[:20]:
            yield DiscoveryHit(
                Content("Open: ").stylize("$text-muted") + Content(one_line(title) or article_id),
                partial(self.reader_app.open_article, article_id),
                help=article_id,
            )

    def entries(self) -> Iterator[Entry]:
        open_article = self.reader_app.open_article
        for article_id, title in self._titles:
            yield one_line(title) or article_id, open_article, (article_id,), article_id


class ThemeCommands(ReaderProvider):
    """`theme: <name>` for every registered theme; the choice is saved in the config."""

    async def discover(self) -> Hits:
        for name in self.reader_app.reader_themes:
            yield DiscoveryHit(f"theme: {name}", partial(self.reader_app.set_reader_theme, name))

    def entries(self) -> Iterator[Entry]:
        for name in sorted(self.reader_app.available_themes):
            yield (
                f"theme: {name}", self.reader_app.set_reader_theme, (name,),
                "switch theme (saved in config.yaml)",
            )  # fmt: skip


class EntityCommands(ReaderProvider):
    """`filter: person Xi Jinping`: add an entity of the corpus as a filter of the search."""

    _entities: list[tuple[str, str, int]]

    async def startup(self) -> None:
        self._entities = await asyncio.to_thread(self.reader_app.entity_names)

    async def discover(self) -> Hits:
        for field, name, count in self._entities[:10]:
            yield DiscoveryHit(
                Content.assemble(("filter: ", "$text-muted"), f"{field} ", one_line(name)),
                partial(self.reader_app.add_filter, field, name),
                help=f"in {count:,} articles",
            )

    def entries(self) -> Iterator[Entry]:
        for field, name, count in self._entities:
            yield (
                f"filter: {field} {one_line(name)}", self.reader_app.add_filter, (field, name),
                f"in {count:,} articles",
            )  # fmt: skip


class BookmarkCommands(ReaderProvider):
    """`bookmark: <note or quote>` jumps to a bookmarked passage; "Bookmarks" opens the list."""

    def _jump(self, bookmark_id: str) -> None:
        app = self.reader_app
        bm, screen = app.bookmarks.get(bookmark_id), app.reader_screen
        if bm is not None and screen is not None:
            screen.jump_to(bm)

    def _open_list(self) -> None:
        screen = self.reader_app.reader_screen
        if screen is not None:
            screen.action_bookmarks()

    async def discover(self) -> Hits:
        yield DiscoveryHit("Bookmarks", self._open_list, help="List, filter and export them")

    def entries(self) -> Iterator[Entry]:
        yield "Bookmarks", lambda: self._open_list(), (), "List, filter and export them"
        for bm in self.reader_app.bookmarks.bookmarks:
            if bm.status == "orphaned":
                continue
            label = one_line(bm.note or bm.quote)[:80]
            yield f"bookmark: {label}", self._jump, (bm.id,), one_line(bm.title)[:80]
