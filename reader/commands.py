"""Command-palette providers: open an article by title, filter by entity, switch theme.
(Re-index is a system command on the app.)"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.widgets.safe_text import one_line, strip_controls

if TYPE_CHECKING:
    from reader.app import ReaderApp


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


class ArticleCommands(Provider):
    """Open any article by its title."""

    _titles: list[tuple[str, str]]

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        self._titles = await asyncio.to_thread(self.reader_app.titles)

    async def discover(self) -> Hits:
        for article_id, title in self._titles[:20]:
            yield DiscoveryHit(
                Content("Open: ").stylize("$text-muted") + Content(one_line(title) or article_id),
                partial(self.reader_app.open_article, article_id),
                help=article_id,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article_id, title in self._titles:
            text = one_line(title) or article_id
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, text),
                    partial(self.reader_app.open_article, article_id),
                    text=text,
                    help=article_id,
                )


class ThemeCommands(Provider):
    """`theme: <name>` for every registered theme; the choice is saved in the config."""

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def _names(self) -> list[str]:
        return sorted(self.reader_app.available_themes)

    async def discover(self) -> Hits:
        for name in self.reader_app.reader_themes:
            yield DiscoveryHit(f"theme: {name}", partial(self.reader_app.set_reader_theme, name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            text = f"theme: {name}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, text),
                    partial(self.reader_app.set_reader_theme, name),
                    text=text,
                    help="switch theme (saved in config.yaml)",
                )


class EntityCommands(Provider):
    """`filter: person Xi Jinping`: add an entity of the corpus as a filter of the search."""

    _entities: list[tuple[str, str, int]]

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        self._entities = await asyncio.to_thread(self.reader_app.entity_names)

    async def discover(self) -> Hits:
        for field, name, count in self._entities[:10]:
            yield DiscoveryHit(
                Content.assemble(("filter: ", "$text-muted"), f"{field} ", one_line(name)),
                partial(self.reader_app.add_filter, field, name),
                help=f"in {count:,} articles",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for field, name, count in self._entities:
            text = f"filter: {field} {one_line(name)}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, text),
                    partial(self.reader_app.add_filter, field, name),
                    text=text,
                    help=f"in {count:,} articles",
                )
