"""Snapshot tests (plain `def`: snap_compare runs its own event loop). Fixed size and theme;
search timings are pinned so the status line does not change between runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from index.search import SearchResult
from reader.app import ReaderApp
from reader.screens import search_flow


@pytest.fixture(autouse=True)
def _fixed_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    original = search_flow.describe

    def describe(result: SearchResult, final: bool) -> str:
        result.elapsed = 0.012
        return original(result, final)

    monkeypatch.setattr(search_flow, "describe", describe)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open_article(pilot: Pilot[None]) -> None:
    await _settle(pilot)
    await pilot.press(*"partnership")
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
        await pilot.press("tab", "question_mark")
        await _settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 36), run_before=run_before)


def test_narrow_layout(snap_compare: Any, app_factory: Callable[..., ReaderApp]) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_open_article)
