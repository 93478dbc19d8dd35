"""Config: defaults, problems reported in one line, saving keeps what it does not own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reader import config


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    s = config.load(tmp_path / "none.yaml")
    assert s.problems == [] and s.corpus is None and s.corpus_dir == config.bundled_corpus()


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("theme: x\ncorpus: [oops\n")
    s = config.load(path)
    assert len(s.problems) == 1 and "line" in s.problems[0] and str(path) in s.problems[0]
    assert s.theme == "reader-dark"


def test_unknown_keys_and_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("colour: red\ntheme: reader-light\nkeymap: nonsense\n")
    s = config.load(path)
    assert s.theme == "reader-light" and s.keymap == {}
    assert any("colour" in p for p in s.problems)


def test_save_keeps_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "history: 50\nfuture_setting: 1\nentities:\n  hide: [Reuters]\ntheme: reader-dark\n"
    )
    s = config.load(path)
    s.theme = "reader-light"
    config.save(s)
    data = yaml.safe_load(path.read_text())
    assert data["theme"] == "reader-light"
    assert data["history"] == 50 and data["future_setting"] == 1
    assert data["entities"] == {"hide": ["Reuters"]}
    assert (tmp_path / "c.yaml.bak").exists()


def test_save_refuses_to_overwrite_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("theme: [broken\n")
    with pytest.raises(ValueError):
        config.save(config.Settings(path=path))
    assert path.read_text() == "theme: [broken\n"


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "f.yaml"
    config.atomic_write(path, "a: 1\n")
    config.atomic_write(path, "a: 2\n")
    assert path.read_text() == "a: 2\n"
    assert (tmp_path / "sub" / "f.yaml.bak").read_text() == "a: 1\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.yaml", "f.yaml.bak"]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("theme: 5", "theme"),
        ("keymap: [1, 2]", "keymap"),
        ("keymap: {reader.sort: 5}", "keymap"),
        ("corpus: 5", "corpus"),
        ("index: [a]", "index"),
        ("history: -5", "history"),
        ("history: yes", "history"),
        ("entities: [a]", "entities"),
        ("engine: lucene", "engine"),
        ("corpus: /no/such/folder", "corpus"),
        ("copies: {threshold: 2}", "copies"),
        ("copies: 0.5", "copies"),
    ],
)
def test_every_wrong_value_is_one_line_naming_its_key(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(line + "\n")
    s = config.load(path)
    assert len(s.problems) == 1 and f": {key}: " in s.problems[0], s.problems
    defaults = config.Settings()
    assert (s.theme, s.history, s.corpus, s.engine) == (
        defaults.theme,
        defaults.history,
        defaults.corpus,
        defaults.engine,
    )


def test_keymap_entries_that_cannot_apply_are_reported() -> None:
    from reader.app.main import checked_keymap

    good, problems = checked_keymap({"reader.sort": "o", "reader.nope": "x", "reader.theme": "q"})
    assert good == {"reader.sort": "o"}
    assert any("reader.nope" in p for p in problems) and any("quit key" in p for p in problems)


def test_copies_threshold_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("copies: {threshold: 0.7}\n")
    s = config.load(path)
    assert not s.problems and s.copies_threshold == 0.7
    assert config.Settings().copies_threshold is None  # the index's own threshold
