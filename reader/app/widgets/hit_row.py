"""One hit of the results list as a Visual of fixed height: title, source · date, snippet."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from index.search import Hit
from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.states import DocState
from reader.safe import inert_line

TEXT_LINES = 5
"""Lines of text per hit: the title (one or two lines), source · date, and the snippet."""
ROW_HEIGHT = TEXT_LINES + 1
"""Lines per hit on screen, the rule below it included."""
LEAD = 24
"""A snippet is shown from about this many characters before its first match."""
PENDING = Content("…").stylize("$text-muted")


def _snippet_text(hit: Hit) -> Content:
    """The snippet, starting shortly before its first match so that it shows in a few lines."""
    text = hit.snippet.text.replace("\n", " ")
    spans = hit.snippet.spans
    if spans and spans[0][0] > LEAD:
        space = text.find(" ", spans[0][0] - LEAD, spans[0][0])
        if space >= 0:
            cut = space + 1
            text = "…" + text[cut:]
            spans = [(s - cut + 1, e - cut + 1) for s, e in spans]
    return highlighted(text, spans)


def _clip(lines: list[Content], count: int, width: int) -> list[Content]:
    """At most `count` lines; an ellipsis ends the last one when some were dropped."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    last = kept[-1].rstrip()
    if last.cell_length >= width:
        last = last.truncate(width - 1)
    kept[-1] = last.append("…")
    return kept


UNREAD = DocState()


class RowStates:
    """The reading state of every article, shared by all the rows of a list (replaced whole
    when states change)."""

    def __init__(self) -> None:
        self.map: Mapping[str, DocState] = {}

    def get(self, article_id: str) -> DocState:
        return self.map.get(article_id, UNREAD)


class HitRow(Visual):
    """One hit as TEXT_LINES lines at any width, its reading state shown: an unread title in
    bold, a read one muted, a star before a starred one, tags after the source and date.
    Nothing in the article's text is interpreted."""

    def __init__(self, hit: Hit, states: RowStates | None = None, note: str = "") -> None:
        self.hit = hit
        self.states = states or RowStates()
        self.note = note
        """Before the source and date: "+2 copies" on a story's row, "↳ copy" on a copy's."""
        self._lines: dict[tuple[int, DocState], Content] = {}

    def update(self, hit: Hit) -> None:
        """The same article with its snippet: same height, new text."""
        self.hit = hit
        self._lines.clear()

    @property
    def title(self) -> Content:
        """The title with its matches highlighted (once the hit is no longer pending), bold
        while unread, a star before it when starred."""
        hit = self.hit
        state = self.states.get(hit.id)
        # Same-length replacement keeps the span offsets valid.
        title_text = hit.title.replace("\n", " ") if hit.title else inert_line(hit.id)
        base = "$text-muted" if state.read else "bold"
        title = highlighted(title_text, hit.title_spans, base=base)
        return Content.assemble(("★ ", "$warning"), title) if state.starred else title

    @property
    def meta(self) -> Content:
        """The copies note, the tags, then "source · date", muted."""
        hit = self.hit
        meta = " · ".join(p for p in (one_line(hit.source), hit.date or "") if p)
        meta = inert_line(meta or hit.id)
        tags = self.states.get(hit.id).tags
        parts = [Content("#" + one_line(t)).stylize("$accent") for t in tags]
        if self.note:
            parts.insert(0, Content(self.note).stylize("bold $secondary"))
        if not parts:
            return Content(meta).stylize("$text-muted")
        return Content.assemble(Content(" ").join(parts), (" · " + meta, "$text-muted"))

    @property
    def snippet(self) -> Content:
        """The snippet with its matches highlighted, or a muted "…" while pending."""
        return PENDING if self.hit.pending else _snippet_text(self.hit)

    @property
    def plain(self) -> str:
        """Title, meta and snippet as plain text (tests and the palette read it)."""
        return "\n".join(c.plain for c in (self.title, self.meta, self.snippet))

    def lines(self, width: int) -> Content:
        """Exactly TEXT_LINES lines, none wider than `width`: the title takes two lines when it
        needs them, the snippet the rest."""
        key = (width, self.states.get(self.hit.id))
        if (content := self._lines.get(key)) is None:
            width = max(1, width)
            title = _clip(self.title.wrap(width), 2, width)
            snippet = _clip(self.snippet.wrap(width), TEXT_LINES - 1 - len(title), width)
            meta = self.meta.truncate(width, ellipsis=True)
            lines = [*title, meta, *snippet]
            lines += [Content("")] * (TEXT_LINES - len(lines))
            content = Content("\n").join(lines)
            if len(self._lines) > 4:
                self._lines.clear()
            self._lines[key] = content
        return content

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width).render_strips(width, TEXT_LINES, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return TEXT_LINES
