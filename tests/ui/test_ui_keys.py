"""The key model and where-you-were, driven with Pilot: letters are commands outside the
search bar, the Esc ladder never quits, q/ctrl+q/ctrl+c/?/F1 act where they should, and the
last session comes back on restart."""

from __future__ import annotations

from collections.abc import Callable

from reader.app.main import ReaderApp
from reader.app.screens.help import HelpScreen
from reader.app.screens.reader import ReaderScreen
from reader.app.widgets.article import ArticleView
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar
from tests.ui.test_ui_app import SIZE, article, search, settle, status


async def test_escape_ladder_and_keys_outside_the_search_bar(
    app_factory: Callable[..., ReaderApp],
) -> None:
    """Letters typed in the bar are text; outside it they are commands. Esc goes back one
    step at a time and never quits: bar -> results (query kept), article -> results, results
    of a query -> the whole corpus."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        await pilot.press("q")  # typed into the search bar, not quit
        assert app.is_running
        bar = app.screen.query_one(SearchBar)
        assert bar.value == "energyq"
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("escape")  # out of the bar, the query kept
        assert isinstance(app.focused, Results) and bar.value == "energy"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.focused, ArticleView)
        await pilot.press("escape")
        assert isinstance(app.focused, Results)
        await pilot.press("escape")  # the query cleared: the whole corpus again
        await settle(app, pilot)
        assert bar.value == "" and isinstance(app.focused, Results)
        assert status(app).startswith("5 articles")
        await pilot.press("escape")  # nothing left to go back from: still running
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBar)
        await pilot.press("slash", *"ferry")  # a leading / is never part of the query
        assert bar.value == "ferry"
        await pilot.press("escape", "slash")  # back in: the query selected, typing replaces it
        await pilot.press(*"energy")
        assert bar.value == "energy"
        await pilot.press("down")  # Down leaves the bar for the results
        assert isinstance(app.focused, Results)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None


async def test_quit_help_and_copy_keys_work_where_they_should(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # ? toggles
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("slash", "question_mark")  # typed in the bar, not help
        assert app.screen.query_one(SearchBar).value == "?"
        await pilot.press("f1")  # F1 works inside the text field
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # q closes a screen other than the main one
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.is_running
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        await pilot.press("ctrl+q")  # from inside the search bar
        await pilot.pause()
    assert not app.is_running


async def test_ctrl_c_quits_when_nothing_is_selected(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert not app.is_running


async def test_where_you_were_comes_back_on_restart(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "ferry")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        view = article(app)
        view.scroll_to(y=6, animate=False)
        await pilot.pause()
        assert view.article is not None and view.article.id == "travel/ferry.txt"
        await pilot.press("q")  # quitting saves where the reader was
        await pilot.pause()
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.pause(0.3)
        await settle(again, pilot)
        assert again.screen.query_one(SearchBar).value == "ferry"
        view = article(again)
        assert view.article is not None and view.article.id == "travel/ferry.txt"
        assert view.scroll_y > 0
    fresh = app_factory()
    fresh.settings.restore = False
    async with fresh.run_test(size=SIZE) as pilot:
        await settle(fresh, pilot)
        assert fresh.screen.query_one(SearchBar).value == ""


async def test_keys_typed_faster_than_the_focus_moves(
    app_factory: Callable[..., ReaderApp],
) -> None:
    """`/` then letters in one burst (a fast typist, a paste): the letters go into the bar and
    none runs as a command (`u` would mark read, `t` change the theme); Enter or Esc then a
    letter at once: the letter is not typed into the bar."""
    from textual import events

    app = app_factory()

    def burst(*keys: tuple[str, str | None]) -> None:
        for key, char in keys:
            app.post_message(events.Key(key, char))

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        theme = app.theme
        burst(("slash", "/"), *((c, c) for c in "ut energy"))
        await settle(app, pilot)
        bar = app.screen.query_one(SearchBar)
        assert bar.value == "ut energy" and isinstance(app.focused, SearchBar)
        assert app.theme == theme and app.states is not None and not app.states.ids("read")
        burst(("enter", None), ("j", "j"))
        await settle(app, pilot)
        assert bar.value == "ut energy" and isinstance(app.focused, Results)
        burst(("slash", "/"), ("e", "e"), ("escape", None), ("x", "x"))
        await settle(app, pilot)
        assert bar.value == "e" and isinstance(app.focused, Results)
