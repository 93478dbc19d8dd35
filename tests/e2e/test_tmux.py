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


def test_search_open_and_quit(tmp_path: Path) -> None:
    session = f"reader-test-{uuid.uuid4().hex[:8]}"
    env = " ".join(
        f"{var}={tmp_path / var.lower()}"
        for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
    )
    cmd = f"env -u COLUMNS -u LINES {env} TERM=xterm-256color {READER}"
    assert tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd).returncode == 0
    # a tmux server already running may size new windows its own way: make it 120×40
    tmux("set-option", "-t", session, "window-size", "manual")
    tmux("resize-window", "-t", session, "-x", "120", "-y", "40")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session).stdout

    try:
        assert wait_for(lambda: "Type to search" in screen()), screen()
        tmux("send-keys", "-t", session, "shoigu")
        assert wait_for(lambda: "1 hit" in screen()), screen()
        tmux("send-keys", "-t", session, "Enter")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "Enter")
        # the article is open and the sidebar lists its people (loaded in the background)
        assert wait_for(lambda: "In this article" in screen() and "Li Shangfu" in screen()), (
            screen()
        )
        shown = screen()
        assert "China: We will support Russia" in shown, shown
        assert "Next hit" in shown, shown  # the article pane's keys are in the footer
        tmux("send-keys", "-t", session, "]")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "b")
        assert wait_for(lambda: "Enter saves" in screen()), screen()
        tmux("send-keys", "-t", session, "e2e note")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "Enter")
        assert wait_for(lambda: "Bookmarked" in screen()), screen()
        tmux("send-keys", "-t", session, "B")
        assert wait_for(lambda: "Bookmarks: 1" in screen() and "e2e note" in screen()), screen()
        saved = (tmp_path / "xdg_data_home" / "reader" / "bookmarks.yaml").read_text("utf-8")
        assert 'note: "e2e note"' in saved
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "q")
        assert wait_for(lambda: tmux("has-session", "-t", session).returncode != 0, 10)
    finally:
        tmux("kill-session", "-t", session)
