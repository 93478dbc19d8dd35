"""Pilot tests: the app driven by keys, asserting on widget state."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from reader.app import ReaderApp
from reader.screens.help import HelpScreen
from reader.screens.reader import ReaderScreen
from reader.widgets.article import ArticleView
from reader.widgets.entities import EntitySidebar
from reader.widgets.results import Results
from reader.widgets.search_bar import SearchBar

SIZE = (120, 40)


async def settle(app: ReaderApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def search(app: ReaderApp, pilot: Pilot[None], text: str) -> None:
    await settle(app, pilot)
    await pilot.press(*text)
    await pilot.pause(0.25)  # past the debounce
    await settle(app, pilot)


def status(app: ReaderApp) -> str:
    return app.screen.query_one("#status", Static).content.plain  # type: ignore[union-attr]


def article(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


async def test_starts_focused_on_search(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert isinstance(app.focused, SearchBar)
        assert "5 articles" in status(app)


async def test_type_query_shows_results_and_facets(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        results = app.screen.query_one(Results)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert set(ids) == {"russia/visit.txt", "economy/markets.txt"}
        assert status(app).startswith("2 hits · ")
        assert " ms" in status(app)
        sidebar = app.screen.query_one(EntitySidebar)
        labels = [sidebar.get_option_at_index(i).prompt for i in range(sidebar.option_count)]
        text = " ".join(getattr(p, "plain", str(p)) for p in labels)
        assert "SOURCES" in text and "Wire Service 2" in text and "YEARS" in text
        # The title's match is highlighted (a styled span over "energy").
        prompt = results.get_option("economy/markets.txt").prompt
        assert any(
            prompt.plain[s.start : s.end] == "energy"
            for s in prompt.spans  # type: ignore[union-attr]
        )


async def test_enter_opens_article_with_highlights(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        await pilot.press("enter")  # search bar -> results
        assert isinstance(app.focused, Results)
        app.screen.query_one(Results).highlighted = app.screen.query_one(Results).get_option_index(
            "russia/visit.txt"
        )
        await pilot.press("enter")
        await settle(app, pilot)
        view = article(app)
        assert app.focused is view
        assert view.article is not None and view.article.id == "russia/visit.txt"
        body = view.article.body
        assert [body[s:e].lower() for s, e in view.spans] == ["energy"] * 3
        assert view.border_subtitle == "match -/3"


async def test_next_previous_match_and_paragraph_cursor(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await search(app, pilot, "ferry")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        view = article(app)
        assert view.counter == "-/12"
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert view.counter == "3/12"
        await pilot.press("N")
        await pilot.pause()
        assert view.counter == "2/12"
        await pilot.press("N", "N")
        await pilot.pause()
        assert view.counter == "12/12"  # wraps
        await pilot.pause()
        assert view.scroll_y > 0  # the last match was scrolled into view
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert view.cursor == 1
        assert view.paragraphs[1].has_class("-cursor")
        assert "¶ 2/12" in str(view.border_subtitle)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert view.cursor == 0 and not view.paragraphs[1].has_class("-cursor")


async def test_sort_toggle(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "partnership OR energy OR ferry")
        await pilot.press("enter")
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.sort == "date"
        assert screen.result is not None and screen.result.sort == "date"
        dates = [h.date for h in screen.result.hits]
        assert dates == sorted(dates, reverse=True)
        assert "newest first" in status(app)
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.sort == "relevance"


async def test_bad_query_message_and_suggestion(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, '"')  # nothing to search for: a QueryError, shown inline
        assert status(app).startswith("query: ")
        bar = app.screen.query_one(SearchBar)
        bar.value = ""
        await search(app, pilot, "enrgy")
        assert "did you mean: energy (ctrl+d)" in status(app)
        await pilot.press("ctrl+d")
        await pilot.pause(0.25)
        await settle(app, pilot)
        assert bar.value == "energy"
        assert status(app).startswith("2 hits")


async def test_markup_and_escapes_show_as_typed(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "markup")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        view = article(app)
        assert view.article is not None and view.article.id == "odd/markup.txt"
        shown = "\n".join(p.content.plain for p in view.paragraphs)  # type: ignore[union-attr]
        assert "[bold]not markup[/bold]" in shown and "$accent" in shown
        assert "\x1b" not in shown
        # On screen exactly as typed (no markup parsing, no escape codes).
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "[bold]not" in screen_text and "$accent" in screen_text
        title = app.screen.query_one(Results).get_option("odd/markup.txt").prompt
        assert "Markup [bold]stays[/bold] text" in title.plain  # type: ignore[union-attr]


async def test_theme_cycles_and_is_saved(app_factory: Callable[..., ReaderApp]) -> None:
    from reader import config

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one(Results).focus()
        before = app.theme
        await pilot.press("t")
        await pilot.pause()
        assert app.theme != before and app.theme in app.reader_themes
        assert config.load().theme == app.theme


async def test_help_screen_lists_live_bindings(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    app.settings.keymap = {"reader.sort": "o"}
    app.set_keymap(app.settings.keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one(Results).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Static).content.plain  # type: ignore[union-attr]
        assert "Next hit" in text and "Quit" in text and "Previous paragraph" in text
        assert any(line.split()[:2] == ["o", "Sort"] for line in text.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_palette_opens(app_factory: Callable[..., ReaderApp]) -> None:
    from textual.command import CommandPalette

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"ferry")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert article(app).article is not None
        assert article(app).article.id == "travel/ferry.txt"  # type: ignore[union-attr]


async def test_resize_narrow_and_tiny(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        sidebar = app.screen.query_one(EntitySidebar)
        assert sidebar.display and sidebar.region.width > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert sidebar.region.width == 0
        app.screen.query_one(Results).focus()
        await pilot.press("e")
        await pilot.pause()
        assert sidebar.region.width > 0
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        await pilot.press("enter", "n", "right_square_bracket")
        await settle(app, pilot)
        assert app.is_running


async def test_history_walk(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        await pilot.press("enter", "slash")
        bar = app.screen.query_one(SearchBar)
        bar.value = ""
        await search(app, pilot, "ferry")
        await pilot.press("enter", "slash")
        bar.value = "draft"
        await pilot.press("up")
        assert bar.value == "ferry"
        await pilot.press("up")
        assert bar.value == "energy"
        await pilot.press("down", "down")
        assert bar.value == "draft"
        assert app.history.path.read_text(encoding="utf-8").split() == ["energy", "ferry"]


async def test_escape_goes_back_and_q_quits(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        await pilot.press("q")  # typed into the search bar, not quit
        assert app.is_running
        bar = app.screen.query_one(SearchBar)
        assert bar.value == "energyq"
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.focused, ArticleView)
        await pilot.press("escape")
        assert isinstance(app.focused, Results)
        await pilot.press("escape")
        assert isinstance(app.focused, SearchBar)
        await pilot.press("tab")
        assert isinstance(app.focused, Results)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
