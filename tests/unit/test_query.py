"""The query language and the repair of malformed queries."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from index.engine.whoosh.schema import make_schema
from index.fields import DateError, date_bounds
from index.query import MAX_QUERY_CHARS, QueryError, parse, repair

SCHEMA = make_schema()


def q(text: str) -> str:
    return str(parse(text, SCHEMA).query)


def test_words_are_anded_and_stemmed() -> None:
    assert q("partnerships Russia") == "(body:partnership AND body:russia)"


def test_or_not_and_minus() -> None:
    assert q("china OR russia") == "(body:china OR body:russia)"
    assert q("china NOT russia") == "(body:china AND NOT body:russia)"
    assert q("china -russia") == "(body:china ANDNOT body:russia)"


def test_hyphenated_words_are_not_negations() -> None:
    assert q("Russia-China") == "(body:russia AND body:china)"


def test_phrase_prefix_fuzzy() -> None:
    assert isinstance(parse('"strategic partnership"', SCHEMA).query, wq.Phrase)
    assert isinstance(parse("russ*", SCHEMA).query, wq.Prefix)
    fuzzy = parse("putni~2", SCHEMA).query
    assert isinstance(fuzzy, wq.FuzzyTerm) and fuzzy.maxdist == 2


def test_fields_and_aliases() -> None:
    assert q("title:beijing") == "title:beij"
    assert q("author:smith") == "author:smith"
    assert q("source:xinhua") == "source:xinhua"
    assert q('person:"Xi Jinping"') == "person:xi jinping"
    assert q("people:putin") == "person:putin"
    assert q("org:NATO") == "org:nato"
    assert q("place:Moscow") == "place:moscow"


def test_field_group() -> None:
    assert q("title:(china OR russia)") == "(title:china OR title:russia)"


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("date:2024", 20240101, 20241231),
        ("date:2024-02", 20240201, 20240229),
        ("date:2024-05-03", 20240503, 20240503),
        ("date:[2024-01-01 to 2024-06-30]", 20240101, 20240630),
        ("date:[2020 TO 2021]", 20200101, 20211231),
    ],
)
def test_dates(text: str, lo: int, hi: int) -> None:
    parsed = parse(text, SCHEMA).query
    assert isinstance(parsed, wq.NumericRange)
    assert (parsed.start, parsed.end) == (lo, hi)


def test_open_date_range() -> None:
    parsed = parse("date:[2024 to]", SCHEMA).query
    assert isinstance(parsed, wq.NumericRange) and parsed.end is None


def test_date_bounds_rejects_nonsense() -> None:
    with pytest.raises(DateError):
        date_bounds("yesterday")


@pytest.mark.parametrize(
    ("text", "expected", "message"),
    [
        ('"unbalanced', "body:unbalanc", "unbalanced quote"),
        ("(a OR", "body:a", "parenthesis"),
        ("putin AND", "body:putin", "AND needs"),
        ("OR putin", "body:putin", "OR needs"),
        ("*abc", "body:abc", "leading wildcard"),
        ("foo:bar", "(body:foo AND body:bar)", "unknown field foo"),
        ("putin)", "body:putin", "unmatched )"),
        ("putin title:", "body:putin", "title: needs a value"),
        ("a\x1b[31mb\x07c", "(body:a AND body:b AND body:c)", "control characters"),
    ],
)
def test_malformed_queries_are_repaired(text: str, expected: str, message: str) -> None:
    parsed = parse(text, SCHEMA)
    assert str(parsed.query) == expected
    assert any(message in m for m in parsed.messages), parsed.messages


@pytest.mark.parametrize("text", ["AND", "*", "title:", "NOT", '""', "", "   ", "()", "\x00\x01"])
def test_nothing_to_search_for(text: str) -> None:
    with pytest.raises(QueryError):
        parse(text, SCHEMA)


def test_bad_date_is_a_usage_error() -> None:
    with pytest.raises(QueryError, match="month 13"):
        parse("date:2024-13", SCHEMA)
    with pytest.raises(QueryError, match="ends before it starts"):
        parse("date:[2025 to 2024]", SCHEMA)


def test_long_query_is_cut() -> None:
    text, messages = repair("word " * 4000)
    assert len(text) <= MAX_QUERY_CHARS
    assert any("cut" in m for m in messages)
    parse("word " * 4000, SCHEMA)  # does not raise


@pytest.mark.parametrize("depth", [33, 1000, 5000])
def test_deep_nesting_is_bounded_not_a_crash(depth: int) -> None:
    text = "(" * depth + "putin" + ")" * depth
    try:
        parsed = parse(text, SCHEMA)
    except QueryError as exc:  # nothing left within the length limit: a usage error
        assert "nothing to search" in str(exc) or "too complex" in str(exc)
        return
    assert any("nested deeper" in m for m in parsed.messages)


def test_nesting_within_the_limit_keeps_its_meaning() -> None:
    parsed = parse("(" * 30 + "a OR b" + ")" * 30 + " c", SCHEMA)
    assert parsed.messages == []
    deep = parse("(" * 40 + "a OR b" + ")" * 40 + " c", SCHEMA)
    assert str(deep.query) == str(parse("(a OR b) c", SCHEMA).query)


def test_word_count_is_bounded() -> None:
    parsed = parse(" ".join(chr(97 + i % 26) for i in range(300)), SCHEMA)  # 600 characters
    assert "query cut to its first 256 words" in parsed.messages
