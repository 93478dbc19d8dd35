"""The bookmarks screen (`B`): every bookmark with its article, quote, note, tags and date.

Type in the filter to narrow (words match title, quote, note and tags; `#tag` needs the tag);
`s` sorts by date or by article; Enter jumps to the passage; `e` edits the note and tags; `d`
deletes and `u` undoes; `x` exports what is on show. Orphaned bookmarks (their passage is gone)
and bookmarks of other corpora have sections of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.app.screens.bookmark_dialog import BookmarkDialog, ExportDialog, NoteAndTags, excerpt
from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.model import ORPHANED, Bookmark
from reader.bookmarks.service import export_text
from reader.bookmarks.store import BookmarksError, BookmarkStore
from reader.config import atomic_write

SORTS = ("date", "article")


def matches(bm: Bookmark, words: list[str], tags: list[str]) -> bool:
    have = {t.lower() for t in bm.tags}
    if any(t not in have for t in tags):
        return False
    text = " ".join((bm.title, bm.quote, bm.note, " ".join(bm.tags), bm.source)).lower()
    return all(w in text for w in words)


def parse_filter(text: str) -> tuple[list[str], list[str]]:
    words, tags = [], []
    for token in text.lower().split():
        if token.startswith("#") and len(token) > 1:
            tags.append(token[1:])
        else:
            words.append(token)
    return words, tags


def row(bm: Bookmark) -> Content:
    meta = " · ".join(p for p in (bm.source, bm.date, bm.created[:10]) if p)
    tags = "  ".join(f"#{t}" for t in bm.tags)
    lines: list[Content | str] = [highlighted(one_line(bm.title or bm.article_id), base="bold")]
    if meta or tags:
        lines += ["\n", highlighted(meta, base="$text-muted")]
        if tags:
            lines += ["  ", highlighted(one_line(tags), base="$accent")]
    lines += ["\n", highlighted("“" + excerpt(bm.quote, 160) + "”", base="italic")]
    if bm.note:
        lines += ["\n", highlighted("✎ " + excerpt(bm.note, 160))]
    return Content.assemble(*lines)


class BookmarksScreen(Screen[Bookmark | None]):
    """Dismisses with the bookmark to jump to, or None."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="reader.bookmarks_back"),
        Binding("q", "back", "Close", show=False, id="reader.bookmarks_close"),
        Binding("slash", "focus_filter", "Filter", id="reader.bookmarks_filter"),
        Binding("e", "edit", "Edit", id="reader.bookmark_edit"),
        Binding("d", "delete", "Delete", id="reader.bookmark_delete"),
        Binding("u", "undo", "Undo", id="reader.bookmark_undo"),
        Binding("s", "toggle_sort", "Sort", id="reader.bookmarks_sort"),
        Binding("x", "export", "Export", id="reader.bookmarks_export"),
    ]

    def __init__(self, store: BookmarkStore, corpus: str, export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.corpus = corpus
        self.export_dir = export_dir or Path.cwd()
        self.sort = "date"
        self.deleted: list[Bookmark] = []
        self.shown: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Static(id="bm-title")
        yield Input(placeholder="filter: words, or #tag", id="bm-filter")
        yield OptionList(id="bm-list")
        yield Static(id="bm-status")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()
        if self.store.problems:
            self.notify("\n".join(self.store.problems[:3]), severity="warning", markup=False)

    # --- the list --------------------------------------------------------------------------

    def refill(self, keep: str | None = None) -> None:
        words, tags = parse_filter(self.query_one("#bm-filter", Input).value)
        picked = [b for b in self.store.bookmarks if matches(b, words, tags)]
        if self.sort == "date":
            picked.sort(key=lambda b: b.created, reverse=True)
        else:
            picked.sort(key=lambda b: ((b.title or b.article_id).lower(), b.article_id, b.start))
        here = [b for b in picked if self._here(b) and b.status != ORPHANED]
        orphaned = [b for b in picked if self._here(b) and b.status == ORPHANED]
        elsewhere = [b for b in picked if not self._here(b)]
        options: list[Option | None] = [Option(row(b), id=b.id) for b in here]
        for title, group in (
            ("Orphaned: the passage is gone from its article (the quote is kept)", orphaned),
            ("In other corpora (open them with reader --corpus DIR)", elsewhere),
        ):
            if group:
                options += [None, Option(Content(title).stylize("bold $warning"), disabled=True)]
                options += [Option(row(b), id=b.id) for b in group]
        self.shown = here + orphaned + elsewhere
        olist = self.query_one(OptionList)
        old = keep or (olist.highlighted_option.id if olist.highlighted_option else None)
        olist.clear_options()
        olist.add_options(options)
        if old is not None and any(o is not None and o.id == old for o in options):
            olist.highlighted = olist.get_option_index(old)
        elif self.shown:
            olist.highlighted = olist.get_option_index(self.shown[0].id)
        total = len(self.store.bookmarks)
        title = f"Bookmarks: {len(self.shown)} of {total}" if len(self.shown) != total else (
            f"Bookmarks: {total}"
        )
        ro = " · read-only (the file could not be read)" if self.store.read_only else ""
        self.query_one("#bm-title", Static).update(
            Content(f"{title} · sorted by {self.sort}{ro}").stylize("bold")
        )
        hint = "Enter jumps to the passage · e edit · d delete · u undo · s sort · x export"
        if not total:
            hint = "No bookmarks yet: in an article, v selects a passage and b bookmarks it."
        self.query_one("#bm-status", Static).update(Content(hint).stylize("$text-muted"))

    def _here(self, bm: Bookmark) -> bool:
        return not bm.corpus or bm.corpus == self.corpus

    def current(self) -> Bookmark | None:
        option = self.query_one(OptionList).highlighted_option
        return self.store.get(option.id) if option is not None and option.id else None

    @on(Input.Changed, "#bm-filter")
    def _filter(self) -> None:
        self.refill()

    @on(Input.Submitted, "#bm-filter")
    def _filter_done(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#bm-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        bm = self.store.get(event.option.id or "")
        if bm is None:
            return
        if not self._here(bm):
            self.notify(f"This bookmark is in another corpus: {bm.corpus}", markup=False)
        elif bm.status == ORPHANED:
            self.notify("Its passage is gone from the article; the quote is kept here.")
        else:
            self.dismiss(bm)

    # --- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.focused is self.query_one("#bm-filter", Input):
            self.query_one(OptionList).focus()
        else:
            self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#bm-filter", Input))

    def action_toggle_sort(self) -> None:
        self.sort = "article" if self.sort == "date" else "date"
        self.refill()

    def _write(self, change: Callable[[], object], done: str, keep: str | None = None) -> bool:
        try:
            change()
        except BookmarksError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return False
        self.refill(keep)
        self.notify(done, timeout=3)
        return True

    def action_edit(self) -> None:
        bm = self.current()
        if bm is None:
            return

        def done(answer: NoteAndTags | None) -> None:
            if answer is None:
                return
            edited = Bookmark.from_dict(bm.to_dict())
            edited.status = bm.status
            edited.note, edited.tags = answer.note, answer.tags
            self._write(lambda: self.store.update(edited), "Bookmark saved.", keep=bm.id)

        self.app.push_screen(
            BookmarkDialog(bm.quote, title="Edit bookmark", note=bm.note, tags=bm.tags,
                           known_tags=list(self.store.tags())),
            done,
        )  # fmt: skip

    def action_delete(self) -> None:
        bm = self.current()
        if bm is not None and self._write(
            lambda: self.store.delete(bm.id), "Bookmark deleted: u undoes it."
        ):
            self.deleted.append(bm)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", timeout=2)
            return
        bm = self.deleted.pop()
        if not self._write(lambda: self.store.restore(bm), "Bookmark restored.", keep=bm.id):
            self.deleted.append(bm)

    def action_export(self) -> None:
        if not self.shown:
            self.notify("No bookmarks on show to export.", timeout=3)
            return
        shown = list(self.shown)

        def done(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            try:
                text, fmt = export_text(shown, path)
                atomic_write(path, text, backup=False)
            except (OSError, ValueError) as exc:
                self.notify(f"not exported: {exc}", severity="error", markup=False)
                return
            self.notify(f"{len(shown)} bookmarks exported to {path} ({fmt})", markup=False)

        default = str(self.export_dir / "bookmarks.md")
        self.app.push_screen(ExportDialog(default, len(shown)), done)
