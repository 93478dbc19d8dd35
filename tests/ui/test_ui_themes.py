"""Every bundled theme loads and renders on every screen; a theme that cannot be applied is
skipped with a notice, never persisted, and never crashes the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.theme import Theme

from reader import config
from reader.app.main import ReaderApp
from reader.app.screens.bookmark_dialog import BookmarkDialog
from reader.app.screens.bookmarks_screen import BookmarksScreen
from reader.app.screens.help import HelpScreen
from reader.app.themes import complete_theme, load_themes
from tests.ui.test_ui_app import SIZE, settle

BUNDLED = sorted(t.name for t in load_themes([config.bundled_themes()])[0])


def test_every_bundled_theme_is_found() -> None:
    assert {"reader-dark", "reader-light", "reader-high-contrast", "reader-16"} <= set(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
async def test_bundled_theme_renders_every_screen(
    name: str, app_factory: Callable[..., ReaderApp]
) -> None:
    app = app_factory(theme=name)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == name and app.return_code is None
        await pilot.press("tab")  # out of the search box, then every screen the app has
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.pop_screen()
        await pilot.pause()
        app.push_screen(BookmarksScreen(app.bookmarks, app.corpus))
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        app.push_screen(BookmarkDialog("a quote", known_tags=["t"]))
        await pilot.pause()
        app.pop_screen()
        await settle(app, pilot)
        assert app.return_code is None and app.theme == name


def test_ansi_theme_gets_the_variables_textual_needs() -> None:
    theme = complete_theme(Theme(name="mine-16", primary="ansi_blue", ansi=True))
    assert theme.variables["ansi-background"] == "ansi_black"
    assert "foreground-disabled" in theme.variables  # Textual's ANSI system leaves it out


async def test_theme_that_cannot_apply_is_skipped_and_not_saved(
    app_factory: Callable[..., ReaderApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        # registered without completion: the ANSI system lacks $ansi-background, which
        # Screen's own stylesheet uses, so applying it would stop the app
        app.register_theme(Theme(name="bare-16", primary="ansi_blue", ansi=True))
        assert app.theme_problem("bare-16") is not None
        assert app.set_reader_theme("bare-16") is False
        await pilot.pause()
        assert app.theme == "reader-dark" and app.return_code is None
        assert not config.config_path().exists() or config.load().theme != "bare-16"
        assert any("bare-16" in n.message for n in app._notifications)  # noqa: SLF001


async def test_cycling_visits_every_bundled_theme(app_factory: Callable[..., ReaderApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        seen = {app.theme}
        for _ in app.reader_themes:
            await pilot.press("t")
            await pilot.pause()
            seen.add(app.theme)
        assert set(BUNDLED) <= seen and app.return_code is None


@pytest.mark.parametrize("bad", ["[/]", "[@click=app.quit]X[/]", "no-such-theme"])
async def test_unusable_configured_theme_falls_back_with_a_notice(
    bad: str, ui_index: tuple[Path, Path]
) -> None:
    corpus, index_dir = ui_index
    from reader.app.main import make_app

    app = make_app(config.Settings(theme=bad), corpus, index_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "reader-dark" and app.return_code is None
        assert any(bad in n.message for n in app._notifications)  # noqa: SLF001
