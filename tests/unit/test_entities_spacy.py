"""The optional spaCy entity backend, tested with `spacy.blank("en")` plus an EntityRuler saved
to a folder and loaded by path (no model download). Tests that need spaCy skip without it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from index.engine.build import build, needs_rebuild
from index.entities import spacy_backend as es
from index.entities.extract import extract
from index.entities.spacy_backend import EntityBackend, load_backend, open_backend
from index.search import Engine
from reader import config
from reader.cli import main as cli
from tests.helpers import write_article

PATTERNS: list[dict[str, Any]] = [
    {"label": "PERSON", "pattern": "Xi Jinping"},
    {"label": "PERSON", "pattern": "Xi"},
    {"label": "PERSON", "pattern": [{"TEXT": "Putin"}, {"TEXT": "'s"}]},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Kremlin"}]},
    # lower case on purpose: the rule extractor never finds it, so it shows the backend ran
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"LOWER": "blue"}, {"LOWER": "fox"}]},
    {"label": "GPE", "pattern": "Moscow"},
    {"label": "GPE", "pattern": "US"},
    {"label": "LOC", "pattern": "Siberia"},
    {"label": "FAC", "pattern": "Red Square"},
    {"label": "NORP", "pattern": "Chinese"},
    {"label": "GPE", "pattern": [{"TEXT": "Russia"}, {"TEXT": "-"}, {"TEXT": "China"}]},
    {"label": "DATE", "pattern": "Monday"},
]

TEXT = (
    "Chinese President Xi Jinping met the Kremlin in Moscow on Monday.\n\n"
    "Xi praised Russia-China ties; Putin's aide toured Red Square and Siberia. "
    "The US and the blue fox watched."
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    path = tmp_path_factory.mktemp("pipeline") / "blank_ruler"
    nlp.to_disk(path)
    return str(path)


def found(text: str, model: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.entity) for m in load_backend(model)(text)]


def test_labels_map_and_offsets_point_into_the_text(model_dir: str) -> None:
    mentions = load_backend(model_dir)(TEXT)
    assert all(TEXT[m.start : m.end] == m.text for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    got = {(m.text, m.type) for m in mentions}
    assert ("Chinese", "GROUP") in got and ("Xi Jinping", "PERSON") in got
    assert ("Moscow", "PLACE") in got and ("Siberia", "PLACE") in got
    assert ("Red Square", "PLACE") in got  # FAC
    assert not any(m.text == "Monday" for m in mentions)  # DATE is dropped


def test_spans_are_trimmed_and_named_like_the_rules(model_dir: str) -> None:
    got = found(TEXT, model_dir)
    assert ("Kremlin", "ORG", "Kremlin") in got  # no leading "the"
    assert ("blue fox", "ORG", "blue fox") in got
    assert ("Putin", "PERSON", "Putin") in got  # no possessive
    assert ("US", "PLACE", "United States") in got  # the gazetteer's canonical name
    assert ("Xi", "PERSON", "Xi Jinping") in got  # the lone name after the full one
    # a compound of known names is split, each part with its own offsets
    assert ("Russia", "PLACE", "Russia") in got and ("China", "PLACE", "China") in got


def test_trim_rules() -> None:
    for raw, want in [
        ("the Kremlin", "Kremlin"),
        ("The Guardian's", "Guardian"),
        ("Reuters'", "Reuters"),
        ("Putin’s ", "Putin"),
        ("the", "the"),
    ]:
        s, e = es.trim(raw, 0, len(raw))
        assert raw[s:e] == want


def test_long_texts_are_cut_at_paragraphs(model_dir: str) -> None:
    import spacy

    text = "\n\n".join(f"Paragraph {i}: Xi Jinping went to Moscow." for i in range(40))
    whole = es.SpacyExtractor(spacy.load(model_dir))
    small = es.SpacyExtractor(spacy.load(model_dir))
    small.nlp.max_length = 120
    assert all(len(c) <= 120 for _, c in es.chunks(text, 120))
    a, b = whole(text), small(text)
    assert [(m.start, m.end, m.type) for m in a] == [(m.start, m.end, m.type) for m in b]
    assert len(b) == 80 and all(text[m.start : m.end] == m.text for m in b)


def test_many_keeps_texts_apart(model_dir: str) -> None:
    ext = load_backend(model_dir)
    out = ext.many(["Xi went.", "", "Moscow"])
    assert [[m.text for m in ms] for ms in out] == [["Xi"], [], ["Moscow"]]
    assert load_backend(model_dir) is not ext and load_backend(model_dir).nlp is ext.nlp


def test_a_missing_model_falls_back_to_the_rules_with_one_line(tmp_path: Path) -> None:
    opened = open_backend(EntityBackend("spacy", str(tmp_path / "no_such_model")))
    assert opened.warning is not None and "\n" not in opened.warning
    assert "no_such_model" in opened.warning
    assert "pip install 'news-reader-tui[spacy]'" in opened.warning
    assert "rule extractor" in opened.warning and opened.used == EntityBackend()
    assert opened.one(TEXT) == extract(TEXT)


def test_missing_spacy_falls_back_to_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    opened = open_backend(EntityBackend("spacy", "en_core_web_sm"))
    assert opened.warning is not None and "spaCy is not installed" in opened.warning
    assert "en_core_web_sm" in opened.warning
    assert "pip install 'news-reader-tui[spacy]'" in opened.warning
    assert opened.one(TEXT) == extract(TEXT)


def test_config_validates_backend_and_model(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("entities:\n  backend: stanza\n  model: 3\n")
    s = config.load(path)
    assert len(s.problems) == 2 and all("\n" not in p and str(path) in p for p in s.problems)
    assert "entities.backend" in s.problems[0] and "entities.model" in s.problems[1]
    assert EntityBackend.from_config(s.entities) == EntityBackend()
    path.write_text(f"entities:\n  backend: spacy\n  model: {tmp_path}\n  hide: [X]\n")
    s = config.load(path)
    assert s.problems == []
    assert EntityBackend.from_config(s.entities) == EntityBackend("spacy", str(tmp_path))
    path.write_text("entities:\n  backend: spacy\n")
    assert EntityBackend.from_config(config.load(path).entities).model == es.DEFAULT_MODEL


def _corpus(root: Path) -> Path:
    write_article(root, "a.txt", "Talks", TEXT)
    write_article(root, "b.txt", "Weather", "It rained. The blue fox stayed home.")
    write_article(root, "c.txt", "Nothing", "No names here at all.")
    return root


def ids(engine: Engine, query: str) -> set[str]:
    return {h.id for h in engine.search(query, limit=50).hits}


def test_an_index_built_with_spacy(model_dir: str, tmp_path: Path) -> None:
    corpus, ix = _corpus(tmp_path / "c"), tmp_path / "ix"
    spacy_backend = EntityBackend("spacy", model_dir)
    build(corpus, ix, workers=1)
    assert not needs_rebuild(ix, corpus, EntityBackend())
    assert needs_rebuild(ix, corpus, spacy_backend)  # another backend: rebuild
    with Engine.open(ix) as engine:
        assert ids(engine, 'org:"blue fox"') == set()
    report = build(corpus, ix, workers=1, entities=spacy_backend)
    assert report.rebuilt and not report.warnings
    assert not needs_rebuild(ix, corpus, spacy_backend)
    assert not build(corpus, ix, workers=1).rebuilt  # None keeps the backend it was built with
    with Engine.open(ix) as engine:
        assert ids(engine, 'person:"Xi Jinping"') == {"a.txt"}
        assert ids(engine, 'org:"blue fox"') == {"a.txt", "b.txt"}
        assert ids(engine, "place:Siberia") == {"a.txt"}
        # the open article's mentions come from the same backend
        mentions = engine.mentions("b.txt")
        assert [(m.text, m.type) for m in mentions] == [("blue fox", "ORG")]


def test_workers_get_the_backend_loaded_once(
    model_dir: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy

    import index.engine.build as b

    corpus = tmp_path / "many"
    for i in range(30):
        write_article(corpus, f"d/a{i:03}.txt", f"Article {i}", f"The blue fox ran {i} times.")
    loads: list[str] = []
    real = spacy.load

    def counting(name: Any, *a: Any, **kw: Any) -> Any:
        loads.append(str(name))
        return real(name, *a, **kw)

    monkeypatch.setattr(spacy, "load", counting)
    monkeypatch.setattr(es, "_NLP", {})
    monkeypatch.setattr(b, "PARALLEL_THRESHOLD", 10)
    build(corpus, tmp_path / "ix", workers=2, entities=EntityBackend("spacy", model_dir))
    assert loads == [model_dir]  # in the parent, before the fork; workers inherit it
    with Engine.open(tmp_path / "ix") as engine:
        assert engine.search('org:"blue fox"', limit=100).total == 30


def test_a_missing_model_at_indexing_warns_and_uses_the_rules(tmp_path: Path) -> None:
    corpus, ix = _corpus(tmp_path / "c"), tmp_path / "ix"
    missing = EntityBackend("spacy", str(tmp_path / "gone"))
    said: list[str] = []
    report = build(corpus, ix, workers=1, entities=missing, notify=said.append)
    assert len(report.warnings) == 1 and "gone" in report.warnings[0]
    assert report.backend_warning == report.warnings[0]  # shown by the app and --quiet
    assert any("rule extractor" in s for s in said)
    assert not needs_rebuild(ix, corpus, missing)  # not installed yet: no rebuild every run
    with Engine.open(ix) as engine:
        assert ids(engine, 'person:"Xi Jinping"') == {"a.txt"}


def test_cli_extract_uses_the_configured_backend(
    model_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Yesterday the blue fox met Xi Jinping.", encoding="utf-8")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"entities:\n  backend: spacy\n  model: {model_dir}\n")
    assert cli.main(["--config", str(cfg), "entities", "extract", str(text), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    mentions = out["files"][0]["mentions"]
    assert mentions[0] == {
        "start": 14,
        "end": 22,
        "text": "blue fox",
        "type": "ORG",
        "entity": "blue fox",
    }
    cfg.write_text(f"entities:\n  backend: spacy\n  model: {tmp_path / 'gone'}\n")
    assert cli.main(["--config", str(cfg), "entities", "extract", str(text), "--json"]) == 0
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 1 and "rule extractor" in captured.err
    assert "Traceback" not in captured.err
    texts = [m["text"] for m in json.loads(captured.out)["files"][0]["mentions"]]
    assert "blue fox" not in texts and "Xi Jinping" in texts
