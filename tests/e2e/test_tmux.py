"""End to end: the installed `reader` in a real terminal (tmux): search, open, bookmark a
paragraph, list bookmarks, quit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

READER = Path(sys.executable).parent / "reader"
pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not READER.exists(),
    reason="needs tmux and the installed reader",
)


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=20)


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _session(tmp_path: Path, width: int, height: int) -> tuple[str, Callable[[], str]]:
    session = f"reader-test-{uuid.uuid4().hex[:8]}"
    env = " ".join(
        f"{var}={tmp_path / var.lower()}"
        for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
    )
    cmd = f"env -u COLUMNS -u LINES {env} TERM=xterm-256color {READER}"
    size = ("-x", str(width), "-y", str(height))
    assert tmux("new-session", "-d", "-s", session, *size, cmd).returncode == 0
    # a tmux server already running may size new windows its own way: set it
    tmux("set-option", "-t", session, "window-size", "manual")
    tmux("resize-window", "-t", session, *size)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session).stdout

    return session, screen


def keys(session: str, *sent: str) -> None:
    """Each key on its own, 0.15 s apart (Esc then a key at once would read as Alt+key)."""
    for key in sent:
        tmux("send-keys", "-t", session, key)
        time.sleep(0.15)


def test_search_open_and_quit(tmp_path: Path) -> None:
    session, screen = _session(tmp_path, 120, 40)
    try:
        assert wait_for(lambda: "articles · newest first" in screen()), screen()
        keys(session, "/")
        tmux("send-keys", "-t", session, "shoigu")
        assert wait_for(lambda: "1 hit" in screen()), screen()
        keys(session, "Enter", "Enter")
        # the article is open and the sidebar lists its people (loaded in the background)
        assert wait_for(lambda: "In this article" in screen() and "Li Shangfu" in screen()), (
            screen()
        )
        shown = screen()
        assert "China: We will support Russia" in shown, shown
        assert "Next hit" in shown, shown  # the article pane's keys are in the footer
        keys(session, "]", "b")
        assert wait_for(lambda: "Enter saves" in screen()), screen()
        tmux("send-keys", "-t", session, "e2e note")
        time.sleep(0.3)
        keys(session, "Enter")
        assert wait_for(lambda: "Bookmarked" in screen()), screen()
        keys(session, "B")
        assert wait_for(lambda: "Bookmarks: 1" in screen() and "e2e note" in screen()), screen()
        saved = (tmp_path / "xdg_data_home" / "reader" / "bookmarks.yaml").read_text("utf-8")
        assert 'note: "e2e note"' in saved
        keys(session, "Escape", "q")
        assert wait_for(lambda: tmux("has-session", "-t", session).returncode != 0, 10)
    finally:
        tmux("kill-session", "-t", session)


def test_key_model_at_80_by_24(tmp_path: Path) -> None:
    """The first screen lists the corpus with the list focused; letters are commands outside
    the bar; Esc steps back and never quits; q quits."""
    session, screen = _session(tmp_path, 80, 24)
    try:
        assert wait_for(lambda: "5 articles · newest first" in screen()), screen()
        assert "Putin in Beijing" in screen()  # content first, the newest on top
        footer = screen().rstrip().splitlines()[-1]
        assert "q Quit" in footer and "? Keys" in footer, footer  # the footer fits
        keys(session, "?")
        assert wait_for(lambda: "Esc closes" in screen()), screen()  # help, not a query
        keys(session, "?")
        assert wait_for(lambda: "5 articles" in screen()), screen()
        keys(session, "/")
        tmux("send-keys", "-t", session, "xi")
        assert wait_for(lambda: "hits" in screen()), screen()
        keys(session, "Escape", "Escape")  # out of the bar, then the query cleared
        assert wait_for(lambda: "5 articles" in screen()), screen()
        keys(session, "Escape", "Escape")
        time.sleep(0.5)
        assert tmux("has-session", "-t", session).returncode == 0  # Esc never quits
        keys(session, "q")
        assert wait_for(lambda: tmux("has-session", "-t", session).returncode != 0, 10)
    finally:
        tmux("kill-session", "-t", session)


def test_star_quit_restart_and_find_it(tmp_path: Path) -> None:
    """A star survives the app: `*` on the first article, quit, start again, `is:starred`."""
    session, screen = _session(tmp_path, 80, 24)
    try:
        assert wait_for(lambda: "5 articles · newest first" in screen()), screen()
        keys(session, "*")
        assert wait_for(lambda: "★ Putin in Beijing" in screen()), screen()
        keys(session, "q")
        assert wait_for(lambda: tmux("has-session", "-t", session).returncode != 0, 10)
    finally:
        tmux("kill-session", "-t", session)
    session, screen = _session(tmp_path, 80, 24)
    try:
        assert wait_for(lambda: "newest first" in screen()), screen()
        keys(session, "/")
        tmux("send-keys", "-t", session, "is:starred")
        assert wait_for(lambda: "1 hit" in screen() and "★ Putin in Beijing" in screen()), (
            screen()
        )
        keys(session, "Escape", "q")
        assert wait_for(lambda: tmux("has-session", "-t", session).returncode != 0, 10)
    finally:
        tmux("kill-session", "-t", session)
