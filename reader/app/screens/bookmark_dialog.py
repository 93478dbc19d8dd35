"""Small modals for bookmarks: a note and tags for a passage, and a file to export to.
Enter saves, Esc cancels."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.service import parse_tags

QUOTE_CHARS = 240


def excerpt(quote: str, limit: int = QUOTE_CHARS) -> str:
    text = one_line(quote)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class NoteAndTags:
    note: str
    tags: list[str]


class BookmarkDialog(ModalScreen[NoteAndTags | None]):
    """Asks for a note and tags; dismisses with them, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reader.dialog_cancel")]

    def __init__(
        self, quote: str, *, title: str = "Bookmark", note: str = "",
        tags: list[str] | None = None, known_tags: list[str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.quote = quote
        self.title_text = title
        self.note = note
        self.tags = tags or []
        self.known_tags = known_tags or []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="bookmark-dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter saves · Tab next field · Esc cancels"
            yield Static(
                Content.assemble("“", highlighted(excerpt(self.quote), base="italic"), "”"),
                id="dialog-prompt",
            )
            yield Input(self.note, placeholder="note", id="bookmark-note")
            suggester = (
                SuggestFromList(self.known_tags, case_sensitive=False) if self.known_tags else None
            )
            yield Input(
                ", ".join(self.tags) if any(" " in t for t in self.tags) else " ".join(self.tags),
                placeholder="tags (space-separated; commas allow spaces)",
                suggester=suggester,
                id="bookmark-tags",
            )

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        note = self.query_one("#bookmark-note", Input).value.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        self.dismiss(NoteAndTags(note, tags))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[str | None]):
    """Asks for a file to export to; the extension (.md, .json, .csv) picks the format."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reader.dialog_cancel")]

    def __init__(
        self, default: str, count: int, title: str = "Export bookmarks", prompt: str = ""
    ) -> None:
        super().__init__()
        self.default = default
        self.count = count
        self.title_text = title
        noun = "bookmark" if count == 1 else "bookmarks"
        self.prompt = prompt or (
            f"Export the {count} {noun} on show. .md gives Markdown, .json W3C Web Annotations "
            "(imports back), .csv a spreadsheet."
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter exports · Esc cancels"
            yield Static(Content(self.prompt), id="dialog-prompt")
            yield Input(self.default, id="dialog-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
