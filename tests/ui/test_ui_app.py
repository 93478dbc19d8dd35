"""Pilot tests: the app driven by keys, asserting on widget state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from index.highlight import Snippet
from index.search import Hit, SearchCancelled
from reader.app.main import ReaderApp
from reader.app.screens.help import HelpScreen
from reader.app.screens.reader import ReaderScreen
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.results import HitRow, Results
from reader.app.widgets.search_bar import SearchBar

SIZE = (120, 40)


async def settle(app: App[None], pilot: Pilot[None]) -> None:
    await pilot.pause()
    while True:
        try:  # a key cancels the search in flight: waiting on it raises WorkerCancelled
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            await pilot.pause(0.01)
    await pilot.pause()


async def search(app: ReaderApp, pilot: Pilot[None], text: str) -> None:
    """`/`, then the query typed into the search bar (which keeps the focus)."""
    await settle(app, pilot)
    if not isinstance(app.focused, SearchBar):
        await pilot.press("slash")
    await pilot.press(*text)
    await pilot.pause(0.25)  # past the debounce
    await settle(app, pilot)


def status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status", Static).content.plain)  # type: ignore[union-attr]


def article(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


async def test_starts_on_the_whole_corpus_with_the_list_focused(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert isinstance(app.focused, Results)
        assert status(app).startswith("5 articles · newest first")
        results = app.screen.query_one(Results)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert [i for i in ids if i][0] == "russia/visit.txt"  # 2024, the newest
        assert article(app).article is not None  # the highlighted row is previewed


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
        row = results.get_option("economy/markets.txt").prompt
        assert isinstance(row, HitRow)
        title = row.title
        assert any(title.plain[s.start : s.end] == "energy" for s in title.spans)


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
        assert view.has_focus
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
        dates = [h.date or "" for h in screen.result.hits]
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
        row = app.screen.query_one(Results).get_option("odd/markup.txt").prompt
        assert isinstance(row, HitRow)
        assert "Markup [bold]stays[/bold] text" in row.plain


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


def fake_hits(count: int, ready: int) -> list[Hit]:
    """`count` hits of a query for "energy", the first `ready` with their snippet."""

    def hit(i: int) -> Hit:
        text = f"Paragraph {i} on energy prices"
        at = text.index("energy")
        return Hit(
            id=f"doc/{i:05}.txt", title=f"Energy report {i}", date="2024-01-02", source="Wire",
            author="", score=1.0, snippet=Snippet(text, [(at, at + 6)]) if i < ready else
            Snippet("", []), title_spans=[(0, 6)] if i < ready else [], pending=i >= ready,
        )  # fmt: skip

    return [hit(i) for i in range(count)]


class ListApp(App[None]):
    """Only the results list, recording what it asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.wanted: list[list[Hit]] = []

    def compose(self) -> ComposeResult:
        yield Results(id="results")

    def on_results_snippets_wanted(self, event: Results.SnippetsWanted) -> None:
        self.wanted.append(event.hits)


async def test_results_hold_10000_hits_and_render_only_the_rows_on_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: set[str] = set()
    lines = HitRow.lines

    def record(self: HitRow, width: int) -> object:
        drawn.add(self.hit.id)
        return lines(self, width)

    monkeypatch.setattr(HitRow, "lines", record)
    app = ListApp()
    async with app.run_test(size=(60, 40)) as pilot:
        results = app.query_one(Results)
        results.show_hits(fake_hits(10_000, ready=3), query="energy")
        results.focus()
        await pilot.pause()
        assert results.option_count == 10_000 and results.highlighted == 0
        assert len(drawn) <= results.page_rows  # not 10,000 renders
        # The pending rows on show are asked for, the visible ones first, then the next page.
        wanted = [h.id for h in app.wanted[-1]]
        assert wanted[:2] == ["doc/00003.txt", "doc/00004.txt"]
        assert "doc/00010.txt" in wanted and "doc/00100.txt" not in wanted
        results.fill_snippets([replace(h, pending=False) for h in fake_hits(12, ready=12)[3:]])
        await pilot.pause()
        assert not any(h.pending for h in results.hits[:12])
        row = results.get_option("doc/00004.txt").prompt
        assert isinstance(row, HitRow) and "energy prices" in row.plain
        assert row.title.spans  # the title's match, filled in with the snippet
        # End: the last rows are drawn and asked for; the rows skipped never are.
        drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert results.highlighted == 9_999
        assert "doc/09999.txt" in drawn and len(drawn) <= results.page_rows
        assert "doc/09999.txt" in [h.id for h in app.wanted[-1]]
        # Every row is the same height, so the list's lines map without rendering a row.
        assert results.virtual_size.height == 10_000 * 6 - 1
        await pilot.press("pageup")
        await pilot.pause()
        assert results.highlighted is not None and 9_990 < results.highlighted < 9_999
        # A new query drops the rows asked for, and the snippets kept, of the old one.
        results.show_hits(fake_hits(5, ready=0), query="other")
        await pilot.pause()
        assert all(h.pending for h in results.hits)


async def test_hits_past_the_first_page_get_their_snippets(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await search(app, pilot, "energy OR ferry OR markup OR defence")
        results = app.screen.query_one(Results)
        assert results.option_count == 5 > results.page_rows  # the 5th came without a snippet
        assert not any(h.pending for h in results.hits)
        row = results.get_option("travel/ferry.txt").prompt
        assert isinstance(row, HitRow) and "ferry" in row.snippet.plain.lower()


async def test_a_set_cancel_event_stops_the_engine(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.engine is not None
        cancel = threading.Event()
        assert app.engine.search("energy OR ferry", cancel=cancel).total == 3
        cancel.set()
        with pytest.raises(SearchCancelled):
            app.engine.search("energy OR ferry", limit=10, facets=True, cancel=cancel)


async def test_the_whole_corpus_is_listed_a_page_at_a_time(
    app_factory: Callable[..., ReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """However large the corpus, the list reaches its last article: pages of LIMIT rows are
    added as the cursor nears the end (here 2 rows a page, 5 articles)."""
    from reader.app.screens import searcher

    monkeypatch.setattr(searcher, "LIMIT", 2)
    monkeypatch.setattr(searcher, "FIRST_LIMIT", 2)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        results = app.screen.query_one(Results)
        assert results.total == 5 and len(results.hits) <= 4
        for _ in range(6):
            await pilot.press("end")
            await settle(app, pilot)
        ids = [h.id for h in results.hits]
        assert len(ids) == 5 and len(set(ids)) == 5
        assert ids[0] == "russia/visit.txt"  # the order kept: newest first, page after page
        assert results.current_id == ids[-1]
        assert "listed" not in status(app)  # every article is listed now


async def test_timeline_of_the_results_narrows_to_a_period(
    app_factory: Callable[..., ReaderApp],
) -> None:
    from reader.app.widgets.timeline import TimelineBar

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(TimelineBar)
        assert bar.display and bar.shown is not None
        periods = [p for p, n in bar.shown.periods if n]
        assert len(periods) == 5 and bar.shown.undated == 0  # five dated articles
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        bar.focus()
        await pilot.pause()
        assert bar.cursor == len(bar.shown.periods) - 1  # the latest period first
        while bar.shown.periods[bar.cursor][1] == 0:
            await pilot.press("left")
        picked = bar.shown.periods[bar.cursor]
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.filters == [("date", picked[0])]
        assert screen.result is not None and screen.result.total == picked[1]
        assert isinstance(app.focused, Results)
        await pilot.press("escape")  # the date chip goes first
        await settle(app, pilot)
        assert screen.filters == [] and screen.result is not None
        assert screen.result.total == 5
