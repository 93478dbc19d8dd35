"""The results list: an OptionList whose option ids are article ids."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.search import Hit
from reader.widgets.safe_text import highlighted, one_line


def hit_prompt(hit: Hit) -> Content:
    """Title (matches highlighted) / source · date / snippet (matches highlighted)."""
    # Same-length replacement keeps the span offsets valid.
    title_text = (hit.title or hit.id).replace("\n", " ")
    title = highlighted(title_text, hit.title_spans, base="bold")
    meta = " · ".join(p for p in (one_line(hit.source), hit.date or "") if p) or hit.id
    snippet = highlighted(hit.snippet.text.replace("\n", " "), hit.snippet.spans)
    return Content.assemble(title, "\n", Content(meta).stylize("$text-muted"), "\n", snippet)


class Results(OptionList):
    """Hits for the current query. Enter posts OptionSelected (the screen opens the article)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="reader.results_down"),
        Binding("k", "cursor_up", "Up", show=False, id="reader.results_up"),
    ]

    def show_hits(self, hits: list[Hit], keep: str | None = None) -> None:
        """Replace the options; keep the highlight on article `keep` when it is still there."""
        options: list[Option | None] = []
        for i, hit in enumerate(hits):
            if i:
                options.append(None)  # a rule between hits
            options.append(Option(hit_prompt(hit), id=hit.id))
        self.set_options(options)
        if not hits:
            return
        index = 0
        if keep is not None:
            try:
                index = self.get_option_index(keep)
            except Exception:  # OptionDoesNotExist
                index = 0
        self.highlighted = index

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
