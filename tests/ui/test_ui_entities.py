"""Pilot tests of the entity side: the sidebar of an open article, mention tints, walking an
entity's mentions, filters as chips, and corrections written to the config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Input

from reader import config
from reader.app.main import ReaderApp, make_app
from reader.app.screens.entity_dialog import EntityNameDialog
from reader.app.screens.reader import ReaderScreen
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.filters import Chip, FilterBar
from reader.app.widgets.results import Results
from tests.ui.test_ui_app import SIZE, search
from tests.ui.test_ui_app import settle as settle_once

VISIT = "russia/visit.txt"


async def settle(app: ReaderApp, pilot: Pilot[None]) -> None:
    """Workers post messages that start more workers (save -> search, mentions): twice."""
    await settle_once(app, pilot)
    await settle_once(app, pilot)


def sidebar(app: ReaderApp) -> EntitySidebar:
    return app.screen.query_one(EntitySidebar)


def view(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def result_ids(app: ReaderApp) -> set[str]:
    results = app.screen.query_one(Results)
    return {str(results.get_option_at_index(i).id) for i in range(results.option_count)}


def headings(side: EntitySidebar) -> list[str]:
    out = []
    for i in range(side.option_count):
        option = side.get_option_at_index(i)
        if option.disabled:
            out.append(getattr(option.prompt, "plain", str(option.prompt)))
    return out


async def open_visit(app: ReaderApp, pilot: Pilot[None]) -> None:
    """Search, open the Putin article with Enter, wait for its entities."""
    await search(app, pilot, "putin")
    await pilot.press("enter", "enter")
    await settle(app, pilot)
    assert view(app).article is not None and view(app).article.id == VISIT  # type: ignore[union-attr]


async def select(app: ReaderApp, pilot: Pilot[None], field: str, value: str) -> None:
    """Focus the sidebar and put its cursor on (field, value)."""
    side = sidebar(app)
    side.focus()
    await pilot.pause()
    side.highlighted = side.get_option_index(f"{field}\x00{value}")
    await settle(app, pilot)


async def test_open_article_sidebar_shows_its_entities(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "putin")
        side = sidebar(app)
        assert side.mode == "results" and side.border_title == "In these results"
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert side.mode == "article" and side.border_title == "In this article"
        items = side.items()
        assert ("person", "Vladimir Putin") in items and ("person", "Xi Jinping") in items
        assert ("place", "Beijing") in items
        assert ("source", "Wire Service") not in items  # facets are gone
        # Grouped by type, people first; each group by mention count.
        shown = headings(side)
        assert shown[0] == "PEOPLE" and "PLACES" in shown
        places = [v for f, v in items if f == "place"]
        counts = {
            m.entity: sum(1 for n in view(app).mentions if n.entity == m.entity)
            for m in view(app).mentions
        }
        assert [counts[p] for p in places] == sorted((counts[p] for p in places), reverse=True)
        # Esc closes the article: back to the results and their facets.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.focused, Results)
        assert side.mode == "results" and ("source", "Wire Service") in side.items()


async def test_m_toggles_mention_tints(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(app, pilot)
        article = view(app)

        def tinted() -> bool:
            return any(
                "$entity-person" in str(span.style)
                for para in article.paragraphs
                for span in para.content.spans  # type: ignore[union-attr]
            )

        assert not article.tints and not tinted()
        await pilot.press("m")
        await settle(app, pilot)
        assert article.tints and article.has_class("-mentions") and tinted()
        # Search matches stay on top of the tints.
        first = article.paragraphs[0].content
        styles = [str(s.style) for s in first.spans]
        assert styles.index("on $hit-background") > styles.index("$entity-person")
        await pilot.press("m")
        await settle(app, pilot)
        assert not article.tints and not article.has_class("-mentions") and not tinted()


async def test_selected_entity_mentions_walked_by_n(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(app, pilot)
        article = view(app)
        assert article.counter == "-/1"  # one match of "putin"
        name = "Vladimir Putin"
        expected = [(m.start, m.end) for m in article.mentions if m.entity == name]
        assert expected
        await select(app, pilot, "person", name)
        assert article.entity == ("PERSON", name)
        assert article.entity_spans == expected
        assert article.counter == f"{name} -/{len(expected)}"
        await pilot.press("n")
        await pilot.pause()
        assert article.counter == f"{name} 1/{len(expected)}"
        assert name in str(article.border_subtitle)
        await pilot.press("N")
        await pilot.pause()
        assert article.counter == f"{name} {len(expected)}/{len(expected)}"
        # Esc: back to the search matches.
        await pilot.press("escape")
        await pilot.pause()
        assert article.entity is None and article.counter == "-/1"
        assert isinstance(app.focused, EntitySidebar)


async def test_filter_chip_narrows_and_removal_restores(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy OR partnership")
        before = result_ids(app)
        assert before == {VISIT, "russia/talks.txt", "economy/markets.txt"}
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        bar = screen.query_one(FilterBar)
        assert not bar.display
        # A year facet, with f.
        await select(app, pilot, "date", "2024")
        await pilot.press("f")
        await settle(app, pilot)
        assert screen.filters == [("date", "2024")]
        assert result_ids(app) == {VISIT}
        assert "energy OR partnership" == screen.search_text  # not pasted into the query
        chips = bar.chips
        assert bar.display and [c.content.plain for c in chips] == ["× date: 2024"]
        # Clicking the chip removes it.
        await pilot.click(Chip)
        await settle(app, pilot)
        assert screen.filters == [] and not bar.display
        assert result_ids(app) == before
        # An entity of the open article, with Enter; x removes the last filter.
        results = screen.query_one(Results)
        results.focus()
        results.highlighted = results.get_option_index("russia/talks.txt")
        await pilot.press("enter")
        await settle(app, pilot)
        await select(app, pilot, "person", "Dong Jun")
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.filters == [("person", "Dong Jun")]
        assert result_ids(app) == {"russia/talks.txt"}
        await pilot.press("x")
        await settle(app, pilot)
        assert screen.filters == [] and result_ids(app) == before


async def test_filter_without_query_text(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.add_filter("source", "Wire Service")
        await pilot.pause(0.05)
        await settle(app, pilot)
        assert result_ids(app) == {VISIT, "economy/markets.txt"}


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("theme: reader-light\nhistory: 50\nkeymap:\n  reader.sort: o\n")
    monkeypatch.setenv("READER_CONFIG", str(path))
    return path


async def test_hide_rename_merge_write_config(
    app_factory: Callable[..., ReaderApp], user_config: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(app, pilot)
        side = sidebar(app)
        # Hide.
        await select(app, pilot, "person", "Xi Jinping")
        await pilot.press("h")
        await settle(app, pilot)
        saved = yaml.safe_load(user_config.read_text())
        assert saved["entities"]["hide"] == ["Xi Jinping"]
        assert saved["history"] == 50 and saved["keymap"] == {"reader.sort": "o"}
        assert ("person", "Xi Jinping") not in side.items()
        # Rename, through the modal.
        await select(app, pilot, "person", "Vladimir Putin")
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityNameDialog)
        app.screen.query_one(Input).value = "V. V. Putin"
        await pilot.press("enter")
        await settle(app, pilot)
        saved = yaml.safe_load(user_config.read_text())
        assert saved["entities"]["aliases"] == {"Vladimir Putin": "V. V. Putin"}
        assert saved["entities"]["hide"] == ["Xi Jinping"]
        assert ("person", "V. V. Putin") in side.items()
        assert ("person", "Vladimir Putin") not in side.items()
        # Merge one place into another.
        places = [v for f, v in side.items() if f == "place"]
        assert "Beijing" in places and "China" in places
        await select(app, pilot, "place", "Beijing")
        await pilot.press("M")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityNameDialog)
        app.screen.query_one(Input).value = "China"
        await pilot.press("enter")
        await settle(app, pilot)
        saved = yaml.safe_load(user_config.read_text())
        assert saved["entities"]["aliases"]["Beijing"] == "China"
        assert [v for f, v in side.items() if f == "place"].count("China") == 1
        assert "Beijing" not in [v for f, v in side.items() if f == "place"]
        # The engine applies them to searches at once.
        assert app.settings.entities == saved["entities"]
        assert config.load(user_config).theme == "reader-light"


async def test_config_corrections_applied_at_start(
    ui_index: tuple[Path, Path],
) -> None:
    corpus, index_dir = ui_index
    settings = config.Settings(
        entities={"hide": ["Xi Jinping"], "aliases": {"Vladimir Putin": "Mr Putin"}}
    )
    app = make_app(settings, corpus, index_dir, "reader-dark", save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(app, pilot)
        items = sidebar(app).items()
        assert ("person", "Xi Jinping") not in items
        assert ("person", "Mr Putin") in items


async def test_palette_filters_by_entity(app_factory: Callable[..., ReaderApp]) -> None:
    from textual.command import CommandPalette

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"filter: person dong jun")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.05)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.filters == [("person", "Dong Jun")]
        assert result_ids(app) == {"russia/talks.txt"}


async def test_escape_in_search_bar_keeps_the_query(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "energy")
        await pilot.press("escape")
        assert isinstance(app.focused, Results)
        assert app.screen.query_one("#search", Input).value == "energy"
