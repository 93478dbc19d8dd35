"""Entities in the index: filters, aliases across articles, facets, user corrections."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.engine.build import build
from index.entities.view import Overrides
from index.search import Engine
from tests.helpers import write_article


@pytest.fixture
def engine(tmp_path: Path, engine_kind: str) -> Engine:
    corpus = tmp_path / "c"
    write_article(
        corpus,
        "a.txt",
        "Talks in Beijing",
        "Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing.\n\n"
        "Xi said the partnership with Moscow was strong. NATO officials were not invited.",
    )
    write_article(
        corpus,
        "b.txt",
        "Defence call",
        "Defence Minister Sergei Shoigu spoke to Dong Jun on Wednesday.\n\n"
        "Shoigu said relations were at their best level.",
    )
    write_article(
        corpus,
        "c.txt",
        "Ministers again",
        "Dong Jun told Defence Minister Sergei Shoygu that cooperation would grow.\n\n"
        "President Putin agreed in Moscow.",
    )
    write_article(corpus, "d.txt", "Weather", "It rained all day and nobody was named.")
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    eng = Engine.open(tmp_path / "ix")
    yield eng  # type: ignore[misc]
    eng.close()


def ids(engine: Engine, query: str) -> set[str]:
    return {h.id for h in engine.search(query, limit=50).hits}


def test_entity_filters(engine: Engine) -> None:
    assert ids(engine, 'person:"Xi Jinping"') == {"a.txt"}
    assert ids(engine, "person:xi") == {"a.txt"}  # an alias seen in the corpus
    assert ids(engine, "place:Moscow") == {"a.txt", "c.txt"}
    assert ids(engine, "org:NATO") == {"a.txt"}
    assert ids(engine, "group:Chinese") == {"a.txt"}
    assert ids(engine, "person:nobody") == set()


def test_spelling_variants_merge_across_articles_and_lone_surnames_do_not(
    engine: Engine,
) -> None:
    # c.txt says "Putin" and "Sergei Shoygu": the variant joins "Sergei Shoigu" (b.txt); the
    # bare surname stays its own entry, and `person:Putin` finds it and the one full name
    assert ids(engine, 'person:"Vladimir Putin"') == {"a.txt"}
    assert ids(engine, "person:Putin") == {"a.txt", "c.txt"}
    assert ids(engine, 'person:"Sergei Shoigu"') == {"b.txt", "c.txt"}
    assert ids(engine, 'person:"Sergei Shoygu"') == {"b.txt", "c.txt"}
    names = {e.name: e for e in engine.entities("PERSON")}
    assert "Sergei Shoygu" in names["Sergei Shoigu"].aliases
    assert names["Sergei Shoigu"].article_count == 2


def test_entity_facets(engine: Engine) -> None:
    res = engine.search("person:Putin OR person:Shoigu", facets=True)
    people = dict(res.facets["person"])
    assert people["Vladimir Putin"] == 1 and people["Putin"] == 1
    assert people["Sergei Shoigu"] == 2
    assert people["Dong Jun"] == 2
    assert dict(res.facets["place"])["Moscow"] == 2


def test_user_corrections_apply_without_reindexing(engine: Engine) -> None:
    engine.set_entity_overrides(
        Overrides(aliases={"Dong Jun": "Admiral Dong"}, types={"NATO": "group"}, hide=["Beijing"])
    )
    names = {(e.type, e.name) for e in engine.entities()}
    assert ("PERSON", "Admiral Dong") in names and ("PERSON", "Dong Jun") not in names
    assert ("GROUP", "NATO") in names
    assert not any(n == "Beijing" for _t, n in names)
    assert ids(engine, 'person:"Admiral Dong"') == {"b.txt", "c.txt"}
    res = engine.search("Dong", facets=True)
    assert "Admiral Dong" in dict(res.facets["person"])
    assert all(m.entity != "Beijing" for m in engine.mentions("a.txt"))


def test_mentions_carry_final_names(engine: Engine) -> None:
    mentions = engine.mentions("c.txt")
    art = engine.article("c.txt")
    assert art is not None
    by_text = {m.text: m for m in mentions}
    assert by_text["Sergei Shoygu"].entity == "Sergei Shoigu"
    assert by_text["Putin"].entity == "Putin"  # never named in full in c.txt
    for m in mentions:
        assert art.body[m.start : m.end] == m.text


def test_cooccurrence(engine: Engine) -> None:
    target, by_article, by_paragraph = engine.cooccurring("Dong Jun")
    assert target is not None and target.name == "Dong Jun"
    assert dict((e.name, n) for e, n in by_article)["Sergei Shoigu"] == 2
    assert "Sergei Shoigu" in {e.name for e, _n in by_paragraph}
    assert engine.cooccurring("Nobody At All")[0] is None


def test_overrides_from_config_section() -> None:
    o = Overrides.from_config({"aliases": {"a": "b"}, "types": {"x": "org"}, "hide": ["h"]})
    assert (o.aliases, o.types, o.hide) == ({"a": "b"}, {"x": "org"}, ["h"])
    assert Overrides.from_config({"aliases": "nonsense", "hide": "x"}) == Overrides()
    assert Overrides.from_config(None) == Overrides()


def test_a_short_form_several_people_share_says_so(tmp_path: Path, engine_kind: str) -> None:
    corpus = tmp_path / "c"
    write_article(corpus, "a.txt", "Budget", "Chancellor Gordon Brown said the budget was fair.")
    write_article(corpus, "b.txt", "Match", "Defender Wes Brown scored for United on Saturday.")
    write_article(corpus, "c.txt", "Talks", "Mr Brown met the unions. Brown said talks went well.")
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        res = eng.search("person:Brown")
        assert any("part of 2 names" in m and "Gordon Brown" in m for m in res.messages)
        assert ids(eng, 'person:"Gordon Brown"') == {"a.txt"}  # never merged with c.txt
        solo = eng.search("person:Shoigu")  # a name nobody shares: no note
        assert not solo.messages
