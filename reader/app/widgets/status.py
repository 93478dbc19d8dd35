"""The status row under the search bar: one line saying what the results are (or what the
index is doing, or why a query failed), and a progress bar while the index is built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from reader.app.widgets.safe_text import highlighted


class StatusRow(Horizontal):
    """`say` a line (inert text, or styled Content); `progress` shows the bar, `done` hides it."""

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield ProgressBar(id="progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def say(self, text: str | Content, *, error: bool = False, muted: bool = False) -> None:
        content = text if isinstance(text, Content) else highlighted(text)
        if error:
            content = content.stylize("bold $error")
        elif muted:
            content = content.stylize("$text-muted")
        self.query_one("#status", Static).update(content)

    def progress(self, done: int, total: int, what: str) -> None:
        """The bar at `done` of `total`, and the line saying so."""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, total), progress=done)
        self.say(f"{what}: {done:,} of about {total:,} articles")

    def busy(self, text: str) -> None:
        """The bar shown before any count is known."""
        self.query_one(ProgressBar).display = True
        self.say(text)

    def done(self) -> None:
        self.query_one(ProgressBar).display = False
