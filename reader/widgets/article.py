"""The article pane: a header and one Static per paragraph inside a VerticalScroll.

Every match of the current query is highlighted; `n`/`N` move a current match (shown "3/17" in
the border) and scroll it into the middle of the pane; `[`/`]` move a paragraph cursor. Text is
rendered as Content, never as markup."""

from __future__ import annotations

from bisect import bisect_right

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from index.model import Article
from reader.widgets.safe_text import highlighted, one_line

HIT = "on $hit-background"
CURRENT_HIT = "bold reverse"
HINT = "Type to search. Enter opens an article; ? lists every key."


class Paragraph(Static):
    """One paragraph of the body."""


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article with its matches."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="reader.article_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="reader.article_up"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.spans: list[tuple[int, int]] = []
        self.paragraph_spans: list[tuple[int, int]] = []
        self.match_index = -1
        self.cursor = -1
        self.paragraphs: list[Paragraph] = []
        """The paragraph widgets on show (not a query: removed ones may linger a frame)."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Content(HINT).stylize("$text-muted"), classes="article-hint")

    # --- data in ---------------------------------------------------------------------------

    def show(self, article: Article, spans: list[tuple[int, int]]) -> None:
        """Display `article` with `spans` (offsets into its body) highlighted."""
        self.article = article
        self.spans = sorted(spans)
        self.paragraph_spans = article.paragraphs or (
            [(0, len(article.body))] if article.body else []
        )
        self.match_index = -1
        self.cursor = -1
        self.remove_children()
        self.paragraphs = [
            Paragraph(self._paragraph(i), classes="para") for i in range(len(self.paragraph_spans))
        ]
        self.mount_all([Static(self._header(article), classes="article-header"), *self.paragraphs])
        self.scroll_home(animate=False)
        self._update_subtitle()

    def clear(self) -> None:
        self.article = None
        self.spans, self.paragraph_spans = [], []
        self.match_index = self.cursor = -1
        self.paragraphs = []
        self.remove_children()
        self.mount(Static(Content(HINT).stylize("$text-muted"), classes="article-hint"))
        self._update_subtitle()

    def update_spans(self, spans: list[tuple[int, int]]) -> None:
        """New matches for the same article (the query changed)."""
        self.spans = sorted(spans)
        self.match_index = -1
        for i, para in enumerate(self.paragraphs):
            para.update(self._paragraph(i))
        self._update_subtitle()

    @staticmethod
    def _header(article: Article) -> Content:
        meta = " · ".join(
            one_line(p) for p in (article.author, article.source, article.date or "") if p
        )
        title = highlighted(one_line(article.title or article.id), base="bold $primary")
        parts: list[Content | str] = [title]
        if meta:
            parts += ["\n", highlighted(meta, base="$text-muted")]
        return Content.assemble(*parts)

    def _paragraph(self, index: int) -> Content:
        assert self.article is not None
        start, end = self.paragraph_spans[index]
        local = [
            (max(s, start) - start, min(e, end) - start)
            for s, e in self.spans
            if s < end and e > start
        ]
        content = highlighted(self.article.body[start:end], local, style=HIT)
        if 0 <= self.match_index < len(self.spans):
            s, e = self.spans[self.match_index]
            if s < end and e > start:
                content = highlighted(self.article.body[start:end], local, style=HIT).stylize(
                    CURRENT_HIT, max(s, start) - start, min(e, end) - start
                )
        return content

    # --- matches ---------------------------------------------------------------------------

    @property
    def counter(self) -> str:
        """ "3/17" for the current match, "-/17" before the first jump, "" with no matches."""
        if not self.spans:
            return ""
        current = str(self.match_index + 1) if self.match_index >= 0 else "-"
        return f"{current}/{len(self.spans)}"

    def _update_subtitle(self) -> None:
        parts = []
        if self.spans:
            parts.append(f"match {self.counter}")
        if self.paragraph_spans and self.cursor >= 0:
            parts.append(f"¶ {self.cursor + 1}/{len(self.paragraph_spans)}")
        self.border_subtitle = " · ".join(parts)

    def _paragraph_of(self, offset: int) -> int:
        starts = [s for s, _e in self.paragraph_spans]
        return max(0, bisect_right(starts, offset) - 1)

    def jump_match(self, step: int) -> None:
        """Move the current match by `step` (wrapping) and scroll it into view."""
        if not self.spans or self.article is None:
            return
        old = self.match_index
        if old < 0:
            self.match_index = 0 if step > 0 else len(self.spans) - 1
        else:
            self.match_index = (old + step) % len(self.spans)
        paragraphs = self.paragraphs
        touched = {self._paragraph_of(self.spans[self.match_index][0])}
        if old >= 0:
            touched.add(self._paragraph_of(self.spans[old][0]))
        for i in touched:
            if i < len(paragraphs):
                paragraphs[i].update(self._paragraph(i))
        self._update_subtitle()
        self.call_after_refresh(self._scroll_to_match)

    def _scroll_to_match(self) -> None:
        if self.article is None or not 0 <= self.match_index < len(self.spans):
            return
        start = self.spans[self.match_index][0]
        index = self._paragraph_of(start)
        paragraphs = self.paragraphs
        if index >= len(paragraphs):
            return
        para = paragraphs[index]
        width = para.content_region.width or max(1, self.scrollable_content_region.width)
        prefix = self.article.body[self.paragraph_spans[index][0] : start]
        line = len(Content(prefix).wrap(width)) - 1 if prefix else 0
        region = para.virtual_region
        top = region.y + para.styles.padding.top
        target = Region(region.x, top + max(0, line), region.width, 1)
        self.scroll_to_region(target, center=True, animate=False, force=True)

    # --- paragraph cursor ------------------------------------------------------------------

    def move_cursor(self, step: int) -> None:
        """Move the highlighted paragraph by `step` (clamped) and scroll it into view."""
        paragraphs = self.paragraphs
        if not paragraphs:
            return
        if self.cursor < 0:
            new = 0 if step > 0 else len(paragraphs) - 1
        else:
            new = min(len(paragraphs) - 1, max(0, self.cursor + step))
        if 0 <= self.cursor < len(paragraphs):
            paragraphs[self.cursor].remove_class("-cursor")
        self.cursor = new
        paragraphs[new].add_class("-cursor")
        self._update_subtitle()
        self.scroll_to_widget(paragraphs[new], center=True, animate=False)
