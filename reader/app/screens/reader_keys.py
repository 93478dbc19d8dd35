"""The reader screen's keys, by binding id (rebindable in the config's `keymap:`). Outside a
text field every letter is a command; the help screen lists these with their tooltips."""

from __future__ import annotations

from textual.binding import Binding, BindingType

READER_KEYS: list[BindingType] = [
    Binding("slash", "focus_search", "Search", id="reader.search"),
    Binding("escape", "back", "Back", show=False, id="reader.back",
            tooltip="Back one step: entity → matches, article → results, query and "
            "filters cleared → the whole corpus"),
    Binding("n", "match(1)", "Next hit", id="reader.next_match",
            tooltip="Next hit (or mention of the entity picked in the sidebar)"),
    Binding("N", "match(-1)", "Previous hit", show=False, id="reader.previous_match"),
    Binding("left_square_bracket", "paragraph(-1)", "Previous paragraph", show=False,
            id="reader.previous_paragraph"),
    Binding("right_square_bracket", "paragraph(1)", "Next paragraph", show=False,
            id="reader.next_paragraph"),
    Binding("s", "toggle_sort", "Sort", id="reader.sort",
            tooltip="Sort by relevance or by date, newest first"),
    Binding("m", "toggle_mentions", "Mentions", show=False, id="reader.mentions",
            tooltip="Tint the entity mentions in the article by type"),
    Binding("x", "remove_filter", "Remove filter", show=False, id="reader.remove_filter",
            tooltip="Remove the last filter chip (or click a chip)"),
    Binding("ctrl+d", "accept_suggestion", "Did you mean", show=False,
            id="reader.suggestion", tooltip="Search for the suggested spelling"),
    Binding("e", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar",
            tooltip="Show or hide the sidebar (hidden below 100 columns)"),
    Binding("v", "select_passage", "Select", show=False, id="reader.select",
            tooltip="Select a passage from the current match or paragraph: then j/k or "
            "( ) by sentence, { } by paragraph, Esc drops it"),
    Binding("b", "bookmark", "Bookmark", id="reader.bookmark",
            tooltip="Bookmark the selection (or the paragraph at the cursor) with a note "
            "and tags"),
    Binding("B", "bookmarks", "Bookmarks", show=False, id="reader.bookmarks",
            tooltip="List, filter, edit, export your bookmarks; Enter jumps to one"),
    Binding("u", "triage('toggle_read')", "Read/unread", show=False, id="reader.toggle_read",
            tooltip="Mark the article read or unread (opening one marks it read)"),
    Binding("asterisk", "triage('toggle_star')", "Star", show=False, id="reader.toggle_star",
            tooltip="Star the article, or remove its star (is:starred finds them)"),
    Binding("T", "triage('edit_tags')", "Tags", show=False, id="reader.tags",
            tooltip="Tag the article (tag:NAME finds them)"),
    Binding("A", "triage('mark_all')", "Mark all", show=False, id="reader.mark_all",
            tooltip="Mark every result of the search read, unread, starred or tagged"),
    Binding("R", "reporting('related')", "Related", show=False, id="reader.related",
            tooltip="Articles like this one (its distinctive terms): the query like:ID"),
    Binding("K", "reporting('kwic')", "In context", show=False, id="reader.kwic",
            tooltip="Every occurrence of the query (or the sidebar's entity) in context"),
    Binding("W", "reporting('save')", "Save search", show=False, id="reader.save_search",
            tooltip="Save the search on show (query and filters) under a name"),
    Binding("S", "reporting('open_list')", "Saved searches", show=False, id="reader.searches",
            tooltip="Saved searches with what is new (unread) in each; Enter opens one"),
    Binding("X", "reporting('export')", "Export", show=False, id="reader.export",
            tooltip="Write every result to a file: .md reading list, .csv, .json, .txt"),
]  # fmt: skip
