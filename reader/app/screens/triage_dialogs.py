"""Small modals for document states: an article's tags (with the tags already in use offered as
you type), and what to do to every result of the search at once (the count on show is the
confirmation). Esc cancels both."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.service import parse_tags
from reader.bookmarks.states import Change

KNOWN_SHOWN = 12


class LastTagSuggester(Suggester):
    """Completes the tag being typed (the last one in the field) from the tags in use."""

    def __init__(self, known: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = known

    async def get_suggestion(self, value: str) -> str | None:
        cut = max(value.rfind(" "), value.rfind(","))
        stem = value[cut + 1 :]
        if not stem:
            return None
        typed = {t.casefold() for t in parse_tags(value[: cut + 1])}
        for tag in self.known:
            if tag.casefold().startswith(stem.casefold()) and tag.casefold() not in typed:
                return value[: cut + 1] + tag
        return None


def tags_text(tags: list[str] | tuple[str, ...]) -> str:
    """Tags as typed in the field, ready for one more: commas when a tag has a space, else
    spaces."""
    if not tags:
        return ""
    return ", ".join(tags) + ", " if any(" " in t for t in tags) else " ".join(tags) + " "


class TagsDialog(ModalScreen[list[str] | None]):
    """Edits a set of tags; dismisses with the new list, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="reader.dialog_cancel"),
        Binding("tab", "complete", "Complete", show=False, priority=True),
    ]

    def __init__(self, title: str, prompt: str, tags: tuple[str, ...], known: dict[str, int]):
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.tags = tags
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter saves · Tab completes · Esc cancels"
            yield Static(highlighted(self.prompt), id="dialog-prompt")
            yield Input(
                tags_text(self.tags),
                placeholder="tags (space-separated; commas allow spaces)",
                suggester=LastTagSuggester(list(self.known)),
                id="dialog-input",
                select_on_focus=False,
            )
            shown = [f"{one_line(t)} ({n:,})" for t, n in list(self.known.items())[:KNOWN_SHOWN]]
            more = len(self.known) - len(shown)
            note = "In use: " + ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")
            yield Static(
                Content(note if shown else "No tags in use yet.").stylize("$text-muted"),
                id="dialog-note",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_complete(self) -> None:
        """Take the tag offered (the cursor goes to the end, where the offer is accepted)."""
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()

    @on(Input.Submitted, "#dialog-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


CHOICES = {
    "r": ("read", Change(read=True)),
    "u": ("unread", Change(read=False)),
    "s": ("star", Change(starred=True)),
    "S": ("unstar", Change(starred=False)),
}


class MarkAllDialog(ModalScreen[Change | str | None]):
    """What to do to every result: dismisses with a Change, "tag" or "untag" (ask for the
    tags next), or None when cancelled."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="reader.dialog_cancel"),
        Binding("r", "choose('r')", "Read", id="reader.all_read"),
        Binding("u", "choose('u')", "Unread", id="reader.all_unread"),
        Binding("s", "choose('s')", "Star", id="reader.all_star"),
        Binding("S", "choose('S')", "Unstar", id="reader.all_unstar"),
        Binding("t", "choose('t')", "Tag", id="reader.all_tag"),
        Binding("x", "choose('x')", "Untag", id="reader.all_untag"),
    ]

    def __init__(self, count: int, query: str) -> None:
        super().__init__()
        self.count = count
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = "Every result"
            box.border_subtitle = "Esc cancels"
            what = f"for {one_line(self.query_text)!r}" if self.query_text else "(the whole corpus)"
            noun = "article" if self.count == 1 else "articles"
            yield Static(
                highlighted(f"Mark all {self.count:,} {noun} of this search {what}:"),
                id="dialog-prompt",
            )
            yield Static(
                Content("r read · u unread · s star · S unstar · t add tags… · x remove tags…"),
                id="dialog-note",
            )

    def action_choose(self, key: str) -> None:
        self.dismiss({"t": "tag", "x": "untag"}.get(key) or CHOICES[key][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
