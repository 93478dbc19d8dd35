"""The sidebar: the open article's entities (by type, by mention count), or, with no article
open, the facets of the current results (entities, sources, years). The border title says which.

The sidebar only posts messages; the screen acts on them:
- moving the cursor onto an entity posts `Selected` (its mentions are marked in the article);
- `f` or Enter posts `Picked` (the item becomes a filter of the search);
- `h`, `r` and `M` post `Correct` (hide, rename, merge: written to the user's config).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.entities.extract import Mention
from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.states import DocState


@dataclass(frozen=True)
class FacetGroup:
    """One heading in the sidebar: `field` is the query field its items filter on."""

    field: str
    title: str
    items: list[tuple[str, int]]
    style: str = "$text"


# Engine facet key -> (query field, heading, style).
GROUPS: dict[str, tuple[str, str, str]] = {
    "person": ("person", "People", "$entity-person"),
    "org": ("org", "Organisations", "$entity-org"),
    "place": ("place", "Places", "$entity-place"),
    "group": ("group", "Groups", "$entity-group"),
    "source": ("source", "Sources", "$secondary"),
    "year": ("date", "Years", "$accent"),
}
# Entity type (as in Mention.type) <-> query field.
FIELD_OF_TYPE = {"PERSON": "person", "ORG": "org", "PLACE": "place", "GROUP": "group"}
TYPE_OF_FIELD = {f: t for t, f in FIELD_OF_TYPE.items()}
MAX_ITEMS = 30

ARTICLE_TITLE = "In this article"
RESULTS_TITLE = "In these results"


def groups_from_facets(facets: dict[str, list[tuple[str, int]]]) -> list[FacetGroup]:
    """Sidebar groups, in GROUPS order, for whatever facets the engine returned."""
    groups = []
    for key, (field, title, style) in GROUPS.items():
        items = facets.get(key) or []
        if items:
            groups.append(FacetGroup(field, title, list(items[:MAX_ITEMS]), style))
    return groups


def groups_from_states(ids: Iterable[str], states: Mapping[str, DocState]) -> list[FacetGroup]:
    """Reading state and tags of the listed results, counted like facets (none while no
    listed article has a state)."""
    read = starred = 0
    tags: Counter[str] = Counter()
    total = 0
    for doc_id in ids:
        total += 1
        state = states.get(doc_id)
        if state is not None:
            read += state.read
            starred += state.starred
            tags.update(state.tags)
    if not (read or starred or tags):
        return []
    counts = [("unread", total - read), ("read", read), ("starred", starred)]
    groups = [FacetGroup("is", "Reading", [(k, n) for k, n in counts if n], "$warning")]
    if tags:
        items = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        groups.append(FacetGroup("tag", "Tags", items[:MAX_ITEMS], "$accent"))
    return groups


def groups_from_mentions(mentions: Iterable[Mention]) -> list[FacetGroup]:
    """An article's entities grouped by type, each by number of mentions (then name)."""
    counts: dict[str, Counter[str]] = {t: Counter() for t in FIELD_OF_TYPE}
    for m in mentions:
        if m.type in counts:
            counts[m.type][m.entity] += 1
    groups = []
    for type_, counter in counts.items():
        if counter:
            field, title, style = GROUPS[FIELD_OF_TYPE[type_]]
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            groups.append(FacetGroup(field, title, items, style))
    return groups


def filter_clause(field: str, value: str) -> str:
    """`field:"value"` for the query; a year or date needs no quotes, a range of dates is one
    (`date:[2004-03-01 to 2004-03-07]`)."""
    if field == "date" and " to " in value:
        return f"date:[{value}]"
    if value.replace("-", "").isdigit():
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), " ")}"'


class EntitySidebar(OptionList):
    """Entities of the open article, or facets of the results."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="reader.sidebar_down"),
        Binding("k", "cursor_up", "Up", show=False, id="reader.sidebar_up"),
        Binding("f", "pick", "Filter", id="reader.filter_entity",
                tooltip="Filter the results by this entity, source or year (also Enter)"),
        Binding("h", "correct('hide')", "Hide", show=False, id="reader.hide_entity",
                tooltip="Hide this entity everywhere (saved in config.yaml)"),
        Binding("r", "correct('rename')", "Rename", show=False, id="reader.rename_entity",
                tooltip="Rename this entity (saved in config.yaml as an alias)"),
        Binding("M", "correct('merge')", "Merge", show=False, id="reader.merge_entity",
                tooltip="Merge this entity into another one (saved in config.yaml)"),
    ]  # fmt: skip

    @dataclass
    class Picked(Message):
        """The user chose an item: filter the results on `field:value`."""

        field: str
        value: str

        @property
        def clause(self) -> str:
            return filter_clause(self.field, self.value)

    @dataclass
    class Selected(Message):
        """The cursor is on an entity (type, name), or on no entity (None)."""

        entity: tuple[str, str] | None

    @dataclass
    class Correct(Message):
        """`action` ("hide", "rename", "merge") asked for the entity (type, name)."""

        action: str
        entity: tuple[str, str]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.mode = "results"
        """"article" (the open article's entities) or "results" (facets)."""
        self.border_title = RESULTS_TITLE

    def show_groups(
        self, groups: list[FacetGroup], empty_hint: str = "", *, mode: str = "results"
    ) -> None:
        """Replace the groups; `empty_hint` is shown (dim) when there are none. `mode` is
        "article" or "results" and names the sidebar in its border."""
        self.mode = mode
        self.border_title = ARTICLE_TITLE if mode == "article" else RESULTS_TITLE
        keep = self.current
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
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            if keep is not None:
                try:
                    self.highlighted = self.get_option_index(f"{keep[0]}\x00{keep[1]}")
                except Exception:  # OptionDoesNotExist: that item is gone
                    pass

    @property
    def current(self) -> tuple[str, str] | None:
        """(field, value) of the item under the cursor."""
        option = self.highlighted_option
        if option is None or not option.id:
            return None
        field, value = option.id.split("\x00", 1)
        return field, value

    @property
    def current_entity(self) -> tuple[str, str] | None:
        """(type, name) of the entity under the cursor; None on a source or a year."""
        item = self.current
        if item is None or item[0] not in TYPE_OF_FIELD:
            return None
        return TYPE_OF_FIELD[item[0]], item[1]

    def items(self) -> list[tuple[str, str]]:
        """Every (field, value) on show, in order (for tests and the merge dialog)."""
        out = []
        for i in range(self.option_count):
            option_id = self.get_option_at_index(i).id
            if option_id:
                field, value = option_id.split("\x00", 1)
                out.append((field, value))
        return out

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_focus:
            self.post_message(self.Selected(self.current_entity))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Picked(*item))

    def action_correct(self, action: str) -> None:
        entity = self.current_entity
        if entity is None:
            self.notify("Hide, rename and merge work on people, organisations, places, groups.")
            return
        self.post_message(self.Correct(action, entity))
