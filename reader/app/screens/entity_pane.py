"""The entity side of the reader screen: what the sidebar shows (the open article's entities,
or the results' facets), the mentions of the article on show (for the sidebar, the tints and
walking one entity's mentions), and the user's corrections (hide, rename, merge) written to the
config and applied by the engine at once.

`EntityPane` is a collaborator the screen owns: the screen tells it what happened (an article
opened or shown, results arrived, an entity picked) and routes the messages its workers post
(MentionsLoaded, OverridesApplied) back to it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from reader import config
from reader.app.messages import MentionsLoaded, OverridesApplied
from reader.app.screens.entity_dialog import EntityNameDialog
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import (
    FIELD_OF_TYPE,
    EntitySidebar,
    groups_from_facets,
    groups_from_mentions,
    groups_from_states,
)

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.app.screens.reader import ReaderScreen

NO_ENTITIES = "No people, organisations, places or groups found in this article."
FINDING = "Finding the people, places and organisations…"


class EntityPane:
    """Keeps the sidebar and the article's mentions in step with the screen's state."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.opened: str | None = None
        """The article opened with Enter (or the palette): the sidebar shows its entities.
        None while only previewing results: the sidebar shows the results' facets."""
        self._loading: str | None = None  # the article whose mentions are being loaded

    @property
    def app(self) -> ReaderApp:
        return self.screen.reader_app

    @property
    def sidebar(self) -> EntitySidebar:
        return self.screen.query_one(EntitySidebar)

    @property
    def view(self) -> ArticleView:
        return self.screen.query_one(ArticleView)

    # --- sidebar ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """The open article's entities, else the facets of the results on show."""
        sidebar, view = self.sidebar, self.view
        if self.opened is not None and view.article is not None and view.article.id == self.opened:
            if view.mentions_for == self.opened:
                groups = groups_from_mentions(view.mentions)
                sidebar.show_groups(groups, NO_ENTITIES, mode="article")
            else:
                sidebar.show_groups([], FINDING, mode="article")
            return
        result = self.screen.result
        hint = "No entities, sources or dates in these results." if result and result.hits else ""
        groups = groups_from_facets(result.facets if result else {})
        if result is not None:  # the reader's own marks first: a few short lines
            ids = (h.id for h in result.hits)
            groups = groups_from_states(ids, self.screen.triage.states()) + groups
        sidebar.show_groups(groups, hint)

    def results_changed(self, final: bool) -> None:
        result = self.screen.result
        if final or result is None or not result.hits:
            self.refresh()

    def set_opened(self, article_id: str | None) -> None:
        """Mark an article as open (its entities in the sidebar) or none (the facets)."""
        if article_id == self.opened:
            return
        self.opened = article_id
        if self.view.entity is not None and self.sidebar.mode == "article":
            self.view.select_entity(None)  # it named an entity of the article that was open
        self.refresh()
        self.ensure_mentions()

    def article_shown(self, changed: bool) -> None:
        """The article pane shows a new article (`changed`) or new matches in the same one."""
        if changed and self.sidebar.mode == "article":
            self.view.select_entity(None)
        self.refresh()
        self.ensure_mentions()

    # --- mentions --------------------------------------------------------------------------

    def ensure_mentions(self) -> None:
        """Load the mentions of the article on show when something needs them: the sidebar of
        an open article, the tints, or an entity selected."""
        view = self.view
        article = view.article
        if article is None or article.id in (view.mentions_for, self._loading):
            return
        if view.tints or view.entity is not None or self.opened == article.id:
            self._loading = article.id
            self.screen.run_worker(
                partial(self._load_mentions, article.id), thread=True, exclusive=True,
                group="mentions", exit_on_error=False,
            )  # fmt: skip

    def _load_mentions(self, article_id: str) -> None:
        app = self.app
        with app.engine_lock:
            if app.engine is None or get_current_worker().is_cancelled:
                return
            mentions = app.engine.mentions(article_id)
        if not get_current_worker().is_cancelled:
            self.screen.post_message(MentionsLoaded(article_id, mentions))

    def mentions_loaded(self, message: MentionsLoaded) -> None:
        if self._loading == message.article_id:
            self._loading = None
        self.view.set_mentions(message.article_id, message.mentions)
        if self.opened == message.article_id:
            self.refresh()

    def select(self, entity: tuple[str, str] | None) -> None:
        """Walk one entity's mentions in the article (None: back to the search matches)."""
        self.view.select_entity(entity)
        self.ensure_mentions()

    def toggle_tints(self) -> bool:
        """Tint the mentions by type, or stop; True if tinted now."""
        view = self.view
        view.set_tints(not view.tints)
        self.ensure_mentions()
        return view.tints

    # --- corrections -----------------------------------------------------------------------

    def correct(self, entity: tuple[str, str], action: str) -> None:
        """Hide an entity at once; ask for the new name to rename or merge it."""
        type_, name = entity
        kind = FIELD_OF_TYPE.get(type_, type_.lower())
        if action == "hide":
            self._save(lambda s: config.hide_entity(s, name), f"hidden: {name}")
            return

        def done(new: str | None) -> None:
            if not new or new == name:
                return
            verb = "renamed" if action == "rename" else "merged"
            self._save(lambda s: config.alias_entity(s, name, new), f"{verb}: {name} → {new}")

        if action == "rename":
            dialog = EntityNameDialog(f"Rename {kind}", f"New name for {name}:", value=name)
        else:
            names = [v for f, v in self.sidebar.items() if f == kind and v != name]
            dialog = EntityNameDialog(
                f"Merge {kind}", f"Merge {name} into (the name to keep):", suggestions=names
            )
        self.app.push_screen(dialog, done)

    def _save(self, change: Callable[[dict[str, Any]], None], summary: str) -> None:
        self.screen.run_worker(
            partial(self._save_job, change, summary), thread=True, group="entities",
            exit_on_error=False,
        )  # fmt: skip

    def _save_job(self, change: Callable[[dict[str, Any]], None], summary: str) -> None:
        """Write the change to config.yaml (re-read first, so nothing else is lost), then hand
        the engine the new corrections."""
        app = self.app
        try:
            if app.save_settings:
                section = config.update_entities(change, app.settings.path)
            else:
                section = copy.deepcopy(app.settings.entities or {})
                change(section)
        except (OSError, ValueError) as exc:
            self.screen.post_message(OverridesApplied(summary, error=f"not saved: {exc}"))
            return
        app.settings.entities = section
        app.apply_entity_overrides()
        self.screen.post_message(OverridesApplied(summary))

    def applied(self, message: OverridesApplied) -> None:
        """The corrections are saved (or not): say so; names changed, so search again."""
        screen = self.screen
        if message.error:
            screen.notify(message.error, severity="error", timeout=8)
            return
        screen.notify(message.summary, timeout=3)
        self.overrides_applied()
        if screen.search_text or screen.filters:
            screen.schedule_search(delay=0)
        else:
            self.refresh()

    def overrides_applied(self) -> None:
        """Names changed: the mentions on show are loaded again."""
        view = self.view
        view.select_entity(None)
        view.mentions_for = self._loading = None
        self.ensure_mentions()
