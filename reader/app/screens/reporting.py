"""Reports on the search from the reader screen: `W` saves it (query and filter chips) under a
name, `S` lists the saved ones with what is new in each (Enter opens one), `X` writes every
result to a file (the extension picks the format: .md, .csv, .json, .jsonl, .txt), `R` shows the
articles like the one read (`like:ID`), `K` every occurrence in context.

`Reporting` is a collaborator the screen owns; the export runs in a worker that posts Exported."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from index.kwic import Line
from reader.app.messages import Exported
from reader.app.screens.bookmark_dialog import ExportDialog
from reader.app.screens.entity_dialog import EntityNameDialog
from reader.app.screens.kwic_screen import KwicScreen
from reader.app.screens.search_support import search_args
from reader.app.screens.searches_screen import SearchesScreen
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.filters import clauses, split_clause
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar
from reader.bookmarks.results_export import format_name, rows, write
from reader.bookmarks.searches import SavedSearch, SavedSearches
from reader.bookmarks.states import StatesError
from reader.config import atomic_write

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.app.screens.reader import ReaderScreen

SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json",
                  ".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "text"}  # fmt: skip


class Reporting:
    """Saves, lists and opens searches; exports results."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> ReaderApp:
        return self.screen.reader_app

    def saved(self) -> SavedSearches | None:
        store = self.app.states
        return SavedSearches(store) if store is not None else None

    def save(self) -> None:
        saved, text = self.saved(), self.screen.search_text
        chips = clauses(self.screen.filters)
        if saved is None or not (text or chips):
            self.screen.notify("Nothing to save: type a query or pick a filter first.", timeout=4)
            return

        def done(name: str | None) -> None:
            if not name or saved is None:
                return
            try:
                kept = saved.save(name, text, tuple(chips))
            except (ValueError, StatesError) as exc:
                self.screen.notify(str(exc), severity="error", timeout=8, markup=False)
                return
            self.screen.notify(f"Saved search: {kept.name} (S lists them)", timeout=3,
                               markup=False)  # fmt: skip

        shown = " ".join(x for x in (text, *chips) if x)
        self.app.push_screen(
            EntityNameDialog(
                "Save search", f"A name for {shown}:", value=text[:40],
                suggestions=[s.name for s in saved.list()],
                note="Saved searches are kept beside the read and starred states; a name in "
                "use is replaced.",
            ),
            done,
        )  # fmt: skip

    def related(self) -> None:
        """The articles like the one read (or highlighted), as the query `like:"ID"`."""
        screen = self.screen
        doc = screen.triage.target()
        if doc is None:
            screen.notify("No article here: pick one in the results first.", timeout=3)
            return
        screen.entities.set_opened(None)
        screen.query_one(SearchBar).value = f'like:"{doc.replace(chr(34), "")}"'
        screen.set_focus(screen.query_one(Results))

    def kwic(self) -> None:
        """Every occurrence of the query's terms, or (from the sidebar) of its highlighted
        entity, in context; Enter there opens the article at it."""
        screen = self.screen
        sidebar = screen.query_one(EntitySidebar)
        entity = sidebar.current_entity if screen.focused is sidebar else None
        if entity is None and not screen.search_text:
            screen.notify("Type a query or pick an entity in the sidebar first.", timeout=4)
            return

        def done(line: Line | None) -> None:
            if line is not None:
                screen.bookmarking.show_passage(line.article_id, line.start, line.end)

        name = entity[1] if entity is not None else None
        self.app.push_screen(KwicScreen(screen.search_text if name is None else "", name), done)

    def run_saved(self, saved: SavedSearch) -> None:
        """Show a saved search: its query in the bar, its filters as chips."""
        screen = self.screen
        screen.query_one(SearchBar).value = saved.query
        screen.set_filters([split_clause(c) for c in saved.filters])
        screen.set_focus(screen.query_one(Results))

    def exported(self, message: Exported) -> None:
        if message.error:
            self.screen.notify(f"{message.path}: {message.error}", severity="error",
                               timeout=8, markup=False)  # fmt: skip
        else:
            self.screen.notify(f"{message.count:,} results written to {message.path}",
                               timeout=5, markup=False)  # fmt: skip

    def open_list(self) -> None:
        saved = self.saved()
        if saved is None:
            self.screen.notify("The index is not open yet.", timeout=3)
            return

        def done(picked: SavedSearch | None) -> None:
            if picked is not None and saved is not None:
                saved.visit(picked.name)
                self.run_saved(picked)

        self.app.push_screen(SearchesScreen(saved), done)

    def export(self) -> None:
        result = self.screen.result
        if result is None or not result.total:
            self.screen.notify("No results to export.", timeout=3)
            return
        slug = re.sub(r"[^\w-]+", "-", self.screen.search_text).strip("-")[:40] or "corpus"
        default = str(Path.cwd() / f"reader-{slug}.md")
        prompt = (f"Write all {result.total:,} results. The extension picks the format: .md a "
                  "reading list, .csv a spreadsheet, .json, .jsonl, .txt.")  # fmt: skip

        def done(target: str | None) -> None:
            if target:
                text, filters = search_args(self.screen.search_text, self.screen.filters)
                self.screen.run_worker(
                    partial(self._export, Path(target).expanduser(), text, filters),
                    thread=True, group="export", exit_on_error=False,
                )  # fmt: skip

        self.app.push_screen(ExportDialog(default, result.total, "Export results", prompt), done)

    def _export(self, target: Path, text: str, filters: list[str]) -> None:
        app, post = self.app, self.screen.post_message
        try:
            fmt = format_name(SUFFIX_FORMATS.get(target.suffix.lower(), target.suffix[1:] or "x"))
        except ValueError:
            post(Exported(str(target), error="use .md, .csv, .json, .jsonl or .txt"))
            return
        try:
            with app.engine_lock:
                engine = app.engine
                if engine is None:
                    return
                result = engine.search(text, limit=max(1, engine.doc_count), filters=filters)
                states = app.states.all() if app.states is not None else {}
                records = rows(result.hits, engine, states)
            atomic_write(target, write(records, fmt, text))
        except OSError as exc:
            post(Exported(str(target), error=f"cannot write ({exc.strerror or exc})"))
            return
        except Exception as exc:  # noqa: BLE001 - said, not raised: the app goes on
            post(Exported(str(target), error=str(exc)))
            return
        post(Exported(str(target), len(records)))
