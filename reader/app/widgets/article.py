"""The article pane: a header and one Static per paragraph inside a VerticalScroll.

Every match of the current query is highlighted; `n`/`N` move a current match (shown "3/17" in
the border) and scroll it into the middle of the pane; `[`/`]` move a paragraph cursor. Entity
mentions can be tinted by type (`m`); with an entity selected in the sidebar its mentions are
marked and `n`/`N` walk them instead ("Xi Jinping 2/7"). Text is rendered as Content, never as
markup."""

from __future__ import annotations

from bisect import bisect_right

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from index.entities.extract import Mention
from index.model import Article
from reader.app.widgets.article_passage import (
    BOOKMARK,
    PASSAGE_ACTIONS,
    SCROLL_ACTIONS,
    SELECTION,
    PassageMixin,
)
from reader.app.widgets.safe_text import Span, highlighted, layered, one_line

HIT = "on $hit-background"
CURRENT_HIT = "bold reverse"
ENTITY = "bold underline"
# Mention tints by entity type (theme variables with defaults in reader.themes).
TINTS = {
    "PERSON": "$entity-person",
    "ORG": "$entity-org",
    "PLACE": "$entity-place",
    "GROUP": "$entity-group",
}
HINT = "/ searches; Enter opens the article on the left; ? lists every key."


class Paragraph(Static):
    """One paragraph of the body."""


class ArticleView(PassageMixin, VerticalScroll, can_focus=True):
    """Shows one article with its matches."""

    BINDINGS = [
        # While a passage is selected (`v`) these come first; `check_action` turns them off
        # otherwise, and j/k scroll again.
        Binding("j", "extend(1)", "Extend", show=False, id="reader.select_next_sentence",
                tooltip="Selecting: move the end of the passage one sentence on"),
        Binding("k", "extend(-1)", "Shrink", show=False, id="reader.select_previous_sentence",
                tooltip="Selecting: move the end of the passage one sentence back"),
        Binding("right_parenthesis", "extend(1)", "Next sentence", show=False,
                id="reader.select_sentence_forward"),
        Binding("left_parenthesis", "extend(-1)", "Previous sentence", show=False,
                id="reader.select_sentence_back"),
        Binding("right_curly_bracket", "extend_paragraph(1)", "Paragraph on", show=False,
                id="reader.select_paragraph_forward"),
        Binding("left_curly_bracket", "extend_paragraph(-1)", "Paragraph back", show=False,
                id="reader.select_paragraph_back"),
        Binding("escape", "drop_selection", "Drop selection", id="reader.drop_selection"),
        Binding("i", "show_notes", "Notes", show=False, id="reader.bookmark_notes",
                tooltip="Show the notes of the bookmarks at the paragraph cursor"),
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
        self.mentions: list[Mention] = []
        """The entity mentions of the article on show (loaded after it, in a worker)."""
        self.mentions_for: str | None = None
        """The id of the article `mentions` belong to."""
        self.entity: tuple[str, str] | None = None
        """The (type, name) selected in the sidebar: its mentions are marked and `n` walks them."""
        self.entity_spans: list[Span] = []
        self.tints = False
        """Entity mentions tinted by type (`m`); the class `-mentions` says so too."""
        self.reset_passages()

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
        self.reset_passages()
        self.remove_class("-selecting")
        if self.mentions_for != article.id:
            self.mentions, self.mentions_for = [], None
            self.entity_spans = []
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
        self.mentions, self.mentions_for, self.entity_spans = [], None, []
        self.reset_passages()
        self.remove_class("-selecting")
        self.remove_children()
        self.mount(Static(Content(HINT).stylize("$text-muted"), classes="article-hint"))
        self._update_subtitle()

    def update_spans(self, spans: list[tuple[int, int]]) -> None:
        """New matches for the same article (the query changed)."""
        self.spans = sorted(spans)
        if self.entity is None:
            self.match_index = -1
        self._redraw()

    def set_mentions(self, article_id: str, mentions: list[Mention]) -> None:
        """The entity mentions of article `article_id` (ignored if another one is on show)."""
        if self.article is None or self.article.id != article_id:
            return
        self.mentions, self.mentions_for = list(mentions), article_id
        self._select_spans()
        self._redraw()

    def set_tints(self, on: bool) -> None:
        """Tint entity mentions by type, or not."""
        self.tints = on
        self.set_class(on, "-mentions")
        self._redraw()

    def select_entity(self, entity: tuple[str, str] | None) -> None:
        """Mark the mentions of (type, name) and make `n`/`N` walk them; None: back to the
        search matches."""
        if entity == self.entity:
            return
        self.entity = entity
        self.match_index = -1
        self._select_spans()
        self._redraw()

    def _select_spans(self) -> None:
        if self.entity is None:
            self.entity_spans = []
            return
        type_, name = self.entity
        self.entity_spans = sorted(
            (m.start, m.end) for m in self.mentions if m.type == type_ and m.entity == name
        )
        if self.match_index >= len(self.entity_spans):
            self.match_index = -1

    def _redraw(self) -> None:
        for i, para in enumerate(self.paragraphs):
            para.update(self._paragraph(i))
        self._update_subtitle()

    @property
    def targets(self) -> list[Span]:
        """What `n`/`N` walk: the selected entity's mentions, else the search matches."""
        return self.entity_spans if self.entity is not None else self.spans

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

        def local(spans: list[Span]) -> list[Span]:
            return [
                (max(s, start) - start, min(e, end) - start)
                for s, e in spans
                if s < end and e > start
            ]

        layers: list[tuple[str, list[Span]]] = []
        marks, selected = self.passage_layers()
        if marks:
            layers.append((BOOKMARK, local(marks)))
        if self.tints and self.mentions:
            for type_, style in TINTS.items():
                spans = [(m.start, m.end) for m in self.mentions if m.type == type_]
                layers.append((style, local(spans)))
        layers.append((HIT, local(self.spans)))
        if self.entity is not None:
            tint = TINTS.get(self.entity[0], "")
            layers.append((f"{ENTITY} {tint}".strip(), local(self.entity_spans)))
        if selected:
            layers.append((SELECTION, local(selected)))
        targets = self.targets
        if 0 <= self.match_index < len(targets):
            layers.append((CURRENT_HIT, local([targets[self.match_index]])))
        return layered(self.article.body[start:end], layers)

    # --- matches ---------------------------------------------------------------------------

    @property
    def counter(self) -> str:
        """ "3/17" for the current match, "-/17" before the first jump, "" with no matches;
        "Xi Jinping 2/7" while an entity's mentions are walked."""
        targets = self.targets
        current = str(self.match_index + 1) if self.match_index >= 0 else "-"
        if self.entity is not None:
            return f"{one_line(self.entity[1])} {current}/{len(targets)}"
        if not targets:
            return ""
        return f"{current}/{len(targets)}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drop_selection":
            return self.passage is not None or self.flash is not None
        if action in PASSAGE_ACTIONS:
            return self.passage is not None
        if action in SCROLL_ACTIONS:
            return self.passage is None
        return super().check_action(action, parameters)

    def action_show_notes(self) -> None:
        notes = self.notes_here()
        if not notes:
            self.notify("No bookmarks in this article (b bookmarks a passage).", timeout=3)
            return
        text = "\n".join(f"• {one_line(n) or '(no note)'}" for n in notes[:8])
        more = f"\n… and {len(notes) - 8} more" if len(notes) > 8 else ""
        self.notify(text + more, title="Bookmarks here", timeout=8, markup=False)

    def _update_subtitle(self) -> None:
        if self.passage is not None:
            self.border_subtitle = self.passage_subtitle()
            return
        parts = []
        if self.entity is not None:
            parts.append(self.counter)
        elif self.spans:
            parts.append(f"match {self.counter}")
        if self.paragraph_spans and self.cursor >= 0:
            parts.append(f"¶ {self.cursor + 1}/{len(self.paragraph_spans)}")
        self.border_subtitle = " · ".join(parts)

    def _paragraph_of(self, offset: int) -> int:
        starts = [s for s, _e in self.paragraph_spans]
        return max(0, bisect_right(starts, offset) - 1)

    def jump_match(self, step: int) -> None:
        """Move the current match (or entity mention) by `step`, wrapping, and scroll it into
        view."""
        targets = self.targets
        if not targets or self.article is None:
            return
        old = self.match_index
        if old < 0:
            self.match_index = 0 if step > 0 else len(targets) - 1
        else:
            self.match_index = (old + step) % len(targets)
        paragraphs = self.paragraphs
        touched = {self._paragraph_of(targets[self.match_index][0])}
        if 0 <= old < len(targets):
            touched.add(self._paragraph_of(targets[old][0]))
        for i in touched:
            if i < len(paragraphs):
                paragraphs[i].update(self._paragraph(i))
        self._update_subtitle()
        self.call_after_refresh(self._scroll_to_match)

    def _scroll_to_match(self) -> None:
        targets = self.targets
        if self.article is None or not 0 <= self.match_index < len(targets):
            return
        start = targets[self.match_index][0]
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
