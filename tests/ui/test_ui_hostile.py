"""Hostile strings in the app: a file name with escape sequences shows inert in the results,
and a notice quoting markup-like text is shown as typed (never parsed, never a crash)."""

from __future__ import annotations

import json
from pathlib import Path

from index.engine.build import build
from reader import config
from reader.app.main import make_app
from reader.app.widgets.results import HitRow, Results
from tests.ui.test_ui_app import SIZE, search, settle

NAME = "\x1b]0;pwned\x07\x1b[31m.json"


async def test_hostile_id_and_notices_stay_inert(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / NAME).write_text(json.dumps({"text": "The harbour ferry story."}), "utf-8")
    build(corpus, tmp_path / "ix", workers=1)
    app = make_app(config.Settings(), corpus, tmp_path / "ix", "reader-dark", save_settings=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await search(app, pilot, "harbour")
        row = app.screen.query_one(Results).get_option(NAME).prompt
        assert isinstance(row, HitRow)
        assert "\x1b" not in row.plain and "\x07" not in row.plain and "␛" in row.plain
        app.notify("theme '[/]' and [@click=app.quit]X[/] \x1b[2J")
        await settle(app, pilot)
        assert app.return_code is None
        shown = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("[@click=app.quit]X[/]" in m and "\x1b" not in m for m in shown)


async def test_config_problems_are_shown_in_the_app(ui_index: tuple[Path, Path]) -> None:
    corpus, index_dir = ui_index
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("history: -5\nkeymap: {reader.nope: x}\n")
    app = make_app(config.load(), corpus, index_dir, "reader-dark", save_settings=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        shown = " | ".join(n.message for n in app._notifications)  # noqa: SLF001
        assert "history: expected a whole number" in shown and "reader.nope" in shown
