"""Entities over the whole BBC corpus (skipped without ../shared): no compound prefix or generic
word is any entity's alias, no merge across articles rests on a bare given name or surname,
and the most frequent people are people."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.engine.build import build
from index.search import Engine
from tests.conftest import BBC

pytestmark = pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not available")

PREFIXES = {"Anglo", "Franco", "Sino", "Euro", "Afro", "Indo", "Russo"}
GENERIC = {"Party", "House", "League", "United", "City", "Bank", "Court", "Commission"}
NOT_PEOPLE = {"Tampa Bay Buccaneers", "Red Devils", "Stock Exchange", "Windows XP",
              "Mac Format", "Crystal Harmony", "Blairite Alan Milburn"}  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    index_dir: Path = tmp_path_factory.mktemp("bbc") / "ix"
    build(BBC, index_dir, workers=2, engine="tantivy")
    return Engine.open(index_dir)


def test_no_compound_prefix_or_generic_word_is_an_alias(engine: Engine) -> None:
    bad = [(e.name, a) for e in engine.entities() for a in e.aliases if a in PREFIXES | GENERIC]
    assert bad == []


def test_no_merge_across_articles_rests_on_a_bare_name(engine: Engine) -> None:
    """An article-level one-word PERSON name (one that article never gives in full) is never
    filed under a multi-word person."""
    view = engine.entity_view()
    bad = [
        (name, ent.name)
        for (type_, name), ent in view.final.items()
        if type_ == "PERSON" and " " not in name and " " in ent.name
        and ent.name.casefold() != name  # fmt: skip
    ]
    assert bad == []


def test_the_most_frequent_people_are_people(engine: Engine) -> None:
    people = [e.name for e in engine.entities("PERSON", limit=200)]
    assert len(people) == 200
    assert not NOT_PEOPLE & set(people)
    names = {e.name for e in engine.entities("PERSON")}
    assert "Robert Peston" in names  # not merged with Robert Preston (another person)
    glazer = engine.search("glazer", facets=True)
    assert not {"Tampa Bay Buccaneers", "Red Devils", "Stock Exchange"} & {
        name for name, _n in glazer.facets.get("person", [])
    }
