"""The app's headless parts (themes, history, safe text) and the first-run index build."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.widgets import ProgressBar, Static

from reader import config
from reader.app.main import make_app
from reader.app.messages import IndexProgress, IndexReady
from reader.app.themes import ThemeError, load_themes, parse_theme, user_themes_dir
from reader.app.widgets.safe_text import highlighted, layered, strip_controls
from reader.history import History
from tests.ui.conftest import write_corpus


def test_bundled_themes_are_valid() -> None:
    themes, problems = load_themes([config.bundled_themes()])
    assert problems == []
    assert {"reader-dark", "reader-light", "reader-high-contrast", "reader-16"} <= {
        t.name for t in themes
    }


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "x", "primary": "#fff", "colour": "#000"}, "unknown keys colour"),
        ({"name": "x", "primary": "not-a-colour"}, "primary: invalid colour"),
        ({"name": "x", "primary": "#fff", "variables": {"hit-background": "nope"}}, "variables"),
        ({"primary": "#fff"}, "`name` is required"),
        (["a"], "expected a mapping"),
    ],
)
def test_bad_theme_rejected(data: object, error: str) -> None:
    with pytest.raises(ThemeError, match=error):
        parse_theme(data, "t.yaml")


async def test_bad_user_theme_is_reported_and_skipped(ui_index: tuple[Path, Path]) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("name: broken\nprimary: '#zzzzzz'\n", encoding="utf-8")
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#336699'\n", encoding="utf-8")
    corpus, index_dir = ui_index
    app = make_app(config.Settings(), corpus, index_dir, "reader-dark")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert "mine" in app.available_themes and "broken" not in app.available_themes
        assert any("broken.yaml" in n.message for n in app._notifications)  # noqa: SLF001
        app.theme = "mine"  # a theme without our variables still renders (defaults)
        await pilot.pause()


def test_history_walk_and_persist(tmp_path: Path) -> None:
    path = tmp_path / "h" / "history.txt"
    h = History(path, limit=3)
    for q in ["a", "b", "a", "c", "d"]:
        h.add(q)
    assert History(path, limit=3).load().entries == ["a", "c", "d"]
    assert h.previous("draft") == "d" and h.previous("d") == "c" and h.previous("c") == "a"
    assert h.previous("a") is None
    assert h.next() == "c" and h.next() == "d" and h.next() == "draft"


def test_strip_controls_keeps_spans_on_the_same_text() -> None:
    text = "ab\x1b[31mcd\x1b[0mef\x07"
    clean, spans = strip_controls(text, [(7, 9), (13, 15)])
    assert clean == "abcdef"
    assert [clean[s:e] for s, e in spans] == ["cd", "ef"]
    content = highlighted("[b]x[/b] $accent")
    assert content.plain == "[b]x[/b] $accent"


async def test_first_run_builds_index_with_progress(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    app = make_app(config.Settings(), corpus, index_dir, "reader-dark")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.engine is not None and app.engine.doc_count == 5
        assert not app.screen.query_one(ProgressBar).display
        assert any(isinstance(m, IndexProgress) for m in seen)
        assert any(isinstance(m, IndexReady) and m.error is None for m in seen)
        await pilot.press("slash", *"ferry")
        await pilot.pause(0.25)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#status", Static).content
        assert str(status).startswith("1 hit ·")


def test_update_entities_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("theme: reader-light\nhistory: 50\nfuture_key: 1\nentities:\n  hide: [Foo]\n")
    section = config.update_entities(lambda s: config.hide_entity(s, "Bar"), path)
    assert section == {"hide": ["Foo", "Bar"]}
    data = yaml.safe_load(path.read_text())
    assert data == {
        "theme": "reader-light",
        "history": 50,
        "future_key": 1,
        "entities": {"hide": ["Foo", "Bar"]},
    }
    config.update_entities(lambda s: config.hide_entity(s, "bar"), path)  # once, case-blind
    assert yaml.safe_load(path.read_text())["entities"]["hide"] == ["Foo", "Bar"]
    assert (tmp_path / "config.yaml.bak").exists()


def test_update_entities_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("theme: [unclosed\n")
    with pytest.raises(ValueError, match="invalid YAML"):
        config.update_entities(lambda s: config.hide_entity(s, "X"), path)
    assert path.read_text() == "theme: [unclosed\n"
    new = tmp_path / "new" / "config.yaml"  # a missing file is created
    config.update_entities(lambda s: config.alias_entity(s, "Xi", "Xi Jinping"), new)
    assert yaml.safe_load(new.read_text()) == {"entities": {"aliases": {"Xi": "Xi Jinping"}}}


def test_alias_entity_follows_earlier_merges() -> None:
    section: dict[str, object] = {"aliases": {"Shoygu": "Sergei Shoigu", "Xi": "Xi Jinping"}}
    config.alias_entity(section, "Sergei Shoigu", "Sergey Shoygu")  # a rename
    assert section["aliases"] == {
        "Shoygu": "Sergey Shoygu",
        "Xi": "Xi Jinping",
        "Sergei Shoigu": "Sergey Shoygu",
    }
    config.alias_entity(section, "Xi Jinping", "Xi")  # the reverse of an alias: no loop
    assert section["aliases"] == {
        "Shoygu": "Sergey Shoygu",
        "Sergei Shoigu": "Sergey Shoygu",
        "Xi Jinping": "Xi",
    }


def test_layered_styles_survive_control_sequences() -> None:
    text = "a \x1b[31mRed\x1b[0m Xi here"
    content = layered(text, [("$entity-person", [(15, 17)]), ("on $hit-background", [(7, 10)])])
    assert content.plain == "a Red Xi here"
    styled = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
    assert styled == {"Xi": "$entity-person", "Red": "on $hit-background"}
