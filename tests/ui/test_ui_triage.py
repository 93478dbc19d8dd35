"""Reading state in the app, driven with Pilot: `*` stars, `u` toggles read, opening marks
read (or not, with `mark_read: off`), `T` tags with a dialog, `A` marks every result after a
confirmation that shows the count, the rows and the sidebar show the states, and they survive a
restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.app.main import ReaderApp
from reader.app.screens.reader import ReaderScreen
from reader.app.screens.triage_dialogs import MarkAllDialog, TagsDialog
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.results import HitRow, Results
from reader.bookmarks.states import DocState
from tests.ui.test_ui_app import SIZE, search, settle, status


def _row(app: ReaderApp, index: int) -> HitRow:
    prompt = app.screen.query_one(Results).get_option_at_index(index).prompt
    assert isinstance(prompt, HitRow)
    return prompt


def _state(app: ReaderApp, article_id: str) -> DocState:
    assert app.states is not None
    return app.states.get(article_id)


async def test_star_read_and_open(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        results = app.screen.query_one(Results)
        first = results.current_id
        assert first is not None and _state(app, first) == DocState()
        assert not _row(app, 0).title.plain.startswith("★")
        await pilot.press("asterisk")
        await settle(app, pilot)
        assert _state(app, first).starred
        assert _row(app, 0).title.plain.startswith("★ ")
        await pilot.press("u")
        await settle(app, pilot)
        assert _state(app, first).read
        await pilot.press("u")
        await settle(app, pilot)
        assert not _state(app, first).read
        await pilot.press("j", "enter")  # opening the second article marks it read
        await settle(app, pilot)
        second = results.current_id
        assert second is not None and second != first and _state(app, second).read
        # The sidebar counts the states of the results, and filters by them.
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        sidebar = app.screen.query_one(EntitySidebar)
        items = sidebar.items()
        assert ("is", "starred") in items and ("is", "read") in items
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.add_filter("is", "starred")
        await settle(app, pilot)
        assert [h.id for h in results.hits] == [first]


async def test_mark_read_off(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    app.settings.mark_read = "off"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        current = app.screen.query_one(Results).current_id
        assert current is not None and not _state(app, current).read


async def test_tags_dialog_and_tag_query(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        current = app.screen.query_one(Results).current_id
        assert current is not None
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TagsDialog)
        await pilot.press(*"kremlin, two words", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert _state(app, current).tags == ("kremlin", "two words")
        assert "#kremlin #two words" in _row(app, 0).meta.plain
        # The dialog offers the tags in use; Tab takes the offer; Esc changes nothing.
        await pilot.press("j", "T")
        await pilot.pause()
        await pilot.press("k", "r", "tab", "enter")
        await settle(app, pilot)
        second = app.screen.query_one(Results).current_id
        assert second is not None and _state(app, second).tags == ("kremlin",)
        await pilot.press("T", *"zzz", "escape")
        await settle(app, pilot)
        assert _state(app, second).tags == ("kremlin",)
        await search(app, pilot, 'tag:"two words"')
        assert status(app).startswith("1 hit")


async def test_mark_every_result_after_confirming(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "putin OR ferry OR energy")
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.result is not None
        total = screen.result.total
        assert total > 1
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, MarkAllDialog) and app.screen.count == total
        await pilot.press("escape")  # cancelled: nothing marked
        await settle(app, pilot)
        assert app.states is not None and not app.states.ids("starred")
        await pilot.press("A", "s")
        await settle(app, pilot)
        assert len(app.states.ids("starred")) == total
        await pilot.press("A", "t")
        await pilot.pause()
        await pilot.press(*"dossier", "enter")
        await settle(app, pilot)
        assert len(app.states.ids("tag", "dossier")) == total
        await pilot.press("A", "x")
        await pilot.pause()
        await pilot.press(*"dossier", "enter")
        await settle(app, pilot)
        assert not app.states.ids("tag", "dossier")
        await pilot.press("A", "t")
        await pilot.pause()
        await pilot.press(*"dossier", "enter")
        await settle(app, pilot)
        await search(app, pilot, "is:starred -putin -ferry -energy")
        assert status(app).startswith("0 hits")
        await pilot.press("escape")
        await search(app, pilot, "is:unstarred")
        assert status(app).startswith(f"{5 - total} hit")


async def test_states_survive_a_restart(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        starred = app.screen.query_one(Results).current_id
        await pilot.press("asterisk")
        await settle(app, pilot)
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        await search(again, pilot, "is:starred")
        assert [h.id for h in again.screen.query_one(Results).hits] == [starred]


async def test_save_list_open_and_export(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    from reader.app.screens.bookmark_dialog import ExportDialog
    from reader.app.screens.entity_dialog import EntityNameDialog
    from reader.app.screens.searches_screen import SearchesScreen
    from reader.bookmarks.searches import SavedSearches

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "putin OR ferry")
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.add_filter("source", "Wire Service")
        await settle(app, pilot)
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, EntityNameDialog)
        await pilot.press("ctrl+u", *"Wire watch", "enter")
        await settle(app, pilot)
        assert app.states is not None
        [saved] = SavedSearches(app.states).list()
        assert saved.name == "Wire watch" and saved.query == "putin OR ferry"
        assert saved.filters == ('source:"Wire Service"',) and saved.visited is None
        # Back to the whole corpus, then open it from the list: query and chip come back.
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.search_text == "" and not screen.filters
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchesScreen)
        assert app.screen.counted == {"Wire watch": (1, 1)}
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.search_text == "putin OR ferry"
        assert screen.filters == [("source", "Wire Service")]
        assert screen.result is not None and screen.result.total == 1
        assert SavedSearches(app.states).list()[0].visited is not None
        # Export what is on show.
        target = tmp_path / "results.csv"
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(app, pilot)
        lines = target.read_text().splitlines()
        assert lines[0].startswith("id,title,date") and len(lines) == 2
        # Rename and delete from the list; q closes it.
        await pilot.press("S")
        await settle(app, pilot)
        await pilot.press("r", "ctrl+u", *"Renamed", "enter")
        await settle(app, pilot)
        assert [s.name for s in SavedSearches(app.states).list()] == ["Renamed"]
        await pilot.press("d")
        await settle(app, pilot)
        assert SavedSearches(app.states).list() == []
        await pilot.press("q")
        await settle(app, pilot)
        assert app.screen is screen and app.is_running


async def test_related_articles_key(app_factory: Callable[..., ReaderApp]) -> None:
    from reader.app.widgets.search_bar import SearchBar

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        current = app.screen.query_one(Results).current_id
        assert current is not None
        await pilot.press("R")
        await settle(app, pilot)
        assert app.screen.query_one(SearchBar).value == f'like:"{current}"'
        ids = [h.id for h in app.screen.query_one(Results).hits]
        assert current not in ids
        assert isinstance(app.focused, Results)


async def test_keyword_in_context_view(app_factory: Callable[..., ReaderApp]) -> None:
    from reader.app.screens.kwic_screen import KwicScreen
    from reader.app.widgets.article import ArticleView

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("K")  # nothing asked yet: a notice, no view
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await search(app, pilot, "energy")
        await pilot.press("escape", "K")
        await settle(app, pilot)
        kwic = app.screen
        assert isinstance(kwic, KwicScreen) and kwic.total >= 2
        assert all(x.keyword.lower().startswith("energ") for x in kwic.lines)
        await pilot.press("s")  # by the words to the left
        assert kwic.sort == "left"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ArticleView)
        picked = kwic.lines[0]
        assert view.article is not None and view.article.id == picked.article_id
        assert view.article.body[picked.start : picked.end].lower().startswith("energ")
        await pilot.press("escape", "K", "q")  # q closes the view
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.is_running
