"""The search API: hits, snippets, spans, facets, sorting, suggestions, articles."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from index.engine.location import IndexMissing
from index.highlight import merge, snippet
from index.query import QueryError
from index.search import Engine


@pytest.fixture
def engine(small_index: Path) -> Engine:
    eng = Engine.open(small_index)
    yield eng  # type: ignore[misc]
    eng.close()


def test_hits_carry_metadata_and_snippets(engine: Engine) -> None:
    res = engine.search("putin")
    assert res.total == 1
    hit = res.hits[0]
    assert hit.id == "russia/visit.txt"
    assert hit.title == "Putin visits Beijing"
    assert hit.date == "2024-06-23"
    assert hit.source == "Wire Service"
    assert hit.score > 0
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.spans]
    assert marked and all(m == "Putin" for m in marked)
    assert [hit.title[s:e] for s, e in hit.title_spans] == ["Putin"]


def test_default_and(engine: Engine) -> None:
    assert engine.search("strategic partnership").total == 2
    assert engine.search("strategic berlin").total == 0


def test_stems_match_and_light_up(engine: Engine) -> None:
    res = engine.search("leader")
    assert res.total == 1
    body = engine.article(res.hits[0].id)
    assert body is not None
    spans = engine.match_spans(res.hits[0].id, "leader")
    assert [body.body[s:e] for s, e in spans] == ["leaders"]


def test_phrase_spans_cover_the_phrase(engine: Engine) -> None:
    res = engine.search('"strategic partnership"')
    assert res.total == 2
    art = engine.article("russia/talks.txt")
    assert art is not None
    spans = engine.match_spans("russia/talks.txt", '"strategic partnership"')
    assert [art.body[s:e] for s, e in spans] == ["strategic partnership"]


def test_not_terms_are_not_highlighted(engine: Engine) -> None:
    spans = engine.match_spans("russia/talks.txt", "strategic -putin")
    art = engine.article("russia/talks.txt")
    assert art is not None
    assert {art.body[s:e] for s, e in spans} == {"strategic"}


def test_prefix_and_fuzzy(engine: Engine) -> None:
    assert engine.search("russ*").total == 2
    res = engine.search("beijng~")
    assert res.total == 1
    art = engine.article(res.hits[0].id)
    assert art is not None
    spans = engine.match_spans(res.hits[0].id, "beijng~")
    assert {art.body[s:e] for s, e in spans} == {"Beijing"}


def test_fields(engine: Engine) -> None:
    assert engine.search("title:energy").total == 1
    assert engine.search("energy").total == 2
    assert engine.search("source:wire").total == 2
    assert engine.search('source:"daily planet"').total == 1
    assert engine.search("author:smith").total == 1


def test_dates_and_sort(engine: Engine) -> None:
    assert engine.search("date:2024").total == 1
    assert engine.search("date:[2022 to 2023]").total == 2
    res = engine.search("energy OR strategic", sort="date")
    assert [h.date for h in res.hits] == ["2024-06-23", "2023-03-03", "2022-01-09"]
    undated = engine.search("festival OR energy", sort="date")
    assert undated.hits[-1].date is None  # undated articles come last


def test_facets(engine: Engine) -> None:
    res = engine.search("energy OR strategic OR festival", facets=True)
    assert dict(res.facets["source"]) == {"Wire Service": 2, "Daily Planet": 1}
    assert dict(res.facets["year"]) == {"2024": 1, "2023": 1, "2022": 1}


def test_did_you_mean(engine: Engine) -> None:
    res = engine.search("stratgic partnrship")
    assert res.total == 0
    assert res.suggestion == "strategic partnership"
    assert engine.search("putin").suggestion is None


def test_filters_narrow_results(engine: Engine) -> None:
    assert engine.search("strategic", filters=["date:2024"]).total == 1


def test_query_errors_surface(engine: Engine) -> None:
    with pytest.raises(QueryError):
        engine.search("AND")
    with pytest.raises(QueryError):
        engine.search("putin", sort="sideways")
    res = engine.search('"putin')
    assert res.total == 1 and res.messages


def test_limit_zero_counts_only(engine: Engine) -> None:
    res = engine.search("strategic", limit=0)
    assert res.total == 2 and res.hits == []


def test_article_roundtrip(engine: Engine) -> None:
    art = engine.article("russia/visit.txt")
    assert art is not None
    assert art.author == "Anna Smith"
    assert art.body.startswith("Russian President Vladimir Putin")
    assert len(art.paragraphs) == 2
    assert engine.article("nope.txt") is None


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        Engine.open(tmp_path / "nothing")


def test_refresh_sees_a_new_build(small_corpus: Path, small_index: Path, engine: Engine) -> None:
    from index.engine.build import build
    from tests.helpers import write_article

    write_article(small_corpus, "x/new.txt", "Quokka news", "A quokka smiled.")
    build(small_corpus, small_index, workers=1)
    assert engine.search("quokka").total == 0
    assert engine.refresh()
    assert engine.search("quokka").total == 1


def test_snippet_window_and_merge() -> None:
    body = ("filler " * 100) + "the target word " + ("more " * 100)
    start = body.index("target")
    snip = snippet(body, [(start, start + 6)])
    assert snip.text.startswith("…") and snip.text.endswith("…")
    s, e = snip.spans[0]
    assert snip.text[s:e] == "target"
    assert merge([(5, 8), (0, 3), (2, 4)]) == [(0, 4), (5, 8)]
    assert snippet("", []).text == ""


def test_no_suggestion_that_finds_nothing(engine: Engine) -> None:
    # "festivel" is close to "festival", but "festival zzzqqq" would still find nothing
    assert engine.search("festivel zzzqqq").suggestion is None
    assert engine.search("festivel").suggestion == "festival"


def test_counts_are_exact_across_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_kind: str
) -> None:
    """An OR over a many-segment index once under-counted (Whoosh's matcher pruning), and
    `word -excluded` over-counted (Whoosh listed the first excluded article of each segment)."""
    import index.engine.update as b
    import index.engine.whoosh.writers as w
    from index.engine.build import build
    from tests.helpers import write_article

    corpus = tmp_path / "c"
    for i in range(90):
        body = " ".join(["alpha"] * (1 + i % 5) + (["beta"] if i % 3 == 0 else ["gamma"]))
        body += " omega" if i % 5 == 3 else ""  # a segment's first omega often holds beta
        write_article(corpus, f"d/{i:03}.txt", f"Doc {i}", body + " filler text.")
    monkeypatch.setattr(b, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(w, "SEGMENT_DOCS", 7)
    build(corpus, tmp_path / "ix", workers=2, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        if engine_kind == "whoosh":
            assert len(eng.backend.ix._segments()) > 5  # type: ignore[attr-defined]
        for q in ("alpha OR beta", "beta OR gamma", "alph*", "alpha -beta", "beta"):
            assert eng.search(q, limit=5).total == eng.count(q), q
        assert eng.search("beta OR gamma").total == 90
        assert eng.search("alpha NOT beta").total == eng.search("gamma").total == 60
        unbeta = eng.search("alpha -beta", limit=100)
        assert unbeta.total == 60 and all(int(h.title.split()[1]) % 3 for h in unbeta.hits)
        assert eng.search("omega -beta").total == eng.count("omega -beta") == 12


def test_empty_query_lists_every_article_newest_first(engine: Engine) -> None:
    res = engine.search("", limit=10, sort="date")
    assert res.total == engine.doc_count == len(res.hits)
    dates = [h.date for h in res.hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated
    assert all(h.snippet.text for h in res.hits) and res.suggestion is None
    only = engine.search("", filters=["putin"], sort="date")
    assert only.total == engine.search("putin").total


def test_probed_spans_are_the_spans_of_a_full_tokenisation() -> None:
    """Only the stretches holding a term's prefix are tokenised: the same spans as tokenising
    all of it, accents, possessives, dotted words and unfoldable characters included."""
    import random

    from index.analysis import TOKEN_RE, normalize
    from index.highlight import merge, text_spans

    root = Path(__file__).resolve().parents[2] / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))]
    texts.append(
        "Médecins Sans Frontières met Ärzte in São Paulo; straße, ﬁnance, İstanbul, a naïve "
        "café’s U.S.A. and the U.S's reply. Governments governed; GOVERNING governor."
    )
    vocab = sorted({normalize(m.group()) for t in texts for m in TOKEN_RE.finditer(t)})
    rng = random.Random(5)
    for _ in range(400):
        terms = set(rng.sample(vocab, rng.choice([1, 2, 3, 6])))
        text = rng.choice(texts)
        full = [
            (m.start(), m.end()) for m in TOKEN_RE.finditer(text) if normalize(m.group()) in terms
        ]
        assert text_spans(text, terms, []) == merge(full), terms


def test_offset_pages_through_the_same_order(engine: Engine) -> None:
    every = [h.id for h in engine.search("", limit=10, sort="date").hits]
    pages = [h.id for o in range(0, len(every), 2)
             for h in engine.search("", limit=2, offset=o, sort="date").hits]  # fmt: skip
    assert pages == every and len(every) == engine.doc_count
    assert engine.search("", limit=5, offset=len(every)).hits == []


def test_undated_articles_are_listed_by_title(tmp_path: Path, engine_kind: str) -> None:
    """Newest first, then the undated ones by title (case and accents ignored)."""
    from index.engine.build import build
    from tests.helpers import write_article

    corpus = tmp_path / "c"
    for i, title in enumerate(["zebra crossing", "Apple harvest", "Éclair recipe", "mango"]):
        write_article(corpus, f"{i}.txt", title, f"Body {i} of the story.")
    write_article(corpus, "dated.txt", "Yesterday", "A dated story.", date="2024-05-01")
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        titles = [h.title for h in eng.search("", limit=10, sort="date").hits]
        assert titles == ["Yesterday", "Apple harvest", "Éclair recipe", "mango", "zebra crossing"]


def test_an_index_made_before_the_browse_key_still_updates_and_sorts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_kind: str
) -> None:
    """No rebuild forced: an older index (no `browse` field) is updated as it is and sorts by
    date as it did."""
    import index.engine.tantivy.backend as tb
    import index.engine.update as up
    from index.engine.build import build
    from tests.helpers import write_article

    corpus = tmp_path / "c"
    write_article(corpus, "a.txt", "Older", "First story.", date="2023-01-01")
    write_article(corpus, "b.txt", "Newer", "Second story.", date="2024-01-01")
    if engine_kind == "whoosh":
        monkeypatch.setattr(up, "make_schema", partial(up.make_schema, browse=False))
    else:
        monkeypatch.setattr(tb, "make_schema", partial(tb.make_schema, browse=False))
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    monkeypatch.undo()
    write_article(corpus, "c.txt", "Newest", "Third story.", date="2025-01-01")
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)  # an update, no rebuild
    with Engine.open(tmp_path / "ix") as eng:
        titles = [h.title for h in eng.search("", limit=10, sort="date").hits]
        assert titles == ["Newest", "Newer", "Older"]
        assert eng.search("story").total == 3
