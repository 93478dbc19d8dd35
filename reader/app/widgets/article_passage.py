"""Passages in the article pane: a keyboard selection (`v`, then `j`/`k`, `(`/`)`, `{`/`}`),
the mouse selection, and the bookmarked passages marked in the text (`i` shows their notes).

A mixin of `ArticleView`: it keeps the passage state and says what to draw; ArticleView draws."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Offset
from textual.selection import Selection

from index.model import Article
from reader.bookmarks.passage import Passage, Span, sentence_spans, unit_at

if TYPE_CHECKING:
    from textual.containers import VerticalScroll

    from reader.app.widgets.article import Paragraph

    _Base = VerticalScroll
else:
    _Base = object

SELECTION = "on $selection-background"
BOOKMARK = "underline $bookmark"

PASSAGE_ACTIONS = {"extend", "extend_paragraph", "drop_selection"}
SCROLL_ACTIONS = {"scroll_down", "scroll_up"}


class PassageMixin(_Base):
    """Selection and bookmark marks for ArticleView."""

    article: Article | None
    paragraphs: list[Paragraph]
    paragraph_spans: list[Span]
    cursor: int

    def reset_passages(self) -> None:
        self.passage: Passage | None = None
        self.sentences: list[Span] = []
        self.marks: list[tuple[int, int, str]] = []
        """Bookmarked passages of the article on show: (start, end, note)."""
        self.flash: Span | None = None
        """A passage shown highlighted after a jump from the bookmarks screen (Esc clears)."""

    # ArticleView's
    def _redraw(self) -> None:
        raise NotImplementedError

    def _paragraph_of(self, offset: int) -> int:
        raise NotImplementedError

    # --- keyboard selection ----------------------------------------------------------------

    def start_passage(self, offset: int) -> bool:
        """Start selecting at the sentence holding `offset`; False when there is no text."""
        if self.article is None:
            return False
        if not self.sentences:
            self.sentences = sentence_spans(self.article.body, self.paragraph_spans)
        self.passage = Passage.at(self.sentences, self.paragraph_spans, offset)
        self._passage_changed()
        return self.passage is not None

    def action_extend(self, step: int) -> None:
        if self.passage is not None:
            self.passage.move(step)
            self._passage_changed()

    def action_extend_paragraph(self, step: int) -> None:
        if self.passage is not None:
            self.passage.move_paragraph(step)
            self._passage_changed()

    def action_drop_selection(self) -> None:
        self.drop_selection()

    def drop_selection(self) -> None:
        had = self.passage is not None or self.flash is not None
        self.passage, self.flash = None, None
        if had:
            self._passage_changed()

    def show_passage(self, start: int, end: int) -> None:
        """Highlight body[start:end] and scroll it into the middle of the pane."""
        if self.article is None:
            return
        self.flash = (max(0, start), min(len(self.article.body), end))
        self._redraw()
        index = self._paragraph_of(start)
        if index < len(self.paragraphs):
            para = self.paragraphs[index]
            self.call_after_refresh(self.scroll_to_widget, para, center=True, animate=False)

    def first_visible_offset(self) -> int:
        """Where the first paragraph on screen starts (for `v` with no cursor or match)."""
        top = self.scroll_y
        for i, para in enumerate(self.paragraphs):
            if para.virtual_region.bottom > top and i < len(self.paragraph_spans):
                return self.paragraph_spans[i][0]
        return 0

    def _passage_changed(self) -> None:
        self.set_class(self.passage is not None, "-selecting")
        self._redraw()
        if self.passage is not None:
            cursor = self.passage.units[self.passage.cursor][0]
            index = self._paragraph_of(cursor)
            if index < len(self.paragraphs):
                self.scroll_to_widget(self.paragraphs[index], animate=False)

    def passage_subtitle(self) -> str:
        if self.passage is None:
            return ""
        n = self.passage.sentences
        return f"selecting {n} sentence{'s' if n != 1 else ''}: b bookmarks it, Esc drops it"

    # --- what `b` bookmarks ----------------------------------------------------------------

    def selected_span(self) -> Span | None:
        """The keyboard passage, else the mouse selection inside the article's paragraphs."""
        if self.passage is not None:
            return self.passage.span
        return self.mouse_span()

    def mouse_span(self) -> Span | None:
        if self.article is None:
            return None
        selections = self.screen.selections
        found: list[int] = []
        for i, para in enumerate(self.paragraphs):
            sel = selections.get(para)
            if sel is not None and i < len(self.paragraph_spans):
                found += self._selection_offsets(sel, *self.paragraph_spans[i])
        if not found:
            return None
        start, end = min(found), max(found)
        text = self.article.body[start:end]
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        return (start, end) if end > start else None

    def _selection_offsets(self, sel: Selection, p_start: int, p_end: int) -> list[int]:
        assert self.article is not None
        lines = self.article.body[p_start:p_end].split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)

        def at(point: Offset | None, default: int) -> int:
            if point is None:
                return default
            x, y = point.x, point.y
            y = min(max(0, y), len(lines) - 1)
            return p_start + starts[y] + min(max(0, x), len(lines[y]))

        return [at(sel.start, p_start), at(sel.end, p_end)]

    # --- bookmark marks --------------------------------------------------------------------

    def set_marks(self, marks: list[tuple[int, int, str]]) -> None:
        """Mark these (start, end, note) passages; paragraphs holding one get a gutter mark
        and the notes as their tooltip."""
        if sorted(marks) == self.marks:
            return  # the common case on every article shown: none before, none now
        self.marks = sorted(marks)
        notes: dict[int, list[str]] = {}
        for start, end, note in self.marks:
            for i in range(self._paragraph_of(start), self._paragraph_of(max(start, end - 1)) + 1):
                notes.setdefault(i, []).append(note)
        for i, para in enumerate(self.paragraphs):
            held = notes.get(i)
            para.set_class(held is not None, "-bookmarked")
            para.tooltip = "\n".join(f"🔖 {n}" if n else "🔖 (no note)" for n in held or []) or None
        self._redraw()

    def notes_here(self) -> list[str]:
        """Notes of the bookmarks at the paragraph cursor, or of every bookmark in the article
        when the cursor is not on one."""
        if 0 <= self.cursor < len(self.paragraph_spans):
            p_start, p_end = self.paragraph_spans[self.cursor]
            here = [m for m in self.marks if m[0] < p_end and m[1] > p_start]
            if here:
                return [note for _s, _e, note in here]
        return [note for _s, _e, note in self.marks]

    def sentence_at(self, offset: int) -> Span | None:
        if self.article is None:
            return None
        if not self.sentences:
            self.sentences = sentence_spans(self.article.body, self.paragraph_spans)
        return self.sentences[unit_at(self.sentences, offset)] if self.sentences else None

    def passage_layers(self) -> tuple[list[Span], list[Span]]:
        """(bookmarked spans, selected spans) in body offsets, for drawing."""
        marks = [(s, e) for s, e, _n in self.marks]
        selected = [self.passage.span] if self.passage is not None else []
        return marks, selected + ([self.flash] if self.flash is not None else [])
