"""The sidebar: facets of the current results (source, year), grouped, with counts.

Entity groups (PERSON, ORG, PLACE, GROUP) slot in as more `FacetGroup`s once the engine extracts
them: each group has a query field and a style variable. Enter on an item posts `Picked`, and the
screen narrows the query with `field:"value"`."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.widgets.safe_text import highlighted, one_line


@dataclass(frozen=True)
class FacetGroup:
    """One heading in the sidebar: `field` is the query field its items filter on."""

    field: str
    title: str
    items: list[tuple[str, int]]
    style: str = "$text"


# Engine facet key -> (query field, heading, style). Entity kinds are ready for the extractor.
GROUPS: dict[str, tuple[str, str, str]] = {
    "person": ("person", "People", "$entity-person"),
    "org": ("org", "Organisations", "$entity-org"),
    "place": ("place", "Places", "$entity-place"),
    "group": ("group", "Groups", "$entity-group"),
    "source": ("source", "Sources", "$secondary"),
    "year": ("date", "Years", "$accent"),
}
MAX_ITEMS = 30


def groups_from_facets(facets: dict[str, list[tuple[str, int]]]) -> list[FacetGroup]:
    """Sidebar groups, in GROUPS order, for whatever facets the engine returned."""
    groups = []
    for key, (field, title, style) in GROUPS.items():
        items = facets.get(key) or []
        if items:
            groups.append(FacetGroup(field, title, list(items[:MAX_ITEMS]), style))
    return groups


def filter_clause(field: str, value: str) -> str:
    """`field:"value"` for the query; a year needs no quotes."""
    if value.isdigit():
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), " ")}"'


class EntitySidebar(OptionList):
    """Facet counts; entity groups will appear here too."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="reader.sidebar_down"),
        Binding("k", "cursor_up", "Up", show=False, id="reader.sidebar_up"),
    ]

    @dataclass
    class Picked(Message):
        """The user chose an item: narrow the query with `clause`."""

        clause: str

    def show_groups(self, groups: list[FacetGroup], empty_hint: str = "") -> None:
        """Replace the groups; `empty_hint` is shown (dim) when there are none."""
        options: list[Option] = []
        if not groups and empty_hint:
            options.append(Option(Content(empty_hint).stylize("$text-muted"), disabled=True))
        for group in groups:
            heading = Content(group.title.upper()).stylize(f"bold {group.style}")
            options.append(Option(heading, disabled=True))
            for value, count in group.items:
                label = Content.assemble(
                    highlighted(one_line(value) or "?"),
                    " ",
                    Content(f"{count:,}").stylize("$text-muted"),
                )
                options.append(Option(label, id=f"{group.field}\x00{value}"))
        self.set_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            field, value = event.option.id.split("\x00", 1)
            self.post_message(self.Picked(filter_clause(field, value)))
