"""The ReaderScreen's entity side: the sidebar (the open article's entities, or the results'
facets), mention tints, walking an entity's mentions, filters (chips), and the user's
corrections (hide, rename, merge) written to the config and applied by the engine at once."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.worker import get_current_worker

from reader import config
from reader.app.messages import MentionsLoaded, OverridesApplied
from reader.app.screens.entity_dialog import EntityNameDialog
from reader.app.screens.search_flow import SearchFlow
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import (
    FIELD_OF_TYPE,
    EntitySidebar,
    groups_from_facets,
    groups_from_mentions,
)
from reader.app.widgets.filters import Filter, FilterBar

NO_ENTITIES = "No people, organisations, places or groups found in this article."
FINDING = "Finding the people, places and organisations…"


class EntityFlow(SearchFlow):
    """Entity and filter state of the reader screen."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: str | None = None
        """The article opened with Enter (or the palette): the sidebar shows its entities.
        None while only previewing results: the sidebar shows the results' facets."""
        self._loading_mentions: str | None = None

    # --- sidebar ---------------------------------------------------------------------------

    def refresh_sidebar(self) -> None:
        """The open article's entities, else the facets of the results on show."""
        sidebar = self.query_one(EntitySidebar)
        view = self.query_one(ArticleView)
        if self.opened is not None and view.article is not None and view.article.id == self.opened:
            if view.mentions_for == self.opened:
                groups = groups_from_mentions(view.mentions)
                sidebar.show_groups(groups, NO_ENTITIES, mode="article")
            else:
                sidebar.show_groups([], FINDING, mode="article")
            return
        result = self.result
        hint = "No entities, sources or dates in these results." if result and result.hits else ""
        sidebar.show_groups(groups_from_facets(result.facets if result else {}), hint)

    def results_changed(self, final: bool) -> None:
        if final or self.result is None or not self.result.hits:
            self.refresh_sidebar()

    def set_opened(self, article_id: str | None) -> None:
        """Mark an article as open (its entities in the sidebar) or none (the facets)."""
        if article_id == self.opened:
            return
        self.opened = article_id
        view = self.query_one(ArticleView)
        if view.entity is not None and self.query_one(EntitySidebar).mode == "article":
            view.select_entity(None)  # it named an entity of the article that was open
        self.refresh_sidebar()
        self.ensure_mentions()

    def article_shown(self, changed: bool) -> None:
        """The article pane shows a new article (`changed`) or new matches in the same one."""
        if changed and self.query_one(EntitySidebar).mode == "article":
            self.query_one(ArticleView).select_entity(None)
        self.refresh_sidebar()
        self.ensure_mentions()

    # --- mentions --------------------------------------------------------------------------

    def ensure_mentions(self) -> None:
        """Load the mentions of the article on show when something needs them: the sidebar of
        an open article, the tints, or an entity selected."""
        view = self.query_one(ArticleView)
        article = view.article
        if article is None or article.id in (view.mentions_for, self._loading_mentions):
            return
        if view.tints or view.entity is not None or self.opened == article.id:
            self._loading_mentions = article.id
            self.load_mentions(article.id)

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def load_mentions(self, article_id: str) -> None:
        app = self.reader_app
        with app.engine_lock:
            if app.engine is None or get_current_worker().is_cancelled:
                return
            mentions = app.engine.mentions(article_id)
        if not get_current_worker().is_cancelled:
            self.post_message(MentionsLoaded(article_id, mentions))

    def on_mentions_loaded(self, message: MentionsLoaded) -> None:
        if self._loading_mentions == message.article_id:
            self._loading_mentions = None
        self.query_one(ArticleView).set_mentions(message.article_id, message.mentions)
        if self.opened == message.article_id:
            self.refresh_sidebar()

    @on(EntitySidebar.Selected)
    def _entity_selected(self, event: EntitySidebar.Selected) -> None:
        self.query_one(ArticleView).select_entity(event.entity)
        self.ensure_mentions()

    def action_toggle_mentions(self) -> None:
        view = self.query_one(ArticleView)
        view.set_tints(not view.tints)
        self.ensure_mentions()
        self.notify("entity mentions " + ("tinted" if view.tints else "plain"), timeout=2)

    # --- filters ---------------------------------------------------------------------------

    def set_filters(self, filters: list[Filter]) -> None:
        self.filters = filters
        self.query_one(FilterBar).show_filters(filters)
        self.schedule_search(delay=0)

    def add_filter(self, field: str, value: str) -> None:
        item = (field, value)
        if item not in self.filters:
            self.set_filters([*self.filters, item])

    def remove_filter(self, index: int = -1) -> None:
        if not self.filters:
            self.notify("No filter to remove.", timeout=2)
            return
        filters = list(self.filters)
        del filters[index]
        self.set_filters(filters)

    @on(EntitySidebar.Picked)
    def _picked(self, event: EntitySidebar.Picked) -> None:
        self.add_filter(event.field, event.value)

    @on(FilterBar.Removed)
    def _chip_clicked(self, event: FilterBar.Removed) -> None:
        if 0 <= event.index < len(self.filters):
            self.remove_filter(event.index)

    def action_remove_filter(self) -> None:
        self.remove_filter()

    # --- corrections -----------------------------------------------------------------------

    @on(EntitySidebar.Correct)
    def _correct(self, event: EntitySidebar.Correct) -> None:
        type_, name = event.entity
        kind = FIELD_OF_TYPE.get(type_, type_.lower())
        if event.action == "hide":
            self.save_correction(lambda s: config.hide_entity(s, name), f"hidden: {name}")
            return

        def done(new: str | None) -> None:
            if not new or new == name:
                return
            verb = "renamed" if event.action == "rename" else "merged"
            summary = f"{verb}: {name} → {new}"
            self.save_correction(lambda s: config.alias_entity(s, name, new), summary)

        if event.action == "rename":
            dialog = EntityNameDialog(f"Rename {kind}", f"New name for {name}:", value=name)
        else:
            names = [v for f, v in self.query_one(EntitySidebar).items() if f == kind and v != name]
            dialog = EntityNameDialog(
                f"Merge {kind}", f"Merge {name} into (the name to keep):", suggestions=names
            )
        self.app.push_screen(dialog, done)

    @work(thread=True, group="entities", exit_on_error=False)
    def save_correction(self, change: Callable[[dict[str, Any]], None], summary: str) -> None:
        """Write the change to config.yaml (re-read first, so nothing else is lost), then hand
        the engine the new corrections."""
        app = self.reader_app
        try:
            if app.save_settings:
                section = config.update_entities(change, app.settings.path)
            else:
                section = copy.deepcopy(app.settings.entities or {})
                change(section)
        except (OSError, ValueError) as exc:
            self.post_message(OverridesApplied(summary, error=f"not saved: {exc}"))
            return
        app.settings.entities = section
        app.apply_entity_overrides()
        self.post_message(OverridesApplied(summary))

    def on_overrides_applied(self, message: OverridesApplied) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
            return
        self.notify(message.summary, timeout=3)
        view = self.query_one(ArticleView)
        view.select_entity(None)
        view.mentions_for = self._loading_mentions = None  # names changed: load them again
        self.ensure_mentions()
        if self.search_text or self.filters:
            self.schedule_search(delay=0)
        else:
            self.refresh_sidebar()
