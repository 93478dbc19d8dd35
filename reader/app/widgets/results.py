"""The results list: an OptionList whose option ids are article ids, for up to 10,000+ hits.

Each hit is one Option whose prompt is a `HitRow`, a Visual of fixed height (title, source ·
date, snippet). The OptionList asks every prompt its height to map lines to options; a HitRow
answers without rendering anything, and the list (a line-API ScrollView) renders only the rows
on screen. So 10,000 hits cost 10,000 small objects, not 10,000 widgets or renders.

Still, the OptionList maps its lines to options in Python, a few microseconds per option, each
time options are set: a long list is added in chunks (CHUNK hits per turn of the event loop), so
that a key pressed meanwhile waits for one chunk, not for the whole list.

Hits past the first page come without their snippet (`Hit.pending`): when such rows come into
view (or the page below them), the list posts `Results.SnippetsWanted` and the screen, having
asked the engine, hands them back through `fill_snippets`. Until then the row shows its title and
source with a muted "…" in place of the snippet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from index.copies.results import collapse
from index.search import Hit
from reader.app.widgets.hit_row import ROW_HEIGHT, HitRow, RowStates
from reader.bookmarks.states import DocState

__all__ = ["ROW_HEIGHT", "HitRow", "Results", "RowStates"]

CHUNK = 500
"""Hits added to the list per turn of the event loop (a few milliseconds of work)."""


class Results(OptionList):
    """Hits for the current query. Enter posts OptionSelected (the screen opens the article).

    A story is listed once: a hit whose copy came higher up is left out, and the row that
    stands for the story says "+N copies"; `c` lists the copies below it (CopiesWanted, then
    `show_copies`) or hides them again."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="reader.results_down"),
        Binding("k", "cursor_up", "Up", show=False, id="reader.results_up"),
        Binding(
            "c",
            "toggle_copies",
            "Copies",
            show=False,
            id="reader.copies",
            tooltip="List the copies of the story (the same article published again) "
            "below its row, or hide them",
        ),  # fmt: skip
    ]

    @dataclass
    class CopiesWanted(Message):
        """The copies of `hit` are to be listed below its row (`show_copies`)."""

        results: Results
        hit: Hit

        @property
        def control(self) -> Results:
            return self.results

    @dataclass
    class SnippetsWanted(Message):
        """Hits on show (or a page away) wait for their snippet, the visible ones first. A newer
        request replaces the previous one (whose hits are asked for again when still near)."""

        results: Results
        hits: list[Hit]

        @property
        def control(self) -> Results:
            return self.results

    @dataclass
    class MoreWanted(Message):
        """The cursor is near the end of the rows listed and the results hold more: the next
        `count` hits after the `have` listed are wanted (asked once until they come)."""

        results: Results
        have: int

        @property
        def control(self) -> Results:
            return self.results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        """How many hits the results hold (more than listed: the rest come a page at a time)."""
        self._asked_more = -1  # the row count when more were last asked for
        self._hits: list[Hit] = []
        self._query: str | None = None
        self._wanted: set[str] = set()
        self._filled: dict[str, Hit] = {}  # hits of this query with their snippet, by id
        self._index: dict[str, int] = {}  # row of each article id
        self._added = 0  # rows added to the OptionList so far (the rest come in chunks)
        self._keep: str | None = None  # the article to highlight once its row is added
        self._states = RowStates()
        self._received = 0  # hits received from the engine (more than rows: copies folded)
        self._stories: set[str] = set()  # a key per story listed (its copies are not)
        self._copy_of: dict[str, str] = {}  # a copy's row -> the row of its story
        self._expanded: set[str] = set()  # rows whose copies are listed below them

    @property
    def hits(self) -> list[Hit]:
        """The hits on show, in order."""
        return self._hits

    @property
    def received(self) -> int:
        """How many hits have come from the engine (rows and the copies folded into them)."""
        return self._received

    @property
    def page_rows(self) -> int:
        """How many hits fit on screen (at least one page's worth, before the first layout)."""
        height = self.scrollable_content_region.height or 40
        return height // ROW_HEIGHT + 2

    def show_hits(
        self, hits: list[Hit], keep: str | None = None, query: str | None = None,
        total: int | None = None,
    ) -> None:  # fmt: skip
        """Replace the options; keep the highlight on article `keep` when it is still there.
        Snippets already made for `query` are kept for hits that come without them. `total`:
        how many the results hold (more are asked for as the cursor nears the end)."""
        self.total = len(hits) if total is None else total
        self._asked_more = -1
        self._received = len(hits)
        self._stories = set()
        self._copy_of, self._expanded = {}, set()
        hits = collapse(hits, self._stories)
        if query != self._query:
            self._filled.clear()
            self._query = query
        filled = self._filled
        rows: list[Hit] = []
        for hit in hits:
            if not hit.pending:
                filled[hit.id] = hit
            elif (known := filled.get(hit.id)) is not None:
                hit = known
            rows.append(hit)
        self._hits = rows
        self._index = {hit.id: i for i, hit in enumerate(rows)}
        self._wanted = set()
        self._keep = keep if keep in self._index else None
        self._added = 0
        self.set_options(self._options_for(CHUNK))
        if rows and self._keep is None:
            self._highlight(0)
        self._add_chunk(rows)

    def append_hits(self, hits: list[Hit]) -> None:
        """The next page of the same results, added below the rows listed."""
        rows = self._hits
        known = len(rows)
        self._received += len(hits)
        fresh = collapse([h for h in hits if h.id not in self._index], self._stories)
        for i, hit in enumerate(fresh):
            self._index[hit.id] = known + i
        rows.extend(fresh)
        if self._added == known and fresh:
            if known:
                self.add_option(None)  # the rule the last row went without
            self.add_options(self._options_for(CHUNK))
            self._add_chunk(rows)

    def _near_end(self) -> None:
        """Ask for the next page when the cursor is within two screens of the last row."""
        index = self.highlighted
        have = self._received
        if index is None or have >= self.total or self._asked_more == have:
            return
        if len(self._hits) - self._row_of(index) <= 2 * self.page_rows:
            self._asked_more = have
            self.post_message(self.MoreWanted(self, have))

    def _row_of(self, option_index: int) -> int:
        """The hit row of an option index (options alternate with the rules between rows)."""
        option = self.get_option_at_index(option_index)
        return self._index.get(option.id or "", 0)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None:
            self._near_end()

    def _options_for(self, count: int) -> list[Option | None]:
        """Options for the next `count` rows, each followed by a rule but the very last."""
        start, stop = self._added, min(len(self._hits), self._added + count)
        options: list[Option | None] = []
        for hit in self._hits[start:stop]:
            options += (Option(HitRow(hit, self._states, self._note(hit)), id=hit.id), None)
        if options and stop == len(self._hits):
            options.pop()
        self._added = stop
        return options

    def _note(self, hit: Hit) -> str:
        if hit.id in self._copy_of:
            return "↳ copy"
        if not hit.copies:
            return ""
        n = len(hit.copies)
        if hit.id in self._expanded:
            return f"{n} {'copy' if n == 1 else 'copies'} below"
        return f"+{n} {'copy' if n == 1 else 'copies'}"

    def action_toggle_copies(self) -> None:
        """List the copies of the story at the cursor below its row, or hide them."""
        current = self.current_id
        if current is None:
            return
        story = self._copy_of.get(current, current)
        if story in self._expanded:
            self._expanded.discard(story)
            gone = {i for i, s in self._copy_of.items() if s == story}
            self._copy_of = {i: s for i, s in self._copy_of.items() if s != story}
            self._relist([h for h in self._hits if h.id not in gone], keep=story)
        elif (hit := self._hits[self._index[story]]).copies:
            self.post_message(self.CopiesWanted(self, hit))
        else:
            self.app.bell()

    def show_copies(self, story: str, copies: list[Hit]) -> None:
        """List `copies` (hits of the copies of the row `story`) below that row."""
        where = self._index.get(story)
        if where is None or story in self._expanded:
            return
        fresh = [h for h in copies if h.id not in self._index]
        self._expanded.add(story)
        self._copy_of.update((h.id, story) for h in fresh)
        rows = self._hits
        self._relist([*rows[: where + 1], *fresh, *rows[where + 1 :]], keep=story)

    def _relist(self, rows: list[Hit], keep: str) -> None:
        """The same results with rows added or taken out, the cursor kept on `keep`."""
        self._hits = rows
        self._index = {hit.id: i for i, hit in enumerate(rows)}
        self._keep = keep
        self._added = 0
        self.set_options(self._options_for(CHUNK))
        self._add_chunk(rows)

    def _add_chunk(self, rows: list[Hit]) -> None:
        """Highlight the kept article once added; schedule the next chunk (unless the list was
        replaced meanwhile)."""
        if rows is not self._hits:
            return
        if self._keep is not None and self._index[self._keep] < self._added:
            self._highlight(self._index[self._keep])
            self._keep = None
        if self._added < len(rows):
            self.call_later(self._next_chunk, rows)

    def _next_chunk(self, rows: list[Hit]) -> None:
        if rows is self._hits:
            self.add_options(self._options_for(CHUNK))
            self._add_chunk(rows)

    def select_id(self, article_id: str) -> bool:
        """Highlight the row of `article_id` when it is listed (and drawn); True if so."""
        if article_id not in self._index:
            return False
        try:
            index = self.get_option_index(article_id)
        except OptionDoesNotExist:
            return False  # far down a long list, not drawn yet
        self._highlight(index)
        return True

    def _highlight(self, index: int) -> None:
        """Highlight row `index` in the list drawn next, and say so (OptionHighlighted: the
        screen previews the article) only once it is drawn: the preview's rendering would
        otherwise hold back the first drawing of new results."""
        self.set_reactive(Results.highlighted, index)
        self.scroll_to_highlight()
        self.refresh()
        self.call_after_refresh(self._announce, index)

    def _announce(self, index: int) -> None:
        if self.highlighted == index and index < self.option_count:
            option = self.get_option_at_index(index)
            self.post_message(self.OptionHighlighted(self, option, index))

    def fill_snippets(self, hits: list[Hit]) -> None:
        """Show the snippets made for pending hits (from the engine, for the current query)."""
        changed = False
        for hit in hits:
            self._wanted.discard(hit.id)
            self._filled[hit.id] = hit
            index = self._index.get(hit.id)
            if index is None or index >= self._added or not self._hits[index].pending:
                continue
            self._hits[index] = hit
            row = self.get_option_at_index(index).prompt
            if isinstance(row, HitRow):
                row.update(hit)
                changed = True
        if changed:
            # The rows keep their height, so only their rendering is stale: OptionList's public
            # replace_option_prompt would also rebuild its map of lines (for 10,000 rows, about
            # 50 ms). Its cache of rendered options is private (Textual 8.2.8).
            self._option_render_cache.clear()
            self.refresh()

    def set_states(self, states: Mapping[str, DocState]) -> None:
        """The reading state of every article (unread, starred, tags), drawn in the rows."""
        if states is self._states.map:
            return
        self._states.map = states
        self._option_render_cache.clear()  # same heights: see fill_snippets
        self.refresh()

    def _want_snippets(self) -> None:
        """Ask for the pending hits on screen, then the page below and the one above."""
        if not self._hits:
            return
        page = self.page_rows
        first = int(self.scroll_offset.y) // ROW_HEIGHT
        order = [*range(first, first + page), *range(first + page, first + 2 * page)]
        order += range(max(0, first - page), first)
        wanted = [self._hits[i] for i in order if i < self._added and self._hits[i].pending]
        if any(hit.id not in self._wanted for hit in wanted[:page]):
            self._wanted = {hit.id for hit in wanted}
            # Posted from this widget's own loop: a message made while the screen renders
            # would have the screen as its sender, and stop bubbling there.
            self.call_later(lambda: self.post_message(self.SnippetsWanted(self, wanted)))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._want_snippets()
        return super().render_lines(crop)

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
