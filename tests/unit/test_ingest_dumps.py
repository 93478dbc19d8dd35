"""Dataset dumps streamed: JSONL, JSON lists, CSV, TSV, gzipped; ids that survive reordering;
bad records named by number; bounded memory; one dump shared between workers."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tracemalloc
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from index.ingest import records
from index.ingest.corpus import FileEntry, Skip, is_dump, parse_file, walk_corpus
from index.ingest.dumps import MAX_ARTICLE_CHARS, RecordProblem, dump_format, iter_dump
from index.ingest.formats import RawDoc, json_record
from index.model import Article

RECORDS = [
    {"id": f"n{i}", "title": f"Harbour story {i}", "text": f"The ferry {i} left the harbour.",
     "date": "2024-05-0" + str(1 + i % 9), "source": "Coast News"}
    for i in range(12)
]  # fmt: skip


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def _jsonl(recs: Sequence[Mapping[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in recs).encode()


def _csv(recs: Sequence[Mapping[str, object]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["ID", "Title", "Text", "Date", "Source"],
                            delimiter=delimiter)  # fmt: skip
    writer.writeheader()
    for r in recs:
        writer.writerow({k.capitalize() if k != "id" else "ID": v for k, v in r.items()})
    return out.getvalue().encode()


def articles(path: Path, rel: str, **kw: object) -> tuple[list[Article], list[RecordProblem]]:
    got = list(iter_dump(path, rel, **kw))  # type: ignore[arg-type]
    return [a for a in got if isinstance(a, Article)], [
        p for p in got if isinstance(p, RecordProblem)
    ]


@pytest.mark.parametrize(
    "name",
    ["d.jsonl", "d.jsonl.gz", "d.json", "d.json.gz", "d.csv", "d.csv.gz", "d.tsv", "d.tsv.gz"],
)
def test_every_format_and_its_gzip(tmp_path: Path, name: str) -> None:
    fmt = dump_format(name)
    data = {
        "jsonl": _jsonl(RECORDS), "json": json.dumps(RECORDS).encode(),
        "csv": _csv(RECORDS), "tsv": _csv(RECORDS, "\t"),
    }[str(fmt)]  # fmt: skip
    found, problems = articles(_write(tmp_path / name, data), name)
    assert problems == []
    assert [a.id for a in found] == [f"{name}#n{i}" for i in range(12)]
    assert found[3].title == "Harbour story 3" and found[3].source == "Coast News"
    assert found[3].date == "2024-05-04" and "ferry 3" in found[3].body


def test_ids_survive_reordering_and_fall_back_to_numbers(tmp_path: Path) -> None:
    a = articles(_write(tmp_path / "a.jsonl", _jsonl(RECORDS)), "a.jsonl")[0]
    b = articles(_write(tmp_path / "a.jsonl", _jsonl(RECORDS[::-1])), "a.jsonl")[0]
    assert {x.id: x.body for x in a} == {x.id: x.body for x in b}
    plain = [{k: v for k, v in r.items() if k != "id"} for r in RECORDS[:3]]
    c = articles(_write(tmp_path / "p.jsonl", _jsonl(plain)), "p.jsonl")[0]
    assert [x.id for x in c] == ["p.jsonl#1", "p.jsonl#2", "p.jsonl#3"]
    one = articles(_write(tmp_path / "one.jsonl", _jsonl(plain[:1])), "one.jsonl")[0]
    assert [x.id for x in one] == ["one.jsonl"]


def test_bad_records_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps(RECORDS[0]), "{broken", json.dumps([1, 2]), json.dumps({"title": "x"}),
             json.dumps(RECORDS[0]), json.dumps({"id": "big", "text": "word " * 200}),
             json.dumps(RECORDS[1])]  # fmt: skip
    path = _write(tmp_path / "bad.jsonl", ("\n".join(lines) + "\n").encode())
    found, problems = articles(path, "bad.jsonl", max_chars=500)
    assert [a.id for a in found] == ["bad.jsonl#n0", "bad.jsonl#n1"]
    reasons = {p.record: p.reason for p in problems}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "invalid JSON" in reasons[2] and "not a JSON object" in reasons[3]
    assert "no article text" in reasons[4] and "duplicate id" in reasons[5]
    assert "over the 500 limit" in reasons[6]


def test_csv_row_with_wrong_field_count(tmp_path: Path) -> None:
    data = _csv(RECORDS[:2]) + b"n9,Title,Text,2024-01-01,Src,EXTRA\n"
    found, problems = articles(_write(tmp_path / "d.csv", data), "d.csv")
    assert len(found) == 2 and problems[0].record == 3 and "6 fields" in problems[0].reason


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(_jsonl(RECORDS * 50))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    got = list(iter_dump(path, "cut.jsonl.gz"))
    assert any(isinstance(a, Article) for a in got)
    assert isinstance(got[-1], RecordProblem) and "cannot read on" in got[-1].reason


def test_not_utf8_is_read_as_cp1252_with_one_warning(tmp_path: Path) -> None:
    data = _jsonl(RECORDS[:2]).replace(b"Harbour story 1", "Caf\xe9 story".encode("cp1252"))
    got = list(iter_dump(_write(tmp_path / "l.jsonl", data), "l.jsonl"))
    assert [g for g in got if isinstance(g, str)] == ["not valid UTF-8 in places; read as cp1252"]
    assert any(isinstance(a, Article) and a.title == "Café story" for a in got)


def test_json_wrapper_object(tmp_path: Path) -> None:
    data = json.dumps({"meta": {"n": 12}, "articles": RECORDS}).encode()
    found, problems = articles(_write(tmp_path / "w.json", data), "w.json")
    assert len(found) == 12 and problems == []


def test_shares_split_a_dump_between_workers(tmp_path: Path) -> None:
    lines = [json.dumps(RECORDS[0]), "{broken"] + [json.dumps(r) for r in RECORDS[1:]]
    path = _write(tmp_path / "s.jsonl", ("\n".join(lines) + "\n").encode())
    whole = list(iter_dump(path, "s.jsonl"))
    parts = [list(iter_dump(path, "s.jsonl", share=(k, 3))) for k in range(3)]

    def ids(items: list[Article | RecordProblem | str]) -> list[str]:
        return sorted(a.id for a in items if isinstance(a, Article))

    assert sorted(i for p in parts for i in ids(p)) == ids(whole)
    assert sum(isinstance(x, RecordProblem) for p in parts for x in p) == 1
    assert all(ids(p) for p in parts)


@pytest.mark.parametrize("name", ["big.jsonl", "big.json", "big.tsv.gz"])
def test_memory_stays_bounded_on_a_large_dump(tmp_path: Path, name: str) -> None:
    body = "The harbour ferry left at dawn and the islanders waited. " * 40
    line = json.dumps({"id": "ID", "title": "Story ID", "text": body})
    path = tmp_path / name
    n = 25_000 if name == "big.jsonl" else 12_000
    with gzip.open(path, "wt", compresslevel=1) if name.endswith(".gz") else path.open("w") as f:
        if name == "big.jsonl":
            f.writelines(line.replace("ID", str(i), 2) + "\n" for i in range(n))
        elif name == "big.json":  # a wrapper object, its list streamed item by item
            f.write('{"source": "dump", "articles": [')
            f.write(",\n".join(line.replace("ID", str(i), 2) for i in range(n)) + "]}")
        else:
            f.write("ID\tTitle\tText\n")
            f.writelines(f"{i}\tStory {i}\t{body}\n" for i in range(n))
    raw = n * len(line)
    assert raw > (50_000_000 if name == "big.jsonl" else 25_000_000)
    others: list[object] = []
    count = 0
    tracemalloc.start()
    try:
        for item in iter_dump(path, name, share=(3, 500)):  # every record read, 1 in 500 built
            if isinstance(item, Article):
                count += 1
            else:
                others.append(item)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert others == [] and count == n // 500
    assert peak < 10_000_000, f"peak {peak:,} bytes for {raw:,} bytes of records"


def test_walk_takes_large_dumps_but_not_large_single_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    pad = json.dumps({"id": "pad", "text": "Padding record.", "x": "y" * (25 * 2**20)})
    _write(corpus / "big.jsonl", _jsonl(RECORDS) + pad.encode() + b"\n")
    _write(corpus / "big.txt", b"Title\n\n" + b"word " * (5 * 2**20))
    _write(corpus / "notes.csv.gz", _csv(RECORDS))
    entries = {e.rel: e for e in walk_corpus(corpus) if isinstance(e, FileEntry)}
    assert set(entries) == {"big.jsonl", "big.txt", "notes.csv.gz"}
    assert entries["big.jsonl"].size > 25 * 2**20
    assert len(parse_file(entries["big.jsonl"].path, "big.jsonl").articles) == 13
    assert parse_file(entries["big.txt"].path, "big.txt").skipped == (
        "file is 25.0 MB, over the 20 MB limit"
    )
    assert len(parse_file(entries["notes.csv.gz"].path, "notes.csv.gz").articles) == 12
    assert not [s for s in walk_corpus(corpus) if isinstance(s, Skip)]


# ---------------------------------------------------------------- ids and numbers


def test_a_file_of_one_record_keeps_its_plain_id(tmp_path: Path) -> None:
    record = {"id": "x1", "url": "https://example.com/a", "text": "The only story in the file."}
    for name, data in [("one.json", json.dumps(record)), ("list.json", json.dumps([record])),
                       ("one.jsonl", json.dumps(record) + "\n\n")]:  # fmt: skip
        found, problems = articles(_write(tmp_path / name, data.encode()), name)
        assert [a.id for a in found] == [name] and problems == []


def test_ids_from_id_fields_any_case_then_url_cleaned(tmp_path: Path) -> None:
    text = "A story about the harbour and its ferries."
    recs: list[dict[str, object]] = [
        {"GUID": "g-1", "url": "https://x/1", "text": text},
        {"Article_ID": 42, "text": text},
        {"link": "https://x/3", "text": text},
        {"_id": " a\x1b\tb\n  c " + "z" * 300, "text": text},
        {"id": True, "text": text},  # not an id: falls back to the record number
    ]
    found, problems = articles(_write(tmp_path / "i.jsonl", _jsonl(recs)), "i.jsonl")
    assert problems == []
    assert [a.id for a in found][:3] == ["i.jsonl#g-1", "i.jsonl#42", "i.jsonl#https://x/3"]
    assert found[3].id == "i.jsonl#a b c " + "z" * 194 and found[4].id == "i.jsonl#5"


def test_record_numbers_count_records_not_lines(tmp_path: Path) -> None:
    plain = [{"text": f"Story number {i} about the harbour."} for i in range(3)]
    data = b"\n" + _jsonl(plain[:1]) + b"\n\n{bad\n" + _jsonl(plain[1:])
    found, problems = articles(_write(tmp_path / "n.jsonl", data), "n.jsonl")
    assert [a.id for a in found] == ["n.jsonl#1", "n.jsonl#3", "n.jsonl#4"]
    assert [p.record for p in problems] == [2]
    rows = 'title,text\n\nA,"two\nlines of text here"\n\nB,x,y\nC,Third story text.\n'
    found, problems = articles(_write(tmp_path / "n.csv", rows.encode()), "n.csv")
    assert [a.id for a in found] == ["n.csv#1", "n.csv#3"] and problems[0].record == 2


def test_duplicates_are_skipped_in_every_share(tmp_path: Path) -> None:
    recs = RECORDS[:5] + [dict(RECORDS[1], text="A second copy of story one.")] + RECORDS[5:8]
    path = _write(tmp_path / "d.jsonl", _jsonl(recs))
    whole = articles(path, "d.jsonl")
    assert len(whole[0]) == 8 and [(p.record, p.reason) for p in whole[1]] == [
        (6, "duplicate id 'n1' (first at record 2); skipped")
    ]
    parts = [articles(path, "d.jsonl", share=(k, 4)) for k in range(4)]
    assert sorted(a.id for p in parts for a in p[0]) == sorted(a.id for a in whole[0])
    assert [x.record for p in parts for x in p[1]] == [6]


# ---------------------------------------------------------------- JSON shapes


def _json_items(data: str) -> list[tuple[int, object]]:
    return list(records.json_records(io.BytesIO(data.encode())))


def test_json_shapes() -> None:
    a, b = {"text": "Story A."}, {"text": "Story B."}
    meta = {"data": [1, 2], "note": "n" * 5000}  # nested wrapper names are not the wrapper
    assert _json_items(json.dumps({"meta": meta, "Items": [a, b], "results": [3]})) == [
        (1, a), (2, b)
    ]
    single = {"text": "A body first", "items": [a]}  # a text field: one article, not a wrapper
    assert _json_items(json.dumps(single)) == [(1, single)]
    assert _json_items(json.dumps({"data": [1, a]})) == [(1, 1), (2, a)]
    assert _json_items('{"articles": []}') == []
    assert _json_items(json.dumps(a) + "\n" + json.dumps(b)) == [(1, a), (2, b)]
    assert _json_items(f"[{json.dumps(a)}, {json.dumps(b)}") == [
        (1, a), (2, b), (0, "the JSON list is not closed (file cut short?)")
    ]
    bad = _json_items(f'[{json.dumps(a)}, {{"text": oops}}, {json.dumps(b)}]')
    assert bad[0] == (1, a) and len(bad) == 2 and bad[1][0] == 2
    assert isinstance(bad[1][1], records.Bad) and "the rest of the file skipped" in bad[1][1].reason


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64])
def test_json_reader_does_not_care_where_chunks_end(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    items = [{"id": i, "text": "caf\u00e9 \u2615 \U0001d11e", "n": -12345.5e3} for i in range(6)]
    raw = ("\ufeff" + json.dumps({"meta": {"a": [1]}, "posts": items + [7, True]})).encode()
    raw = raw.replace(b"meta", b"m\xe9ta")  # a cp1252 byte too
    whole = list(records.json_records(io.BytesIO(raw)))
    monkeypatch.setattr(records, "CHUNK", chunk)
    assert list(records.json_records(io.BytesIO(raw))) == whole
    assert whole[0] == (0, records.FALLBACK_NOTE) and whole[1] == (1, items[0])
    assert whole[-2:] == [(7, 7), (8, True)]


def test_non_object_records_and_missing_text(tmp_path: Path) -> None:
    data = json.dumps([RECORDS[0], 5, "text", {"title": "no body"}, RECORDS[1]]).encode()
    found, problems = articles(_write(tmp_path / "m.json", data), "m.json")
    assert [a.id for a in found] == ["m.json#n0", "m.json#n1"]
    assert [(p.record, p.reason.split(" (")[0]) for p in problems] == [
        (2, "not a JSON object"), (3, "not a JSON object"), (4, "no article text")
    ]


# ---------------------------------------------------------------- CSV


def test_csv_headers_any_case_and_every_field(tmp_path: Path) -> None:
    rows = (
        "\ufeffHEADLINE\tBody\tPublished\tByline\tPublisher\tURL\tTags\n"
        "Ferry returns\tThe ferry is back.\t2024-03-02\tAl Poe\tCoast News\thttps://x/f\ta,b\n"
        "Tide table\tHigh tide at noon.\t1709337600\t\t\t\t\n"
    )
    found, problems = articles(_write(tmp_path / "h.tsv", rows.encode()), "h.tsv")
    assert problems == []
    first, second = found
    assert (first.id, first.title, first.body, first.date) == (
        "h.tsv#https://x/f", "Ferry returns", "The ferry is back.", "2024-03-02"
    )
    assert (first.author, first.source, first.url, first.tags) == (
        "Al Poe", "Coast News", "https://x/f", ["a", "b"]
    )
    assert (second.id, second.date, second.format) == ("h.tsv#2", "2024-03-02", "tsv")
    assert second.path == str(tmp_path / "h.tsv")


def test_csv_too_few_fields_a_long_body_and_a_field_over_the_limit(tmp_path: Path) -> None:
    long_body = "The harbour story goes on. " * 20_000  # over csv's default 128 KB field limit
    rows = f'id,text\n1,"{long_body}"\n2\n3,"{"x" * 300}"\n4,Fine story here.\n'
    path = _write(tmp_path / "l.csv", rows.encode())
    found, problems = articles(path, "l.csv")
    assert [a.id for a in found] == ["l.csv#1", "l.csv#3", "l.csv#4"]
    assert [p.record for p in problems] == [2] and "1 fields" in problems[0].reason
    assert len(found[0].body) > 500_000
    old = csv.field_size_limit(200)
    try:
        found, problems = articles(path, "l.csv")
    finally:
        csv.field_size_limit(old)
    assert [a.id for a in found] == ["l.csv#4"]
    assert [p.record for p in problems] == [1, 2, 3] and "field limit" in problems[2].reason


def test_csv_and_json_not_utf8(tmp_path: Path) -> None:
    latin = "Caf\xe9 \x93quoted\x94 story".encode("latin-1")
    rows = b"title,text\n" + latin + b",Body one is here.\nPlain,Body two \xe2\x82\xac.\n"
    got = list(iter_dump(_write(tmp_path / "c.csv.gz", rows), "c.csv.gz"))
    assert [g for g in got if isinstance(g, str)] == ["not valid UTF-8 in places; read as cp1252"]
    titles = [a.title for a in got if isinstance(a, Article)]
    assert titles == ["Caf\u00e9 \u201cquoted\u201d story", "Plain"]
    data = b'[{"title": "' + latin + b'", "text": "Body \xe2\x82\xac one."}]'
    got = list(iter_dump(_write(tmp_path / "c.json", data), "c.json"))
    assert got[0] == "not valid UTF-8 in places; read as cp1252"
    assert isinstance(got[1], Article) and got[1].title == titles[0] and "\u20ac" in got[1].body


# ---------------------------------------------------------------- limits and broken files


def test_a_jsonl_line_over_the_hard_cap_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1000)
    monkeypatch.setattr(records, "CHUNK", 100)
    big = json.dumps({"id": "big", "text": "x" * 5000})
    data = _jsonl(RECORDS[:1]) + big.encode() + b"\n" + _jsonl(RECORDS[1:2])
    found, problems = articles(_write(tmp_path / "c.jsonl", data), "c.jsonl")
    assert [a.id for a in found] == ["c.jsonl#n0", "c.jsonl#n1"]
    assert [(p.record, p.reason) for p in problems] == [(2, "line over 0 MB; skipped")]


def test_the_article_limit_is_per_record(tmp_path: Path) -> None:
    assert MAX_ARTICLE_CHARS == 20 * 1024 * 1024
    recs = [RECORDS[0], {"id": "long", "text": "word " * 100}, RECORDS[1]]
    for name, data in [("a.json", json.dumps(recs).encode()), ("a.csv", _csv(recs))]:
        found, problems = articles(_write(tmp_path / name, data), name, max_chars=300)
        assert len(found) == 2 and [p.record for p in problems] == [2]
        assert problems[0].reason == "text of 500 characters, over the 300 limit"


def test_unreadable_and_broken_files(tmp_path: Path) -> None:
    assert list(iter_dump(tmp_path / "gone.jsonl", "gone.jsonl")) == [
        "could not read the file: not found (deleted or moved?)"
    ]
    assert parse_file(tmp_path / "gone.csv", "gone.csv").skipped == (
        "file not found (deleted or moved since the scan)"
    )
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_bytes(_jsonl(RECORDS[:2]))  # not gzip at all
    (problem,) = list(iter_dump(fake, "fake.jsonl.gz"))
    assert isinstance(problem, RecordProblem) and "not a valid gzip stream" in problem.reason
    result = parse_file(fake, "fake.jsonl.gz")
    assert result.articles == [] and result.skipped == "no articles: 1 bad record"
    deep = _write(tmp_path / "deep.jsonl", _jsonl(RECORDS[:1]) + b"[" * 100_000 + b"\n")
    found, problems = articles(deep, "deep.jsonl")
    assert len(found) == 1 and problems[0].record == 2


def test_one_odd_record_never_ends_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky(obj: object) -> RawDoc | None:
        if isinstance(obj, dict) and obj.get("id") == "n1":
            raise RuntimeError("boom")
        return json_record(obj)

    monkeypatch.setattr("index.ingest.dumps.json_record", flaky)
    found, problems = articles(_write(tmp_path / "f.jsonl", _jsonl(RECORDS[:3])), "f.jsonl")
    assert len(found) == 2 and [(p.record, p.reason) for p in problems] == [
        (2, "could not parse: boom")
    ]


def test_parse_file_names_bad_records_and_counts_the_rest(tmp_path: Path) -> None:
    data = _jsonl(RECORDS[:1]) + b"{bad\n" * 25
    result = parse_file(_write(tmp_path / "b.jsonl", data), "b.jsonl")
    assert len(result.articles) == 1 and result.skipped is None
    assert len(result.warnings) == 21 and result.warnings[-1] == "5 more bad records"
    assert result.warnings[0].startswith("record 2: invalid JSON")
    result = parse_file(_write(tmp_path / "c.jsonl", b"{bad\n" * 3), "c.jsonl")
    assert result.skipped == "no articles: 3 bad records" and len(result.warnings) == 3
    assert parse_file(_write(tmp_path / "e.csv", b"title,text\n"), "e.csv").skipped == "no records"


def test_dump_names() -> None:
    for name in ["a.jsonl", "A.JSONL.GZ", "x/b.json", "c.Csv", "d.tsv.gz"]:
        assert is_dump(name) and dump_format(name) == name.lower().split(".")[1]
    for name in ["a.txt", "a.gz", "a.txt.gz", "a.json.bak", "jsonl", "a.md"]:
        assert not is_dump(name) and dump_format(name) is None


def test_walk_skips_other_gzip_files(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt.gz", b"Title\n\nSome text.\n")
    _write(tmp_path / "B.JSONL.GZ", _jsonl(RECORDS[:2]))
    got = list(walk_corpus(tmp_path))
    assert [(type(x).__name__, x.rel) for x in got] == [
        ("FileEntry", "B.JSONL.GZ"), ("Skip", "a.txt.gz")
    ]
    assert isinstance(got[1], Skip) and got[1].reason == "unsupported file type .gz"
