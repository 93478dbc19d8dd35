"""The mouse: click a result, scroll the article, select text in it."""

from __future__ import annotations

from collections.abc import Callable

from textual import events

from reader.app.main import ReaderApp
from reader.app.widgets.article import ArticleView, Paragraph
from reader.app.widgets.results import Results
from tests.ui.test_ui_app import article, search, settle


async def test_click_a_result_then_scroll_and_select(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 20)) as pilot:
        await search(app, pilot, "harbour")
        results = app.screen.query_one(Results)
        assert results.option_count >= 1
        await pilot.click(Results, offset=(3, 1))
        await settle(app, pilot)
        view = article(app)
        assert view.article is not None and view.article.id == "travel/ferry.txt"
        before = view.scroll_y
        # Pilot has no wheel helper: its own event poster, as click() uses it
        await pilot._post_mouse_events([events.MouseScrollDown] * 3, ArticleView, (5, 5))
        await settle(app, pilot)
        assert view.scroll_y > before
        view.scroll_home(animate=False)
        await pilot.pause()
        para = view.paragraphs[0]
        region = para.content_region
        await pilot.mouse_down(Paragraph, offset=(para.styles.padding.left, 0))
        await pilot.hover(Paragraph, offset=(para.styles.padding.left + 9, 0))
        await pilot.mouse_up(Paragraph, offset=(para.styles.padding.left + 9, 0))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and selected.startswith("Paragraph"), (selected, region)
        span = view.selected_span()
        assert span is not None and view.article.body[span[0] : span[1]] == selected.strip()
