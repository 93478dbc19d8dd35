"""Fixtures for the terminal app: a small corpus with hostile text, its index, and the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from index.engine.build import build
from reader import config
from reader.app.main import ReaderApp, make_app
from tests.helpers import write_article, write_talks_and_markets

LONG = "\n\n".join(
    f"Paragraph {i} talks about the harbour and the ferry timetable for the islands."
    for i in range(1, 13)
)


def write_corpus(root: Path) -> Path:
    write_article(
        root,
        "russia/visit.txt",
        "Putin visits Beijing",
        "Russian President Vladimir Putin met Xi Jinping in Beijing on Thursday.\n\n"
        "The two leaders praised their strategic partnership and signed energy deals.\n\n"
        "Energy exports to China have grown; the partnership covers energy and trade.",
        date="June 23, 2024",
        source="Wire Service",
        by="Anna Smith",
    )
    write_talks_and_markets(root)
    write_article(
        root,
        "odd/markup.txt",
        "Markup [bold]stays[/bold] text",
        "This body has [bold]not markup[/bold] and $accent inside it.\n\n"
        "An escape \x1b[31mred\x1b[0m sequence follows the markup words.",
        date="May 1, 2021",
        source="Odd Times",
    )
    write_article(root, "travel/ferry.txt", "Ferry timetable changes", LONG,
                  date="April 2, 2020", source="Coast News")  # fmt: skip
    return root


@pytest.fixture(scope="session")
def ui_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Built once per session: the app only reads it (the staleness check writes nothing)."""
    base = tmp_path_factory.mktemp("ui")
    corpus = write_corpus(base / "corpus")
    index_dir = base / "index"
    build(corpus, index_dir, workers=1)
    return corpus, index_dir


@pytest.fixture
def app_factory(ui_index: tuple[Path, Path]) -> Callable[..., ReaderApp]:
    corpus, index_dir = ui_index

    def factory(theme: str = "reader-dark", **kwargs: object) -> ReaderApp:
        return make_app(config.Settings(), corpus, index_dir, theme, **kwargs)  # type: ignore[arg-type]

    return factory


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots must not depend on when the cursor blinked (as harlequin's conftest does)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)
