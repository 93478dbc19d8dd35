"""An index records the version of the rule extractor that found its entities; a release with
other rules has the next build extract every article again (once), and says why."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.engine.build import build, current_generation, needs_rebuild
from index.entities.spacy_backend import EntityBackend, rules_stale, rules_version


def _corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "a.txt").write_text("Talks\n\nTony Blair met Gordon Brown in London.\n")
    return root


def test_the_rules_version_is_recorded_and_a_change_rebuilds_once(tmp_path: Path) -> None:
    corpus, ix = _corpus(tmp_path / "c"), tmp_path / "ix"
    build(corpus, ix, workers=1)
    rules = EntityBackend()
    assert not needs_rebuild(ix, corpus, rules)
    gen = current_generation(ix)
    assert gen is not None
    db = sqlite3.connect(gen / "store.sqlite")
    (recorded,) = db.execute("SELECT value FROM meta WHERE key = 'entities_rules'").fetchone()
    assert recorded == rules_version()
    db.execute("UPDATE meta SET value = 'older rules' WHERE key = 'entities_rules'")
    db.commit()
    db.close()
    assert needs_rebuild(ix, corpus, rules)
    said: list[str] = []
    build(corpus, ix, workers=1, notify=said.append)
    assert any("entity rules changed" in s for s in said)
    assert current_generation(ix) != gen
    assert not needs_rebuild(ix, corpus, rules)


def test_only_rule_built_indexes_follow_the_rules_version() -> None:
    assert rules_stale(None, None, "older rules")
    assert not rules_stale(None, None, rules_version())
    assert not rules_stale("spacy:en_core_web_sm", "spacy:en_core_web_sm", None)
    assert rules_stale("spacy:en_core_web_sm", "rules", None)  # spaCy was missing: rules ran
