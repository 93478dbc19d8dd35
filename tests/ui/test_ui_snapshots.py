"""Snapshot tests (plain `def`: snap_compare runs its own event loop). Fixed size and theme;
search timings are pinned so the status line does not change between runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from index.search import SearchResult
from reader.app.main import ReaderApp
from reader.app.screens import search_support
from reader.bookmarks.model import Bookmark
from reader.bookmarks.store import BookmarkStore


@pytest.fixture(autouse=True)
def _fixed_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    original = search_support.describe

    def describe(result: SearchResult, final: bool, browsing: bool = False) -> str:
        result.elapsed = 0.012
        return original(result, final, browsing)

    monkeypatch.setattr(search_support, "describe", describe)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open_article(pilot: Pilot[None]) -> None:
    await _settle(pilot)
    await pilot.press("slash", *"partnership")
    await pilot.pause(0.25)
    await _settle(pilot)
    await pilot.press("enter", "enter")
    await _settle(pilot)
    await pilot.press("n", "n", "right_square_bracket")
    await _settle(pilot)


def test_main_screen_with_article(snap_compare: Any, app_factory: Callable[..., ReaderApp]) -> None:
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=_open_article)


def test_help_screen(snap_compare: Any, app_factory: Callable[..., ReaderApp]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 36), run_before=run_before)


def test_narrow_layout(snap_compare: Any, app_factory: Callable[..., ReaderApp]) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_open_article)


def test_bookmarks_screen(
    snap_compare: Any, app_factory: Callable[..., ReaderApp], tmp_path: Path
) -> None:
    """Two bookmarks and an orphaned one (its article is not in the corpus), fixed dates."""
    path = tmp_path / "bookmarks.yaml"
    store = BookmarkStore(path).load()
    visit = "Russian President Vladimir Putin met Xi Jinping in Beijing on Thursday."
    talks = "Dong Jun told Sergei Shoigu that military cooperation would reach a new level."
    for n, (article_id, body, note, tags) in enumerate([
        ("russia/visit.txt", visit, "The summit opens", ["russia", "china"]),
        ("russia/talks.txt", talks, "", ["defence"]),
        ("russia/deleted.txt", visit, "This article was removed", []),
    ]):  # fmt: skip
        store.add(Bookmark(article_id=article_id, quote=body, start=0, end=len(body),
                           title=f"Article {n}", source="Wire", date="2024-06-2{n}",
                           note=note, tags=tags, id=f"bm{n}",
                           created=f"2024-07-0{n + 1}T10:00:00Z"))  # fmt: skip

    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("tab", "B")
        await _settle(pilot)

    app = app_factory(bookmarks=path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
