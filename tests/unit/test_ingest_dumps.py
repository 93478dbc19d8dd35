"""Dataset dumps streamed: JSONL, JSON lists, CSV, TSV, gzipped; ids that survive reordering;
bad records named by number; bounded memory; one dump shared between workers."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from index.ingest.corpus import FileEntry, Skip, parse_file, walk_corpus
from index.ingest.dumps import RecordProblem, dump_format, iter_dump
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


def _jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def _csv(records: list[dict[str, object]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["ID", "Title", "Text", "Date", "Source"],
                            delimiter=delimiter)  # fmt: skip
    writer.writeheader()
    for r in records:
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
    ids = lambda items: sorted(a.id for a in items if isinstance(a, Article))  # noqa: E731
    assert sorted(i for p in parts for i in ids(p)) == ids(whole)
    assert sum(isinstance(x, RecordProblem) for p in parts for x in p) == 1
    assert all(ids(p) for p in parts)


def test_memory_stays_bounded_on_a_large_dump(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as f:
        body = "The harbour ferry left at dawn and the islanders waited. " * 40
        for i in range(25_000):
            f.write((json.dumps({"id": i, "title": f"Story {i}", "text": body}) + "\n").encode())
    size = path.stat().st_size
    assert size > 50_000_000
    tracemalloc.start()
    count = 0
    for item in iter_dump(path, "big.jsonl", share=(0, 5)):
        count += isinstance(item, Article)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 5_000
    assert peak < 10_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"


def test_walk_takes_large_dumps_but_not_large_single_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    _write(corpus / "big.jsonl", _jsonl(RECORDS) + b"\n" * (25 * 2**20))
    _write(corpus / "big.txt", b"Title\n\n" + b"word " * (5 * 2**20))
    _write(corpus / "notes.csv.gz", _csv(RECORDS))
    entries = {e.rel: e for e in walk_corpus(corpus) if isinstance(e, FileEntry)}
    assert set(entries) == {"big.jsonl", "big.txt", "notes.csv.gz"}
    assert len(parse_file(entries["big.jsonl"].path, "big.jsonl").articles) == 12
    assert parse_file(entries["big.txt"].path, "big.txt").skipped is not None
    assert len(parse_file(entries["notes.csv.gz"].path, "notes.csv.gz").articles) == 12
    assert not [s for s in walk_corpus(corpus) if isinstance(s, Skip)]
