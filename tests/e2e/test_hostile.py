"""Strings from outside never reach the terminal as control sequences: a corpus whose file
names, titles and bodies hold escape sequences, and imported bookmarks whose notes, quotes,
titles and tags do, go through every CLI output path; no escape byte comes out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from tests.helpers import write_article

OSC_TITLE = "\x1b]0;pwned\x07"
CSI_RED = "\x1b[31m"
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
C1_CSI = "\x9b31m"
HOSTILE = [OSC_TITLE, CSI_RED, CLEAR, OSC52, C1_CSI, "\x07", "\x08"]
BAD_BYTES = ("\x1b", "\x07", "\x9b", "\x08")


def _assert_inert(text: str, where: str) -> None:
    for b in BAD_BYTES:
        assert b not in text, f"{where}: {b!r} reached the terminal"


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path, Path]:
    corpus = tmp_path / "c"
    write_article(corpus, f"news/{CSI_RED}red.txt", f"Title {OSC_TITLE} harbour",
                  f"The harbour {CLEAR} story.\n\nFerry {OSC52} timetable.")  # fmt: skip
    write_article(corpus, f"news/{OSC_TITLE}.txt", "Plain harbour title", "Harbour news.")
    write_article(corpus, "news/clean.txt", "Clean harbour title", "Harbour quote news.")
    (corpus / f"bad{CSI_RED}.txt").write_bytes(b"")  # skipped: its name is printed
    annotations = [
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "body": [{"type": "TextualBody", "value": f"note {h}", "purpose": "commenting"},
                     {"type": "TextualBody", "value": f"tag{h}", "purpose": "tagging"}],
            "target": {"source": "news/clean.txt", "selector": [
                {"type": "TextQuoteSelector", "exact": f"quote {h}", "prefix": "", "suffix": ""}]},
            "reader:title": f"title {h}", "reader:article_id": "news/clean.txt",
        }  # fmt: skip
        for h in HOSTILE
    ]
    imports = tmp_path / "import.json"
    imports.write_text(json.dumps(annotations), encoding="utf-8")
    return corpus, tmp_path / "idx", imports


def test_every_cli_output_is_inert(hostile: tuple[Path, Path, Path], tmp_path: Path) -> None:
    corpus, index, imports = hostile
    common = ["--corpus", str(corpus), "--index", str(index), "--bookmarks",
              str(tmp_path / "bm.yaml")]  # fmt: skip
    runs = {
        "index": run("index", *common),
        "search": run("search", "harbour", *common, "--facets"),
        "search --json": run("search", "harbour", *common, "--json"),
        "show": run("show", f"news/{CSI_RED}red.txt", *common, "--highlight", "harbour"),
        "show --json": run("show", f"news/{CSI_RED}red.txt", *common, "--json"),
        "show missing": run("show", f"news/{OSC_TITLE}nope", *common),
        "query": run("search", f"harbour {OSC_TITLE}", *common),
        "entities": run("entities", *common),
        "import": run("bookmarks", "import", str(imports), *common),
        "list": run("bookmarks", "list", *common),
        "list --json": run("bookmarks", "list", "--json", *common),
        "export md": run("bookmarks", "export", "--format", "markdown", *common),
        "export csv": run("bookmarks", "export", "--format", "csv", *common),
        "export json": run("bookmarks", "export", "--format", "json", *common),
    }
    for name, proc in runs.items():
        _assert_inert(proc.stdout, f"{name} (stdout)")
        _assert_inert(proc.stderr, f"{name} (stderr)")
        assert "Traceback" not in proc.stderr, (name, proc.stderr)
    assert "harbour" in runs["search"].stdout.lower()
    assert "␛" in runs["search"].stdout  # the id is shown, its escape made visible
    data = json.loads(runs["search --json"].stdout)  # JSON keeps the exact data
    assert any(h["id"] == f"news/{CSI_RED}red.txt" for h in data["hits"])
    assert "Imported 7" in runs["import"].stdout, (runs["import"].stdout, runs["import"].stderr)
    assert "note" in runs["list"].stdout
