"""Bookmark export and import: Markdown, JSON Web Annotations, CSV (reader.bookmark_io)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.bookmarks.exchange import (
    CONTEXT,
    from_csv,
    from_json,
    to_csv,
    to_json,
    to_markdown,
)
from reader.bookmarks.model import ORPHANED, Bookmark

BODY = (
    "Zürich, 3 May — The «central bank» raised rates.\n\n"
    'It said: "Inflation is\nstubborn." Critics disagreed.\n\n'
    "=SUM(A1) is not a formula here. Ends."
)


def sample() -> list[Bookmark]:
    a = Bookmark.from_text(
        "news/zurich.txt",
        BODY,
        0,
        BODY.index("rates.") + 6,
        article_hash="abc123",
        title="Rates rise in Zürich",
        source="Reuters",
        date="2024-05-03",
        path="/corpus/news/zurich.txt",
        corpus="/corpus",
        note="Compare with the ECB.\nSecond line — ünïcödé.",
        tags=["econ", "zürich"],
        created="2024-05-04T10:00:00Z",
        updated="2024-05-05T11:30:00Z",
    )
    s = BODY.index('It said: "')
    b = Bookmark.from_text(
        "news/zurich.txt",
        BODY,
        s,
        BODY.index("disagreed.") + 10,
        article_hash="abc123",
        title="Rates rise in Zürich",
        url="https://example.com/zurich",
        created="2024-05-04T10:05:00Z",
    )
    s = BODY.index("=SUM")
    c = Bookmark.from_text(
        "other.txt",
        BODY,
        s,
        len(BODY),
        note="-minus first",
        tags=["@at", "+plus"],
        created="2024-05-06T09:00:00Z",
    )
    return [a, b, c]


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------
def test_json_round_trip_is_lossless() -> None:
    bms = sample()
    back, problems = from_json(to_json(bms))
    assert problems == []
    assert back == bms
    assert [b.to_dict() for b in back] == [b.to_dict() for b in bms]


def test_json_is_a_w3c_web_annotation() -> None:
    anno = json.loads(to_json(sample()))[0]
    assert anno["@context"] == CONTEXT and anno["type"] == "Annotation"
    assert anno["id"].endswith(sample()[0].id) or anno["id"].startswith("urn:")
    assert (anno["created"], anno["modified"]) == ("2024-05-04T10:00:00Z", "2024-05-05T11:30:00Z")
    assert anno["body"][0] == {
        "type": "TextualBody",
        "value": "Compare with the ECB.\nSecond line — ünïcödé.",
        "purpose": "commenting",
        "format": "text/plain",
    }
    assert [b["value"] for b in anno["body"] if b["purpose"] == "tagging"] == ["econ", "zürich"]
    target = anno["target"]
    assert target["source"] == "/corpus/news/zurich.txt"
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"].startswith("Zürich")
    assert position == {"type": "TextPositionSelector", "start": 0, "end": len(quote["exact"])}
    assert anno["reader:article_id"] == "news/zurich.txt"
    assert anno["reader:article_hash"] == "abc123"
    assert "Zürich" in to_json(sample())  # unicode written as is


def test_json_from_another_tool() -> None:
    hypothesis_style = {
        "@context": CONTEXT,
        "id": "https://hypothes.is/a/XyZ",
        "type": "Annotation",
        "created": "2023-01-01T00:00:00Z",
        "body": {"type": "TextualBody", "value": "nice", "purpose": "commenting"},
        "target": [
            {
                "source": "https://example.com/story",
                "selector": {"type": "TextQuoteSelector", "exact": "the passage"},
            }
        ],
    }
    api_style = {
        "uri": "https://example.com/b",
        "text": "a note",
        "tags": ["t1"],
        "document": {"title": ["A title"]},
        "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "words", "prefix": "x"}]}],
    }
    bms, problems = from_json(json.dumps({"rows": [hypothesis_style, api_style]}))
    assert problems == []
    a, b = bms
    assert (a.article_id, a.url, a.quote, a.note, a.id) == (
        "https://example.com/story",
        "https://example.com/story",
        "the passage",
        "nice",
        "https://hypothes.is/a/XyZ",
    )
    assert (a.start, a.end, a.article_hash) == (0, len("the passage"), "")
    assert (b.article_id, b.title, b.note, b.tags, b.prefix) == (
        "https://example.com/b",
        "A title",
        "a note",
        ["t1"],
        "x",
    )


def test_json_single_object_and_own_dicts() -> None:
    bm = sample()[0]
    assert from_json(json.dumps(bm.to_dict())) == ([bm], [])
    assert from_json(to_json([bm])[2:-3]) == ([bm], [])  # the one annotation, unwrapped


@pytest.mark.parametrize("text", ["", "{not json", "[1, 2", "42", '"a string"'])
def test_json_bad_text_raises_one_line(text: str) -> None:
    with pytest.raises(ValueError) as err:
        from_json(text)
    assert "\n" not in str(err.value)


def test_json_bad_items_are_reported_and_the_rest_kept() -> None:
    bm = sample()[0]
    good = json.loads(to_json([bm]))[0]
    items = [
        good,
        "text",
        {"type": "Annotation"},
        {"target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": ""}}},
        {"target": {"selector": {"type": "TextQuoteSelector", "exact": "q"}}},
        {**good, "target": {**good["target"], "selector": [
            good["target"]["selector"][0], {"type": "TextPositionSelector", "start": "a"}]}},
    ]  # fmt: skip
    bms, problems = from_json(json.dumps(items))
    assert bms == [bm]
    assert [p.split(":")[0] for p in problems] == ["item 1", "item 2", "item 3", "item 4", "item 5"]
    assert all("\n" not in p for p in problems)


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------
def test_markdown_content() -> None:
    bms = sample()
    bms[2].status = ORPHANED
    md = to_markdown(bms)
    assert md.startswith("# Bookmarks\n")
    assert "3 bookmarks in 2 articles." in md
    assert md.count("## Rates rise in Zürich") == 1  # grouped by article
    assert "## other.txt" in md
    assert "Reuters · 2024-05-03 · <https://example.com/zurich> · `/corpus/news/zurich.txt`" in md
    assert "> Zürich, 3 May — The «central bank» raised rates." in md
    assert '> It said: "Inflation is\n> stubborn." Critics disagreed.' in md
    assert "**Note:** Compare with the ECB." in md
    assert "**Tags:** `econ`, `zürich`" in md
    assert "*Saved 2024-05-04, edited 2024-05-05*" in md
    assert "Orphaned" in md
    first, second = md.index("> Zürich"), md.index("> It said")
    assert first < second < md.index("## other.txt")


def test_markdown_empty() -> None:
    assert "0 bookmarks in 0 articles." in to_markdown([])


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------
def test_csv_reads_back_with_the_csv_module() -> None:
    bms = sample()
    rows = list(csv.DictReader(io.StringIO(to_csv(bms))))
    assert len(rows) == 3
    first = rows[0]
    assert list(first)[:11] == [
        "id", "title", "source", "date", "path", "url", "quote", "note", "tags", "created",
        "updated",
    ]  # fmt: skip
    assert first["title"] == "Rates rise in Zürich"
    assert first["tags"] == "econ; zürich"
    assert first["note"] == bms[0].note  # newlines survive quoting
    assert rows[1]["quote"] == bms[1].quote
    assert rows[1]["url"] == "https://example.com/zurich"


def test_csv_is_spreadsheet_safe() -> None:
    row = list(csv.DictReader(io.StringIO(to_csv(sample()))))[2]
    assert row["quote"].startswith("'=SUM(A1)")
    assert row["note"] == "'-minus first"
    assert row["tags"] == "'@at; +plus"


def test_csv_round_trip() -> None:
    bms = sample()
    bms[0].note = "'=quoted already"
    back, problems = from_csv(to_csv(bms))
    assert problems == []
    assert back == bms


def test_csv_bad_rows() -> None:
    text = to_csv(sample()[:1])
    text += "x,,,,,,quote,,,,,art,notanumber,3,,,\n"
    bms, problems = from_csv(text)
    assert len(bms) == 1 and len(problems) == 1 and "line" in problems[0]
    with pytest.raises(ValueError):
        from_csv("a,b\n1,2\n")
