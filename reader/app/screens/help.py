"""`?`: every key, generated from the live bindings (so a user keymap shows up as it is)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar

PANES: list[tuple[str, type]] = [
    ("Search bar", SearchBar),
    ("Results", Results),
    ("Article", ArticleView),
    ("Sidebar", EntitySidebar),
]


def _keys(keymap: dict[str, str], binding: Binding) -> str:
    """The keys bound now: the user's keymap wins over the default."""
    return keymap.get(binding.id, binding.key) if binding.id else binding.key


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="reader.help_close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(self.render_sections(), id="help-text")

    def render_sections(self) -> Content:
        lines: list[Content] = []
        for title, rows in self.sections:
            if not rows:
                continue
            if lines:
                lines.append(Content(""))
            lines.append(Content(title).stylize("bold $accent"))
            width = max(len(k) for k, _d in rows)
            for keys, description in rows:
                lines.append(
                    Content.assemble((keys.ljust(width + 2), "bold $primary"), description)
                )
        return Content("\n").join(lines)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()


def collect_sections(
    app_bindings: Iterable[Binding],
    screen_bindings: Iterable[Binding],
    keymap: dict[str, str],
    display: object,
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections of (keys, description), from the app, the screen and each pane's bindings."""
    get_display = getattr(display, "get_key_display", None)

    def rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for b in bindings:
            if not b.description or b.description in seen:
                continue
            seen.add(b.description)
            keys = _keys(keymap, b)
            shown = ", ".join(
                get_display(Binding(k.strip(), b.action)) if get_display else k
                for k in keys.split(",")
            )
            out.append((shown, b.tooltip or b.description))
        return out

    sections = [("Everywhere", rows([*app_bindings, *screen_bindings]))]
    for title, cls in PANES:
        own = [b for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding)]
        sections.append((title, rows(own)))
    sections.append(("Filters", [("click", "a chip under the search bar removes that filter")]))
    palette = "open articles by title, filter by entity, themes, bookmarks, re-index"
    sections.append(("Command palette", [("ctrl+p", palette)]))
    return sections
