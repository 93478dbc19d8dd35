"""The CLI through a subprocess, as scripts and users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_article


def run(
    *args: str, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_search_bundled_corpus_json() -> None:
    proc = run("search", "Putin", "--json", "--limit", "3", "--facets")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total"] >= 4
    assert len(data["hits"]) == 3
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "date", "source", "score", "snippet", "highlights"}
    for s, e in hit["highlights"]:
        assert hit["snippet"][s:e].lower().startswith("putin")
    assert "source" in data["facets"] and "year" in data["facets"]


def test_search_plain_output_and_show(small_corpus: Path) -> None:
    proc = run("search", "--corpus", str(small_corpus), "strategic partnership")
    assert proc.returncode == 0, proc.stderr
    assert "2 hits" in proc.stdout and "russia/visit.txt" in proc.stdout
    proc = run("show", "russia/visit.txt", "--corpus", str(small_corpus), "--json")
    data = json.loads(proc.stdout)
    assert data["title"] == "Putin visits Beijing"
    assert data["author"] == "Anna Smith" and data["date"] == "2024-06-23"
    assert data["body"].startswith("Russian President")
    proc = run("show", "missing.txt", "--corpus", str(small_corpus))
    assert proc.returncode == 1 and "no article with id" in proc.stderr


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('"unbalanced', 0),
        ("(a OR", 0),
        ("AND", 2),
        ("*", 2),
        ("title:", 2),
        ("x" * 10000, 0),
        ("put\x1b[2Jin\x07", 0),
        ("date:2024-13", 2),
    ],
)
def test_malformed_queries_never_traceback(small_corpus: Path, query: str, code: int) -> None:
    proc = run("search", "--corpus", str(small_corpus), query)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code == 2:
        assert proc.stderr.strip().splitlines()[-1].startswith("reader: query")


def test_index_summary_and_up_to_date(small_corpus: Path, tmp_path: Path) -> None:
    ix = str(tmp_path / "ix")
    proc = run("index", "--corpus", str(small_corpus), "--index", ix)
    assert proc.returncode == 0, proc.stderr
    assert "4 added, 0 updated, 0 removed, 0 skipped" in proc.stdout
    proc = run("index", "--corpus", str(small_corpus), "--index", ix)
    assert "up to date" in proc.stdout and "nothing written" in proc.stdout
    write_article(small_corpus, "extra.txt", "Extra", "More words.")
    (small_corpus / "notes.xyz").write_text("not an article")
    proc = run("index", "--corpus", str(small_corpus), "--index", ix)
    assert "1 added, 0 updated, 0 removed, 1 skipped" in proc.stdout
    assert "notes.xyz" in proc.stderr


def test_missing_corpus_is_one_line(tmp_path: Path) -> None:
    proc = run("index", "--corpus", str(tmp_path / "nowhere"))
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "not found" in proc.stderr


def test_bad_limit_is_usage_error(small_corpus: Path) -> None:
    proc = run("search", "--corpus", str(small_corpus), "putin", "--limit", "-1")
    assert proc.returncode == 2


def test_broken_config_is_reported_not_fatal(tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("corpus: [unclosed\n")
    proc = run("search", "Putin", "--config", str(cfg), "--limit", "1")
    assert proc.returncode == 0
    assert "config.yaml" in proc.stderr and "line" in proc.stderr


def test_entities_list_with_and_extract(tmp_path: Path) -> None:
    proc = run("entities", "--json", "--limit", "5")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    names = {e["name"]: e for e in data["entities"]}
    assert len(data["entities"]) == 5 and "Russia" in names
    assert set(names["Russia"]) == {"name", "type", "articles", "mentions", "aliases"}
    proc = run("entities", "--type", "person", "--json")
    people = {e["name"]: e for e in json.loads(proc.stdout)["entities"]}
    assert {"Vladimir Putin", "Xi Jinping", "Sergei Shoigu"} <= set(people)
    assert "Shoygu" in people["Sergei Shoigu"]["aliases"]
    proc = run("entities", "--with", "Xi Jinping", "--json")
    data = json.loads(proc.stdout)
    assert data["entity"]["name"] == "Xi Jinping"
    assert "Vladimir Putin" in {r["name"] for r in data["by_paragraph"]}
    assert run("entities", "--with", "Nobody Known").returncode == 1

    text = "Chinese President Xi Jinping met Vladimir Putin in Moscow."
    f = tmp_path / "t.txt"
    f.write_text(text, encoding="utf-8")
    proc = run("entities", "extract", str(f), "--json")
    mentions = json.loads(proc.stdout)["files"][0]["mentions"]
    assert [(m["text"], m["type"]) for m in mentions] == [
        ("Chinese", "GROUP"),
        ("Xi Jinping", "PERSON"),
        ("Vladimir Putin", "PERSON"),
        ("Moscow", "PLACE"),
    ]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "entities", "extract", "-"],
        input="NATO met in Brussels.",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ORG\tNATO" in proc.stdout and "PLACE\tBrussels" in proc.stdout
    assert run("entities", "extract").returncode == 2
    assert run("entities", "extract", str(tmp_path / "missing.txt")).returncode == 1


def test_entity_filter_and_config_corrections(tmp_path: Path) -> None:
    proc = run("search", 'person:"Sergei Shoygu"', "--json")
    assert [h["id"] for h in json.loads(proc.stdout)["hits"]] == ["002_b336833760f4749c.txt"]
    cfg = tmp_path / "config.yaml"
    cfg.write_text("entities:\n  aliases:\n    Dong Jun: Admiral Dong\n  hide: [Ukraine]\n")
    proc = run("entities", "--type", "person", "--json", "--config", str(cfg))
    people = {e["name"] for e in json.loads(proc.stdout)["entities"]}
    assert "Admiral Dong" in people and "Dong Jun" not in people
    proc = run("search", "China", "--facets", "--json", "--config", str(cfg))
    places = {f["value"] for f in json.loads(proc.stdout)["facets"]["place"]}
    assert "Ukraine" not in places and "Russia" in places


def test_cli_as_scripts_expect(small_corpus: Path, tmp_path: Path) -> None:
    common = ["--corpus", str(small_corpus), "--index", str(tmp_path / "ix")]
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("reader ")
    ids = run("search", "partnership", "-l", *common)
    assert ids.stdout.split() == ["russia/talks.txt", "russia/visit.txt"] or sorted(
        ids.stdout.split()
    ) == ["russia/talks.txt", "russia/visit.txt"]
    anywhere = run("search", "strategic", "--limit", "1", "partnership", *common)
    assert anywhere.returncode == 0 and "for 'strategic partnership'" in anywhere.stdout
    one = run("search", "putin", *common)
    assert "1 hit for" in one.stdout and "1 hits" not in one.stdout
    assert all(len(line) < 400 for line in one.stdout.splitlines())
    long = run("search", "partnership", *common)
    assert not any(line.startswith(" ") for line in long.stdout.splitlines()[1:] if line)
    note = run("search", "enrgy", *common)
    assert "did you mean" in note.stderr and "did you mean" not in note.stdout
    data = json.loads(run("search", "festival", "--json", *common).stdout)
    assert data["hits"][0]["author"] is None and data["hits"][0]["source"] is None
    help_text = run("search", "--help").stdout
    assert "--sort {relevance,date}" in help_text and "newest first" in help_text


def test_extract_takes_options_anywhere_and_refuses_list_options(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("President Vladimir Putin met Xi Jinping in Beijing.", encoding="utf-8")
    proc = run("entities", "extract", "--json", str(text))
    assert proc.returncode == 0 and json.loads(proc.stdout)["files"][0]["mentions"]
    bad = run("entities", "extract", "--type", "person", str(text))
    assert bad.returncode == 2 and "not with extract" in bad.stderr or "extract" in bad.stderr


def test_bookmark_export_formats(tmp_path: Path) -> None:
    bm = tmp_path / "bm.yaml"
    assert run("bookmarks", "export", "--format", "md", "--bookmarks", str(bm)).returncode == 0
    as_json = run("bookmarks", "export", "--json", "--bookmarks", str(bm))
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []
