"""Keyword in context on both engines: every occurrence, the context either side on one line,
sorted by the words to the left or right, an entity under all its names."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.kwic import concordance, context
from index.search import Engine


@pytest.fixture
def engine(small_index: Path) -> Engine:
    return Engine.open(small_index)


def test_context_is_one_line() -> None:
    body = "First line\n\nthe keyword here\nand after."
    left, kw, right = context(body, 16, 23, 8)
    assert kw == "keyword" and "\n" not in left + right
    assert left.endswith("the ") and right.startswith(" here")


def test_every_occurrence_sorted(engine: Engine) -> None:
    lines, total = concordance(engine, "putin OR energy", width=20, sort="left")
    assert total == len(lines) >= 3
    assert {x.keyword.lower() for x in lines} >= {"putin", "energy"}
    lefts = [" ".join(reversed(x.left.split())).casefold() for x in lines]
    assert lefts == sorted(lefts)  # nearest word to the left first
    dated = concordance(engine, "putin OR energy", sort="date")[0]
    assert [x.date or "" for x in dated] == sorted((x.date or "" for x in dated), reverse=True)
    energy = concordance(engine, "energy", limit=1)
    assert len(energy[0]) == 1
    assert energy[1] == sum(1 for x in lines if x.keyword.lower().startswith("energ"))


def test_an_entity_under_its_names(engine: Engine) -> None:
    lines, total = concordance(engine, "", entity="Vladimir Putin")
    assert total >= 1 and all("Putin" in x.keyword for x in lines)
    with pytest.raises(ValueError, match="no entity"):
        concordance(engine, "", entity="Nobody Atall")
    with pytest.raises(ValueError, match="unknown sort"):
        concordance(engine, "putin", sort="size")


def test_related_articles_share_distinctive_terms(tmp_path: Path, engine_kind: str) -> None:
    from index.engine.build import build
    from index.related import related
    from tests.helpers import write_article

    corpus = tmp_path / "c"
    write_article(corpus, "a.txt", "Ferry timetable", "The ferry timetable to the islands changed.")
    write_article(corpus, "b.txt", "Islands ferry", "Islanders want the ferry timetable back.")
    write_article(corpus, "c.txt", "Budget", "The chancellor set out the budget for schools.")
    write_article(corpus, "d.txt", "Schools", "Schools welcome the budget from the chancellor.")
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        assert [h.id for h in related(eng, "a.txt", 2)][:1] == ["b.txt"]
        assert [h.id for h in related(eng, "c.txt", 2)][:1] == ["d.txt"]
        assert related(eng, "missing.txt") == []
        like = [h.id for h in eng.search('like:"a.txt"').hits]
        assert like[:1] == ["b.txt"] and "a.txt" not in like  # the query language's form
        assert eng.search("like:a.txt schools").total == 0
