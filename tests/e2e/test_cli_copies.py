"""`reader duplicates`, and copies in `reader search` and `reader related`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import run
from tests.helpers_copies import write_copies_corpus

STORY = {"orig.txt", "wire.txt", "edited.txt"}


def test_duplicates_and_copies_on_the_command_line(tmp_path: Path) -> None:
    corpus = write_copies_corpus(tmp_path / "corpus")
    env = {"READER_STATES": str(tmp_path / "states.sqlite")}
    proc = run("index", "--corpus", str(corpus), env=env)
    assert "Copies: 1 group of the same story, 3 articles" in proc.stdout
    proc = run("duplicates", "--json", "--corpus", str(corpus), env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["groups"] == 1 and data["articles"] == 3 and data["threshold"] == 0.5
    group = data["listed"][0]
    assert group["representative"] == "wire.txt" and group["size"] == 3
    assert {a["id"] for a in group["articles"]} == STORY
    assert group["articles"][0]["date"] == "2024-03-01" and group["similarity"] >= 0.5

    proc = run("duplicates", "--corpus", str(corpus), env=env)
    assert "1 group of copies, 3 articles" in proc.stdout
    assert "Russia and China deepen their partnership" in proc.stdout

    proc = run("search", "Golitsyn", "--json", "--corpus", str(corpus), env=env)
    data = json.loads(proc.stdout)
    assert data["total"] == 3 and data["stories"] == 1
    assert all(set(h["copies"]) == STORY - {h["id"]} for h in data["hits"])

    proc = run("search", "Golitsyn", "--corpus", str(corpus), env=env)
    assert "3 hits, 1 story for 'Golitsyn'" in proc.stdout
    assert proc.stdout.count("+2 copies") == 1  # the story once

    proc = run("related", "orig.txt", "--json", "--corpus", str(corpus), env=env)
    assert not {r["id"] for r in json.loads(proc.stdout)["related"]} & STORY
