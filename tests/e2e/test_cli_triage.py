"""Triage and reporting from the command line: mark, tags, is:/tag: queries, saved searches,
batch search, every export format and the dossier, through a subprocess."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from tests.helpers import write_article


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_article(root, "a.txt", "Putin meets Xi", "Putin and Xi met in Moscow.", date="2024-01-02")
    write_article(root, "b.txt", "=HYPERLINK(\"http://x\")", "Putin spoke about the ferry.")
    write_article(root, "c.txt", "Ferry news", "The ferry timetable changed.", date="2023-05-01")
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "READER_STATES": str(tmp_path / "states.sqlite"),
        "READER_BOOKMARKS": str(tmp_path / "bookmarks.yaml"),
    }


def cli(corpus: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = run(*args, "--corpus", str(corpus), env=env)
    return proc.returncode, proc.stdout, proc.stderr


def test_mark_tags_and_state_queries(corpus: Path, env: dict[str, str]) -> None:
    rc, out, err = cli(corpus, env, "mark", "a.txt", "c.txt", "--star", "--tag", "Moscow desk")
    assert rc == 0 and "2 articles marked starred, +Moscow desk" in out, err
    rc, out, _ = cli(corpus, env, "search", "is:starred", "-l")
    assert sorted(out.split()) == ["a.txt", "c.txt"]
    rc, out, _ = cli(corpus, env, "mark", "--query", "putin", "--read")
    assert rc == 0 and out.startswith("2 articles marked read")
    rc, out, _ = cli(corpus, env, "search", 'ferry -is:read tag:"moscow desk"', "-l")
    assert out.split() == ["c.txt"]
    rc, out, err = cli(corpus, env, "mark", "nope.txt", "--read")
    assert rc == 1 and "no article with id 'nope.txt'" in err
    rc, out, err = cli(corpus, env, "mark", "--read")
    assert rc == 2 and "ids or --query" in err
    rc, out, _ = cli(corpus, env, "tags", "--json")
    data = json.loads(out)
    assert data == {"tags": [{"tag": "Moscow desk", "count": 2}], "read": 2, "starred": 2}
    rc, out, err = cli(corpus, env, "search", "is:nonsense")
    assert rc == 2 and "is:nonsense is not a state" in err


def test_saved_searches(corpus: Path, env: dict[str, str]) -> None:
    rc, out, err = cli(corpus, env, "searches", "save", "Kremlin", "putin")
    assert rc == 0, err
    rc, out, err = cli(corpus, env, "searches", "save", "broken", "is:zzz")
    assert rc == 2 and "not saved" in err
    cli(corpus, env, "mark", "a.txt")
    rc, out, _ = cli(corpus, env, "searches", "--json")
    [entry] = json.loads(out)
    assert entry["name"] == "Kremlin" and entry["total"] == 2 and entry["new"] == 1
    assert entry["visited"] is None
    rc, out, _ = cli(corpus, env, "searches", "run", "kremlin", "--new", "-l")
    assert out.split() == ["b.txt"]
    rc, out, _ = cli(corpus, env, "searches", "rename", "Kremlin", "Moscow")
    rc, out, _ = cli(corpus, env, "searches")
    assert out.startswith("Moscow: 2 articles, 1 new") and "opened never" not in out
    rc, out, _ = cli(corpus, env, "searches", "delete", "moscow")
    assert rc == 0
    rc, out, err = cli(corpus, env, "searches", "run", "Moscow")
    assert rc == 1 and "no saved search" in err


def test_batch_search(corpus: Path, env: dict[str, str], tmp_path: Path) -> None:
    batch = tmp_path / "queries.txt"
    batch.write_text("putin\n\n# comment\nzzzqqq\nis:bogus\nferry\n")
    rc, out, err = cli(corpus, env, "search", "--batch", str(batch))
    assert rc == 0
    lines = out.splitlines()
    assert len(lines) == 4 and lines[0].split()[:2] == ["1", "2"]
    assert "line 5" in err and "is:bogus" in err  # reported on its line, the rest went on
    assert "found nothing: line 4 (zzzqqq)" in err
    rc, out, _ = cli(corpus, env, "search", "--batch", str(batch), "--format", "json")
    data = json.loads(out)
    assert [q["line"] for q in data["queries"]] == [1, 4, 5, 6]
    assert data["found_nothing"] == [4] and "error" in data["queries"][2]
    rc, out, _ = cli(corpus, env, "search", "--batch", str(batch), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["query"] for r in rows} == {"putin", "zzzqqq", "is:bogus", "ferry"}
    assert [r["total"] for r in rows if r["query"] == "zzzqqq"] == ["0"]


def test_export_formats(corpus: Path, env: dict[str, str], tmp_path: Path) -> None:
    rc, _, err = cli(corpus, env, "mark", "b.txt", "--star", "--tag=-dangerous")
    assert rc == 0, err
    rc, out, err = cli(corpus, env, "search", "putin OR ferry", "--format", "csv")
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3  # every hit, not the first page only
    b = next(r for r in rows if r["id"] == "b.txt")
    assert b["title"] == "'=HYPERLINK(\"http://x\")"  # a formula is not run by a spreadsheet
    assert b["tags"] == "'-dangerous" and b["starred"] == "true" and b["read"] == "false"
    assert set(rows[0]) >= {"id", "title", "date", "source", "author", "url", "path", "score",
                            "read", "starred", "tags", "snippet"}  # fmt: skip
    rc, out, _ = cli(corpus, env, "search", "putin OR ferry", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3 and all(r["author"] is None for r in records)
    rc, out, _ = cli(corpus, env, "search", "putin OR ferry", "--format", "text")
    assert out.count("\n\n") == 3 and "★ =HYPERLINK" in out
    assert "b.txt · unread · #-dangerous" in out
    rc, out, _ = cli(corpus, env, "search", "putin", "--format", "md")
    assert out.startswith("# Reading list: putin") and "- [Putin meets Xi](<file://" in out
    target = tmp_path / "out.json"
    rc, out, err = cli(corpus, env, "search", "ferry", "--format", "json", "-o", str(target))
    assert rc == 0 and json.loads(target.read_text())["total"] == 2
    rc, out, err = cli(corpus, env, "search", "ferry", "--format", "pdf")
    assert rc == 2 and "unknown format" in err


def test_dossier(corpus: Path, env: dict[str, str], tmp_path: Path) -> None:
    cli(corpus, env, "mark", "a.txt", "c.txt", "--tag", "story")
    rc, out, err = cli(corpus, env, "export", "dossier", "--tag", "story")
    assert rc == 0, err
    assert out.index("## Ferry news") < out.index("## Putin meets Xi")  # date order
    assert "- Tags: story" in out and "2 articles" in out
    target = tmp_path / "d.md"
    rc, _, err = cli(corpus, env, "export", "dossier", "--query", "putin", "-o", str(target))
    assert rc == 0 and "2 articles written" in err
    assert "## Putin meets Xi" in target.read_text()


def test_timeline(corpus: Path, env: dict[str, str]) -> None:
    rc, out, err = cli(corpus, env, "search", "putin OR ferry", "--timeline", "--by", "year")
    assert rc == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["2023", "2024"]
    assert "3 hits for 'putin OR ferry' by year: 2 dated, 1 undated" in err
    rc, out, _ = cli(corpus, env, "search", "--timeline", "--json", "--by", "month")
    data = json.loads(out)
    assert data["by"] == "month" and data["undated"] == 1 and len(data["periods"]) == 9
    assert data["periods"][0] == {"period": "2023-05", "count": 1}
    rc, out, err = cli(corpus, env, "search", "putin", "--timeline", "--by", "decade")
    assert rc == 2


def test_kwic(corpus: Path, env: dict[str, str]) -> None:
    rc, out, err = cli(corpus, env, "kwic", "putin", "--width", "12", "--sort", "right")
    assert rc == 0 and "2 occurrences" in err, err
    lines = out.splitlines()
    assert len(lines) == 2 and all("Putin" in line for line in lines)
    column = {line.index("Putin") for line in lines}
    assert len(column) == 1  # the keyword in one column
    assert lines[0].split("Putin")[1].split()[0] <= lines[1].split("Putin")[1].split()[0]
    rc, out, _ = cli(corpus, env, "kwic", "ferry", "--json", "--limit", "1")
    data = json.loads(out)
    assert data["total"] == 2 and len(data["lines"]) == 1  # in the bodies, not the titles
    line = data["lines"][0]
    assert line["keyword"].lower() == "ferry" and line["end"] - line["start"] == 5
    rc, out, err = cli(corpus, env, "kwic", "--entity", "Nobody Atall")
    assert rc == 1 and "no entity called" in err
    rc, out, err = cli(corpus, env, "kwic")
    assert rc == 2


def test_related(corpus: Path, env: dict[str, str]) -> None:
    rc, out, err = cli(corpus, env, "related", "c.txt", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["id"] == "c.txt" and "c.txt" not in [r["id"] for r in data["related"]]
    assert [r["id"] for r in data["related"]][:1] == ["b.txt"]  # the other ferry story
    rc, out, err = cli(corpus, env, "related", "nope.txt")
    assert rc == 1 and "no article" in err
