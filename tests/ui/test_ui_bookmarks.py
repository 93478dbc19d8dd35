"""Pilot tests of bookmarks: select a passage, save it with a note and tags, see it marked,
list, edit, delete, undo, and jump back to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.geometry import Offset
from textual.pilot import Pilot
from textual.selection import Selection
from textual.widgets import Input, OptionList

from reader.app.main import ReaderApp
from reader.app.screens.bookmark_dialog import BookmarkDialog
from reader.app.screens.bookmarks_screen import BookmarksScreen
from reader.app.widgets.article import ArticleView
from reader.bookmarks.store import BookmarkStore
from tests.ui.test_ui_app import SIZE, article, search, settle


async def open_first(app: ReaderApp, pilot, query: str) -> ArticleView:  # type: ignore[no-untyped-def]
    await search(app, pilot, query)
    await pilot.press("enter", "enter")
    await settle(app, pilot)
    view = article(app)
    assert view.article is not None and app.focused is view
    return view


@asynccontextmanager
async def reading(
    app_factory: Callable[..., ReaderApp], path: Path, query: str = "partnership"
) -> AsyncIterator[tuple[ReaderApp, Pilot[None], ArticleView]]:
    """The app with its bookmarks in `path`, an article open and focused."""
    app = app_factory(bookmarks=path)
    async with app.run_test(size=SIZE) as pilot:
        yield app, pilot, await open_first(app, pilot, query)


async def save_dialog(app: ReaderApp, pilot, note: str, tags: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, BookmarkDialog)
    await pilot.press(*note)
    await pilot.press("tab")
    await pilot.press(*tags)
    await pilot.press("enter")
    await settle(app, pilot)


async def test_select_extend_and_bookmark(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "bookmarks.yaml"
    async with reading(app_factory, path) as (app, pilot, view):
        await pilot.press("n")  # the first match
        await pilot.press("v")
        assert view.passage is not None
        first = view.passage.span
        await pilot.press("j")  # one sentence more (j no longer scrolls)
        assert view.passage.span[0] == first[0] and view.passage.span[1] > first[1]
        await pilot.press("k", "k")
        assert view.passage.span[1] <= first[1]
        await pilot.press("right_curly_bracket")
        span = view.passage.span
        body = view.article.body  # type: ignore[union-attr]
        assert body[span[1] - 1] in ".!?" and "selecting" in str(view.border_subtitle)
        await pilot.press("b")
        await save_dialog(app, pilot, "energy angle", "energy china")
        assert view.passage is None
        store = BookmarkStore(path).load()
        (bm,) = store.bookmarks
        assert bm.quote == body[span[0] : span[1]]
        assert bm.note == "energy angle" and bm.tags == ["energy", "china"]
        assert bm.article_id == view.article.id and bm.corpus  # type: ignore[union-attr]
        assert view.marks == [(bm.start, bm.end, "energy angle")]
        assert any(p.has_class("-bookmarked") for p in view.paragraphs)


async def test_escape_drops_selection_then_steps_back(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    async with reading(app_factory, tmp_path / "b.yaml") as (app, pilot, view):
        await pilot.press("v")
        assert view.passage is not None
        await pilot.press("escape")
        assert view.passage is None and app.focused is view
        await pilot.press("b")  # nothing selected, no paragraph cursor: a hint, no dialog
        assert not isinstance(app.screen, BookmarkDialog)
        await pilot.press("escape")
        assert app.focused is not view


async def test_paragraph_bookmark_cancel_and_save(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "b.yaml"
    async with reading(app_factory, path) as (app, pilot, view):
        await pilot.press("right_square_bracket", "right_square_bracket")  # paragraph 2
        await pilot.press("b")
        await pilot.press("escape")  # cancel: nothing written
        await settle(app, pilot)
        assert not path.exists()
        await pilot.press("b")
        await save_dialog(app, pilot, "", "")
        (bm,) = BookmarkStore(path).load().bookmarks
        start, end = view.paragraph_spans[1]
        assert (bm.start, bm.end) == (start, end)


async def test_bookmarks_screen_edit_delete_undo_jump(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "b.yaml"
    async with reading(app_factory, path) as (app, pilot, view):
        await pilot.press("right_square_bracket", "b")
        await save_dialog(app, pilot, "first", "a")
        await pilot.press("right_square_bracket", "right_square_bracket", "b")
        await save_dialog(app, pilot, "second", "b")
        await pilot.press("B")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert len(screen.shown) == 2
        await pilot.press("slash", *"#a", "enter")
        assert [b.note for b in screen.shown] == ["first"]
        await pilot.press("e")
        assert isinstance(app.screen, BookmarkDialog)
        note = app.screen.query_one("#bookmark-note", Input)
        note.value = "edited"
        await pilot.press("enter")
        await settle(app, pilot)
        assert BookmarkStore(path).load().bookmarks[0].note == "edited"
        await pilot.press("d")
        assert len(BookmarkStore(path).load().bookmarks) == 1 and screen.shown == []
        await pilot.press("u")
        assert len(BookmarkStore(path).load().bookmarks) == 2
        await pilot.press("slash", "ctrl+u", "enter")  # clear the filter; Enter: to the list
        assert isinstance(app.screen, BookmarksScreen) and len(screen.shown) == 2
        olist = screen.query_one(OptionList)
        olist.focus()
        target = next(b for b in screen.shown if b.note == "second")
        olist.highlighted = olist.get_option_index(target.id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, BookmarksScreen)
        assert view.flash == (target.start, target.end)
        assert app.focused is view


async def test_corrupt_bookmarks_file_goes_read_only(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("version: 1\nbookmarks: [oops\n", encoding="utf-8")
    async with reading(app_factory, path) as (app, pilot, _view):
        await pilot.press("right_square_bracket", "b")
        assert not isinstance(app.screen, BookmarkDialog)  # read-only: refused with a message
    assert path.read_text(encoding="utf-8") == "version: 1\nbookmarks: [oops\n"


async def test_mouse_selection_is_bookmarked(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "b.yaml"
    async with reading(app_factory, path) as (app, pilot, view):
        second = view.paragraphs[1]
        app.screen.selections = {second: Selection(Offset(4, 0), Offset(20, 0))}
        await pilot.pause()
        p_start = view.paragraph_spans[1][0]
        assert view.selected_span() == (p_start + 4, p_start + 20)
        await pilot.press("b")
        await save_dialog(app, pilot, "mouse", "")
        (bm,) = BookmarkStore(path).load().bookmarks
        assert (bm.start, bm.end) == (p_start + 4, p_start + 20)
        assert not app.screen.selections  # cleared once saved


async def test_palette_jumps_to_a_bookmark(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    async with reading(app_factory, tmp_path / "b.yaml") as (app, pilot, view):
        await pilot.press("right_square_bracket", "right_square_bracket", "b")
        await save_dialog(app, pilot, "findme", "")
        (bm,) = app.bookmarks.bookmarks
        await pilot.press("escape", "escape")  # back to the results: the article stays
        await pilot.press("ctrl+p")
        await pilot.press(*"bookmark: findme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert view.flash == (bm.start, bm.end) and app.focused is view


async def test_export_from_the_bookmarks_screen(
    app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    async with reading(app_factory, tmp_path / "b.yaml") as (app, pilot, _view):
        await pilot.press("right_square_bracket", "b")
        await save_dialog(app, pilot, "to export", "x")
        await pilot.press("B")
        await settle(app, pilot)
        await pilot.press("x")
        dialog_input = app.screen.query_one(Input)
        dialog_input.value = str(tmp_path / "out.md")
        await pilot.press("enter")
        await settle(app, pilot)
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "to export" in text and "> " in text
