"""The terminal app: `reader` with no command. Thin: themes, keymap, the engine and its lock,
app-wide keys. The ReaderScreen does the searching and reading.

    app = make_app(settings, corpus, index_dir)
    app.run()
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from index.engine.location import default_index_dir
from index.entities.spacy_backend import EntityBackend
from index.entities.view import Overrides
from index.search import Engine
from reader import config
from reader.app.commands import ArticleCommands, BookmarkCommands, EntityCommands, ThemeCommands
from reader.app.screens.help import HelpScreen, collect_sections
from reader.app.screens.reader import ReaderScreen
from reader.app.themes import DEFAULT_THEME, VARIABLE_DEFAULTS, load_themes, user_themes_dir
from reader.app.widgets.entities import FIELD_OF_TYPE
from reader.app.widgets.handover import hand_to_field
from reader.bookmarks.states import StateStore
from reader.bookmarks.store import BookmarkStore
from reader.bookmarks.triage import attach as attach_states
from reader.history import History
from reader.safe import inert


class ReaderApp(App[None]):
    """Search and read a corpus of news articles."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {ArticleCommands, EntityCommands, ThemeCommands, BookmarkCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="reader.quit",
                tooltip="Quit (on another screen: close it)"),
        Binding("question_mark", "help", "Keys", id="reader.help",
                tooltip="Every key (again to close); F1 works everywhere"),
        Binding("t", "cycle_theme", "Theme", show=False, id="reader.theme"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="reader.force_quit",
                tooltip="Quit from anywhere, inside a text field too"),
        Binding("ctrl+c", "copy_or_quit", "Copy / quit", show=False, priority=True,
                id="reader.copy_or_quit", tooltip="Copy the selected text; with none, quit"),
        Binding("f1", "help", "Keys", show=False, priority=True, id="reader.help_anywhere"),
    ]  # fmt: skip

    def __init__(
        self,
        settings: config.Settings,
        corpus: Path,
        index_dir: Path,
        *,
        theme: str | None = None,
        history: History | None = None,
        save_settings: bool = True,
        bookmarks: BookmarkStore | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.corpus = corpus
        self.index_dir = index_dir
        self.save_settings = save_settings
        self.engine: Engine | None = None
        """The open index; set by the screen's index worker. Use it under `engine_lock`."""
        self.engine_lock = threading.RLock()
        self.gc_frozen_for: Path | None = None
        """The index generation whose structures were last frozen out of the collector."""
        self.history = history or History(limit=settings.history).load()
        self.bookmarks = bookmarks or BookmarkStore().load()
        """The user's bookmarks (read-only, with `problems`, when the file is unreadable)."""
        self.states: StateStore | None = None
        """Read, starred and tags of the corpus's articles; made when the index opens."""
        themes, self.problems = load_themes([config.bundled_themes(), user_themes_dir()])
        self.problems += settings.problems  # shown in the app too, not only on standard error
        self.problems += self.bookmarks.problems
        keymap, keymap_problems = checked_keymap(settings.keymap)
        self.problems += keymap_problems
        for t in themes:
            self.register_theme(t)
        self.reader_themes = [t.name for t in themes]
        """Themes `t` cycles through (bundled and user YAML themes)."""
        self.wanted_theme = theme or settings.theme or DEFAULT_THEME
        """The theme asked for; applied on mount once its stylesheet is known to parse."""
        self.theme = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.set_keymap(keymap)

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:  # fmt: skip
        """Every notice is plain text made inert: messages quote file names, queries, config
        values and errors, none of which may be read as markup or reach the terminal raw."""
        super().notify(
            inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False
        )

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen()

    async def on_event(self, event: events.Event) -> None:
        """A letter typed right after `/` reaches the app from the list it was queued for: it
        goes into the search bar, not to the list's commands (`handover`)."""
        if isinstance(event, events.Key) and hand_to_field(self.focused, event):
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        wanted = self.wanted_theme
        problem = self.theme_problem(wanted)
        if problem is None:
            self.theme = wanted
        else:
            self.problems.append(f"{problem}; using {self.theme} (choose another with t)")
        for problem in self.problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def theme_problem(self, name: str) -> str | None:
        """Why theme `name` cannot be used, or None: unknown, or the stylesheets do not parse
        with its variables (a theme lacking a variable Textual uses would crash the app)."""
        theme = self.get_theme(name) if name in self.available_themes else None
        if theme is None:
            return f"unknown theme {name!r}"
        variables = {
            **self.get_theme_variable_defaults(),
            **theme.to_color_system().generate(),
            **theme.variables,
        }
        stylesheet = self.stylesheet.copy()
        stylesheet.set_variables(variables)
        try:
            stylesheet.reparse()
        except Exception as exc:  # a StylesheetError, or any other failure of the theme
            return f"theme {name!r} cannot be used ({type(exc).__name__}: {exc})"
        return None

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Every way out (q, ctrl+q, ctrl+c) saves where the reader was first."""
        screen = self.reader_screen
        if screen is not None:
            try:
                screen.save_session()
            except Exception:  # noqa: BLE001 - never keep anyone from quitting
                pass
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        with self.engine_lock:
            if self.engine is not None:
                self.engine.close()
                self.engine = None

    # --- services for screens and palette providers ----------------------------------------

    @property
    def reader_screen(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def open_engine(self) -> Engine:
        """Open the index with the user's entity corrections applied; call under the lock."""
        engine = Engine.open(self.index_dir)
        engine.set_entity_overrides(self.entity_overrides())
        if self.states is None or self.states.corpus != str(engine.corpus):
            self.states = StateStore(engine.corpus)
        attach_states(engine, self.states)
        self.engine = engine
        return engine

    def entity_overrides(self) -> Overrides:
        """The config's `entities:` section (aliases, types, hide) for the engine."""
        section = self.settings.entities
        return Overrides.from_config(section if isinstance(section, dict) else None)

    def entity_backend(self) -> EntityBackend:
        """The config's entity extractor (`entities: {backend, model}`) for index builds."""
        return EntityBackend.from_config(self.settings.entities)

    def apply_entity_overrides(self) -> None:
        """Hand the engine the current corrections (after an edit or a refresh). Thread-safe."""
        with self.engine_lock:
            if self.engine is not None:
                self.engine.set_entity_overrides(self.entity_overrides())

    def titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article; [] while the index is not open. Thread-safe."""
        with self.engine_lock:
            return self.engine.titles() if self.engine is not None else []

    def entity_names(self, limit: int = 5000) -> list[tuple[str, str, int]]:
        """(query field, name, articles) of the corpus's entities, most frequent first, the
        user's corrections applied; [] while the index is not open. Thread-safe."""
        with self.engine_lock:
            if self.engine is None:
                return []
            found = self.engine.entities(limit=limit)
        return [(FIELD_OF_TYPE.get(e.type, e.type.lower()), e.name, e.article_count) for e in found]

    def add_filter(self, field: str, value: str) -> None:
        screen = self.reader_screen
        if screen is not None:
            screen.add_filter(field, value)

    def open_article(self, article_id: str) -> None:
        screen = self.reader_screen
        if screen is not None:
            screen.open_article(article_id)

    def set_reader_theme(self, name: str) -> bool:
        """Switch theme and remember it in config.yaml; a theme that cannot be applied is
        reported, not applied and not saved. True if switched."""
        problem = self.theme_problem(name)
        if problem is not None:
            self.notify(problem, severity="error", timeout=10, markup=False)
            return False
        self.theme = name
        self.settings.theme = name
        if self.save_settings:
            try:
                config.save(self.settings)
            except (OSError, ValueError) as exc:
                self.notify(
                    f"could not save the theme choice: {exc}", severity="warning", markup=False
                )
        return True

    # --- actions ---------------------------------------------------------------------------

    def action_cycle_theme(self) -> None:
        """The next theme that can be applied (one that cannot is reported and skipped)."""
        names = self.reader_themes or sorted(self.available_themes)
        current = names.index(self.theme) if self.theme in names else -1
        for step in range(1, len(names)):
            name = names[(current + step) % len(names)]
            if self.set_reader_theme(name):
                self.notify(f"theme: {name}", timeout=2, markup=False)
                return

    def action_copy_or_quit(self) -> None:
        """Ctrl+C: copy what is selected (on the screen or in a text field), else quit."""
        focused = self.focused
        selected = getattr(focused, "selected_text", "") if focused is not None else ""
        text = selected or self.screen.get_selected_text()
        if text:
            self.copy_to_clipboard(text)
            self.notify("Copied", timeout=1)
            return
        self.exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        screen = self.reader_screen
        sections = collect_sections(
            self.BINDINGS,  # type: ignore[arg-type]
            screen.BINDINGS if screen is not None else [],  # type: ignore[arg-type]
            self.settings.keymap,
            self,
        )
        self.push_screen(HelpScreen(sections))

    def action_reindex(self) -> None:
        screen = self.reader_screen
        if screen is not None:
            screen.action_reindex()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would stand beside ours: one "Keys" only.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield SystemCommand(
            "Re-index", "Update the index from the corpus folder", self.action_reindex
        )
        yield SystemCommand("Keys", "Show every key", self.action_help)


def binding_ids() -> dict[str, str]:
    """Every binding id of the app's screens and widgets, with its default keys."""
    found: dict[str, str] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("reader.") and name != "reader":
            continue
        for value in list(vars(module).values()):
            bindings = getattr(value, "BINDINGS", None) if isinstance(value, type) else None
            for binding in bindings or []:
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, binding.key)
    return found


def checked_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The `keymap:` entries that can apply, and one line per entry that names no binding or
    would take a quit key (those are left out)."""
    known = binding_ids()
    quit_keys = {"ctrl+q", "ctrl+c"} | set(known.get("reader.quit", "q").split(","))
    good: dict[str, str] = {}
    out: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            out.append(f"keymap: no binding called {binding_id!r} (the help screen lists them)")
        elif binding_id != "reader.quit" and quit_keys & {k.strip() for k in keys.split(",")}:
            out.append(f"keymap: {binding_id}: {keys!r} is a quit key; not rebound")
        else:
            good[binding_id] = keys
    return good, out


def make_app(
    settings: config.Settings,
    corpus: Path | None = None,
    index_dir: Path | None = None,
    theme: str | None = None,
    *,
    save_settings: bool = True,
    bookmarks: Path | None = None,
) -> ReaderApp:
    """The app for `corpus` (default: the configured one, else the bundled sample) and its
    index (default: the configured one for the configured corpus, else in the user cache)."""
    corpus = corpus or settings.corpus_dir
    if index_dir is None:
        index_dir = settings.index if settings.index and corpus == settings.corpus_dir else None
        index_dir = index_dir or default_index_dir(corpus)
    store = BookmarkStore(bookmarks).load() if bookmarks is not None else None
    return ReaderApp(
        settings, corpus, index_dir, theme=theme, save_settings=save_settings, bookmarks=store
    )


def run(
    settings: config.Settings,
    corpus: Path | None = None,
    index_dir: Path | None = None,
    theme: str | None = None,
    bookmarks: Path | None = None,
) -> int:
    """Run the app in the terminal; the exit code for the CLI: 1 when the app stopped on an
    unhandled error (Textual has printed it), with a line on how to start with the defaults."""
    app = make_app(settings, corpus, index_dir, theme, bookmarks=bookmarks)
    app.run()
    code = app.return_code or 0
    if code:
        print(
            f"reader: the app stopped on an error; `reader --theme {DEFAULT_THEME}` starts it "
            "with the default theme",
            file=sys.stderr,
        )
    return code
